#!/usr/bin/env python3
"""Memcheck over the unit tests and tshark with the plugin.

    check_valgrind.py valgrind      runs it and exits non-zero on failure
"""
import os
import re
import shutil
import subprocess
import sys

import harness as h
from harness import check, FIELDS, extra_captures


def valgrind_blocks(report):
    """Valgrind's error and leak records, each as one text block."""
    blocks, current = [], []
    for line in report.splitlines():
        body = re.sub(r"^==\d+== ?", "", line)
        if not body.strip():
            if current:
                blocks.append("\n".join(current))
            current = []
        else:
            current.append(body)
    return [b for b in blocks if b.startswith(("Invalid", "Conditional", "Use of", "Syscall", "Mismatched",
                                               "Source and destination")) or "definitely lost" in b
            or "possibly lost" in b]


def valgrind(ws):
    """Memcheck finds no error and no leak in tcpflow's code (Wireshark's own leaks are not ours)."""
    if not shutil.which("valgrind"):
        print("skipped: valgrind is not installed")
        sys.exit(h.SKIP)
    unit = subprocess.run(["valgrind", "-q", "--leak-check=full", "--error-exitcode=9",
                           os.path.join(h.BUILD, "tests", "tcpflow-unit")], capture_output=True, text=True)
    check(unit.returncode == 0, f"the unit tests run clean under memcheck (rc {unit.returncode})")
    chosen = [os.path.join(h.CAPTURES, n + ".pcap") for n in ("seed-telnet-9502", "anomalies", "options")]
    chosen += [p for p in extra_captures() if os.path.basename(p) in ("http.pcap", "reset-unread.pcap")]
    fields = sum((["-e", f] for f in FIELDS), [])
    stats = ["-2", "-q", "-z", "tcpflow,tree", "-z", "tcpflow,conn", "-z", "tcpflow,connections", "-z", "tcpflow,ladder"]
    for pcap in chosen:
        for args in (["-2", "-V"], ["-2", "-T", "fields"] + fields) + ((stats,) if pcap in chosen[:2] else ()):
            p = ws.run("valgrind", ["--leak-check=full", "--num-callers=40", "tshark", "-r", ws.stage(pcap)] + args,
                       check_rc=False, timeout=900)
            ours = [b for b in valgrind_blocks(p.stderr) if "tcpflow" in b]
            total = len(valgrind_blocks(p.stderr))
            check(p.returncode == 0 and "ERROR SUMMARY" in p.stderr and not ours,
                  f"{os.path.basename(pcap)} {args[1] if args[1] != '-q' else 'statistics'}: no memcheck error or leak in tcpflow "
                  f"({total} records, all from Wireshark itself)")
            for b in ours[:2]:
                print(b)


CHECKS = {f.__name__: f for f in (valgrind,)}

if __name__ == "__main__":
    h.main(CHECKS, sys.argv)
