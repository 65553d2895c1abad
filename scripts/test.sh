#!/usr/bin/env bash
# The README's test command (`npm test`): installs what the tests need on a fresh Debian/Ubuntu
# machine (Chromium from apt, npm packages), then runs every test (scripts/test-all.sh).
set -eu
cd "$(dirname "$0")/.."
bash scripts/install.sh --with-chromium
exec bash scripts/test-all.sh
