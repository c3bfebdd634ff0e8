#!/usr/bin/env python3
"""Capture-level fuzzing, in the spirit of Wireshark's own fuzz-test.sh.

Mutates the test captures with `editcap -E`, then dissects each mutant with
tshark (two passes, full tree, every tcpflow field, English or Chinese) and
the plugin built with AddressSanitizer and UBSan, the sanitizer runtime
preloaded and WIRESHARK_ABORT_ON_DISSECTOR_BUG=1.  Any crash, sanitizer
report or dissector bug is a failure, unless tshark fails the same way with
tcpflow disabled (a bug of Wireshark's own dissectors, reported apart); its
input is kept for a regression capture.

    fuzz_captures.py [--count N] [--seed S] [--probability P] [--keep DIR]
"""
import argparse
import glob
import os
import random
import shutil
import subprocess
import sys
import time

import harness as h

PROBLEMS = ("AddressSanitizer", "runtime error:", "Dissector bug", "dissector bug", "Segmentation fault",
            "Aborted", "LeakSanitizer")


def failed(p):
    return p.returncode < 0 or p.returncode > 2 or any(x in p.stderr for x in PROBLEMS)


def last_line(text):
    """What a failure says: its assertion (file and line) or sanitizer report, else its last line."""
    lines = [line for line in text.splitlines() if line.strip() and "Running as user" not in line]
    said = [line for line in lines if "assertion" in line or "Dissector bug" in line or "ERROR:" in line]
    return (said or lines or [""])[0]


def inputs():
    """The committed and live captures; not the network-namespace ones, thousands of packets each,
    whose mutants would take most of the time for the same code paths."""
    live = os.path.join(h.BUILD, "tests", "live")
    return sorted(glob.glob(os.path.join(h.CAPTURES, "*.pcap")) +
                  [p for p in glob.glob(os.path.join(live, "*.pcap")) if not os.path.basename(p).startswith("netns-")])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=120)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--probability", type=float, default=0.02)
    ap.add_argument("--keep", default=os.path.join(h.BUILD, "tests", "fuzz-crashes"))
    args = ap.parse_args()
    plugin, runtime = os.environ.get("TCPFLOW_ASAN_PLUGIN"), os.environ.get("TCPFLOW_ASAN_RUNTIME")
    if not plugin or not os.path.exists(plugin) or not runtime or not os.path.exists(runtime):
        print("skipped: no sanitized plugin (TCPFLOW_ASAN_PLUGIN) or sanitizer runtime")
        sys.exit(h.SKIP)
    ws = h.Wireshark(plugin=plugin, extra_env={
        "LD_PRELOAD": runtime,
        "ASAN_OPTIONS": "detect_leaks=0:abort_on_error=1:allocator_may_return_null=1",
        "UBSAN_OPTIONS": "print_stacktrace=1:halt_on_error=1"})
    fields = sum((["-e", f] for f in h.FIELDS), [])
    rng = random.Random(args.seed)
    sources = inputs()
    failures, wireshark_bugs, started = [], [], time.time()
    try:
        for i in range(args.count):
            src = sources[i % len(sources)]
            mutant = os.path.join(ws.dir, f"fuzz-{i}.pcap")
            subprocess.run(["editcap", "-E", str(args.probability), "--seed", str(rng.randrange(1 << 30)),
                            src, mutant], check=True, capture_output=True)
            os.chmod(mutant, 0o644)
            lang = rng.choice(["en", "zh"])
            for run in (["-2", "-V"], ["-2", "-T", "fields"] + fields, ["-T", "fields"] + fields):
                p = ws.tshark(["-r", mutant, "-o", f"tcpflow.language:{lang}"] + run, check_rc=False, timeout=300)
                if not failed(p):
                    continue
                os.makedirs(args.keep, exist_ok=True)
                kept = os.path.join(args.keep, f"{os.path.basename(src)}-{i}.pcap")
                shutil.copy(mutant, kept)
                without = ws.tshark(["-r", mutant, "--disable-protocol", "tcpflow"] + run[:2], check_rc=False,
                                    timeout=300)
                theirs = failed(without) and last_line(without.stderr) == last_line(p.stderr)
                (wireshark_bugs if theirs else failures).append(kept)
                print(f"{'WIRESHARK' if theirs else 'FAIL'} {kept} (tshark {' '.join(run[:2])}, rc {p.returncode}"
                      f"{', the same without tcpflow' if theirs else ''})\n{p.stderr[-3000:]}")
                break
            os.remove(mutant)
    finally:
        ws.close()
    print(f"{args.count} mutated captures from {len(sources)} sources, 3 tshark runs each, "
          f"{time.time() - started:.0f} s: {len(failures)} failures, {len(wireshark_bugs)} in Wireshark's own "
          "dissectors (the same with tcpflow disabled)")
    h.check(not failures, f"no crash, sanitizer report or dissector bug in {args.count} mutated captures")
    h.finish()


if __name__ == "__main__":
    main()
