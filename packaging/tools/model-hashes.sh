#!/usr/bin/env bash
# Computes the SHA-256 and size of checkpoint files named like Meta's release files,
# to compare with (or re-confirm) the published values in the one model catalogue,
# core/models/catalog/modelcatalog.cpp.
#
#   packaging/tools/model-hashes.sh [DIR_OR_FILES...]    (default: the user model folder)
#
# To re-confirm a value: fetch the file with curl -fLO <URL> (the URLs are in the
# catalogue; `dinosam models download` refuses a file whose hash differs), ideally
# from two networks, run this script and compare with the catalogue's row.
# Only files named like an official release file are listed.
set -euo pipefail
args=("$@")
if ((${#args[@]} == 0)); then
    if [[ -n ${DINOSAM_MODEL_DIR:-} ]]; then args=("$DINOSAM_MODEL_DIR")
    else args=("${XDG_CACHE_HOME:-$HOME/.cache}/dinosam/models"); fi
fi
files=()
for a in "${args[@]}"; do
    if [[ -d $a ]]; then
        for f in "$a"/*.pth "$a"/*.pt; do [[ -f $f ]] && files+=("$f"); done
    elif [[ -f $a ]]; then
        files+=("$a")
    else
        echo "model-hashes: $a: no such file or folder" >&2; exit 1
    fi
done
official='^(dinov2_vit[sblg]14(_reg4)?_pretrain\.pth|sam2(\.1)?_hiera_(tiny|small|base_plus|large)\.pt)$'
n=0
for f in "${files[@]}"; do
    name=$(basename "$f")
    [[ $name =~ $official ]] || { echo "model-hashes: skipping $name (not an official file name)" >&2; continue; }
    sha=$(sha256sum "$f" | cut -d' ' -f1)
    size=$(stat -c %s "$f")
    printf '        {"%s", "%s", %s},\n' "$name" "$sha" "$size"
    n=$((n + 1))
done
((n > 0)) || { echo "model-hashes: no official checkpoint files found in ${args[*]}" >&2; exit 1; }
