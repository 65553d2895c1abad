#!/usr/bin/env bash
# The README's demo command (`npm run demo`): installs npm packages when needed, builds the app
# and serves it with the plex.tv simulator on this machine. Prints the URLs to open.
set -eu
cd "$(dirname "$0")/.."
case "${HOST:-127.0.0.1}" in
  127.0.0.1 | localhost) ;;
  *) exec npx tsx scripts/demo.ts ;; # says why the demo is not served to the network, and what to do instead
esac

# Runs a step that can be silent for a minute (npm ci on a fresh machine), saying it is still going:
# every DEMO_PROGRESS_EVERY seconds (10; tests/unit/demo.test.ts makes it 1).
with_progress() {
  local what="$1"
  shift
  local start=$SECONDS every="${DEMO_PROGRESS_EVERY:-10}"
  (while sleep "$every"; do echo "   … still ${what} ($((SECONDS - start)) s)" >&2; done) &
  local ticker=$!
  local status=0
  "$@" || status=$?
  kill "$ticker" 2>/dev/null || true
  wait "$ticker" 2>/dev/null || true
  return "$status"
}

with_progress "installing npm packages" bash scripts/install.sh
mkdir -p .tmp
echo "── building the app"
npm run --silent build > .tmp/build.log 2>&1 || { cat .tmp/build.log; exit 1; }
exec npx tsx scripts/demo.ts
