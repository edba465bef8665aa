#!/bin/bash
# run-all.sh [extra include dir, e.g. one holding zlib.h]: on a machine with pip's CUDA torch,
# builds cudacheck and videocheck against it and runs both, sampling the GPU's memory beside
# videocheck. Logs go to $OUT (default /tmp/cuda-check-out). Exit status: videocheck's.
set -u
cd "$(dirname "$0")/../.."
out=${OUT:-/tmp/cuda-check-out}; mkdir -p "$out"
T=$(python3 -c "import torch,os;print(os.path.dirname(torch.__file__))")
ABI=$(python3 -c "import torch;print(int(torch._C._GLIBCXX_USE_CXX11_ABI))")
ZL=$(ls /lib/x86_64-linux-gnu/libz.so.1 /usr/lib/x86_64-linux-gnu/libz.so.1 2>/dev/null | head -1)
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
echo "cores: $(nproc), torch $(python3 -c 'import torch;print(torch.__version__)')"
export ABI OUTDIR=/tmp/cuda-check-build ZLIB=${ZL:--lz} JOBS=$(nproc) MAIN="cudacheck videocheck"
start=$(date +%s)
bash tools/cuda-check/build.sh . "$T" "${1:-}" > "$out/build.log" 2>&1 || { tail -40 "$out/build.log"; exit 1; }
echo "build: $(( $(date +%s) - start )) s"
/tmp/cuda-check-build/cudacheck 2>&1 | tee "$out/cudacheck.log"
nvidia-smi --query-gpu=timestamp,memory.used --format=csv,noheader,nounits -lms 200 > "$out/gpumem.txt" &
smi=$!
/tmp/cuda-check-build/videocheck 2>&1 | tee "$out/videocheck.log"
status=${PIPESTATUS[0]}
kill $smi
awk -F', ' '$2 > m {m = $2} END {print "GPU memory used, peak MiB: " m}' "$out/gpumem.txt"
echo "total: $(( $(date +%s) - start )) s"
exit $status
