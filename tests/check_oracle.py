#!/usr/bin/env python3
"""tcpflow against independent judges, on every capture (the live ones too): Wireshark's own ACK
analysis and tcp.completeness, TCP's raw seq/ack numbers, and the real tcpdump's lines.

    check_oracle.py NAME      runs one check and exits non-zero on failure
"""
import os
import subprocess
import sys

import harness as h
from harness import check, captures, extra_captures, tcpdump_tcp_part


def oracle(ws):
    """Wireshark's own ACK analysis agrees: its acks_frame is among ours, with the same RTT."""
    for pcap in captures() + extra_captures():
        rows = ws.fields(pcap, ["tcp.analysis.acks_frame", "tcp.analysis.ack_rtt", "tcpflow.ack.acks_frame",
                                "tcpflow.ack.answers", "tcpflow.ack.rtt", "tcpflow.ack.rtt_from"])
        pairs = missing = rtts = rtt_bad = 0
        for r in rows:
            theirs = h.ints(r["tcp.analysis.acks_frame"])
            ours = h.ints(r["tcpflow.ack.acks_frame"]) + h.ints(r["tcpflow.ack.answers"])
            for t in theirs:
                pairs += 1
                missing += t not in ours
                # Compared where both time the ACK from the same frame (tcpflow by Karn's
                # rule) and Wireshark's clock does not run backwards.
                if h.ints(r["tcpflow.ack.rtt_from"]) == [t] and not r["tcp.analysis.ack_rtt"].startswith("-"):
                    rtts += 1
                    rtt_bad += r["tcp.analysis.ack_rtt"] != r["tcpflow.ack.rtt"]
        check(missing == 0, f"{os.path.basename(pcap)}: {pairs - missing}/{pairs} Wireshark ACK pairs among ours")
        check(rtt_bad == 0, f"{os.path.basename(pcap)}: {rtts - rtt_bad}/{rtts} RTTs equal to Wireshark's")


RAW = ["tcp.stream", "tcp.srcport", "tcp.seq_raw", "tcp.ack_raw", "tcp.len", "tcp.flags", "icmp.type", "icmpv6.type"]


def raw_segments(ws, pcap, fields):
    """Frames with exactly one real TCP header (no ICMP quote, no tunnel of two), with raw fields."""
    rows = ws.fields(pcap, RAW + fields)
    return [r for r in rows if r["tcp.seq_raw"] and "," not in r["tcp.seq_raw"]
            and not r["icmp.type"] and not r["icmpv6.type"]]


def covers(ack, end):
    return (ack - end) & 0xffffffff < 0x80000000


def ack_oracle(ws):
    """From TCP's raw numbers alone: each data segment's acked_in is the first later peer ACK reaching its end."""
    for pcap in captures() + extra_captures():
        rows = raw_segments(ws, pcap, ["tcpflow.data.len", "tcpflow.data.acked_in", "tcpflow.data.spurious"])
        checked = bad = 0
        for i, r in enumerate(rows):
            if not r["tcpflow.data.len"] or r["tcpflow.data.spurious"] == "1":
                continue                  # a spurious copy was acknowledged before it was sent
            flags = int(r["tcp.flags"], 16)
            end = (int(r["tcp.seq_raw"]) + int(r["tcp.len"]) + (flags & 1) + ((flags >> 1) & 1)) & 0xffffffff
            first = next((q["frame"] for q in rows[i + 1:]
                          if q["tcp.stream"] == r["tcp.stream"] and q["tcp.srcport"] != r["tcp.srcport"]
                          and int(q["tcp.flags"], 16) & 0x10 and covers(int(q["tcp.ack_raw"]), end)), None)
            checked += 1
            if str(first or "") != r["tcpflow.data.acked_in"]:
                bad += 1
                if bad <= 3:
                    print(f"  frame {r['frame']}: acked_in {r['tcpflow.data.acked_in']!r}, raw numbers say {first}")
        check(bad == 0, f"{os.path.basename(pcap)}: {checked - bad}/{checked} data segments paired as the raw "
                        f"seq/ack numbers say")


COMPLETENESS = {1: "SYN", 2: "SYN-ACK", 4: "ACK", 16: "FIN", 32: "RST"}


def completeness(ws):
    """Handshake, teardown and reset agree with Wireshark's tcp.completeness, stream by stream."""
    for pcap in captures() + extra_captures():
        rows = raw_segments(ws, pcap, ["tcp.completeness", "tcpflow.handshake.step", "tcpflow.handshake.complete",
                                       "tcpflow.teardown.step", "tcpflow.rst.from", "tcpflow.after_reset"])
        streams = {}
        for r in rows:
            streams.setdefault(r["tcp.stream"], []).append(r)
        bad = []
        for stream, rs in streams.items():
            theirs = int(rs[-1]["tcp.completeness"] or 0)
            steps = {x for r in rs for x in h.ints(r["tcpflow.handshake.step"])}
            # Wireshark's ACK bit means "an ACK was seen"; after its SYN and SYN-ACK bits
            # that is the completing ACK, otherwise it says nothing about the handshake.
            both = (theirs & 3) == 3
            ours = (1 if 1 in steps else 0) | (2 if 2 in steps else 0) \
                | (4 if both and any(r["tcpflow.handshake.complete"] == "1" for r in rs) else 0) \
                | (16 if any(1 in h.ints(r["tcpflow.teardown.step"]) or (r["tcpflow.after_reset"] and
                             int(r["tcp.flags"], 16) & 1) for r in rs) else 0) \
                | (32 if any(r["tcpflow.rst.from"] for r in rs) else 0)
            if ours != theirs & (0x37 if both else 0x33):
                bad.append((stream, [COMPLETENESS[b] for b in COMPLETENESS if (ours ^ theirs) & b]))
        check(not bad, f"{os.path.basename(pcap)}: {len(streams) - len(bad)}/{len(streams)} streams agree "
                       f"(differ: {bad[:3]})")


def tcpdump_match(ws):
    """tcpflow.tcpdump equals real tcpdump -nn, character for character, on every capture."""
    h.require("tcpdump")
    for pcap in captures() + extra_captures():
        ours = {r["frame"]: r["tcpflow.tcpdump"] for r in ws.fields(pcap, ["tcpflow.tcpdump"])}
        theirs = subprocess.run(["tcpdump", "-nn", "-r", pcap], capture_output=True, text=True,
                                env=dict(os.environ, TZ="UTC")).stdout.splitlines()
        compared, differ, missing = 0, [], []
        for n, line in enumerate(theirs, 1):
            want = tcpdump_tcp_part(line)
            if want is None:
                continue
            if not ours.get(n):
                missing.append(n)
                continue
            compared += 1
            if ours[n] != want:
                differ.append(n)
                if len(differ) <= 3:
                    print(f"  frame {n}\n  tcpdump: {want}\n  tcpflow: {ours[n]}")
        with_field = sum(1 for v in ours.values() if v)
        check(not differ and compared == with_field,
              f"{os.path.basename(pcap)}: {compared} lines equal tcpdump's (differ: {differ[:5]}; "
              f"tcpdump TCP lines without the field: {missing[:5]})")


CHECKS = {f.__name__: f for f in (oracle, ack_oracle, completeness, tcpdump_match)}

if __name__ == "__main__":
    h.main(CHECKS, sys.argv)
