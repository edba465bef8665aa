#!/bin/bash
# build.sh SRC_ROOT TORCH_PREFIX [extra include dir]: compiles the model sources once and links
# each check named in MAIN (default "cudacheck"; "cudacheck videocheck" builds both) as $OUTDIR/NAME.
set -euo pipefail
src=$1; torch=$2; extra=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
out=${OUTDIR:-$here/obj}; mkdir -p "$out"
read -r -a mains <<< "${MAIN:-cudacheck}"
inc=(-I"$src/core" -isystem "$torch/include" -isystem "$torch/include/torch/csrc/api/include")
[[ -n $extra ]] && inc+=(-I"$extra")
flags=(-std=c++20 ${OPT:--O2} -fPIC -DQT_NO_KEYWORDS -DDINOSAM_VERSION=\"check\" -D_GLIBCXX_USE_CXX11_ABI=${ABI:-1} -w)
models=("$src"/core/io/*.cpp "$src"/core/models/common/*.cpp "$src"/core/models/catalog/*.cpp
        "$src"/core/models/dinov2/*.cpp "$src"/core/models/sam2/*.cpp)
objs=()
cmds=()
object() { echo "$out/$(basename "$(dirname "$1")" | tr -d .)_$(basename "${1%.cpp}").o"; }
for f in "${models[@]}"; do objs+=("$(object "$f")"); cmds+=("g++ ${flags[*]} ${inc[*]} -c $f -o $(object "$f")"); done
for m in "${mains[@]}"; do cmds+=("g++ ${flags[*]} ${inc[*]} -c $here/$m.cpp -o $(object "$here/$m.cpp")"); done
printf '%s\n' "${cmds[@]}" | xargs -P "${JOBS:-16}" -I{} bash -c '{}'
libs=(-L"$torch/lib" -Wl,-rpath,"$torch/lib" -Wl,--no-as-needed -ltorch -ltorch_cpu -lc10)
[[ -e $torch/lib/libtorch_cuda.so ]] && libs+=(-ltorch_cuda -lc10_cuda)
for m in "${mains[@]}"; do
    g++ "$(object "$here/$m.cpp")" "${objs[@]}" "${libs[@]}" ${ZLIB:--lz} -o "$out/$m"
    echo built "$out/$m"
done
