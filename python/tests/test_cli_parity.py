"""process_image equals what the dinosam CLI computes and writes for the same image and
parameters: the same masks (pixel for pixel), the same files, the same summary."""

import numpy as np
import pytest

import dinosam
from conftest import cli_model_args, run_cli

PARAMS = [
    # (CLI args, process_image keywords)
    (["--num-objects", "5", "--threshold", "0.6", "--min-area", "100", "--prompt-type", "box"],
     dict(num_objects=5, attention_threshold=0.6, min_area=100, prompt_type="box")),
    (["--num-objects", "3", "--threshold", "0.4", "--min-area", "1000", "--prompt-type", "point"],
     dict(num_objects=3, attention_threshold=0.4, min_area=1000, prompt_type="point")),
]


def read_mask(path):
    return dinosam.load_image(path)[:, :, 0]


@pytest.mark.parametrize("cli_args,kwargs", PARAMS, ids=["box", "point"])
def test_masks_and_files_equal_cli(pipeline, cli, fixture_paths, tmp_path, cli_args, kwargs):
    truck = fixture_paths["truck"]
    cli_out, py_out = tmp_path / "cli", tmp_path / "py"
    proc = run_cli(cli, [*cli_model_args(fixture_paths), *cli_args, "--save-dir", str(cli_out), "--quiet",
                         str(truck)], tmp_path)
    assert proc.returncode == 0, proc.stderr

    results = pipeline.process_image(truck, save_dir=py_out, **kwargs)

    # The CLI's resume bookkeeping (.dinosam-done/) is not part of the output layout.
    cli_files = sorted(p.relative_to(cli_out).as_posix() for p in cli_out.rglob("*")
                       if p.is_file() and not p.relative_to(cli_out).as_posix().startswith(".dinosam-done/"))
    py_files = sorted(p.relative_to(py_out).as_posix() for p in py_out.rglob("*") if p.is_file())
    assert py_files == cli_files
    assert sorted(results["saved_files"]) == sorted(str(py_out / f) for f in py_files)
    segs = results["segmentations"]
    cli_masks = sorted(cli_out.glob("truck_masks/mask_*.png"))
    assert len(cli_masks) == len(segs) > 0
    for seg, png in zip(segs, cli_masks):
        cli_mask = read_mask(png)
        assert set(np.unique(cli_mask)) <= {0, 255}
        np.testing.assert_array_equal(seg["mask"], cli_mask == 255, err_msg=png.name)
    # Text outputs byte for byte (summary, per-mask metadata), masks byte for byte.
    for rel in cli_files:
        if rel.endswith((".txt", ".png")):
            assert (py_out / rel).read_bytes() == (cli_out / rel).read_bytes(), rel


def test_in_memory_masks_match_the_written_metadata(truck_result):
    for seg in truck_result["segmentations"]:
        assert int(seg["mask"].sum()) == seg["area"]
        ys, xs = np.nonzero(seg["mask"])
        assert [xs.min(), ys.min(), xs.max() + 1, ys.max() + 1] == list(seg["bbox"])
