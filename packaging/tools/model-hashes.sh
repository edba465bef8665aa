#!/usr/bin/env bash
# Computes the SHA-256 and size of Meta's checkpoint files, printed as the rows
# of the `known` table in core/modelmanager/modelcatalog.cpp.
#
#   packaging/tools/model-hashes.sh [DIR_OR_FILES...]    (default: the user model folder)
#
# Maintainer's procedure (on a machine with network access):
#   1. dinosam models download dinov2_vits14 dinov2_vits14_reg4 ... sam2.1_hiera_large
#      (or curl -fLO each URL that `dinosam models list` implies; every download is
#      checked by content: zip CRCs and the expected tensor names and shapes)
#   2. ideally repeat from a second network/machine and compare the output
#   3. packaging/tools/model-hashes.sh > rows.txt; paste the rows into `known`
#   4. rebuild; `dinosam models list` then shows "published" in the SHA-256 column,
#      and downloads whose hash differs are refused.
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
