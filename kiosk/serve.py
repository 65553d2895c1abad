#!/usr/bin/env python3
"""Serves the PlexLink TV build on loopback for the kiosk, with this Pi's settings merged in.

`lng dist` inlines the app settings into index.html (`const appSettings = {...}`); this server merges
/etc/plexlink/settings.json over them when it sends index.html (720p output, device name, language),
so the shipped build stays as built. Python 3 only: it is on every Raspberry Pi OS image.

usage: serve.py APP_DIR [--port 8080] [--settings /etc/plexlink/settings.json] [--device-name-file F]
"""
import argparse
import functools
import http.server
import json
import os
import re
import sys

INLINE = re.compile(r"(const|var|let) (appSettings|platformSettings) = (\{[\s\S]*?\n\})")


def merge(base, extra):
    out = dict(base)
    for key, value in extra.items():
        out[key] = merge(out[key], value) if isinstance(out.get(key), dict) and isinstance(value, dict) else value
    return out


def kiosk_overrides(settings_file, device_name_file):
    overrides = {}
    if settings_file and os.path.exists(settings_file):
        with open(settings_file, encoding="utf-8") as f:
            overrides = json.load(f)
    if device_name_file and os.path.exists(device_name_file):
        with open(device_name_file, encoding="utf-8") as f:
            name = f.read().strip()
        if name:
            overrides = merge(overrides, {"appSettings": {"plex": {"deviceName": name}}})
    return overrides


def with_inline_settings(html, overrides):
    def patch(m):
        extra = overrides.get(m.group(2))
        if not isinstance(extra, dict):
            return m.group(0)
        return "%s %s = %s" % (m.group(1), m.group(2), json.dumps(merge(json.loads(m.group(3)), extra), indent=2, ensure_ascii=False))

    return INLINE.sub(patch, html)


class Handler(http.server.SimpleHTTPRequestHandler):
    overrides = {}

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self):
        if self.path.split("?")[0] in ("/", "/index.html"):
            with open(os.path.join(self.directory, "index.html"), encoding="utf-8") as f:
                body = with_inline_settings(f.read(), self.overrides).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def log_message(self, *args):
        pass  # quiet: the journal gets only errors


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("app_dir")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--settings", default="/etc/plexlink/settings.json")
    parser.add_argument("--device-name-file", default="/etc/plexlink/device-name")
    args = parser.parse_args()
    if not os.path.exists(os.path.join(args.app_dir, "index.html")):
        sys.exit("serve.py: no index.html in %s" % args.app_dir)
    Handler.overrides = kiosk_overrides(args.settings, args.device_name_file)
    handler = functools.partial(Handler, directory=args.app_dir)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    print("PlexLink TV kiosk app on http://127.0.0.1:%d/" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
