#!/bin/sh
# tests/compat/run.sh VERSION... — builds tcpflow against another Wireshark
# release and runs the whole test suite there, in a Debian chroot:
#
#   4.0  bookworm (Debian 12)      4.4  trixie (Debian 13)      4.6  sid
#
# Each chroot is made once with debootstrap and kept in
# ${TCPFLOW_COMPAT_CACHE:-/var/cache/tcpflow-compat}/SUITE; later runs only
# refresh its packages.  The source tree is copied in (no build directory),
# built with CMake and tested with CTest as in .ci/run.  Needs root and
# debootstrap.  Prints one line per version and exits non-zero if any failed;
# the logs are in the cache folder (SUITE.log).
set -eu

SRC=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${TCPFLOW_COMPAT_CACHE:-/var/cache/tcpflow-compat}
MIRROR=${TCPFLOW_COMPAT_MIRROR:-http://deb.debian.org/debian}
# What the suite installs (.ci/run's list); clang's runtime is added by version.
PACKAGES="tshark wireshark-common libwireshark-dev libglib2.0-dev cmake make gcc libc6-dev pkg-config python3 \
tcpdump curl util-linux ca-certificates clang valgrind dpkg-dev iproute2 nftables ethtool"

suite_of() {
    case "$1" in
        4.0) echo bookworm ;;
        4.4) echo trixie ;;
        4.6) echo sid ;;
        *) echo "unknown Wireshark version $1 (4.0, 4.4, 4.6)" >&2; return 1 ;;
    esac
}

in_root() {   # in_root ROOT COMMAND...: runs a shell command inside the chroot
    root=$1; shift
    chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8 \
        DEBIAN_FRONTEND=noninteractive WIRESHARK_ABORT_ON_DISSECTOR_BUG=1 sh -c "$*"
}

# The root is bound onto itself so that `ip netns exec` (the namespace tests) can make it a mount
# of its own namespace; `ip netns add` then binds run/netns there.
mount_all() {
    mountpoint -q "$1" || mount --bind "$1" "$1"
    for d in proc sys dev dev/pts; do
        mountpoint -q "$1/$d" || mount --bind "/$d" "$1/$d"
    done
}

umount_all() {
    for d in run/netns dev/pts dev sys proc; do
        mountpoint -q "$1/$d" && umount -l "$1/$d" || true
    done
    mountpoint -q "$1" && umount -l "$1" || true
}

prepare() {   # prepare SUITE ROOT: a chroot with the suite's packages
    suite=$1 root=$2
    # sid's Release file may be past its Valid-Until date on a mirror snapshot.
    apt_opts="-o Acquire::Check-Valid-Until=false -o Dpkg::Use-Pty=0 -q"
    if [ ! -x "$root/usr/bin/apt-get" ]; then
        mkdir -p "$root"
        debootstrap --variant=minbase "$suite" "$root" "$MIRROR"
    fi
    mount_all "$root"
    in_root "$root" "apt-get $apt_opts update && apt-get $apt_opts install -y --no-install-recommends $PACKAGES"
    # libFuzzer and the sanitizers come with the runtime of clang's own version.
    in_root "$root" "v=\$(clang --version | sed -n 's/.*version \([0-9]*\).*/\1/p' | head -1);
                     apt-get $apt_opts install -y --no-install-recommends libclang-rt-\$v-dev || true"
}

run_version() {
    version=$1
    suite=$(suite_of "$version")
    root="$CACHE/$suite"
    log="$CACHE/$suite.log"
    mkdir -p "$CACHE"
    : > "$log"
    trap 'umount_all "$root"' EXIT INT TERM
    if ! prepare "$suite" "$root" >> "$log" 2>&1; then
        echo "Wireshark $version ($suite): FAILED to prepare the chroot (see $log)"
        umount_all "$root"
        return 1
    fi
    rm -rf "$root/tcpflow"
    mkdir -p "$root/tcpflow"
    (cd "$SRC" && git ls-files -z --cached --others --exclude-standard 2>/dev/null | xargs -0 tar cf - 2>/dev/null || tar cf - --exclude=./build .) |
        tar xf - -C "$root/tcpflow"
    # The real-capture corpus beside the source, where a CI checkout has it (../shared/realcaps).
    rm -rf "$root/shared"
    if [ -d "$SRC/../shared/realcaps" ]; then
        mkdir -p "$root/shared" && cp -r "$SRC/../shared/realcaps" "$root/shared/"
    fi
    got=$(in_root "$root" "tshark --version | head -1" 2>>"$log")
    start=$(date +%s)
    # The suite on the build users get (and the sanitized plugin for the capture fuzzer); the
    # real-capture corpus again with the stream check (tcpflow-input.c) on (77: no corpus here);
    # then the package for real: apt installs it, tshark lists it.
    if in_root "$root" "cd /tcpflow && cmake -S . -B build -DCMAKE_COMPILE_WARNING_AS_ERROR=ON \
                          -DTCPFLOW_SANITIZED_PLUGIN=ON &&
                        cmake --build build -j2 && ctest --test-dir build -j2 --output-on-failure &&
                        cmake -S . -B build-check -DTCPFLOW_CHECK_STREAMS=ON -DCMAKE_COMPILE_WARNING_AS_ERROR=ON &&
                        cmake --build build-check -j2 --target tcpflow &&
                        { TCPFLOW_PLUGIN=/tcpflow/build-check/tcpflow.so python3 tests/corpus.py > corpus-check.log;
                          rc=\$?; tail -1 corpus-check.log; [ \$rc = 0 ] || [ \$rc = 77 ]; } &&
                        cd build && cpack && apt-get install -y -q ./wireshark-tcpflow_*.deb &&
                        tshark -G plugins | grep '^tcpflow.so' && apt-get remove -y -q wireshark-tcpflow" \
            >> "$log" 2>&1; then
        result=passed
    else
        result=FAILED
    fi
    summary=$(grep -E "tests passed|tests failed" "$log" | tail -1)
    echo "Wireshark $version ($suite, $got): $result in $(( $(date +%s) - start )) s — $summary (log: $log)"
    # What failed, where only this summary reaches the reader (a CI log).
    [ "$result" = passed ] || grep -E '\*\*\*Failed|^FAIL|Error|error:' "$log" | head -40 | sed 's/^/    /'
    umount_all "$root"
    trap - EXIT INT TERM
    [ "$result" = passed ]
}

[ $# -gt 0 ] || { echo "usage: $0 VERSION... (4.0 4.4 4.6)" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "tests/compat/run.sh needs root (debootstrap, chroot)" >&2; exit 77; }
command -v debootstrap > /dev/null || { echo "tests/compat/run.sh needs debootstrap" >&2; exit 77; }
status=0
for v in "$@"; do
    run_version "$v" || status=1
done
exit $status
