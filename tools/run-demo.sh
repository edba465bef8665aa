#!/usr/bin/env bash
# Runs `dinosam` on the bundled sample image, writing to build/demo-output.
# Uses the real checkpoints when they are installed (dinosam models download ...);
# otherwise, where the team's random-weight fixtures are present, uses those and says so
# (the masks are then meaningless, but every stage runs).
set -euo pipefail
cd "$(dirname "$0")/.."
cli=build/release/app/cli/dinosam
[[ -x $cli ]] || { echo "run-demo: $cli not built; run: cmake --workflow --preset release" >&2; exit 1; }
out=build/demo-output
args=(--save-dir "$out")
models_dir=${DINOSAM_MODEL_DIR:-$HOME/.cache/dinosam/models}
fixtures=../shared/fixtures/models
if [[ ! -f $models_dir/dinov2_vits14_pretrain.pth && -d $fixtures ]]; then
    echo "run-demo: real weights not found in $models_dir; using the random-weight fixture checkpoints"
    args+=(--dino-model dinov2_vits14_reg4 --dino-checkpoint "$fixtures/dinov2_vits14_reg4_random.pth"
           --sam2-checkpoint "$fixtures/sam2.1_hiera_tiny_random.pt")
fi
"$cli" "${args[@]}" "$@"
echo "run-demo: results in $out"
ls -la "$out"
