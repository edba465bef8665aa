#!/usr/bin/env bash
# Builds DinoSam's .deb with CPack, installs it, and smoke-tests the installed files:
#   dinosam --version, `dinosam models install/verify`, a headless run on the bundled
#   sample image (with the team's random-weight fixture checkpoints), the Python module
#   (import dinosam, process_image on the sample), and dinosam-studio starting offscreen.
#
# usage: packaging/build-deb.sh [BUILD_DIR] [--system] [--no-build] [--keep]
#   BUILD_DIR   default build/deb; configured here (Release, no tests/benchmarks) when
#               it has no CMakeCache.txt. An existing build dir (build/release) works too.
#   --system    install with apt-get (needs root; resolves dependencies) instead of
#               unpacking into a scratch root; the package stays installed.
#   --no-build  package what is already built.
#   --keep      keep the scratch root and outputs (printed at the end).
# Environment: DINOSAM_FIXTURES_DIR (default: the build's, else ../shared/fixtures),
#   DINOSAM_DEB_SMOKE_ARGS (replace the headless run's arguments; @IMAGE@, @OUT@ and
#   @MODELS@ are substituted).
# Exit status: 0 when everything passed; 1 with a list of what failed or is missing.
# Time (2 cores): ~65 s for package + checks after a build (90 s with --system); a first build of
# build/deb is what dominates (LibTorch translation units).
set -uo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
build=
system=0 nobuild=0 keep=0
for arg in "$@"; do
    case $arg in
        --system) system=1 ;;
        --no-build) nobuild=1 ;;
        --keep) keep=1 ;;
        -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "build-deb: unknown option $arg" >&2; exit 2 ;;
        *) build=$arg ;;
    esac
done
build=${build:-$src/build/deb}
[[ $build = /* ]] || build=$PWD/$build

problems=()
timings=()
t_start=$SECONDS
t_step=$SECONDS
fail() { problems+=("$*"); echo "build-deb: FAIL: $*" >&2; }
ok() { echo "build-deb: ok: $*"; }
step_done() { timings+=("$(printf '%-28s %4ds' "$1" $((SECONDS - t_step)))"); t_step=$SECONDS; }
finish() {
    echo
    echo "build-deb: timings"
    printf '  %s\n' "${timings[@]}"
    printf '  %-28s %4ds\n' total $((SECONDS - t_start))
    if ((keep)); then echo "build-deb: kept $work"; else rm -rf "$work"; fi
    if ((${#problems[@]})); then
        echo "build-deb: ${#problems[@]} problem(s):" >&2
        printf '  - %s\n' "${problems[@]}" >&2
        exit 1
    fi
    echo "build-deb: all checks passed: $deb"
    exit 0
}
work=$(mktemp -d "${TMPDIR:-/tmp}/dinosam-deb.XXXXXX")
deb=

for tool in cmake cpack dpkg-deb dpkg-shlibdeps; do
    command -v "$tool" >/dev/null || { fail "$tool not found (bash packaging/setup-debian.sh installs it)"; finish; }
done

# ---------------------------------------------------------------- configure and build
# The script builds first, so CPack's "preinstall" need not build `all` again; this also
# lets it package what did build when one executable fails (the failure is still reported).
if [[ ! -f $build/CMakeCache.txt ]]; then
    cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
        -DDINOSAM_BUILD_TESTS=OFF -DDINOSAM_BUILD_BENCH=OFF -DCMAKE_SKIP_INSTALL_ALL_DEPENDENCY=ON ||
        { fail "configure of $build failed"; finish; }
else
    cmake -DCMAKE_SKIP_INSTALL_ALL_DEPENDENCY=ON "$build" > "$work/configure.log" 2>&1 ||
        { cat "$work/configure.log" >&2; fail "configure of $build failed"; finish; }
fi
cmake --build "$build" --target help > "$work/targets" 2>/dev/null # (no `| grep -q`: SIGPIPE + pipefail)
have_target() { grep -Eq "^(\.\.\. )?$1(:| )" "$work/targets"; }
executables=()
for exe in dinosam dinosam-studio; do
    if have_target "$exe"; then
        executables+=("$exe")
    else
        fail "target '$exe' does not exist in this tree (app/${exe#dinosam-}: not written yet?); the package lacks it"
    fi
done
if ((!nobuild)); then
    if ! cmake --build "$build" > "$work/build.log" 2>&1; then
        grep -E "FAILED:|error:" "$work/build.log" | head -n 20 >&2
        fail "building $build failed (first errors above; full log $work/build.log)"
        # Whatever else can be built still gets packaged and checked.
        built=()
        for exe in "${executables[@]}"; do
            if cmake --build "$build" --target "$exe" >> "$work/build.log" 2>&1; then
                built+=("$exe")
            else
                fail "executable '$exe' does not build; the package lacks it"
            fi
        done
        executables=("${built[@]}")
    fi
fi
python_module=0
have_target _dinosam && python_module=1
((python_module)) || echo "build-deb: the Python module is not part of this build (pybind11-dev, python3-dev or python3-numpy missing at configure time); not packaged"
step_done "configure + build"

# ---------------------------------------------------------------- package
rm -rf "$build/packages"
(cd "$build" && cpack -G DEB -B "$build/packages") > "$work/cpack.log" 2>&1 || {
    cat "$work/cpack.log" >&2
    fail "cpack -G DEB failed (log above)"
    finish
}
deb=$(ls "$build"/packages/dinosam_*.deb 2>/dev/null | head -n1)
[[ -n $deb ]] || { fail "cpack produced no dinosam_*.deb"; finish; }
ok "built $(basename "$deb") ($(du -h "$deb" | cut -f1))"
step_done "cpack"

# ---------------------------------------------------------------- inspect
field() { dpkg-deb -f "$deb" "$1"; }
echo "  Package: $(field Package)  Version: $(field Version)  Section: $(field Section)"
echo "  Depends: $(field Depends)"
[[ $(field Package) == dinosam ]] || fail "package name is '$(field Package)', expected dinosam"
[[ $(field Section) == graphics ]] || fail "section is '$(field Section)', expected graphics"
depends=$(field Depends)
[[ $depends == *libopenblas0-openmp* ]] || fail "Depends lacks libopenblas0-openmp"
if ((${#executables[@]})); then
    # dpkg-shlibdeps ran: the libraries the executables link must appear.
    [[ $depends == *libtorch* && $depends == *libqt6core6* && $depends == *libc6* ]] ||
        fail "Depends lacks shlibdeps-generated entries (libtorch, libqt6core6, libc6): $depends"
fi
dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|' > "$work/contents"
expect=(/usr/share/applications/io.github.dinosam.Studio.desktop
        /usr/share/metainfo/io.github.dinosam.Studio.metainfo.xml
        /usr/share/icons/hicolor/scalable/apps/io.github.dinosam.Studio.svg
        /usr/share/icons/hicolor/48x48/apps/io.github.dinosam.Studio.png
        /usr/share/icons/hicolor/256x256/apps/io.github.dinosam.Studio.png
        /usr/share/dinosam/samples/truck.jpg
        /usr/share/doc/dinosam/copyright)
for exe in "${executables[@]}"; do expect+=("/usr/bin/$exe"); done
pydir=/usr/lib/python3/dist-packages/dinosam
if ((python_module)); then
    expect+=("$pydir/__init__.py" "$pydir/__init__.pyi" "$pydir/py.typed")
    grep -Eq "^$pydir/_dinosam\..*\.so$" "$work/contents" || fail "package lacks $pydir/_dinosam.*.so"
fi
for f in "${expect[@]}"; do
    grep -qx "$f" "$work/contents" || fail "package lacks $f"
done
ok "package contents checked (${#expect[@]} paths)"

# ---------------------------------------------------------------- install
if ((system)); then
    if [[ $(id -u) -ne 0 ]]; then fail "--system needs root"; finish; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$deb" > "$work/apt.log" 2>&1 || {
        cat "$work/apt.log" >&2; fail "apt-get install $deb failed"; finish; }
    root=/
    prefix=/usr
    ok "installed into the system (apt-get remove dinosam removes it)"
else
    root=$work/root
    dpkg-deb -x "$deb" "$root" || { fail "dpkg-deb -x failed"; finish; }
    prefix=$root/usr
    # The scratch run uses this machine's libraries: they must be the ones the package asks for.
    IFS=',' read -ra deps <<< "$depends"
    for dep in "${deps[@]}"; do
        satisfied=0
        IFS='|' read -ra alternatives <<< "$dep"
        for alt in "${alternatives[@]}"; do
            name=$(echo "$alt" | sed 's/(.*//; s/ //g')
            dpkg-query -W -f='${Status}' "$name" 2>/dev/null | grep -q "install ok installed" && satisfied=1
        done
        ((satisfied)) || fail "dependency not installed on this machine: $dep"
    done
    ok "unpacked into scratch root $root; all Depends installed here"
fi
step_done "install"

# ---------------------------------------------------------------- metadata
if command -v appstreamcli >/dev/null; then
    if ((system)); then
        appstreamcli validate --no-net "$prefix/share/metainfo/io.github.dinosam.Studio.metainfo.xml"
    else
        # The whole tree: metainfo, and the desktop entry and icon it points to.
        appstreamcli validate-tree --no-net "$root"
    fi > "$work/appstream.log" 2>&1 &&
        ok "appstreamcli validate" || { cat "$work/appstream.log" >&2; fail "AppStream metainfo invalid"; }
else
    echo "build-deb: appstreamcli not installed; metainfo not validated"
fi
if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$prefix/share/applications/io.github.dinosam.Studio.desktop" &&
        ok "desktop-file-validate" || fail "desktop entry invalid"
fi

# ---------------------------------------------------------------- smoke tests
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
cli=$prefix/bin/dinosam
studio=$prefix/bin/dinosam-studio
if [[ -x $cli ]]; then
    out=$("$cli" --version 2>&1) && [[ $out == *"$version"* ]] &&
        ok "dinosam --version: $out" || fail "dinosam --version failed or lacks $version: $out"

    fixtures=${DINOSAM_FIXTURES_DIR:-$(sed -n 's/^DINOSAM_FIXTURES_DIR:PATH=//p' "$build/CMakeCache.txt")}
    fixtures=${fixtures:-$src/../shared/fixtures}
    models=$work/models
    dino=$fixtures/models/dinov2_vits14_reg4_random.pth
    sam=$fixtures/models/sam2.1_hiera_tiny_random.pt
    if [[ -f $dino && -f $sam ]]; then
        # The fixtures are random weights, not Meta's files: installed as the user's own
        # checkpoints (--own, unverified); installing them as official files must fail.
        if ! "$cli" models install "$dino" --as dinov2_vits14_reg4 --dir "$models" > "$work/models.log" 2>&1 &&
           grep -q "SHA-256 mismatch" "$work/models.log" &&
           "$cli" models install "$dino" --as dinov2_vits14_reg4 --own --dir "$models" >> "$work/models.log" 2>&1 &&
           "$cli" models install sam2.1_hiera_tiny "$sam" --own --dir "$models" >> "$work/models.log" 2>&1 &&
           "$cli" models verify --dir "$models" >> "$work/models.log" 2>&1; then
            ok "dinosam models install (official refused, --own accepted) + verify (fixture checkpoints)"
        else
            cat "$work/models.log" >&2
            fail "dinosam models install/verify failed"
        fi
        image=$prefix/share/dinosam/samples/truck.jpg
        outdir=$work/out
        if [[ -n ${DINOSAM_DEB_SMOKE_ARGS:-} ]]; then
            args=${DINOSAM_DEB_SMOKE_ARGS//@IMAGE@/$image}
            args=${args//@OUT@/$outdir}
            args=${args//@MODELS@/$models}
            read -ra smoke <<< "$args"
        else
            # The models installed above, found by id in the model folder.
            smoke=(--save-dir "$outdir" --model-dir "$models"
                   --dino-model dinov2_vits14_reg4 --sam2-model sam2.1_hiera_tiny "$image")
        fi
        if DINOSAM_MODEL_DIR=$models timeout 600 "$cli" "${smoke[@]}" > "$work/run.log" 2>&1 &&
           [[ -n $(ls -A "$outdir" 2>/dev/null) ]]; then
            ok "headless run on the sample image: $(ls "$outdir" | tr '\n' ' ')"
        else
            tail -n 20 "$work/run.log" >&2
            fail "headless run failed: dinosam ${smoke[*]}"
        fi
    else
        fail "fixture checkpoints not found in $fixtures/models (set DINOSAM_FIXTURES_DIR)"
    fi
fi
step_done "cli smoke tests"

# ---------------------------------------------------------------- python smoke test
if ((python_module)) && [[ -f ${dino:-} && -f ${sam:-} ]]; then
    pyout=$work/pyout
    if PYTHONPATH=$root$pydir/.. timeout 600 /usr/bin/python3 - "$dino" "$sam" "$prefix/share/dinosam/samples/truck.jpg" \
        "$pyout" "$root" > "$work/python.log" 2>&1 <<'PY'
import sys
import dinosam
dino, sam, image, out, root = sys.argv[1:6]
assert dinosam.__file__.startswith(root), dinosam.__file__  # the packaged module, not a build tree
p = dinosam.DinoSamPipeline(dino_model="dinov2_vits14_reg4", sam2_config="sam2.1/sam2.1_hiera_t.yaml",
                            sam2_checkpoint=sam, dino_checkpoint=dino, device="cpu")
r = p.process_image(image, save_dir=out)
print(repr(p), len(r["segmentations"]), "objects", sorted(r["saved_files"])[:3])
PY
    then
        ok "python3: import dinosam + process_image on the sample image: $(tail -n1 "$work/python.log")"
    else
        tail -n 20 "$work/python.log" >&2
        fail "python smoke test failed (import dinosam from $root$pydir)"
    fi
fi
step_done "python smoke test"

if [[ -x $studio ]]; then
    export QT_QPA_PLATFORM=offscreen
    if "$studio" --help 2>&1 | grep -q -- --smoke-test; then
        timeout 300 "$studio" --smoke-test > "$work/studio.log" 2>&1
        rc=$?
        ((rc == 0)) && ok "dinosam-studio --smoke-test (offscreen)" ||
            { tail -n 20 "$work/studio.log" >&2; fail "dinosam-studio --smoke-test exited $rc"; }
    else
        # No smoke-test flag: it must start and still be running (event loop up) after 15 s.
        timeout 15 "$studio" > "$work/studio.log" 2>&1
        rc=$?
        ((rc == 124 || rc == 0)) && ok "dinosam-studio started offscreen (ran 15 s, stopped by timeout)" ||
            { tail -n 20 "$work/studio.log" >&2; fail "dinosam-studio exited $rc within 15 s offscreen"; }
    fi
fi
step_done "studio smoke test"
finish
