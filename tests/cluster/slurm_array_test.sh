#!/usr/bin/env bash
# The Slurm path for real: a single-node Slurm on localhost (munged, slurmctld, slurmd, all
# started here with a generated slurm.conf in a temporary folder and stopped by the trap),
# the shipped packaging/cluster/dinosam-array.sbatch submitted as a 3-task array over a folder
# of fixture images, then: every image processed exactly once, and the merged COCO valid.
#
#   slurm_array_test.sh DINOSAM_BIN SOURCE_DIR FIXTURES_DIR
#
# Needs root (the daemons run as root here) and Debian's slurm-wlm + munge (installed by
# packaging/setup-debian.sh; installed here with apt-get if missing, which needs the network).
# No network otherwise: everything talks over 127.0.0.1.
set -euo pipefail

dinosam=$(readlink -f "$1")
source_dir=$(readlink -f "$2")
fixtures=$(readlink -f "$3")
shards=3
timeout_s=${DINOSAM_SLURM_TIMEOUT:-900}

say() { echo "slurm-test: $*"; }
die() { echo "slurm-test: FAIL: $*" >&2; exit 1; }

[[ $(id -u) -eq 0 ]] || die "must run as root (starts munged, slurmctld and slurmd)"
for f in "$dinosam" "$fixtures/models/dinov2_vits14_reg4_random.pth" "$fixtures/models/sam2.1_hiera_tiny_random.pt"; do
    [[ -e $f ]] || die "missing $f"
done
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
    say "installing slurm-wlm and munge"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends slurm-wlm munge ||
        die "slurm-wlm/munge missing and apt-get could not install them (run packaging/setup-debian.sh)"
fi

work=$(mktemp -d /tmp/dinosam-slurm-test.XXXXXX)
chmod 0700 "$work"
pids=()
cleanup() {
    local rc=$?
    if [[ -n ${SLURM_CONF:-} ]] && [[ -e $SLURM_CONF ]]; then
        scancel --quiet --full --signal=KILL --user=root >/dev/null 2>&1 || true
    fi
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    done
    if [[ $rc -ne 0 ]]; then
        for log in "$work"/*.log "$work"/logs/*; do
            [[ -f $log ]] || continue
            echo "----- $log (last 40 lines)"
            tail -n 40 "$log"
        done
    fi
    rm -rf "$work"
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# 1. munged with its own key and socket.
mkdir -p "$work/munge" "$work/state" "$work/spool" "$work/logs" "$work/in" "$work/out" "$work/cache"
chmod 0711 "$work/munge"
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
chmod 0400 "$work/munge/munge.key"
socket="$work/munge/munge.socket"
munged --foreground --force --key-file="$work/munge/munge.key" --socket="$socket" \
    --pid-file="$work/munge/munged.pid" --log-file="$work/munged.log" --seed-file="$work/munge/munge.seed" >"$work/munged.out" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [[ -S $socket ]] && break; sleep 0.1; done
[[ -S $socket ]] || die "munged did not start"
munge --socket="$socket" -n | unmunge --socket="$socket" >/dev/null || die "munge round trip failed"

# 2. slurm.conf: one node (this machine) with 3 CPUs so the 3 tasks run side by side.
node=$(hostname -s)
ctld_port=$(free_port)
slurmd_port=$(free_port)
export SLURM_CONF="$work/slurm.conf"
cat >"$SLURM_CONF" <<CONF
ClusterName=dinosamtest
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$socket
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
SlurmdParameters=config_overrides
MailProg=/bin/true
TmpFS=$work/spool
NodeName=$node NodeAddr=127.0.0.1 CPUs=$shards RealMemory=2000 State=UNKNOWN
PartitionName=test Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF

slurmctld -D -i -f "$SLURM_CONF" >"$work/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" -N "$node" >"$work/slurmd.out" 2>&1 &
pids+=($!)
ready=0
for _ in $(seq 300); do
    if sinfo -h -N -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then ready=1; break; fi
    sleep 0.2
done
[[ $ready -eq 1 ]] || die "the Slurm node did not become idle: $(sinfo -N 2>&1 || true)"
say "single-node Slurm up on $node (slurmctld :$ctld_port, slurmd :$slurmd_port)"

# 3. The input folder: the fixture images, each twice under another name (6 images, 2 per shard).
images=()
for f in "$fixtures"/images/*.jpg; do
    b=$(basename "$f" .jpg)
    cp "$f" "$work/in/$b.jpg"
    cp "$f" "$work/in/${b}_copy.jpg"
    images+=("$b.jpg" "${b}_copy.jpg")
done
[[ ${#images[@]} -ge $shards ]] || die "too few fixture images in $fixtures/images"

# 4. The shipped array script, as a user would submit it; sbatch --wait returns when all tasks ended.
export DINOSAM_BIN="$dinosam" DINOSAM_CACHE_DIR="$work/cache"
set +e
timeout "$timeout_s" sbatch --wait --quiet --array=0-$((shards - 1)) --cpus-per-task=1 --mem=500M \
    --output="$work/logs/task-%a.log" --chdir="$work" \
    "$source_dir/packaging/cluster/dinosam-array.sbatch" "$work/in" "$work/out" \
    --dino-checkpoint "$fixtures/models/dinov2_vits14_reg4_random.pth" --dino-model dinov2_vits14_reg4 \
    --sam2-checkpoint "$fixtures/models/sam2.1_hiera_tiny_random.pt" --min-area 50 --format coco
rc=$?
set -e
[[ $rc -ne 124 ]] || die "the array job did not finish within ${timeout_s} s"
[[ $rc -eq 0 ]] || die "the array job failed (sbatch --wait exit $rc)"

# 5. Every task ran its shard; every image exactly once; the merged COCO is valid.
for ((k = 0; k < shards; ++k)); do
    log="$work/logs/task-$k.log"
    [[ -f $log ]] || die "no log of array task $k"
    grep -q "shard $k/$shards" "$log" || die "task $k did not run shard $k/$shards"
done
cat "$work"/logs/task-*.log | sed -n 's/^\[[0-9]*\/[0-9]*\] \([^:]*\): .*/\1/p' | sort >"$work/processed.txt"
printf '%s\n' "${images[@]}" | sort >"$work/expected.txt"
diff -u "$work/expected.txt" "$work/processed.txt" >&2 || die "images not processed exactly once (expected vs processed above)"
markers=$(find "$work/out/.dinosam-done" -name '*.done' | wc -l)
[[ $markers -eq ${#images[@]} ]] || die "$markers done-markers for ${#images[@]} images"

"$dinosam" merge-coco -o "$work/out/merged_coco.json" "$work/out" || die "merge-coco failed"
python3 - "$work/out/merged_coco.json" "$work/expected.txt" <<'PY' || die "the merged COCO is not valid"
import json, sys
coco = json.load(open(sys.argv[1]))
expected = sorted(l.strip() for l in open(sys.argv[2]) if l.strip())
images = coco["images"]
assert sorted(i["file_name"] for i in images) == expected, "file names differ from the input folder"
assert [i["id"] for i in images] == list(range(1, len(images) + 1)), "image ids are not 1..N"
for i in images:
    assert i["width"] > 0 and i["height"] > 0
cats = {c["id"] for c in coco["categories"]}
anns = coco["annotations"]
assert [a["id"] for a in anns] == list(range(1, len(anns) + 1)), "annotation ids are not 1..M"
sizes = {i["id"]: (i["height"], i["width"]) for i in images}
for a in anns:
    assert a["image_id"] in sizes, "annotation %d: unknown image" % a["id"]
    assert a["category_id"] in cats
    assert a["segmentation"]["size"] == list(sizes[a["image_id"]]), "annotation %d: mask size" % a["id"]
    assert sum(a["segmentation"]["counts"]) == sizes[a["image_id"]][0] * sizes[a["image_id"]][1]
print("slurm-test: merged COCO: %d images, %d annotations" % (len(images), len(anns)))
PY
say "PASS: ${#images[@]} images over $shards array tasks, each exactly once"
