#!/usr/bin/env bash
# The README's demo command (`npm run demo`): installs npm packages when needed, builds the app
# and serves it with the plex.tv simulator. Prints the URLs to open.
set -eu
cd "$(dirname "$0")/.."
bash scripts/install.sh
mkdir -p .tmp
npx lng build > .tmp/build.log 2>&1 || { cat .tmp/build.log; exit 1; }
exec npx tsx scripts/demo.ts
