#!/usr/bin/env python3
"""Writes an Xcursor theme whose cursors are all one transparent pixel: on Wayland (cage, wayfire, labwc)
there is no unclutter; the compositor and Chromium draw the cursor from the theme XCURSOR_THEME names.
Xcursor file format: libXcursor's Xcursor(3) — header "Xcur", a table of contents, one image chunk."""
import os
import struct
import sys

NAMES = ["default", "left_ptr", "pointer", "hand1", "hand2", "text", "xterm", "wait", "watch", "progress",
         "crosshair", "grab", "grabbing", "not-allowed", "help", "move", "all-scroll", "col-resize",
         "row-resize", "e-resize", "w-resize", "n-resize", "s-resize", "top_left_arrow", "arrow"]


def xcursor(size=1):
    image_type, chunk_header = 0xFFFD0002, 36
    pixels = b"\x00\x00\x00\x00" * size * size  # ARGB, all transparent
    header = struct.pack("<4sIII", b"Xcur", 16, 0x10000, 1)
    toc = struct.pack("<III", image_type, size, 16 + 12)
    chunk = struct.pack("<IIIIIIIII", chunk_header, image_type, size, 1, size, size, 0, 0, 0) + pixels
    return header + toc + chunk


def main(theme_dir):
    cursors = os.path.join(theme_dir, "cursors")
    os.makedirs(cursors, exist_ok=True)
    data = xcursor()
    for name in NAMES:
        with open(os.path.join(cursors, name), "wb") as f:
            f.write(data)
    with open(os.path.join(theme_dir, "index.theme"), "w") as f:
        f.write("[Icon Theme]\nName=plexlink-blank\nComment=No cursor (PlexLink TV kiosk)\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "plexlink-blank")
