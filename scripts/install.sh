#!/usr/bin/env bash
# Installs what the project needs, only what is missing: npm packages (npm ci when node_modules is
# older than package-lock.json) and, with --with-chromium, Debian's Chromium (Playwright cannot
# download its own browser on these machines).
set -eu
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--with-chromium" ] && [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "── installing Chromium from apt"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "── npm ci"
  npm ci --no-audit --no-fund
fi
