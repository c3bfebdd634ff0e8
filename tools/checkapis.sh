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
    trap 'rm -rf "$tmp"' EXIT
    mkdir -p "$tmp/parts" "$tmp/lists/partial" "$tmp/archives/partial"
    # Debian's own deb sources as deb-src ones (one-line and deb822 formats); other
    # repositories may have no sources.
    grep -h '^deb .*debian\.org' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2> /dev/null |
        sed 's/^deb /deb-src /' > "$tmp/parts/src.list" || true
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] && grep -q '^URIs:.*debian\.org' "$f" &&
            sed 's/^Types: deb$/Types: deb-src/' "$f" > "$tmp/parts/$(basename "$f")"
    done
    apt_opts="-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts=$tmp/parts -o Dir::State::Lists=$tmp/lists
              -o Dir::Cache::Archives=$tmp/archives -o Debug::NoLocking=1 -q"
    apt-get $apt_opts update > "$tmp/update.log" 2>&1 || { cat "$tmp/update.log" >&2; exit 1; }
    # The installed release's source, or the newest the archive still has (a
    # point release may have replaced it: checkAPIs.pl rarely changes between them).
    version=$(dpkg-query -W -f='${source:Version}' libwireshark-dev)
    uris=$(apt-get $apt_opts source --print-uris "wireshark=$version" 2> /dev/null ||
           apt-get $apt_opts source --print-uris wireshark)
    url=$(echo "$uris" | sed -n "s/^'\([^']*\.orig\.tar\.[a-z0-9]*\)'.*/\1/p" | head -1)
    [ -n "$url" ] || { echo "no wireshark source package found" >&2; exit 1; }
    curl -sSfL -o "$tmp/orig.tar" "$url"
    tar xf "$tmp/orig.tar" -C "$tmp" --wildcards '*/tools/checkAPIs.pl'
    mkdir -p "$dir"
    mv "$tmp"/*/tools/checkAPIs.pl "$dir/checkAPIs.pl"
}

script=${TCPFLOW_CHECKAPIS:-build/checkapis/checkAPIs.pl}
[ -f "$script" ] || fetch "$(dirname "$script")"

sources=$(ls packet-tcpflow.[ch] tcpflow-*.[ch])
dissector_sources=$(ls packet-tcpflow.[ch] tcpflow-*.[ch] | grep -v '^tcpflow-stats\.c$')
status=0
out=$(perl "$script" -g dissectors-prohibited $sources 2>&1) || status=1
out2=$(perl "$script" -g dissectors-restricted $dissector_sources 2>&1) || status=1
if [ $status -ne 0 ] || [ -n "$out$out2" ]; then
    printf '%s\n%s\n' "$out" "$out2"
    echo "checkAPIs.pl: findings in the plugin's sources (or the script failed)"
    exit 1
fi
echo "checkAPIs.pl: no findings in $(echo $sources | wc -w) files"
