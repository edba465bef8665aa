#!/usr/bin/env python3
"""Renders packaging/icons/io.github.dinosam.Studio.svg to the PNG sizes the
packages ship (hicolor 16..512, and the Windows .ico / macOS .icns inputs).

Uses librsvg + cairo through ctypes (Debian: librsvg2-2, libcairo2), so no
Python packages are needed. Run after editing the SVG and commit the PNGs:
    python3 packaging/tools/render-icons.py
"""
import ctypes
import ctypes.util
import os
import sys

SIZES = [16, 24, 32, 48, 64, 128, 256, 512]
HERE = os.path.dirname(os.path.abspath(__file__))
ICONS = os.path.join(HERE, "..", "icons")
SVG = os.path.join(ICONS, "io.github.dinosam.Studio.svg")


def load(name, soname):
    path = ctypes.util.find_library(name) or soname
    return ctypes.CDLL(path)


def main():
    rsvg = load("rsvg-2", "librsvg-2.so.2")
    cairo = load("cairo", "libcairo.so.2")
    gobject = load("gobject-2.0", "libgobject-2.0.so.0")

    class RsvgRectangle(ctypes.Structure):
        _fields_ = [("x", ctypes.c_double), ("y", ctypes.c_double),
                    ("width", ctypes.c_double), ("height", ctypes.c_double)]

    rsvg.rsvg_handle_new_from_file.restype = ctypes.c_void_p
    rsvg.rsvg_handle_new_from_file.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    rsvg.rsvg_handle_render_document.argtypes = [ctypes.c_void_p, ctypes.c_void_p,
                                                 ctypes.POINTER(RsvgRectangle), ctypes.c_void_p]
    cairo.cairo_image_surface_create.restype = ctypes.c_void_p
    cairo.cairo_create.restype = ctypes.c_void_p
    cairo.cairo_create.argtypes = [ctypes.c_void_p]
    cairo.cairo_surface_write_to_png.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    cairo.cairo_destroy.argtypes = [ctypes.c_void_p]
    cairo.cairo_surface_destroy.argtypes = [ctypes.c_void_p]
    gobject.g_object_unref.argtypes = [ctypes.c_void_p]

    handle = rsvg.rsvg_handle_new_from_file(SVG.encode(), None)
    if not handle:
        sys.exit("render-icons: cannot read " + SVG)
    for size in SIZES:
        surface = cairo.cairo_image_surface_create(0, size, size)  # CAIRO_FORMAT_ARGB32
        cr = cairo.cairo_create(surface)
        viewport = RsvgRectangle(0, 0, size, size)
        if not rsvg.rsvg_handle_render_document(handle, cr, ctypes.byref(viewport), None):
            sys.exit("render-icons: rendering failed at %d px" % size)
        out = os.path.join(ICONS, "io.github.dinosam.Studio-%d.png" % size)
        cairo.cairo_surface_write_to_png(surface, out.encode())
        cairo.cairo_destroy(cr)
        cairo.cairo_surface_destroy(surface)
        print("wrote", os.path.relpath(out))
    gobject.g_object_unref(handle)
    write_ico()
    write_icns()


def png(size):
    with open(os.path.join(ICONS, "io.github.dinosam.Studio-%d.png" % size), "rb") as f:
        return f.read()


def write_ico():
    """Windows icon (NSIS installer, the .exe): PNG-compressed entries (Vista+)."""
    import struct
    sizes = [16, 24, 32, 48, 64, 128, 256]
    images = [png(s) for s in sizes]
    out = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    for size, data in zip(sizes, images):
        dim = 0 if size >= 256 else size
        out += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    out += b"".join(images)
    path = os.path.join(ICONS, "io.github.dinosam.Studio.ico")
    with open(path, "wb") as f:
        f.write(out)
    print("wrote", os.path.relpath(path))


def write_icns():
    """macOS icon (app bundle, DragNDrop volume): PNG entries."""
    import struct
    types = [(b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256), (b"ic09", 512)]
    body = b"".join(t + struct.pack(">I", 8 + len(png(s))) + png(s) for t, s in types)
    path = os.path.join(ICONS, "io.github.dinosam.Studio.icns")
    with open(path, "wb") as f:
        f.write(b"icns" + struct.pack(">I", 8 + len(body)) + body)
    print("wrote", os.path.relpath(path))


if __name__ == "__main__":
    main()
