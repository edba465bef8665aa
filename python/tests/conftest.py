"""Shared fixtures of the dinosam Python tests.

CTest runs them with PYTHONPATH at the built package, DINOSAM_FIXTURES_DIR at the team's
fixtures (random-weight checkpoints) and DINOSAM_CLI at the built `dinosam` executable.
One pipeline is shared by the whole session: loading models and encoding the truck image
cost seconds, and the pipeline's stage cache makes later calls on the same pixels cheap.
"""

import os
import pathlib
import subprocess

import numpy as np
import pytest

import dinosam

HERE = pathlib.Path(__file__).resolve().parent
FIXTURES = pathlib.Path(os.environ.get("DINOSAM_FIXTURES_DIR", HERE.parents[2] / "shared" / "fixtures"))
DINO_CKPT = FIXTURES / "models" / "dinov2_vits14_reg4_random.pth"
SAM2_CKPT = FIXTURES / "models" / "sam2.1_hiera_tiny_random.pt"
TRUCK = FIXTURES / "images" / "truck.jpg"
DINO_ID = "dinov2_vits14_reg4"
SAM2_ID = "sam2.1_hiera_tiny"


def _require(path):
    if not path.is_file():
        pytest.fail(f"fixture missing: {path} (set DINOSAM_FIXTURES_DIR)")
    return path


@pytest.fixture(scope="session")
def fixture_paths():
    return {"dino": _require(DINO_CKPT), "sam2": _require(SAM2_CKPT), "truck": _require(TRUCK)}


@pytest.fixture(scope="session")
def pipeline(fixture_paths):
    return dinosam.DinoSamPipeline(dino_model=DINO_ID, sam2_config="sam2.1/sam2.1_hiera_t.yaml",
                                   sam2_checkpoint=fixture_paths["sam2"], device="cpu",
                                   dino_checkpoint=fixture_paths["dino"])


@pytest.fixture(scope="session")
def truck_result(pipeline, fixture_paths):
    """process_image on the truck with the CLI's parameters (except min_area: the original's 100)."""
    return pipeline.process_image(fixture_paths["truck"], num_objects=5, attention_threshold=0.6, min_area=100,
                                  prompt_type="box", visualize=False)


@pytest.fixture(scope="session")
def small_image(truck_result):
    """A 450x300 RGB image (the truck, every 4th pixel): cheap to post-process."""
    return np.ascontiguousarray(truck_result["image"][::4, ::4])


@pytest.fixture(scope="session")
def cli():
    path = os.environ.get("DINOSAM_CLI")
    if not path or not os.access(path, os.X_OK):
        pytest.fail("DINOSAM_CLI does not name the built dinosam executable (CTest sets it)")
    return path


def cli_model_args(fixture_paths):
    return ["--dino-checkpoint", str(fixture_paths["dino"]), "--dino-model", DINO_ID,
            "--sam2-checkpoint", str(fixture_paths["sam2"]), "--sam2-model", SAM2_ID]


def run_cli(cli_path, args, tmp_path):
    """Runs the CLI isolated from the user's model folders; returns the CompletedProcess."""
    env = dict(os.environ)
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    env.pop("DINOSAM_MODEL_DIR", None)
    return subprocess.run([cli_path, *args], capture_output=True, text=True, env=env, timeout=600)
