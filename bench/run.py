#!/usr/bin/env python3
"""tcpflow's benchmark: tshark with the plugin against tshark with
`--disable-protocol tcpflow`, on large generated captures.

    bench/run.py [--scale S] [--runs N] [--growth-only] [--out FILE]

Captures (tcpflow-benchgen): (a) short — ~1M packets of short HTTP-like
connections, 48 open at once; (b) bulk — 500k segments, delayed ACKs
covering two; (c) onesided — 500k segments, no ACKs; (d) lossy — 500k
packets losing one segment in 50, with duplicate ACKs, SACK and fast
retransmissions.  --scale multiplies the packet counts.

For each capture and mode (summary output, a -Y filter on a tcpflow field,
two passes with -2 -Y, -T fields extraction) the runs alternate with and
without tcpflow; the table gives the median ratios of wall time, CPU time and
peak RSS, and of user-mode CPU time, after one warm-up run.  A
growth table runs each capture kind at 1x and 4x a base size, with tcpflow
and without, net of a run on an almost empty capture.
Before measuring it touches a few GiB of memory once (--settle-gib): on a
virtual machine the first use of a page of guest memory is slow, and would be
charged to whichever run first needs more memory than the runs before.
Run it on a quiet machine: it measures seconds.  bench/profile.py counts
instructions instead, which does not depend on the machine's load.
"""
import argparse
import os
import platform
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import measure  # noqa: E402
from measure import h  # noqa: E402

CAPTURES = [("a", "short", 1000000), ("b", "bulk", 500000), ("c", "onesided", 500000), ("d", "lossy", 500000)]


def ratios(ws, pcap, args, runs):
    a, b = [], []
    measure.run(ws, pcap, args, plugin=True)     # warm-up: the page cache, the first run's misses
    for _ in range(runs):                        # alternate A/B so drift hits both alike
        a.append(measure.run(ws, pcap, args, plugin=True))
        b.append(measure.run(ws, pcap, args, plugin=False))
    # Wall, CPU, peak RSS and user-mode CPU.  The user-mode part is tcpflow's own work; the
    # rest of the CPU time is the kernel's, mostly page faults for the memory both sides touch,
    # and on a virtual machine it varies from run to run far more than the work does.
    medians = [measure.median([x[i] for x in a]) / max(1e-9, measure.median([x[i] for x in b])) for i in range(4)]
    return medians, measure.median([x[0] for x in b])


def growth(ws, kind, base, runs, work, plugin):
    """CPU time and peak RSS of 4x the packets over 1x, net of what a run of an
    almost empty capture of the same kind costs (startup, the libraries).
    CPU time is the fastest run's: the 1x run is only about half a second
    beyond startup, and what varies between runs (the kernel's page faults,
    other processes) only ever adds to it, so a median moved the ratio by
    several per cent from one benchmark to the next."""
    sizes = []
    for n in (10, base, base * 4):
        pcap = measure.generate(kind, n, work)
        measure.run(ws, pcap, [], plugin=plugin)
        rows = [measure.run(ws, pcap, [], plugin=plugin) for _ in range(runs)]
        sizes.append((min(x[1] for x in rows), measure.median([x[2] for x in rows])))
    empty, one, four = sizes
    return [(four[i] - empty[i]) / max(1e-9, one[i] - empty[i]) for i in (0, 1)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--growth-base", type=int, default=125000)
    ap.add_argument("--settle-gib", type=float, default=4.0,
                    help="memory to touch once before measuring (see measure.settle_memory); 0 to skip")
    ap.add_argument("--growth-only", action="store_true", help="only the growth table")
    ap.add_argument("--out")
    args = ap.parse_args()
    settled = measure.settle_memory(args.settle_gib) if args.settle_gib > 0 else 0
    work = tempfile.mkdtemp(prefix="tcpflow-bench-")
    os.chmod(work, 0o755)
    ws = h.Wireshark()
    lines = [f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}; "
             f"Wireshark {h.wireshark_major_minor()}; scale {args.scale}, {args.runs} runs each; "
             f"{settled:.1f} GiB of memory touched first.", "",
             "| capture | packets | mode | time (without) | wall ratio | CPU ratio | user CPU ratio "
             "| peak RSS ratio |",
             "|---|---|---|---|---|---|---|---|"]
    try:
        for label, kind, packets in [] if args.growth_only else CAPTURES:
            n = int(packets * args.scale)
            pcap = measure.generate(kind, n, work)
            for mode, targs in measure.MODES.items():
                (wall, cpu, rss, user), base = ratios(ws, pcap, targs, args.runs)
                lines.append(f"| ({label}) {kind} | {n} | {mode} | {base:.2f} s | {wall:.3f} | {cpu:.3f} | {user:.3f} "
                             f"| {rss:.3f} |")
                print(lines[-1], flush=True)
        lines += ["", "Growth, summary output, net of an almost empty capture's run, with tcpflow and (for "
                  "reference) without:", "",
                  "| capture | packets 1x -> 4x | CPU time 4x/1x | peak RSS 4x/1x | without: CPU | without: RSS |",
                  "|---|---|---|---|---|---|"]
        for label, kind, _ in CAPTURES:
            t, m = growth(ws, kind, args.growth_base, args.runs, work, True)
            bt, bm = growth(ws, kind, args.growth_base, args.runs, work, False)
            lines.append(f"| ({label}) {kind} | {args.growth_base} -> {args.growth_base * 4} | {t:.2f} | {m:.2f} "
                         f"| {bt:.2f} | {bm:.2f} |")
            print(lines[-1], flush=True)
    finally:
        ws.close()
    if args.out:
        with open(args.out, "w") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
