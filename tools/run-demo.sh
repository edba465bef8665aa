#!/usr/bin/env bash
# The end of the README's first command: DinoSam on the bundled sample image.
#  - With a display ($DISPLAY or $WAYLAND_DISPLAY) DinoSam Studio opens on the sample.
#    Without one the CLI demo runs instead and writes build/demo-output (it says why).
#  - Models: the default pair of the model catalogue (`dinosam models path default`).
#    When they are not installed, the team's random-weight fixture checkpoints are used
#    where ../shared/fixtures has them (masks meaningless, every stage runs); otherwise
#    `dinosam models download default` fetches them first: it says how much it will
#    download, shows progress, resumes an interrupted download and accepts a file only
#    when its size and SHA-256 match the published ones. Without a network it fails
#    within seconds, naming the URLs and `dinosam models install FILE`.
# Environment: DINOSAM_CLI, DINOSAM_STUDIO (the binaries), DINOSAM_MODEL_DIR (model
# folder), DINOSAM_MODEL_URL_BASE (download base instead of Meta's server; tests point
# it at a closed local port), DINOSAM_DEMO_FIXTURES (fixture folder; tests disable it).
# Extra arguments go to dinosam / dinosam-studio.
set -euo pipefail
cd "$(dirname "$0")/.."
cli=${DINOSAM_CLI:-build/release/app/cli/dinosam}
studio=${DINOSAM_STUDIO:-build/release/app/studio/dinosam-studio}
sample=resources/samples/truck.jpg
[[ -x $cli ]] || { echo "run-demo: $cli not built; run: cmake --workflow --preset release" >&2; exit 1; }
fixtures=${DINOSAM_DEMO_FIXTURES:-../shared/fixtures/models}

gui=1
if [[ -z ${DISPLAY:-} && -z ${WAYLAND_DISPLAY:-} ]]; then
    gui=0
    echo "run-demo: no display (neither DISPLAY nor WAYLAND_DISPLAY is set): running the command-line demo instead of DinoSam Studio"
elif [[ ! -x $studio ]]; then
    gui=0
    echo "run-demo: $studio not built: running the command-line demo instead"
fi

model_args=()
if ! "$cli" models path default > /dev/null 2>&1; then
    dino_fixture=$fixtures/dinov2_vits14_reg4_random.pth
    sam_fixture=$fixtures/sam2.1_hiera_tiny_random.pt
    if [[ -f $dino_fixture && -f $sam_fixture ]]; then
        echo "run-demo: the default models are not installed in $("$cli" models path); using the random-weight" \
             "fixture checkpoints of $fixtures (the masks are meaningless, every stage runs)"
        model_args=(--dino-checkpoint "$dino_fixture" --sam2-checkpoint "$sam_fixture")
    else
        echo "run-demo: the default models are not installed in $("$cli" models path); downloading them"
        if ! "$cli" models download default; then
            echo "run-demo: the models could not be downloaded (see above); nothing was run." >&2
            echo "run-demo: once the files are there (dinosam models install FILE), run tools/run-demo.sh again." >&2
            exit 3
        fi
    fi
fi

if ((gui)); then
    echo "run-demo: opening DinoSam Studio on $sample"
    exec "$studio" "${model_args[@]}" "$@" "$sample"
fi
out=build/demo-output
"$cli" --save-dir "$out" "${model_args[@]}" "$@"
echo "run-demo: results in $out"
ls -la "$out"
