"""DinoSamPipeline.track_video(): keyframe discovery + SAM2 video tracking on the native core.

On the fixture checkpoints (random weights) and the first bedroom frames. Every tracked object
costs a memory-attention and decoder pass per frame on a CPU, so the runs here are short (2-3
frames, one object) and one run serves several checks.
"""

import json
import shutil
import threading

import numpy as np
import pytest

import dinosam
from conftest import FIXTURES, cli_model_args, run_cli

BEDROOM = FIXTURES / "videos" / "bedroom"


def bedroom_folder(tmp_path, frames):
    folder = tmp_path / "bedroom"
    folder.mkdir()
    for i in range(frames):
        shutil.copy(BEDROOM / f"{i:05d}.jpg", folder)
    return folder


def read_mask(path):
    return dinosam.load_image(path)[:, :, 0] == 255


@pytest.fixture(scope="module")
def tracked(pipeline, tmp_path_factory):
    """3 frames, keyframe 1 (one frame backward, one forward), one object, files written."""
    tmp = tmp_path_factory.mktemp("track")
    video = bedroom_folder(tmp, 3)
    calls = []
    result = pipeline.track_video(video, keyframe=1, num_objects=1, save_dir=tmp / "py", overlay="none",
                                  progress=lambda done, total: calls.append((done, total)))
    return {"result": result, "calls": calls, "tmp": tmp, "video": video}


def test_tracks_every_frame_backward_and_forward(tracked):
    r = tracked["result"]
    assert r["video"] == "bedroom"
    assert (r["frame_count"], r["frames_tracked"], r["keyframe"]) == (3, 3, 1)
    assert (r["width"], r["height"]) == (960, 540)
    assert r["stopped"] is None and not r["truncated"]
    assert [f["frame"] for f in r["frames"]] == [0, 1, 2]
    assert len(r["objects"]) == 1
    track = r["objects"][0]
    assert (track["id"], track["label"], track["first_frame"]) == (1, "object", 1)
    present = [f["frame"] for f in r["frames"] if f["objects"]]
    assert track["frames"] == present
    for frame in r["frames"]:
        for obj in frame["objects"]:
            mask = obj["mask"]
            assert mask.dtype == np.bool_ and mask.shape == (540, 960)
            assert int(mask.sum()) == obj["area"] > 0
            ys, xs = np.nonzero(mask)
            assert [xs.min(), ys.min(), xs.max() + 1, ys.max() + 1] == list(obj["bbox"])
            assert 0.5 < obj["score"] <= 1.0  # present objects only


def test_progress_is_called_once_per_frame(tracked):
    assert tracked["calls"] == [(1, 3), (2, 3), (3, 3)]


def test_saved_files_are_the_cli_layout_and_equal_the_cli(tracked, cli, fixture_paths):
    r, tmp = tracked["result"], tracked["tmp"]
    py_out, cli_out = tmp / "py", tmp / "cli"
    assert sorted(r["saved_files"]) == sorted(str(py_out / f) for f in
                                              ["bedroom_tracks.json", "bedroom_tracks_mot.csv",
                                               "bedroom_coco_video.json", "bedroom_masks"])
    for frame in r["frames"]:
        written = sorted((py_out / "bedroom_masks" / f"frame_{frame['frame']:06d}").glob("mask_*.png"))
        assert [p.name for p in written] == [f"mask_{o['id']:03d}.png" for o in frame["objects"]]
        for obj, png in zip(frame["objects"], written):
            np.testing.assert_array_equal(obj["mask"], read_mask(png), err_msg=str(png))

    proc = run_cli(cli, ["track", *cli_model_args(fixture_paths), "--num-objects", "1", "--keyframe", "1",
                         "--overlay", "none", "--threads", "2", "--save-dir", str(cli_out), "--quiet",
                         str(tracked["video"])], tmp)
    assert proc.returncode == 0, proc.stderr
    cli_files = sorted(p.relative_to(cli_out).as_posix() for p in cli_out.rglob("*") if p.is_file())
    py_files = sorted(p.relative_to(py_out).as_posix() for p in py_out.rglob("*") if p.is_file())
    assert py_files == cli_files
    for rel in cli_files:
        if rel.endswith((".png", ".csv")):
            assert (py_out / rel).read_bytes() == (cli_out / rel).read_bytes(), rel
    py_tracks = json.loads((py_out / "bedroom_tracks.json").read_text())
    cli_tracks = json.loads((cli_out / "bedroom_tracks.json").read_text())
    assert py_tracks == cli_tracks


def test_masks_false_keeps_boxes_only_and_cancel_keeps_what_was_tracked(pipeline, tmp_path):
    video = bedroom_folder(tmp_path, 3)
    token = dinosam.CancelToken()

    def stop_after_first(done, total):
        token.cancel()

    with pytest.raises(dinosam.Cancelled) as info:
        pipeline.track_video(video, num_objects=1, masks=False, progress=stop_after_first, cancel=token)
    partial = info.value.results
    assert partial["frames_tracked"] == 1
    assert partial["stopped"] == "cancelled"
    assert [f["frame"] for f in partial["frames"]] == [0]
    for obj in partial["frames"][0]["objects"]:
        assert "mask" not in obj and obj["area"] > 0


def test_a_progress_callback_error_is_raised_not_lost(pipeline, tmp_path):
    video = bedroom_folder(tmp_path, 2)

    def fail(done, total):
        raise KeyError("from the callback")

    with pytest.raises(KeyError, match="from the callback"):
        pipeline.track_video(video, num_objects=1, progress=fail)


def test_other_threads_run_while_tracking(pipeline, tmp_path):
    video = bedroom_folder(tmp_path, 2)
    ticks = []
    done = threading.Event()

    def count():
        while not done.is_set():
            ticks.append(1)
            done.wait(0.01)

    t = threading.Thread(target=count)
    t.start()
    try:
        pipeline.track_video(video, num_objects=1)
    finally:
        done.set()
        t.join()
    assert len(ticks) > 10  # the GIL was released during the run (seconds long)


@pytest.mark.parametrize("make,kwargs,error,message", [
    (lambda tmp: tmp / "missing.mp4", {}, FileNotFoundError, "no such video"),
    (lambda tmp: (tmp / "text.mp4").write_text("not a video") and tmp / "text.mp4", {}, ValueError,
     "cannot open the video"),
    (lambda tmp: (tmp / "empty").mkdir() or tmp / "empty", {}, ValueError, "no frames|contains no images"),
    (lambda tmp: bedroom_folder(tmp, 2), {"keyframe": 2}, ValueError, "past the last frame"),
    (lambda tmp: bedroom_folder(tmp, 2), {"keyframe": -1}, ValueError, "keyframe must be >= 0"),
    (lambda tmp: bedroom_folder(tmp, 2), {"rediscover_every": -1}, ValueError, "rediscover_every"),
    (lambda tmp: bedroom_folder(tmp, 2), {"overlay": "gif"}, ValueError, "overlay is"),
    (lambda tmp: bedroom_folder(tmp, 2), {"prompt_type": "lasso"}, ValueError, "prompt"),
    (lambda tmp: bedroom_folder(tmp, 2), {"progress": 3}, ValueError, "progress must be callable"),
], ids=["missing", "not-a-video", "empty-folder", "keyframe-past-end", "negative-keyframe",
        "negative-rediscover", "bad-overlay", "bad-prompt", "progress-not-callable"])
def test_bad_input_raises_clearly(pipeline, tmp_path, make, kwargs, error, message):
    with pytest.raises(error, match=message):
        pipeline.track_video(make(tmp_path), **kwargs)


def test_an_unwritable_save_dir_is_an_os_error(pipeline, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file, not a folder")
    with pytest.raises(OSError, match="cannot create the folder"):
        pipeline.track_video(bedroom_folder(tmp_path, 2), save_dir=blocker / "out")
