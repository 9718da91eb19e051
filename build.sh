#!/usr/bin/env bash
# NasML's one-command build. Usage:
#   ./build.sh            set up the machine (system packages) and build the solution (Release)
#   ./build.sh test       the above, then run every test
#   ./build.sh bench NAME the above, then run benchmark NAME (throughput, tuner-overhead, latency-table, fmnist, onnx, zero-cost)
#   ./build.sh run        the above, then run the Fashion-MNIST search sample with its default budget
#   ./build.sh pack       the above, then make the NuGet packages (artifacts/packages)
# The deep-learning engine is TorchSharp-cpu from NuGet (libtorch 2.10); no C++ toolchain is needed. On hosts whose
# libstdc++ predates GLIBCXX_3.4.32 (Debian 12) the build marks that requirement weak in the output copy of
# libLibTorchSharp.so (src/Microsoft.ML.Nas.Trainers/buildTransitive/Microsoft.ML.Nas.Trainers.targets).
# Idempotent: a second run with nothing to do only checks and exits quickly.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CONFIGURATION="${CONFIGURATION:-Release}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# ---- system packages (Debian) ----
# Fashion-MNIST for the samples and tests, the ONNX schema for the exporter; PyTorch only for the benchmarks.
SYSTEM_PACKAGES=(dataset-fashion-mnist libonnx-dev)
BENCH_PACKAGES=(python3-torch)

install_system_packages() {
    local missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    if ((${#missing[@]})); then
        log "installing system packages: ${missing[*]}"
        local sudo=""
        [[ $(id -u) -ne 0 ]] && sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

# ---- managed solution ----
build_managed() {
    log "building NasML.sln ($CONFIGURATION)"
    dotnet build "$ROOT/NasML.sln" -c "$CONFIGURATION" -nologo -clp:ErrorsOnly -v:quiet
}

setup_and_build() {
    install_system_packages "${SYSTEM_PACKAGES[@]}"
    build_managed
}

run_tests() {
    log "running tests"
    local failed=0 passed_total=0 failed_total=0 output
    output="$(mktemp)"
    for project in "$ROOT"/test/*/*.Tests.csproj; do
        dotnet test "$project" -c "$CONFIGURATION" --no-build -nologo -v:quiet \
            --logger "console;verbosity=normal" | tee "$output" || failed=1
        # VSTest's summary: "     Passed: N" / "     Failed: N".
        passed_total=$((passed_total + $(awk '/^ +Passed: [0-9]+$/ {n += $2} END {print n + 0}' "$output")))
        failed_total=$((failed_total + $(awk '/^ +Failed: [0-9]+$/ {n += $2} END {print n + 0}' "$output")))
    done
    rm -f "$output"
    echo "tests: $passed_total passed, $failed_total failed"
    return $failed
}

# ---- ONNX Runtime for the export tests (tools/onnx-runner, onnxruntime-node with its CPU binaries) ----
ONNX_RUNNER="$ROOT/tools/onnx-runner"

install_onnx_runner() {
    local stamp="$ONNX_RUNNER/node_modules/.package-lock.json"
    # npm writes node_modules/.package-lock.json on install: newer than the lock file means up to date.
    if [[ -f "$stamp" && "$stamp" -nt "$ONNX_RUNNER/package-lock.json" && -d "$ONNX_RUNNER/node_modules/onnxruntime-node" ]]; then
        return
    fi
    command -v npm >/dev/null || { echo "npm (Node.js) is needed for the ONNX export tests: install nodejs and npm" >&2; exit 1; }
    log "installing the ONNX Runtime test runner (npm ci --ignore-scripts in tools/onnx-runner)"
    # --ignore-scripts: the package's install script only downloads GPU providers; the CPU binaries ship in the package.
    (cd "$ONNX_RUNNER" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
}

command="${1:-build}"
case "$command" in
    build) setup_and_build ;;
    test) setup_and_build; install_onnx_runner; run_tests ;;
    bench)
        [[ $# -ge 2 ]] || { echo "usage: ./build.sh bench NAME" >&2; exit 2; }
        setup_and_build
        install_system_packages "${BENCH_PACKAGES[@]}"
        if [[ "$2" == onnx ]]; then install_onnx_runner; fi
        dotnet "$ROOT/bench/NasML.Benchmarks/bin/$CONFIGURATION/net10.0/NasML.Benchmarks.dll" "${@:2}"
        ;;
    run)
        setup_and_build
        dotnet "$ROOT/samples/FashionMnistNas/bin/$CONFIGURATION/net10.0/FashionMnistNas.dll" "${@:2}"
        ;;
    pack)
        setup_and_build
        log "packing Microsoft.ML.Nas and Microsoft.ML.Nas.Trainers into artifacts/packages"
        for project in Microsoft.ML.Nas Microsoft.ML.Nas.Trainers; do
            dotnet pack "$ROOT/src/$project/$project.csproj" -c "$CONFIGURATION" --no-build -nologo -v:quiet -o "$ROOT/artifacts/packages"
        done
        ;;
    *) echo "unknown command '$command' (build, test, bench NAME, run, pack)" >&2; exit 2 ;;
esac
