#!/usr/bin/env bash
# PlexLink TV kiosk session on a Raspberry Pi: serves the app on loopback and runs Chromium full screen
# on it, with no cursor, no address bar and no screen blanking. Runs inside the cage Wayland compositor,
# which plexlink-kiosk.service starts on tty1 (and restarts on a crash). Everything lives in /opt/plexlink
# unless PLEXLINK_HOME says otherwise.
set -euo pipefail

home="${PLEXLINK_HOME:-/opt/plexlink}"
app="${home}/app"
port="${PLEXLINK_PORT:-8080}"
etc="${PLEXLINK_ETC:-/etc/plexlink}"
chromium="${CHROMIUM:-$(command -v chromium-browser || command -v chromium || true)}"

if [ -z "${chromium}" ]; then
  echo "plexlink-kiosk: Chromium not found (apt install chromium-browser)" >&2
  exit 1
fi

settings="${etc}/settings.json"
[ -f "${settings}" ] || settings="${home}/kiosk/settings.json"

python3 "${home}/kiosk/serve.py" "${app}" --port "${port}" --settings "${settings}" --device-name-file "${etc}/device-name" &
server=$!
trap 'kill "${server}" 2>/dev/null || true' EXIT

# wait for the app server (at most 10 s)
for _ in $(seq 1 50); do
  if python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=1)" "http://127.0.0.1:${port}/" 2>/dev/null; then
    break
  fi
  sleep 0.2
done

# Screen blanking: cage runs no idle manager, so nothing blanks the output (wayfire/labwc's blanking
# belongs to the desktop session, which the kiosk does not start). The cursor: the service's
# XCURSOR_THEME is transparent (kiosk/blank-cursor.py); unclutter would do nothing on Wayland.

mapfile -t flags < <(grep -v '^\s*#' "${home}/kiosk/chromium-flags" | sed '/^\s*$/d')
# a Wayland client of cage when cage gives us a Wayland display (always, from the service)
if [ -n "${WAYLAND_DISPLAY:-}" ]; then
  flags+=(--ozone-platform=wayland)
fi
# a crash must not bring up "restore pages?": mark the last session as cleanly ended
profile="${HOME}/.config/chromium/Default"
if [ -f "${profile}/Preferences" ]; then
  sed -i 's/"exited_cleanly":false/"exited_cleanly":true/; s/"exit_type":"Crashed"/"exit_type":"Normal"/' "${profile}/Preferences"
fi

"${chromium}" "${flags[@]}" "http://127.0.0.1:${port}/"
