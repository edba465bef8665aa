"""The original tool's examples (issue 16), as written, with the fixture checkpoints passed
explicitly and the model names of those checkpoints."""

import numpy as np

from conftest import DINO_ID


def test_seed_examples_run_as_written(fixture_paths, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # save_dir="output" as in the example
    photo = str(fixture_paths["truck"])
    from dinosam import DinoSamPipeline, DINOv2Detector, SAM2Segmenter

    pipeline = DinoSamPipeline(dino_model=DINO_ID, sam2_config="sam2.1/sam2.1_hiera_t.yaml",
                               sam2_checkpoint=fixture_paths["sam2"], device=None,
                               dino_checkpoint=fixture_paths["dino"])
    results = pipeline.process_image(image_path=photo, num_objects=5, attention_threshold=0.6,
                                     min_area=100, prompt_type="box", visualize=True, save_dir="output")
    assert results["segmentations"], "the truck gives objects with these parameters"
    for seg in results["segmentations"]:
        mask, bbox, score, conf = seg["mask"], seg["bbox"], seg["score"], seg["confidence"]
        crop = results["image"][mask]
        assert crop.shape == (int(mask.sum()), 3)
        assert mask.dtype == np.bool_ and mask.shape == results["image"].shape[:2]
        assert int(mask.sum()) == seg["area"]
        assert 0 <= bbox[0] < bbox[2] <= mask.shape[1] and 0 <= bbox[1] < bbox[3] <= mask.shape[0]
        assert np.isfinite(score) and np.isfinite(conf)
    assert (tmp_path / "output" / "truck_summary.txt").is_file()
    assert (tmp_path / "output" / "truck_visualization.jpg").is_file()
    assert results["visualization"].shape == (1200, 3 * 1800, 3)
    results = pipeline.process_batch(image_paths=[photo], save_dir="output/batch")
    assert len(results) == 1 and (tmp_path / "output" / "batch" / "truck_masks" / "mask_000.png").is_file()

    image = results[0]["image"]
    detector = DINOv2Detector(model_name=DINO_ID, checkpoint=fixture_paths["dino"])
    features = detector.extract_features(image)          # image: HxWx3 uint8 RGB numpy array
    regions = detector.detect_salient_regions(image, num_regions=10, attention_threshold=0.5)
    vis = detector.visualize_detections(image, regions)

    segmenter = SAM2Segmenter(checkpoint=fixture_paths["sam2"])
    segmenter.set_image(image)
    (x1, y1, x2, y2), (x, y) = (500, 300, 1300, 900), (900, 600)
    out = segmenter.segment_from_boxes(np.array([[x1, y1, x2, y2], [100, 100, 400, 500]]))
    assert len(out) == 2 and all(o["mask"].shape == image.shape[:2] for o in out)
    out = segmenter.segment_from_points(np.array([[x, y], [200, 200]]))
    assert len(out) == 2 and all(o["mask"].dtype == np.bool_ for o in out)
    out = segmenter.segment_from_regions(regions)
    assert len(out) == len(regions)
    vis2 = segmenter.visualize_masks(image, out)

    assert features.dtype == np.float32 and features.shape[0] == 1 and features.shape[2] == 384
    assert 1 <= len(regions) <= 10
    assert vis.shape == image.shape and vis2.shape == image.shape
    assert not np.array_equal(vis2, image)
    assert segmenter.model_name == "sam2.1_hiera_tiny" and detector.model_name == DINO_ID
