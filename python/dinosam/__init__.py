"""DinoSam: prompt-free object segmentation (DINOv2 finds the objects, SAM2 outlines them).

The original DinoSam Python API on DinoSam's native C++ core (LibTorch, no PyTorch install):

    from dinosam import DinoSamPipeline, DINOv2Detector, SAM2Segmenter

    pipeline = DinoSamPipeline(dino_model="dinov2_vitb14", sam2_config="sam2_hiera_l.yaml")
    results = pipeline.process_image(image_path="photo.jpg", num_objects=5, save_dir="output")

Checkpoints come from `dinosam models download ID` (~/.cache/dinosam/models or
$DINOSAM_MODEL_DIR), or are passed explicitly (sam2_checkpoint=, dino_checkpoint=).
"""

import os as _os

# OpenMP threads that spin while they wait take the cores from the ones with work as soon
# as anything else runs (the CLI and the studio restart themselves with this setting). The
# OpenMP runtime reads it when it loads, so it takes effect when dinosam is imported before
# anything that loads OpenMP (numpy with OpenBLAS-OpenMP does). Set OMP_WAIT_POLICY=ACTIVE
# on a dedicated machine.
_os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from ._dinosam import (  # noqa: E402
    CancelToken,
    Cancelled,
    DINOv2Detector,
    DinoSamPipeline,
    ModelError,
    SAM2Segmenter,
    __version__,
    dino_models,
    load_image,
    sam2_model_id,
    sam2_models,
    user_model_dir,
)

__all__ = [
    "CancelToken",
    "Cancelled",
    "DINOv2Detector",
    "DinoSamPipeline",
    "ModelError",
    "SAM2Segmenter",
    "__version__",
    "dino_models",
    "load_image",
    "sam2_model_id",
    "sam2_models",
    "user_model_dir",
]
