#!/bin/sh
# Screenshot of the real DinoSam Studio window under Xvfb, with the truck fixture
# segmented by the real pipeline (random-weight checkpoints from the shared fixtures).
#
#   tools/screenshot-studio.sh [BUILD_DIR] [OUTPUT.png] [LANGUAGE] [SCENE]
#
# BUILD_DIR defaults to build/ui, OUTPUT to BUILD_DIR/studio-screenshot.png.
# SCENE: window (default), zoom (masks at pixel level), language (started in
# LANGUAGE, switched to German), welcome (the first-run welcome: started without models),
# labels (objects labelled in the list's Label column), similar (Find similar: the
# similarity map, its histogram and the suggestions), video (the bedroom frames opened as a
# video, discovered on frame 1 and tracked forward).
# Settings go to a throw-away folder, so the user's own settings are untouched.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build/ui}
out=${2:-$build/studio-screenshot.png}
lang=${3:-en}
scene=${4:-window}
fixtures=${DINOSAM_FIXTURES_DIR:-$here/../shared/fixtures}
studio=$build/app/studio/dinosam-studio
[ -x "$studio" ] || { echo "build dinosam-studio first: ninja -C $build dinosam-studio" >&2; exit 2; }
for f in models/dinov2_vits14_reg4_random.pth models/sam2.1_hiera_tiny_random.pt images/truck.jpg; do
    [ -f "$fixtures/$f" ] || { echo "missing fixture: $fixtures/$f" >&2; exit 2; }
done
input=$fixtures/images/truck.jpg
[ "$scene" = video ] && input=$fixtures/videos/bedroom
config=$(mktemp -d)
trap 'rm -rf "$config"' EXIT
if [ "$scene" = welcome ]; then
    # No models anywhere: an empty model folder.
    DINOSAM_MODEL_DIR=$config/models XDG_CACHE_HOME=$config/cache XDG_CONFIG_HOME=$config \
    xvfb-run -a -s "-screen 0 1920x1080x24" \
        "$studio" --language "$lang" --dino-model dinov2_vits14_reg4 --sam2-model sam2.1_hiera_tiny \
        --screenshot "$out" --screenshot-scene welcome
else
    XDG_CONFIG_HOME=$config OMP_NUM_THREADS=${OMP_NUM_THREADS:-2} \
    xvfb-run -a -s "-screen 0 1920x1080x24" \
        "$studio" --language "$lang" \
        --dino-model dinov2_vits14_reg4 --dino-checkpoint "$fixtures/models/dinov2_vits14_reg4_random.pth" \
        --sam2-model sam2.1_hiera_tiny --sam2-checkpoint "$fixtures/models/sam2.1_hiera_tiny_random.pt" \
        --screenshot "$out" --screenshot-scene "$scene" "$input"
fi
echo "wrote $out"
