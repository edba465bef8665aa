"""Bad inputs raise the right Python exceptions, with the messages the CLI prints."""

import re

import numpy as np
import pytest

import dinosam
from conftest import DINO_ID, cli_model_args, run_cli


def cli_error_line(proc):
    """The CLI's message: 'error: MSG' for an image, 'dinosam: MSG' for setup failures."""
    for line in proc.stderr.splitlines():
        m = re.match(r"^(?:error|dinosam): (.*)$", line)
        if m:
            return m.group(1)
    raise AssertionError("no error line in: " + proc.stderr)


def test_missing_image_is_file_not_found_with_the_cli_message(pipeline, cli, fixture_paths, tmp_path):
    missing = tmp_path / "no_such_photo.jpg"
    with pytest.raises(FileNotFoundError) as e:
        pipeline.process_image(missing)
    proc = run_cli(cli, [*cli_model_args(fixture_paths), "--save-dir", str(tmp_path / "out"), str(missing)], tmp_path)
    assert proc.returncode != 0
    assert str(e.value) == cli_error_line(proc)
    with pytest.raises(FileNotFoundError):
        pipeline.process_batch([fixture_paths["truck"], missing])
    with pytest.raises(FileNotFoundError):
        dinosam.load_image(missing)


def test_unreadable_image_is_value_error_with_the_cli_message(pipeline, cli, fixture_paths, tmp_path):
    bad = tmp_path / "not_an_image.jpg"
    bad.write_text("hello, I am text")
    with pytest.raises(ValueError) as e:
        pipeline.process_image(str(bad))
    proc = run_cli(cli, [*cli_model_args(fixture_paths), "--save-dir", str(tmp_path / "out"), str(bad)], tmp_path)
    assert proc.returncode == 1
    assert str(e.value) == cli_error_line(proc)


@pytest.mark.parametrize("which", ["missing", "corrupt"])
def test_bad_checkpoint_is_model_error_with_the_cli_message(cli, fixture_paths, tmp_path, which):
    ckpt = tmp_path / "sam2.1_hiera_tiny.pt"
    if which == "corrupt":
        ckpt.write_bytes(b"PK\x03\x04 this is not a checkpoint" * 10)
    with pytest.raises(dinosam.ModelError) as e:
        dinosam.DinoSamPipeline(dino_model=DINO_ID, sam2_config="sam2.1_hiera_tiny", sam2_checkpoint=ckpt,
                                dino_checkpoint=fixture_paths["dino"], device="cpu")
    assert isinstance(e.value, RuntimeError)
    args = ["--dino-checkpoint", str(fixture_paths["dino"]), "--dino-model", DINO_ID,
            "--sam2-checkpoint", str(ckpt), "--sam2-model", "sam2.1_hiera_tiny",
            "--save-dir", str(tmp_path / "out"), str(fixture_paths["truck"])]
    proc = run_cli(cli, args, tmp_path)
    assert proc.returncode == 3
    assert str(e.value) == cli_error_line(proc)
    with pytest.raises(dinosam.ModelError):
        dinosam.SAM2Segmenter(checkpoint=ckpt)


def test_model_not_installed_is_model_error(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("DINOSAM_MODEL_DIR", raising=False)
    with pytest.raises(dinosam.ModelError, match="dinov2_vits14_pretrain.pth"):
        dinosam.DINOv2Detector(model_name="dinov2_vits14", model_dir=tmp_path)


@pytest.mark.parametrize("kwargs,message", [
    (dict(attention_threshold=1.5), "attention_threshold needs a number in [0, 1], got 1.5"),
    (dict(attention_threshold=float("nan")), "attention_threshold needs a number in [0, 1]"),
    (dict(num_objects=-1), "num_objects needs a whole number >= 0, got -1"),
    (dict(min_area=-5), "min_area needs a whole number >= 0, got -5"),
    (dict(prompt_type="circle"), "prompt_type must be box, point or both, got 'circle'"),
    (dict(method="magic"), "method must be attention or spectral, got 'magic'"),
    (dict(formats="png"), "formats takes original, coco, cutouts or all, got 'png'"),
])
def test_bad_parameters_are_value_errors(pipeline, small_image, kwargs, message):
    with pytest.raises(ValueError) as e:
        pipeline.process_image(image=small_image, **kwargs)
    assert message in str(e.value)


@pytest.mark.parametrize("image,message", [
    (np.zeros((64, 64, 3), np.float32), "image must be an HxWx3 uint8 RGB array, got an array of shape (64, 64, 3) and dtype float32"),
    (np.zeros((64, 64, 2), np.uint8), "image must be an HxWx3 uint8 RGB array"),
    (np.zeros((0, 64, 3), np.uint8), "image must be an HxWx3 uint8 RGB array, got an empty array"),
    (np.zeros((4, 64, 3), np.uint8), "image too small (64x4 px; at least 8 px per side needed)"),
])
def test_bad_image_arrays_are_value_errors(pipeline, image, message):
    with pytest.raises(ValueError) as e:
        pipeline.process_image(image=image)
    assert message in str(e.value)


def test_bad_model_names_and_devices_are_value_errors(fixture_paths):
    with pytest.raises(ValueError, match="unknown DINOv2 model 'dinov3'"):
        dinosam.DINOv2Detector(model_name="dinov3", checkpoint=fixture_paths["dino"])
    with pytest.raises(ValueError, match="unknown sam2_config 'sam3_hiera_l.yaml'"):
        dinosam.SAM2Segmenter("sam3_hiera_l.yaml", checkpoint=fixture_paths["sam2"])
    with pytest.raises(ValueError, match="device must be None, 'cpu' or 'cuda', got 'tpu'"):
        dinosam.DINOv2Detector(checkpoint=fixture_paths["dino"], device="tpu")
    with pytest.raises(ValueError, match="checkpoint must be a str or os.PathLike, got int"):
        dinosam.DINOv2Detector(checkpoint=42)


def test_segmenter_argument_errors(pipeline, small_image):
    sam = pipeline.sam2
    sam.set_image(small_image)
    with pytest.raises(ValueError, match=r"boxes must be an array of shape \(N, 4\)"):
        sam.segment_from_boxes(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="boxes must be finite numbers"):
        sam.segment_from_boxes(np.array([[0, 0, np.nan, 10]]))
    with pytest.raises(ValueError, match="labels must hold one label"):
        sam.segment_from_points(np.array([[10, 10]]), labels=np.array([1, 0]))
    with pytest.raises(ValueError, match="Unknown|prompt_type must be box, point or both"):
        sam.segment_from_regions([{"bbox": [0, 0, 10, 10]}], prompt_type="polygon")
    assert sam.segment_from_boxes(np.zeros((0, 4))) == []


def test_segmenter_without_image_is_runtime_error(fixture_paths):
    seg = dinosam.SAM2Segmenter(checkpoint=fixture_paths["sam2"])
    with pytest.raises(RuntimeError, match=r"An image must be set with \.set_image"):
        seg.segment_from_boxes(np.array([[0, 0, 10, 10]]))


def test_unwritable_save_dir_is_os_error(pipeline, small_image, tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    with pytest.raises(OSError):
        pipeline.process_image(image=small_image, save_dir=blocker / "out", visualize=False)


def test_callback_exceptions_propagate(pipeline, fixture_paths):
    def progress(done, total, path, stage, fraction):
        raise ZeroDivisionError("from the callback")
    with pytest.raises(ZeroDivisionError, match="from the callback"):
        pipeline.process_batch([fixture_paths["truck"]], progress=progress, visualize=False)
