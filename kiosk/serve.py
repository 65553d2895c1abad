#!/usr/bin/env python3
"""Serves the PlexLink TV build on loopback for the kiosk, with this Pi's settings merged in.

`lng dist` inlines the app settings into index.html (`const appSettings = {...}`); this server merges
/etc/plexlink/settings.json over them when it sends index.html (720p output, device name, language),
so the shipped build stays as built. Python 3 only: it is on every Raspberry Pi OS image.

It also proxies Plex Media Server calls under /pms-proxy/<encoded URL> (the app's pmsProxyUrl): the
browser then calls its own origin, so a shared server whose CORS answer admits only https://app.plex.tv
(ricoloic/plexy#4) can still be used; CORS is a browser rule and does not apply to this server-side call.
Only the four calls the app makes (GET /identity, / and /library/sections, POST /myplex/claim) to http(s)
URLs, only from the app's own page (a cross-origin Origin is refused), no redirects followed.

usage: serve.py APP_DIR [--port 8080] [--settings /etc/plexlink/settings.json] [--device-name-file F]
"""
import argparse
import functools
import http.server
import json
import os
import re
import ssl
import sys
import urllib.error
import urllib.parse
import urllib.request

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


PROXY_PREFIX = "/pms-proxy/"
PROXY_PATHS = {"GET": ("/identity", "/", "/library/sections"), "POST": ("/myplex/claim",)}
PROXY_TIMEOUT_S = 10


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect would re-send X-Plex-Token to whatever host it names


OPENER = urllib.request.build_opener(NoRedirect, urllib.request.HTTPSHandler(context=ssl.create_default_context()))


def proxy_target(path, method):
    """The server URL a /pms-proxy/ request names, or None when it is not one the app may make."""
    encoded, _, query = path[len(PROXY_PREFIX):].partition("?")
    target = urllib.parse.urlsplit(urllib.parse.unquote(encoded))
    if target.scheme not in ("http", "https") or not target.hostname or target.query or target.fragment:
        return None
    if target.path.rstrip("/") not in [p.rstrip("/") for p in PROXY_PATHS.get(method, ())]:
        return None
    return urllib.parse.urlunsplit((target.scheme, target.netloc, target.path or "/", query, ""))


class Handler(http.server.SimpleHTTPRequestHandler):
    overrides = {}

    def proxy(self, method):
        origin = self.headers.get("Origin")
        own = ("http://127.0.0.1:%d" % self.server.server_address[1], "http://localhost:%d" % self.server.server_address[1])
        if origin is not None and origin not in own:
            return self.send_error(403, "only the app's own page may use the proxy")
        url = proxy_target(self.path, method)
        if url is None:
            return self.send_error(403, "not a Plex Media Server call the app makes")
        headers = {k: v for k, v in self.headers.items() if k.lower().startswith("x-plex-") or k.lower() == "accept"}
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else (b"" if method == "POST" else None)
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        try:
            with OPENER.open(request, timeout=PROXY_TIMEOUT_S) as res:
                status, res_headers, payload = res.status, res.headers, res.read()
        except urllib.error.HTTPError as e:
            status, res_headers, payload = e.code, e.headers, e.read()
        except (urllib.error.URLError, OSError):
            # no answer from the server: no answer here either (the app sees a network error, as direct)
            self.close_connection = True
            self.connection.shutdown(2)
            return
        self.send_response(status)
        self.send_header("Content-Type", res_headers.get("Content-Type", "application/octet-stream"))
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_POST(self):
        if self.path.startswith(PROXY_PREFIX):
            return self.proxy("POST")
        self.send_error(405)

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self):
        if self.path.startswith(PROXY_PREFIX):
            return self.proxy("GET")
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
