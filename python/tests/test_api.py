"""The API's shape: names, defaults, types, zero-copy arrays, reprs, docstrings."""

import pathlib

import numpy as np
import pytest

import dinosam
from conftest import DINO_ID, SAM2_ID


@pytest.mark.parametrize("config,model_id", [
    ("sam2_hiera_l.yaml", "sam2_hiera_large"),
    ("sam2_hiera_b+.yaml", "sam2_hiera_base_plus"),
    ("sam2_hiera_s.yaml", "sam2_hiera_small"),
    ("sam2_hiera_t.yaml", "sam2_hiera_tiny"),
    ("sam2.1/sam2.1_hiera_t.yaml", "sam2.1_hiera_tiny"),
    ("configs/sam2.1/sam2.1_hiera_l.yaml", "sam2.1_hiera_large"),
    ("sam2.1_hiera_b+.yaml", "sam2.1_hiera_base_plus"),
    ("sam2.1_hiera_small", "sam2.1_hiera_small"),
])
def test_yaml_names_map_to_catalogue_ids(config, model_id):
    assert dinosam.sam2_model_id(config) == model_id
    assert model_id in dinosam.sam2_models()


def test_pipeline_attributes_and_repr(pipeline):
    assert pipeline.dino_model == DINO_ID and pipeline.sam2_model == SAM2_ID and pipeline.device == "cpu"
    assert repr(pipeline) == f"DinoSamPipeline(dino_model='{DINO_ID}', sam2_model='{SAM2_ID}', device='cpu')"
    assert repr(pipeline.dino) == f"DINOv2Detector(model_name='{DINO_ID}', device='cpu')"
    assert repr(pipeline.sam2).startswith(f"SAM2Segmenter(model_cfg='{SAM2_ID}', device='cpu'")
    assert "dinov2_vitb14" in dinosam.dino_models() and dinosam.__version__
    assert issubclass(dinosam.ModelError, RuntimeError)


def test_docstrings_and_signatures():
    for cls in (dinosam.DinoSamPipeline, dinosam.DINOv2Detector, dinosam.SAM2Segmenter):
        assert cls.__doc__ and len(cls.__doc__) > 100
    doc = dinosam.DinoSamPipeline.process_image.__doc__
    for word in ("image_path", "num_objects", "attention_threshold", "min_area", "prompt_type", "visualize",
                 "save_dir", "segmentations", "FileNotFoundError"):
        assert word in doc
    stub = pathlib.Path(dinosam.__file__).with_name("__init__.pyi")
    assert stub.is_file() and "def process_image" in stub.read_text()


def test_result_keys_and_types(truck_result):
    r = truck_result
    assert {"image", "segmentations", "regions", "dino_regions", "attention_map", "timings"} <= set(r)
    assert r["regions"] is r["dino_regions"]
    assert r["image"].shape == (1200, 1800, 3) and r["image"].dtype == np.uint8
    assert r["image_name"] == "truck.jpg"
    for region in r["regions"]:
        assert region["bbox"].shape == (4,) and region["center"].shape == (2,)
        assert isinstance(region["confidence"], float) and region["area"] >= 100
        assert region["attention_map"].shape == (1200, 1800)
    scores = [s["score"] for s in r["segmentations"]]
    assert scores == sorted(scores, reverse=True)
    for s in r["segmentations"]:
        assert s["prompt_type"] == "box" and s["prompt_box"].shape == (4,)
    t = r["timings"]
    assert t["dino_ms"] > 0 and t["sam2_encode_ms"] > 0 and t["total_ms"] >= t["sam2_encode_ms"]


def test_arrays_in_and_out_without_copies(pipeline, small_image):
    r = pipeline.process_image(image=small_image, visualize=False)
    assert r["image"] is small_image
    # A strided view (the same pixels in every other row of a bigger buffer) is viewed, not copied.
    buffer = np.zeros((2 * small_image.shape[0],) + small_image.shape[1:], np.uint8)
    buffer[::2] = small_image
    view = buffer[::2]
    r2 = pipeline.process_image(view, visualize=False)
    assert r2["image"] is view and r2["timings"]["dino_ms"] == 0  # same pixels: cached
    f1 = pipeline.dino.extract_features(small_image)
    f2 = pipeline.dino.extract_features(small_image)
    assert np.shares_memory(f1, f2)  # both view the cached DINOv2 output
    grid = pipeline.dino.extract_features(small_image, as_grid=True)
    assert grid.shape[0] * grid.shape[1] == f1.shape[1] and np.shares_memory(grid, f1)
    # Gray and RGBA arrays are accepted (converted to RGB).
    gray = np.ascontiguousarray(small_image[:, :, 1])
    assert pipeline.sam2.visualize_masks(gray, []).shape == small_image.shape
    rgba = np.dstack([small_image, np.full(small_image.shape[:2], 255, np.uint8)])
    np.testing.assert_array_equal(pipeline.sam2.visualize_masks(rgba, []), small_image)


def test_paths_may_be_str_or_pathlib(pipeline, fixture_paths, truck_result):
    r = pipeline.process_image(str(fixture_paths["truck"]), visualize=False)
    assert r["image_path"] == str(fixture_paths["truck"])
    assert len(r["segmentations"]) == len(truck_result["segmentations"])
    assert r["timings"]["dino_ms"] == 0  # cached encoders: neither ran again


def test_segment_from_regions_gives_the_pipelines_masks(pipeline, truck_result):
    image = truck_result["image"]
    regions = pipeline.dino.detect_salient_regions(image, num_regions=5, min_area=100, attention_threshold=0.6)
    assert len(regions) == len(truck_result["regions"])
    for a, b in zip(regions, truck_result["regions"]):
        np.testing.assert_allclose(a["bbox"], b["bbox"])
    pipeline.sam2.set_image(image)
    masks = pipeline.sam2.segment_from_regions(regions, prompt_type="box")
    for seg in truck_result["segmentations"]:
        assert any(np.array_equal(seg["mask"], m["mask"]) for m in masks)
    attention = pipeline.dino.compute_attention_map(image)
    np.testing.assert_array_equal(attention, truck_result["attention_map"])
    vis = pipeline.dino.visualize_detections(image, regions, attention)
    assert vis.shape == image.shape and not np.array_equal(vis, image)


def test_multimask_points_pick_the_best_candidate(pipeline, small_image):
    sam = pipeline.sam2
    sam.set_image(small_image)
    points = np.array([[100.0, 80.0], [300.0, 200.0]])
    best = sam.segment_from_points(points)  # multimask_output=True by default, as the original
    single = sam.segment_from_points(points, multimask_output=False)
    assert [b["label"] for b in best] == [1, 1]
    # The best of three has at least the single-mask output's predicted IoU... or is another mask.
    assert all(b["score"] >= 0 for b in best) and len(single) == 2
    assert any(not np.array_equal(b["mask"], s["mask"]) or b["score"] != s["score"] for b, s in zip(best, single))


def test_signatures_follow_the_original():
    # pybind11 functions carry their signatures (names and defaults) in their docstrings.
    doc = dinosam.DinoSamPipeline.__init__.__doc__
    assert "dino_model" in doc and "sam2_config" in doc and "sam2_checkpoint" in doc and "device" in doc
    assert "dino_checkpoint" in doc
    doc = dinosam.DINOv2Detector.detect_salient_regions.__doc__
    assert "num_regions: int = 5" in doc and "min_area: int = 100" in doc and "attention_threshold: float = 0.6" in doc
