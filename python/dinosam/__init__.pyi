"""Type stubs for dinosam (the compiled part is dinosam._dinosam)."""

import os
import threading
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, TypedDict, Union

import numpy as np
import numpy.typing as npt

__version__: str

PathLike = Union[str, "os.PathLike[str]"]
ImageArray = npt.NDArray[np.uint8]  # (H, W, 3) RGB
CancelLike = Union["CancelToken", threading.Event, Callable[[], bool], None]
Formats = Union[str, Sequence[str], None]  # "original", "coco", "cutouts", "all"

class ModelError(RuntimeError):
    """A checkpoint is missing, unreadable or does not match the model."""

class Cancelled(Exception):
    """A call stopped because its cancel token was set (or Ctrl+C)."""

    results: List["ImageResult"]  # process_batch(): the images finished before

class CancelToken:
    def __init__(self) -> None: ...
    def cancel(self) -> None: ...
    def set(self) -> None: ...
    def reset(self) -> None: ...
    def is_set(self) -> bool: ...
    def __bool__(self) -> bool: ...

class Region(TypedDict, total=False):
    bbox: npt.NDArray[np.float64]  # [x1, y1, x2, y2]
    center: npt.NDArray[np.float64]  # [x, y]
    confidence: float
    area: int
    attention_map: npt.NDArray[np.uint8]  # (H, W) 0/1
    patch_mask: npt.NDArray[np.uint8]  # (h, w) 0/1 on the patch grid

class Segmentation(TypedDict, total=False):
    mask: npt.NDArray[np.bool_]  # (H, W)
    bbox: npt.NDArray[Any]  # [x1, y1, x2, y2]
    area: int
    score: float
    confidence: float
    prompt_type: str
    prompt_box: npt.NDArray[np.float64]
    point: npt.NDArray[np.float64]
    label: int
    dino_attention: Optional[npt.NDArray[np.uint8]]

class Timings(TypedDict):
    decode_image_ms: float
    dino_ms: float
    discovery_ms: float
    sam2_encode_ms: float
    sam2_decode_ms: float
    postprocess_ms: float
    load_ms: float
    export_ms: float
    visualization_ms: float
    total_ms: float

class ImageResult(TypedDict, total=False):
    image: ImageArray
    image_name: str
    image_path: Optional[str]
    segmentations: List[Segmentation]
    regions: List[Region]
    dino_regions: List[Region]
    attention_map: npt.NDArray[np.float32]
    visualization: ImageArray
    timings: Timings
    saved_files: List[str]

class DINOv2Detector:
    patch_size: int
    def __init__(
        self,
        model_name: Optional[str] = None,
        device: Optional[str] = None,
        *,
        checkpoint: Optional[PathLike] = None,
        model_dir: Optional[PathLike] = None,
        threads: int = 0,
    ) -> None: ...
    @property
    def model_name(self) -> str: ...
    @property
    def device(self) -> str: ...
    def extract_features(self, image: ImageArray, *, as_grid: bool = False) -> npt.NDArray[np.float32]: ...
    def detect_salient_regions(
        self,
        image: ImageArray,
        num_regions: int = 5,
        min_area: int = 100,
        attention_threshold: float = 0.6,
        *,
        method: str = "attention",
    ) -> List[Region]: ...
    def compute_attention_map(self, image: ImageArray, *, method: str = "attention") -> npt.NDArray[np.float32]: ...
    def visualize_detections(
        self,
        image: ImageArray,
        regions: Iterable[Region],
        attention_map: Optional[npt.NDArray[np.floating[Any]]] = None,
    ) -> ImageArray: ...

class SAM2Segmenter:
    def __init__(
        self,
        model_cfg: Optional[str] = None,
        checkpoint: Optional[PathLike] = None,
        device: Optional[str] = None,
        *,
        model_dir: Optional[PathLike] = None,
        threads: int = 0,
    ) -> None: ...
    @property
    def model_name(self) -> str: ...
    @property
    def device(self) -> str: ...
    @property
    def is_image_set(self) -> bool: ...
    def set_image(self, image: ImageArray) -> None: ...
    def segment_from_boxes(self, boxes: npt.ArrayLike, multimask_output: bool = False) -> List[Segmentation]: ...
    def segment_from_points(
        self,
        points: npt.ArrayLike,
        labels: Optional[npt.ArrayLike] = None,
        multimask_output: bool = True,
    ) -> List[Segmentation]: ...
    def segment_from_regions(self, regions: Iterable[Region], prompt_type: str = "box") -> List[Segmentation]: ...
    def visualize_masks(self, image: ImageArray, results: Iterable[Segmentation], alpha: float = 0.5) -> ImageArray: ...

class SimilarResult(TypedDict):
    image_name: str
    image_path: Optional[str]
    segmentations: List[Segmentation]
    regions: List[Region]
    similarity_map: npt.NDArray[np.float32]  # (H, W) in [0, 1]
    input_size: int
    timings: Dict[str, float]

class TrackedObject(TypedDict, total=False):
    id: int
    bbox: npt.NDArray[np.float64]
    area: int
    score: float
    mask: npt.NDArray[np.bool_]

class TrackedFrame(TypedDict):
    frame: int
    objects: List[TrackedObject]

class Track(TypedDict):
    id: int
    label: str
    first_frame: int
    frames: List[int]

class TrackResult(TypedDict, total=False):
    video: str
    frame_count: int
    fps: float
    width: int
    height: int
    keyframe: int
    objects: List[Track]
    frames: List[TrackedFrame]
    frames_tracked: int
    stopped: Optional[str]
    truncated: bool
    timings: Dict[str, float]
    saved_files: List[str]

class DinoSamPipeline:
    def __init__(
        self,
        dino_model: Optional[str] = None,
        sam2_config: Optional[str] = None,
        sam2_checkpoint: Optional[PathLike] = None,
        device: Optional[str] = None,
        *,
        dino_checkpoint: Optional[PathLike] = None,
        model_dir: Optional[PathLike] = None,
        threads: int = 0,
    ) -> None: ...
    @property
    def dino(self) -> DINOv2Detector: ...
    @property
    def sam2(self) -> SAM2Segmenter: ...
    @property
    def dino_model(self) -> str: ...
    @property
    def sam2_model(self) -> str: ...
    @property
    def device(self) -> str: ...
    def process_image(
        self,
        image_path: Union[PathLike, ImageArray, None] = None,
        num_objects: int = 5,
        prompt_type: str = "box",
        min_area: int = 100,
        attention_threshold: float = 0.6,
        visualize: bool = True,
        save_dir: Optional[PathLike] = None,
        *,
        image: Optional[ImageArray] = None,
        method: str = "attention",
        formats: Formats = None,
        cancel: CancelLike = None,
    ) -> ImageResult: ...
    def process_batch(
        self,
        image_paths: Union[PathLike, Iterable[PathLike]],
        save_dir: Optional[PathLike] = None,
        *,
        num_objects: int = 5,
        prompt_type: str = "box",
        min_area: int = 100,
        attention_threshold: float = 0.6,
        visualize: bool = True,
        method: str = "attention",
        formats: Formats = None,
        progress: Optional[Callable[[int, int, str, str, float], Any]] = None,
        cancel: CancelLike = None,
    ) -> List[ImageResult]: ...
    def segment_similar(
        self,
        example: Union[PathLike, ImageArray],
        *,
        box: Optional[Sequence[float]] = None,
        mask: Optional[npt.NDArray[Any]] = None,
        targets: Union[PathLike, ImageArray, Iterable[Union[PathLike, ImageArray]], None] = None,
        similarity_threshold: float = 0.5,
        max_instances: int = 5,
        min_area: int = 100,
        prompt_type: str = "box",
        cancel: CancelLike = None,
    ) -> List["SimilarResult"]: ...
    def track_video(
        self,
        video_path: PathLike,
        *,
        keyframe: int = 0,
        rediscover_every: int = 0,
        num_objects: int = 5,
        prompt_type: str = "box",
        min_area: int = 100,
        attention_threshold: float = 0.6,
        method: str = "attention",
        save_dir: Optional[PathLike] = None,
        overlay: str = "video",
        masks: bool = True,
        progress: Optional[Callable[[int, int], Any]] = None,
        cancel: CancelLike = None,
    ) -> TrackResult: ...
    def cache_stats(self) -> Dict[str, int]: ...
    def clear_cache(self) -> None: ...

def load_image(path: PathLike) -> ImageArray: ...
def dino_models() -> List[str]: ...
def sam2_models() -> List[str]: ...
def sam2_model_id(config: str) -> str: ...
def user_model_dir() -> str: ...
