#!/usr/bin/env bash
# PlexLink TV kiosk session on a Raspberry Pi: serves the app on loopback and runs Chromium full screen
# on it, with no cursor, no address bar and no screen blanking. Started (and restarted on a crash) by
# plexlink-kiosk.service. Everything lives in /opt/plexlink unless PLEXLINK_HOME says otherwise.
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

# no screen blanking, no power saving on X11; on Wayland (Raspberry Pi OS's default desktop) xset does
# nothing: the README's `raspi-config nonint do_blanking 1` turns the compositor's blanking off
if [ -n "${DISPLAY:-}" ] && command -v xset >/dev/null; then
  xset s off || true
  xset s noblank || true
  xset -dpms || true
fi
# no mouse cursor
if command -v unclutter >/dev/null; then
  unclutter -idle 0.1 -root &
fi

mapfile -t flags < <(grep -v '^\s*#' "${home}/kiosk/chromium-flags" | sed '/^\s*$/d')
# a crash must not bring up "restore pages?": mark the last session as cleanly ended
profile="${HOME}/.config/chromium/Default"
if [ -f "${profile}/Preferences" ]; then
  sed -i 's/"exited_cleanly":false/"exited_cleanly":true/; s/"exit_type":"Crashed"/"exit_type":"Normal"/' "${profile}/Preferences"
fi

"${chromium}" "${flags[@]}" "http://127.0.0.1:${port}/"
