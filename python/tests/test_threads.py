"""The GIL is released while the models run: other Python threads keep running."""

import threading
import time

import numpy as np


def test_second_thread_runs_while_process_image_runs(pipeline, small_image):
    # New pixels (flipped), so both encoders really run (seconds), not the cache.
    image = np.ascontiguousarray(small_image[::-1, ::-1])
    stop = threading.Event()
    stamps = []

    def spin():
        last = 0.0
        while not stop.is_set():
            now = time.perf_counter()
            if now - last >= 0.005:
                stamps.append(now)
                last = now

    spinner = threading.Thread(target=spin)
    spinner.start()
    try:
        start = time.perf_counter()
        result = pipeline.process_image(image=image, visualize=False)
        end = time.perf_counter()
    finally:
        stop.set()
        spinner.join()
    assert result["timings"]["sam2_encode_ms"] > 0 and result["timings"]["dino_ms"] > 0
    inside = [start] + [t for t in stamps if start <= t <= end] + [end]
    longest_gap = max(b - a for a, b in zip(inside, inside[1:]))
    # Holding the GIL, the spinner would stop for the whole call (the gap would be ~ end - start).
    assert longest_gap < (end - start) / 3, (longest_gap, end - start, len(inside))


def test_concurrent_calls_on_one_pipeline_are_serialised(pipeline, small_image):
    expected = pipeline.process_image(image=small_image, visualize=False)
    results, errors = [], []

    def worker(threshold):
        try:
            for _ in range(3):
                results.append((threshold, pipeline.process_image(image=small_image, visualize=False,
                                                                  attention_threshold=threshold)))
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(t,)) for t in (0.6, 0.5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(results) == 6
    for threshold, r in results:
        if threshold == 0.6:
            assert len(r["segmentations"]) == len(expected["segmentations"])
            for a, b in zip(r["segmentations"], expected["segmentations"]):
                np.testing.assert_array_equal(a["mask"], b["mask"])
