#!/usr/bin/env bash
# npm run lint: ESLint (type-checked, layer rules) and Prettier over src/. The linters live in tools/lint
# with their own TypeScript 5.9 (see eslint.config.js); installed here on first use.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ ! -x tools/lint/node_modules/.bin/eslint ]; then
  npm ci --prefix tools/lint --no-audit --no-fund --silent
fi
status=0
node tools/lint/node_modules/eslint/bin/eslint.js --config tools/lint/eslint.config.js "${@:-src}" || status=1
node tools/lint/node_modules/prettier/bin/prettier.cjs --config tools/lint/prettier.config.js --check "${@:-src}" || status=1
exit $status
