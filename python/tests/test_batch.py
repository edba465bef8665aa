"""process_batch: the CLI's naming, progress reports and cancellation."""

import shutil
import threading

import pytest

import dinosam


@pytest.fixture()
def two_trucks(fixture_paths, tmp_path):
    """The same photo under the same name in two folders (cached pixels: cheap)."""
    paths = []
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        paths.append(tmp_path / folder / "truck.jpg")
        shutil.copy(fixture_paths["truck"], paths[-1])
    return paths


def test_batch_names_progress_and_results(pipeline, two_trucks, tmp_path):
    reports = []
    out = tmp_path / "out"
    results = pipeline.process_batch(two_trucks, save_dir=out, visualize=False,
                                      progress=lambda *a: reports.append(a))
    assert [r["image_path"] for r in results] == [str(p) for p in two_trucks]
    # Same file name twice: <name> and <name>_2, as the CLI does.
    assert (out / "truck_summary.txt").is_file() and (out / "truck_2_summary.txt").is_file()
    assert not (out / "truck_visualization.jpg").exists()  # visualize=False, as the original
    done = [r for r in reports if r[3] == "done"]
    assert [(d[0], d[1]) for d in done] == [(1, 2), (2, 2)]
    fractions = [r[4] for r in reports]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert {r[3] for r in reports} >= {"image", "DINOv2", "SAM2 decoder", "done"}


def test_folder_argument_expands_like_the_cli(pipeline, two_trucks):
    results = pipeline.process_batch(two_trucks[0].parent, visualize=False)
    assert [r["image_name"] for r in results] == ["truck.jpg"]


def test_cancel_token_stops_the_batch(pipeline, two_trucks):
    token = dinosam.CancelToken()

    def progress(done, total, path, stage, fraction):
        if stage == "done":
            token.cancel()

    with pytest.raises(dinosam.Cancelled) as e:
        pipeline.process_batch(two_trucks, progress=progress, cancel=token, visualize=False)
    assert len(e.value.results) == 1
    assert e.value.results[0]["image_path"] == str(two_trucks[0])


def test_event_and_callable_cancel(pipeline, two_trucks, small_image):
    event = threading.Event()
    event.set()
    with pytest.raises(dinosam.Cancelled) as e:
        pipeline.process_batch(two_trucks, cancel=event)
    assert e.value.results == []
    with pytest.raises(dinosam.Cancelled):
        pipeline.process_image(image=small_image, cancel=lambda: True)
    token = dinosam.CancelToken()
    assert pipeline.process_image(image=small_image, cancel=token, visualize=False)["segmentations"] is not None
    with pytest.raises(ValueError, match="cancel must be"):
        pipeline.process_image(image=small_image, cancel=42)
