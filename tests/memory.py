#!/usr/bin/env python3
"""Adversarial captures must not make tcpflow's memory grow without bound per
stream: peak RSS of tshark with tcpflow minus without it, per packet, stays
under what the per-frame record and the bounded per-stream state allow.

    memory.py [SCALE]     SCALE multiplies the packet counts (default 1)
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench"))
import harness as h  # noqa: E402
import measure  # noqa: E402

# (capture kind, packets, bytes per packet allowed): a 44-byte record per
# segment, plus for a SYN flood a stream's state (272 bytes, and its
# buffers while the SYN waits for an answer) each.
CASES = [("synflood", 200000, 1024), ("onesided", 200000, 256), ("jumps", 100000, 256)]


def main():
    scale = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    ws = h.Wireshark()
    try:
        for kind, packets, allowed in CASES:
            n = int(packets * scale)
            pcap = measure.generate(kind, n, ws.dir)
            with_rss = measure.run(ws, pcap, [], plugin=True)[2]
            without_rss = measure.run(ws, pcap, [], plugin=False)[2]
            per_packet = (with_rss - without_rss) * 1024 / n
            h.check(per_packet <= allowed, f"{kind}, {n} packets: tcpflow adds {per_packet:.0f} bytes per packet "
                                           f"(peak RSS {without_rss // 1024} -> {with_rss // 1024} MiB; "
                                           f"bound {allowed})")
    finally:
        ws.close()
    h.finish()


if __name__ == "__main__":
    main()
