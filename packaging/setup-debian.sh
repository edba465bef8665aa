#!/usr/bin/env bash
# Installs the Debian 12 packages DinoSam needs to build, test and run.
# Idempotent: installs only what is missing. Works as root or through sudo.
set -euo pipefail

packages=(
    build-essential cmake ninja-build ccache pkg-config git
    qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n
    libtorch-dev libopencv-dev libqcustomplot-dev
    # Tests write a CMYK JPEG with libjpeg (normally pulled in by libopencv-dev).
    libjpeg-dev
    # The VOC export writes palette PNGs with zlib (normally pulled in by libopencv-dev).
    zlib1g-dev
    # LibTorch 1.13 calls the system BLAS: without OpenBLAS it falls back to the
    # reference BLAS, ~30x slower.
    libopenblas0-openmp
    # Headless GUI tests and screenshots.
    xvfb xauth
    # Fuzzing and sanitizers with clang.
    clang libclang-rt-14-dev
    # Packaging and the model manager's download tests.
    dpkg-dev file python3
    # packaging/build-deb.sh validates the AppStream metainfo and the desktop entry.
    appstream desktop-file-utils
    # The cluster test (label cluster) starts a single-node Slurm: tests/cluster/slurm_array_test.sh.
    slurm-wlm munge
    # ...and parses the Kubernetes manifest (tests/cluster/k8s_manifest_test.py).
    python3-yaml
    # The Python module (python/): pybind11 and Debian's Python 3, numpy; pytest runs its tests.
    pybind11-dev python3-dev python3-numpy python3-pytest
)

if [[ $(id -u) -eq 0 ]]; then
    sudo_cmd=()
elif command -v sudo >/dev/null 2>&1; then
    sudo_cmd=(sudo)
else
    echo "setup-debian: run as root or install sudo" >&2
    exit 1
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "setup-debian: all ${#packages[@]} packages already installed"
    exit 0
fi

# Recommended packages too: the project is tested on machines set up that way.
echo "setup-debian: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q "${missing[@]}"
echo "setup-debian: done"
