#!/usr/bin/env python3
"""Binding overhead: process_image() from Python against the dinosam CLI on the same image.

The CLI's `dinosam bench IMAGE` runs the same Pipeline in C++ (cold run, a threshold change,
a batch of distinct images). This script runs the same steps through the dinosam module,
with the same models, image and parameters, in this process, and prints both side by side.
The difference is what the binding costs: argument checks, GIL release, numpy views,
result dictionaries (masks as bool views, regions, attention map), per call.

    PYTHONPATH=build/release/python /usr/bin/python3 python/bench/bench_binding.py \\
        --cli build/release/app/cli/dinosam \\
        --dino-checkpoint ../shared/fixtures/models/dinov2_vits14_reg4_random.pth \\
        --sam2-checkpoint ../shared/fixtures/models/sam2.1_hiera_tiny_random.pt [IMAGE]

Options: --warm N (warm calls measured, median reported; default 20), --batch N (distinct
images in the batch; default 2), --threads N (default: all cores, as the CLI).
"""

import argparse
import os
import pathlib
import re
import statistics
import subprocess
import sys
import time

import dinosam  # sets OMP_WAIT_POLICY=PASSIVE unless set, as the CLI does for itself

STAGES = ("decode_image_ms", "dino_ms", "discovery_ms", "sam2_encode_ms", "sam2_decode_ms", "postprocess_ms")


def cli_bench(args, image):
    cmd = [args.cli, "bench", str(image), "--batch", str(args.batch),
           "--dino-checkpoint", args.dino_checkpoint, "--dino-model", args.dino_model,
           "--sam2-checkpoint", args.sam2_checkpoint, "--sam2-model", args.sam2_model,
           "--min-area", str(args.min_area)]
    if args.threads:
        cmd += ["--threads", str(args.threads)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    rows = {}
    for line in out.splitlines():
        m = re.match(r"^(first run \(cold\)|threshold change|batch of \d+, mean)\s+([0-9.]+)", line)
        if m:
            rows[m.group(1).split(",")[0].split(" (")[0]] = float(m.group(2)) * 1000.0
    return rows, out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("image", nargs="?", default=os.environ.get("DINOSAM_SAMPLE_IMAGE", "resources/samples/truck.jpg"))
    ap.add_argument("--cli", required=True)
    ap.add_argument("--dino-checkpoint", required=True)
    ap.add_argument("--sam2-checkpoint", required=True)
    ap.add_argument("--dino-model", default="dinov2_vits14_reg4")
    ap.add_argument("--sam2-model", default="sam2.1_hiera_tiny")
    ap.add_argument("--min-area", type=int, default=1000)
    ap.add_argument("--warm", type=int, default=20)
    ap.add_argument("--batch", type=int, default=2)
    ap.add_argument("--threads", type=int, default=0)
    args = ap.parse_args()
    image_path = pathlib.Path(args.image)

    cli_rows, cli_text = cli_bench(args, image_path)

    t0 = time.perf_counter()
    pipeline = dinosam.DinoSamPipeline(dino_model=args.dino_model, sam2_config=args.sam2_model,
                                       sam2_checkpoint=args.sam2_checkpoint, dino_checkpoint=args.dino_checkpoint,
                                       device="cpu", threads=args.threads)
    load_ms = (time.perf_counter() - t0) * 1000.0
    kw = dict(num_objects=5, attention_threshold=0.6, min_area=args.min_area, prompt_type="box")

    # 1. Cold: as the CLI's bench, from decoded pixels (the CLI adds the file decode to its row).
    t0 = time.perf_counter()
    pixels = dinosam.load_image(image_path)
    decode_ms = (time.perf_counter() - t0) * 1000.0
    t0 = time.perf_counter()
    cold = pipeline.process_image(image=pixels, visualize=False, **kw)
    cold_ms = (time.perf_counter() - t0) * 1000.0 + decode_ms

    # 2. Warm: a threshold change (encoders cached), many times; the pipeline's own stage
    #    times against the wall time seen from Python.
    walls, inside = [], []
    for i in range(args.warm):
        t0 = time.perf_counter()
        r = pipeline.process_image(image=pixels, visualize=False,
                                   **dict(kw, attention_threshold=(0.65, 0.6)[i % 2]))
        walls.append((time.perf_counter() - t0) * 1000.0)
        inside.append(sum(r["timings"][k] for k in STAGES))
    warm_ms = statistics.median(walls)
    overhead = statistics.median(w - s for w, s in zip(walls, inside))
    vis = []
    for i in range(max(3, args.warm // 4)):
        t0 = time.perf_counter()
        pipeline.process_image(image=pixels, visualize=True, **dict(kw, attention_threshold=(0.65, 0.6)[i % 2]))
        vis.append((time.perf_counter() - t0) * 1000.0)
    path_walls = []
    for i in range(max(3, args.warm // 4)):
        t0 = time.perf_counter()
        pipeline.process_image(image_path, visualize=False, **dict(kw, attention_threshold=(0.65, 0.6)[i % 2]))
        path_walls.append((time.perf_counter() - t0) * 1000.0)

    # 3. Batch of distinct images (one pixel changed, as the CLI's bench does), read from disk.
    t0 = time.perf_counter()
    for i in range(args.batch):
        img = dinosam.load_image(image_path)
        img[0, 0] = (i * 37 + 1, i * 11 + 2, i + 3)
        pipeline.process_image(image=img, visualize=False, **kw)
    batch_ms = (time.perf_counter() - t0) * 1000.0 / args.batch

    h, w = pixels.shape[:2]
    print(f"dinosam {dinosam.__version__}: binding overhead, {image_path.name} ({w}x{h}), "
          f"{args.dino_model} + {args.sam2_model}, {len(cold['segmentations'])} objects, "
          f"OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY')}, python {sys.version.split()[0]}")
    print(f"model load from Python: {load_ms:.0f} ms")
    print(f"{'run':<34}{'CLI ms':>10}{'Python ms':>12}{'diff ms':>10}")
    for label, cli_key, py in (("first run (cold)", "first run", cold_ms),
                               ("threshold change (first, new masks)", "threshold change", walls[0]),
                               ("batch of %d, mean" % args.batch, "batch of %d" % args.batch, batch_ms)):
        c = cli_rows.get(cli_key)
        print(f"{label:<34}{c if c is not None else float('nan'):>10.1f}{py:>12.1f}"
              f"{(py - c) if c is not None else float('nan'):>10.1f}")
    print(f"warm call, every stage cached (median of {args.warm}): {warm_ms:.1f} ms")
    print(f"binding overhead per warm call (wall - pipeline stage times, median): {overhead:.2f} ms")
    print(f"warm call with visualize=True (3-panel render + array): {statistics.median(vis):.1f} ms")
    print(f"warm call from a file path (decode + hash each call): {statistics.median(path_walls):.1f} ms")
    if os.environ.get("BENCH_VERBOSE"):
        print("\nCLI output:\n" + cli_text)


if __name__ == "__main__":
    main()
