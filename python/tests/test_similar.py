"""segment_similar(): one example finds the objects like it; the masks equal what
`dinosam similar` writes for the same example, target and parameters."""

import numpy as np
import pytest

import dinosam
from conftest import cli_model_args, run_cli


def example_box(truck_result):
    seg = truck_result["segmentations"][0]
    return [int(v) for v in seg["bbox"]]


def test_result_per_target_with_masks_of_the_image_size(pipeline, truck_result, fixture_paths):
    results = pipeline.segment_similar(fixture_paths["truck"], box=example_box(truck_result),
                                       similarity_threshold=0.3, min_area=100)
    assert isinstance(results, list) and len(results) == 1
    r = results[0]
    h, w = truck_result["image"].shape[:2]
    assert r["image_name"] == "truck.jpg"
    assert r["similarity_map"].shape == (h, w) and r["similarity_map"].dtype == np.float32
    assert 0.0 <= float(r["similarity_map"].min()) and float(r["similarity_map"].max()) <= 1.0
    assert r["input_size"] % 14 == 0
    assert set(r["timings"]) >= {"encoders_ms", "similarity_ms", "sam2_decode_ms", "filter_ms"}
    for seg in r["segmentations"]:
        assert seg["mask"].shape == (h, w) and seg["mask"].dtype == np.bool_
        assert int(seg["mask"].sum()) == seg["area"] >= 100
        assert 0.3 <= seg["confidence"] <= 1.0


def test_an_array_and_a_mask_work_like_a_path_and_a_box(pipeline, truck_result, fixture_paths):
    image = truck_result["image"]
    mask = truck_result["segmentations"][0]["mask"]
    by_mask = pipeline.segment_similar(image, mask=mask, targets=[image], similarity_threshold=0.3, min_area=100)
    assert len(by_mask) == 1 and by_mask[0]["image_path"] is None
    assert by_mask[0]["similarity_map"].shape == mask.shape


def test_masks_equal_the_cli(pipeline, cli, truck_result, fixture_paths, tmp_path):
    """The example's own image and another one, at a low threshold so that something is found."""
    truck = fixture_paths["truck"]
    other = truck.parent / "groceries.jpg"
    box = example_box(truck_result)
    out = tmp_path / "cli"
    proc = run_cli(cli, ["similar", *cli_model_args(fixture_paths), "--exemplar", str(truck), "--box",
                         ",".join(str(v) for v in box), "--similarity", "0.1", "--min-area", "100",
                         "--save-dir", str(out), "--quiet", str(truck), str(other)], tmp_path)
    assert proc.returncode == 0, proc.stderr
    results = pipeline.segment_similar(truck, box=box, targets=[truck, other], similarity_threshold=0.1,
                                       min_area=100)
    assert [r["image_name"] for r in results] == ["truck.jpg", "groceries.jpg"]
    found = 0
    for r in results:
        stem = r["image_name"].rsplit(".", 1)[0]
        cli_masks = sorted(out.glob(f"{stem}_masks/mask_*.png"))
        assert len(cli_masks) == len(r["segmentations"]), stem
        found += len(cli_masks)
        for seg, png in zip(r["segmentations"], cli_masks):
            np.testing.assert_array_equal(seg["mask"], dinosam.load_image(png)[:, :, 0] == 255, err_msg=png.name)
    assert found > 0, "nothing found at similarity 0.1: the comparison would prove nothing"


@pytest.mark.parametrize("kwargs,error", [
    (dict(), ValueError),                                          # neither box nor mask
    (dict(box=[0, 0, 10, 10], mask=np.ones((4, 4), bool)), ValueError),  # both
    (dict(box=[10, 10, 5, 5]), ValueError),                        # empty box
    (dict(box=[0, 0, 10, 10], similarity_threshold=1.5), ValueError),
    (dict(box=[0, 0, 10, 10], targets="/no/such/folder"), FileNotFoundError),
])
def test_bad_arguments_raise(pipeline, fixture_paths, kwargs, error):
    with pytest.raises(error):
        pipeline.segment_similar(fixture_paths["truck"], **kwargs)


def test_a_mask_of_another_size_is_a_value_error(pipeline, fixture_paths):
    with pytest.raises(ValueError, match="size"):
        pipeline.segment_similar(fixture_paths["truck"], mask=np.ones((10, 10), bool))
