#!/bin/sh
# Runs Wireshark's own tools/checkAPIs.pl over the plugin's sources, as
# Wireshark's build runs it over its dissectors and plugins: the default
# groups (prohibited, deprecated, soft-deprecated), the calls that end the
# program (dissectors-prohibited: abort, assert, exit, g_error ...) and, for
# everything but the tshark statistics output, printing to the terminal
# (dissectors-restricted).  Prints what it finds; exits non-zero on any
# finding.
#
# The script comes from the source package of the Wireshark release
# installed (Debian's archive, the one network source this needs) and is
# kept in build/checkapis.  TCPFLOW_CHECKAPIS=/path/to/checkAPIs.pl uses a
# copy at hand instead.
set -eu
cd "$(dirname "$0")/.."

fetch() {   # fetch DIR: DIR/checkAPIs.pl from the installed release's source package
    dir=$1 tmp=$(mktemp -d)
    mkdir -p "$tmp/parts" "$tmp/lists/partial" "$tmp/archives/partial"
    # The system's deb sources as deb-src ones (one-line and deb822 formats).
    sed -n 's/^deb /deb-src /p' /etc/apt/sources.list > "$tmp/parts/src.list" 2> /dev/null || true
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] && sed 's/^Types: deb$/Types: deb-src/' "$f" > "$tmp/parts/$(basename "$f")"
    done
    for f in /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] && sed -n 's/^deb /deb-src /p' "$f" > "$tmp/parts/$(basename "$f")"
    done
    apt_opts="-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts=$tmp/parts -o Dir::State::Lists=$tmp/lists
              -o Dir::Cache::Archives=$tmp/archives -o Debug::NoLocking=1 -q"
    apt-get $apt_opts update > "$tmp/update.log" 2>&1 || { cat "$tmp/update.log" >&2; exit 1; }
    version=$(dpkg-query -W -f='${source:Version}' libwireshark-dev)
    url=$(apt-get $apt_opts source --print-uris "wireshark=$version" | sed -n "s/^'\([^']*orig\.tar[^']*\)'.*/\1/p")
    [ -n "$url" ] || { echo "no wireshark $version source package found" >&2; exit 1; }
    curl -sSfL -o "$tmp/orig.tar" "$url"
    tar xf "$tmp/orig.tar" -C "$tmp" --wildcards '*/tools/checkAPIs.pl'
    mkdir -p "$dir"
    mv "$tmp"/*/tools/checkAPIs.pl "$dir/checkAPIs.pl"
    rm -rf "$tmp"
}

script=${TCPFLOW_CHECKAPIS:-build/checkapis/checkAPIs.pl}
[ -f "$script" ] || fetch "$(dirname "$script")"

sources=$(ls packet-tcpflow.[ch] tcpflow-*.[ch])
dissector_sources=$(ls packet-tcpflow.[ch] tcpflow-*.[ch] | grep -v '^tcpflow-stats\.c$')
out=$( { perl "$script" -g dissectors-prohibited $sources
         perl "$script" -g dissectors-restricted $dissector_sources; } 2>&1 || true)
if [ -n "$out" ]; then
    echo "$out"
    echo "checkAPIs.pl: findings in the plugin's sources"
    exit 1
fi
echo "checkAPIs.pl ($(basename "$(dirname "$(readlink -f "$script")")")): no findings in $(echo $sources | wc -w) files"
