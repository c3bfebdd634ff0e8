#!/bin/sh
# Longer fuzzing runs than the test suite's bounded ones:
#   tools/fuzz.sh [SECONDS] [MUTANTS]
# runs the libFuzzer harness for SECONDS (default 600) and the capture fuzzer
# on MUTANTS mutated captures (default 2000), in build/.
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-600}
mutants=${2:-2000}
cmake -S . -B build -DTCPFLOW_SANITIZED_PLUGIN=ON > /dev/null   # the sanitized plugin the capture fuzzer loads
cmake --build build
mkdir -p build/fuzz-long/corpus
build/tests/tcpflow-fuzz -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
    build/fuzz-long/corpus tests/fuzz-corpus 2>&1 | tail -n 12
TCPFLOW_BUILD="$PWD/build" TCPFLOW_ASAN_PLUGIN="$PWD/build/asan/tcpflow.so" \
TCPFLOW_ASAN_RUNTIME="$(${CC:-gcc} -print-file-name=libasan.so)" \
    python3 tests/fuzz_captures.py --count "$mutants" --seed "$(date +%s)" --keep build/fuzz-long/crashes
