#!/usr/bin/env bash
# The README's demo command (`npm run demo`): installs npm packages when needed, builds the app
# and serves it with the plex.tv simulator. Prints the URLs to open.
set -eu
cd "$(dirname "$0")/.."
bash scripts/install.sh
npx lng build >/dev/null
exec npx tsx scripts/demo.ts
