#!/bin/bash
# build.sh SRC_ROOT TORCH_PREFIX [extra include dir]: compiles the model sources and cudacheck.cpp.
set -euo pipefail
src=$1; torch=$2; extra=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
out=${OUTDIR:-$here/obj}; mkdir -p "$out"
inc=(-I"$src/core" -isystem "$torch/include" -isystem "$torch/include/torch/csrc/api/include")
[[ -n $extra ]] && inc+=(-I"$extra")
flags=(-std=c++20 -O2 -fPIC -DQT_NO_KEYWORDS -DDINOSAM_VERSION=\"check\" -D_GLIBCXX_USE_CXX11_ABI=${ABI:-1} -w)
files=("$here/cudacheck.cpp" "$src"/core/io/*.cpp "$src"/core/models/common/*.cpp "$src"/core/models/dinov2/*.cpp "$src"/core/models/sam2/*.cpp)
objs=()
cmds=()
for f in "${files[@]}"; do
    o="$out/$(basename "$(dirname "$f")" | tr -d .)_$(basename "${f%.cpp}").o"
    objs+=("$o")
    cmds+=("g++ ${flags[*]} ${inc[*]} -c $f -o $o")
done
printf '%s\n' "${cmds[@]}" | xargs -P "${JOBS:-16}" -I{} bash -c '{}'
libs=(-L"$torch/lib" -Wl,-rpath,"$torch/lib" -Wl,--no-as-needed -ltorch -ltorch_cpu -lc10)
[[ -e $torch/lib/libtorch_cuda.so ]] && libs+=(-ltorch_cuda -lc10_cuda)
g++ "${objs[@]}" "${libs[@]}" ${ZLIB:--lz} -o "$out/cudacheck"
echo built "$out/cudacheck"
