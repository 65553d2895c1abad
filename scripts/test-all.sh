#!/usr/bin/env bash
# Every test of the project in one run: type check, lint (ESLint type-checked rules, the layer rules,
# Prettier; tools/lint), build, unit + simulator + component tests
# (vitest), e2e in Debian's Chromium (Playwright), e2e in WPE WebKit (tests/wpe, WPEWebDriver + cog).
# Ends with one line "N passed, N failed" and
# exits non-zero when anything failed. Assumes dependencies are installed (scripts/test.sh does that).
set -u
cd "$(dirname "$0")/.." || exit 1
mkdir -p .tmp
rm -f .tmp/vitest.json .tmp/wpe.json .tmp/playwright.json .tmp/checks.txt

check() { # name, command...: a build step that counts as one check
  local name=$1; shift
  echo "── $name: $*"
  if "$@"; then echo "pass $name" >> .tmp/checks.txt; else echo "fail $name" >> .tmp/checks.txt; fi
}

check typecheck npx tsc --noEmit
check lint npm run --silent lint
check build npm run --silent build
check dist npm run --silent dist
echo "── vitest (node + jsdom)"
npx vitest run --reporter=default --reporter=json --outputFile.json=.tmp/vitest.json
echo "── playwright (e2e in $(/usr/bin/chromium --version 2>/dev/null | head -1))"
npx playwright test
echo "── WPE WebKit e2e ($(dpkg-query -W -f='${Version}' libwpewebkit-1.1-0 2>/dev/null || echo 'version unknown'))"
npx vitest run --config tests/wpe/vitest.config.ts --reporter=default --reporter=json --outputFile.json=.tmp/wpe.json
npx tsx scripts/summarize.ts
