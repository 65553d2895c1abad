#!/usr/bin/env bash
# Installs what the project needs, only what is missing: npm packages (npm ci when node_modules is
# older than package-lock.json) and, with --with-chromium, the browsers the e2e tests drive: Debian's
# Chromium (Playwright cannot download its own browser on these machines) and WPE WebKit (cog and
# WPEWebDriver, tests/wpe).
set -eu
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--with-chromium" ]; then
  # Chromium for the e2e tests; shellcheck and systemd-analyze check the Raspberry Pi kiosk kit
  missing=""
  [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing="$missing chromium"
  command -v cog >/dev/null || missing="$missing cog"
  command -v WPEWebDriver >/dev/null || missing="$missing wpewebkit-driver"
  command -v cage >/dev/null || missing="$missing cage" # kiosk unit check (systemd-analyze verify)
  command -v shellcheck >/dev/null || missing="$missing shellcheck"
  command -v systemd-analyze >/dev/null || missing="$missing systemd"
  if [ -n "$missing" ]; then
    echo "── installing from apt:$missing"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086 # one word per package
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
  fi
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "── npm ci"
  npm ci --no-audit --no-fund
fi
