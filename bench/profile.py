#!/usr/bin/env python3
"""Counts what tcpflow adds to tshark, in instructions per packet, with
callgrind: deterministic, so small changes show even on a busy machine.

    bench/profile.py [--kind short] [--packets 20000] [--mode summary] [--top 25] [-o PREF:VALUE]

Runs tshark under callgrind with the plugin, with `--disable-protocol
tcpflow` and without the plugin installed, on the same generated capture,
and on a 10-packet one for the startup cost; prints the instructions per
packet net of startup, the ratio, and the functions whose own cost differs
most between the first two.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import measure  # noqa: E402
from measure import h  # noqa: E402


def callgrind(ws, pcap, args, out, plugin, home=None):
    argv = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", "tshark", "-r", ws.stage(pcap)] + args
    if not plugin:
        argv += ["--disable-protocol", "tcpflow"]
    env = ws.env()
    if home:                                 # a home without the plugin: tshark as shipped
        env["HOME"] = home
    subprocess.run(ws.command(argv), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return out


def total(out):
    with open(out) as f:
        for line in f:
            if line.startswith("totals:") or line.startswith("summary:"):
                return int(line.split()[1])
    raise RuntimeError(f"no totals in {out}")


def by_function(out):
    """Exclusive instructions per function name (file and object dropped)."""
    text = subprocess.run(["callgrind_annotate", "--auto=no", "--threshold=100", out], capture_output=True, text=True).stdout
    costs = {}
    for m in re.finditer(r"^\s*([\d,]+) \(\s*[\d.]+%\)\s+(\S+)", text, re.M):
        name = m.group(2).rsplit(":", 1)[-1]
        costs[name] = costs.get(name, 0) + int(m.group(1).replace(",", ""))
    return costs


def differences(with_out, without_out, top):
    """The functions whose cost differs most between the two runs."""
    a, b = by_function(with_out), by_function(without_out)
    delta = {k: a.get(k, 0) - b.get(k, 0) for k in set(a) | set(b) if k != "TOTALS"}
    return sorted(delta.items(), key=lambda kv: -abs(kv[1]))[:top]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kind", default="short")
    ap.add_argument("--packets", type=int, default=20000)
    ap.add_argument("--mode", default="summary", choices=list(measure.MODES))
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("-o", dest="prefs", action="append", default=[], help="a preference for both runs, as tshark -o")
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="tcpflow-profile-")
    os.chmod(work, 0o777)
    ws = h.Wireshark()
    try:
        pcap = measure.generate(args.kind, args.packets, work)
        targs = measure.MODES[args.mode] + [x for p in args.prefs for x in ("-o", p)]
        with_ = total(callgrind(ws, pcap, targs, os.path.join(work, "with.out"), True))
        without = total(callgrind(ws, pcap, targs, os.path.join(work, "without.out"), False))
        bare_home = os.path.join(work, "bare-home")
        os.makedirs(bare_home)
        os.chmod(bare_home, 0o777)
        # Without the plugin tshark refuses tcpflow's fields: only the summary mode has this reference.
        needs_fields = any("tcpflow" in a for a in targs)
        bare = None if needs_fields else total(callgrind(ws, pcap, targs, os.path.join(work, "bare.out"), True,
                                                         home=bare_home))
        empty = total(callgrind(ws, measure.generate(args.kind, 10, work), targs, os.path.join(work, "empty.out"), True))
        n = args.packets
        print(f"{args.kind} {n} packets, {args.mode}, instructions per packet (startup of {empty:,} not counted):")
        print(f"  with tcpflow {(with_ - empty) / n:,.0f}, disabled {(without - empty) / n:,.0f}"
              + (f", not installed {(bare - empty) / n:,.0f}" if bare else ""))
        print(f"  tcpflow adds {(with_ - without) / n:,.0f} ({(with_ - empty) / (without - empty):.3f}x)"
              + (f"; installed but disabled it costs {(without - bare) / n:,.0f}" if bare else ""))
        for name, d in differences(os.path.join(work, "with.out"), os.path.join(work, "without.out"), args.top):
            print(f"{d / n:10,.0f}  {name}")
        print(f"profiles: {work}")
    finally:
        ws.close()


if __name__ == "__main__":
    main()
