#!/usr/bin/env python3
"""Draws DinoSam Studio's PNG icons (no image library needed): python3 tools/make-icons.py"""
import math, os, struct, zlib

OUT = os.path.join(os.path.dirname(__file__), '..', 'resources', 'icons')

def png(path, size, shade):
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            # 4x4 supersampling for smooth edges
            acc = [0.0, 0.0, 0.0, 0.0]
            for sy in range(4):
                for sx in range(4):
                    r, g, b, a = shade((x + (sx + .5) / 4) / size, (y + (sy + .5) / 4) / size)
                    acc[0] += r * a; acc[1] += g * a; acc[2] += b * a; acc[3] += a
            a = acc[3] / 16
            if a > 0:
                row += bytes([int(acc[0] / acc[3]), int(acc[1] / acc[3]), int(acc[2] / acc[3]), int(a * 255)])
            else:
                row += bytes(4)
        rows.append(bytes(row))
    raw = zlib.compress(b''.join(rows), 9)
    def chunk(t, d):
        return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    with open(path, 'wb') as f:
        f.write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', size, size, 8, 6, 0, 0, 0))
                + chunk(b'IDAT', raw) + chunk(b'IEND', b''))

def rgb(h):
    return tuple(int(h[i:i + 2], 16) for i in (1, 3, 5))

def layers(*items):
    def shade(u, v):
        for test, color in reversed(items):
            if test(u, v):
                return (*rgb(color), 1.0)
        return (0, 0, 0, 0.0)
    return shade

disc = lambda cx, cy, r: (lambda u, v: (u - cx) ** 2 + (v - cy) ** 2 <= r * r)
ring = lambda cx, cy, r, w: (lambda u, v: abs(math.hypot(u - cx, v - cy) - r) <= w / 2)
rect = lambda x0, y0, x1, y1: (lambda u, v: x0 <= u <= x1 and y0 <= v <= y1)
frame = lambda x0, y0, x1, y1, w: (lambda u, v: rect(x0, y0, x1, y1)(u, v) and not rect(x0 + w, y0 + w, x1 - w, y1 - w)(u, v))
def rounded(x0, y0, x1, y1, r):
    def t(u, v):
        cu = min(max(u, x0 + r), x1 - r); cv = min(max(v, y0 + r), y1 - r)
        return (u - cu) ** 2 + (v - cv) ** 2 <= r * r
    return t

os.makedirs(OUT, exist_ok=True)
png(os.path.join(OUT, 'dinosam.png'), 128, layers(
    (rounded(.03, .03, .97, .97, .16), '#2e7d32'),
    (disc(.52, .56, .30), '#e8f5e9'),
    (disc(.40, .47, .11), '#ff9800'),
    (disc(.63, .62, .13), '#1565c0'),
    (frame(.15, .22, .87, .88, .04), '#ffffff')))
png(os.path.join(OUT, 'point-positive.png'), 32, layers(
    (disc(.5, .5, .42), '#ffffff'), (disc(.5, .5, .34), '#2e9d3c'),
    (rect(.28, .44, .72, .56), '#ffffff'), (rect(.44, .28, .56, .72), '#ffffff')))
png(os.path.join(OUT, 'point-negative.png'), 32, layers(
    (disc(.5, .5, .42), '#ffffff'), (disc(.5, .5, .34), '#d32f2f'),
    (rect(.28, .44, .72, .56), '#ffffff')))
png(os.path.join(OUT, 'box.png'), 32, layers((frame(.12, .2, .88, .8, .09), '#f9a825')))
png(os.path.join(OUT, 'merge.png'), 32, layers((disc(.36, .5, .28), '#1e88e5'), (disc(.64, .5, .28), '#8e24aa')))
png(os.path.join(OUT, 'navigate.png'), 32, layers(
    (lambda u, v: v >= .12 and v <= .85 and u >= .25 and (u - .25) <= (v - .12) * .75, '#37474f')))
