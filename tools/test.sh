#!/bin/sh
# The test suite from a fresh clone: installs from apt what the tests use
# (as root, or through sudo), then builds and runs CTest.  Extra arguments go
# to the CMake configure step, e.g. tools/test.sh -DCMAKE_COMPILE_WARNING_AS_ERROR=ON.
# Without root or sudo it installs nothing; tests whose tools are missing
# are then skipped, and say so.
set -eu
cd "$(dirname "$0")/.."

# The build, the suite's tools (tcpdump and curl for the live tests, clang's
# runtime for the fuzzers, valgrind, dpkg-dev for the package test, iproute2, nftables
# and ethtool for the network-namespace tests, the Wireshark GUI with Xvfb, xdotool,
# xwd and ImageMagick for the GUI test).
PACKAGES="tshark wireshark-common libwireshark-dev libglib2.0-dev cmake make gcc libc6-dev pkg-config python3 \
tcpdump curl util-linux ca-certificates clang valgrind dpkg-dev iproute2 nftables ethtool \
wireshark-qt xvfb xauth xdotool x11-apps imagemagick"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo > /dev/null && sudo -n true 2> /dev/null && SUDO=sudo
fi
installed() { dpkg-query -W -f='${Status}' "$1" 2> /dev/null | grep -q "ok installed"; }

missing=""
for p in $PACKAGES; do
    installed "$p" || missing="$missing $p"
done
if [ -n "$missing" ] && { [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; }; then
    echo "Installing:$missing"
    $SUDO apt-get update
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing
fi
# libFuzzer and the sanitizers come with the runtime of clang's own version.
clang_version=$(clang --version 2> /dev/null | sed -n 's/.*version \([0-9]*\).*/\1/p' | head -1)
if [ -n "$clang_version" ] && ! installed "libclang-rt-$clang_version-dev" &&
   { [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; }; then
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        "libclang-rt-$clang_version-dev" || true
fi

cmake -S . -B build "$@"
cmake --build build -j "$(nproc)"
ctest --test-dir build -j "$(nproc)" --output-on-failure
