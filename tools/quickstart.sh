#!/bin/sh
# One command from a fresh Debian 12 clone to tcpflow explaining a capture:
# installs what is missing from apt, builds, installs the plugin (the personal
# plugin folder, or the system one when run as root) and shows the seed capture.
#
#   tools/quickstart.sh [--zh]
#
# --zh: in Simplified Chinese, with a CJK font (fonts-noto-cjk) installed
# too, without which Wireshark's window shows every Chinese word as boxes.
set -eu
cd "$(dirname "$0")/.."
LANGUAGE=en
[ "${1:-}" = "--zh" ] && LANGUAGE=zh

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
PACKAGES="tshark libwireshark-dev libglib2.0-dev cmake pkg-config gcc make libc6-dev python3"
[ "$LANGUAGE" = zh ] && PACKAGES="$PACKAGES fonts-noto-cjk"
missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "Installing:$missing"
    $SUDO apt-get update
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y $missing
fi

cmake -S . -B build
cmake --build build -j "$(nproc)"
cmake --install build
echo
tools/tcpflow-show captures/seed-telnet-9502.pcap -o tcpflow.language:$LANGUAGE
