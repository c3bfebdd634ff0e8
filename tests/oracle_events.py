#!/usr/bin/env python3
"""Wireshark's analysis flags (and, for ECN, its header fields) as an oracle for
tcpflow's window, loss and ECN fields.

For every pair below, each frame where either side says yes is counted as
agreement, Wireshark only or tcpflow only; where tcpflow says a window is
full, its bytes in flight are compared with Wireshark's.  Every disagreement
must fall in a class of docs/ROBUSTNESS.md ("Window and loss against
Wireshark"), decided by the rule that differs.  A frame no class explains
fails the test.

    oracle_events.py [CAPTURE...]   the committed captures, the live ones and
                                    the real captures (../shared/realcaps or
                                    TCPFLOW_REALCAPS) when none is given
"""
import glob
import os
import sys

import harness as h
from harness import check

PAIRS = [
    ("zero window", "tcp.analysis.zero_window", "tcpflow.window.zero"),
    ("window full", "tcp.analysis.window_full", "tcpflow.window.full"),
    ("window update", "tcp.analysis.window_update", "tcpflow.window.update"),
    ("gap", "tcp.analysis.lost_segment", "tcpflow.loss.gap"),
    ("fast retransmission", "tcp.analysis.fast_retransmission", "tcpflow.loss.kind == 1"),
    ("spurious retransmission", "tcp.analysis.spurious_retransmission", "tcpflow.data.spurious"),
    ("D-SACK", "tcp.options.sack.dsack_le", "tcpflow.loss.dsack"),
    ("CE mark", "ip.dsfield.ecn == 3 || ipv6.tclass.ecn == 3", "tcpflow.ecn.ce"),
    ("ECE", "tcp.flags.ece", "tcpflow.ecn.echo || tcpflow.ecn.echo_again"),
    ("CWR", "tcp.flags.cwr", "tcpflow.ecn.cwr"),
]

CONTEXT = ["tcp.stream", "tcp.len", "tcp.flags", "tcp.window_size_value", "tcp.window_size_scalefactor",
           "tcp.analysis.retransmission", "tcp.analysis.out_of_order", "tcp.analysis.keep_alive",
           "tcp.analysis.zero_window_probe", "tcpflow.loss.kind", "tcpflow.loss.fills_gap_of",
           "tcpflow.data.retransmission", "tcpflow.zero_window_probe", "tcpflow.keepalive",
           "tcpflow.window.in_flight", "tcpflow.window.offered", "tcp.analysis.bytes_in_flight",
           "tcpflow.loss.dup_acks", "tcp.analysis.duplicate_ack_num", "icmp.type", "icmpv6.type", "tcp.srcport",
           "tcp.seq_raw", "tcpflow.window.reopened", "tcpflow.ecn.setup", "tcpflow.direction", "tcp.ack",
           "tcp.options.sack_le", "tcp.options.sack_re"]


class Stream:
    """What the frames of one stream so far tell the classes."""

    def __init__(self):
        self.isns = {}             # source port: the ISNs its SYNs carried
        self.probed = False        # a zero-window probe was sent
        self.dups = 0              # the newest duplicate ACK's number
        self.syn_last = {}         # source port: its newest segment was a SYN
        self.after_syn = False     # this frame's sender's previous segment was a SYN
        self.ecn_setup = None      # the newest tcpflow.ecn.setup of the stream
        self.dsack_ack = {}        # source port: its newest pure ACK carried a D-SACK
        self.gap = False           # tcpflow saw bytes never seen in this stream
        self.sacked = {}           # source port: the bytes above its ack its newest ACK reports holding

    def restarted(self):
        return any(len(v) > 1 for v in self.isns.values())

    def note(self, row):
        flags = int(row["tcp.flags"].split(",")[0] or "0", 16)
        if flags & 0x002:
            self.isns.setdefault(row["tcp.srcport"], set()).add(row["tcp.seq_raw"])
        self.after_syn = self.syn_last.get(row["tcp.srcport"], False)
        self.syn_last[row["tcp.srcport"]] = bool(flags & 0x002)
        self.probed |= bool(row["tcpflow.zero_window_probe"])
        self.gap |= says(row, "tcpflow.loss.gap")
        if row["tcp.len"] == "0":
            self.dsack_ack[row["tcp.srcport"]] = bool(row["tcp.options.sack.dsack_le"])
        if row["tcp.ack"] and "," not in row["tcp.stream"]:
            ack = int(row["tcp.ack"])
            self.sacked[row["tcp.srcport"]] = sum(b - a for a, b in zip(h.ints(row["tcp.options.sack_le"]),
                                                                       h.ints(row["tcp.options.sack_re"])) if a >= ack)
        if row["tcpflow.ecn.setup"]:
            self.ecn_setup = int(row["tcpflow.ecn.setup"].split(",")[0])
        if row["tcp.analysis.duplicate_ack_num"]:
            self.dups = int(row["tcp.analysis.duplicate_ack_num"].split(",")[0])


def real_captures():
    root = os.environ.get("TCPFLOW_REALCAPS",
                          os.path.join(h.SRC, "..", "shared", "realcaps", "tcpdump"))
    return sorted(glob.glob(os.path.join(root, "*.pcap*")))


def field_of(expr):
    return expr.split(" ")[0]


def says(row, expr):
    """Whether a field (or `field == value`, or either of `a || b`) holds for any segment of the frame."""
    if " || " in expr:
        return any(says(row, e) for e in expr.split(" || "))
    name, _, value = expr.partition(" == ")
    cells = [c for c in row[name].split(",") if c not in ("", "0", "False")]
    return bool(cells) and (not value or value in cells)


def classify(name, row, ws_only, st):
    """The class of ROBUSTNESS.md that explains a disagreement, or None."""
    flags = int(row["tcp.flags"].split(",")[0] or "0", 16)
    if "," in row["tcp.stream"] or row["icmp.type"] or row["icmpv6.type"]:
        return "several TCP headers in one frame (tunnel or ICMP quote)"
    if ws_only and not row["tcpflow.direction"]:
        return "a segment tcpflow does not analyse (a truncated header, an IP fragment)"
    if st.restarted():
        return "a new ISN in the same stream: tcpflow starts the sequence space again"
    if name == "window update" and ws_only and row["tcpflow.window.reopened"] and st.probed:
        return "a window reopened by the ACK of a zero-window probe's byte: an ack that moved, not an update"
    if name == "window update" and not ws_only and row["tcp.options.sack_le"]:
        return "an ACK with SACK blocks: Wireshark 4.4 and later do not call it a window update (4.0 does)"
    if name == "window update" and ws_only and st.after_syn:
        return "the first window after the sender's SYN: a SYN's window is never scaled, no measure for it"
    if name == "gap" and ws_only and st.probed:
        return "a zero-window probe's byte the receiver took: Wireshark counts it as not sent"
    if name == "fast retransmission" and ws_only and st.dups < 3:
        return "2 duplicate ACKs: Wireshark's rule takes 2, tcpflow RFC 5681's 3"
    if name == "fast retransmission":
        if ws_only and says(row, "tcpflow.loss.kind"):
            return "fewer than 3 duplicate ACKs: tcpflow names the kind by SACK or recovery"
        if ws_only and row["tcp.analysis.out_of_order"]:
            return "gap filled soon after: Wireshark's 20 ms rule vs duplicate ACKs"
        if not ws_only and (row["tcp.analysis.retransmission"] or row["tcp.analysis.out_of_order"]):
            return "duplicate ACKs counted, Wireshark's 20 ms after the last one passed"
    if name == "gap" and ws_only and (flags & 0x004):
        return "RST beyond the sequence space"
    return ecn_class(name, flags, ws_only, st)


def ecn_class(name, flags, ws_only, st):
    """ECE and CWR are flags to Wireshark; tcpflow reads them in their place in RFC 3168's exchange."""
    if name not in ("ECE", "CWR") or not ws_only:
        return None
    if flags & 0x002:
        return "ECE or CWR on a SYN or SYN+ACK: the ECN setup (tcpflow.ecn.setup)"
    if st.ecn_setup == 4:
        return "Accurate ECN: AE, CWR and ECE are the ACE counter (tcpflow.ecn.ace)"
    if st.ecn_setup in (1, 2, 5):
        return "ECE or CWR on a connection whose handshake did not agree to ECN: they mean nothing"
    if name == "CWR":
        return "CWR with no echo open: not captured, or a reduction after a loss"
    return None


IN_FLIGHT = "bytes in flight at a full window"


def in_flight_class(row, st, theirs):
    """Why Wireshark's count differs: it keeps none, or counts from a place tcpflow does not."""
    if not theirs:
        return "Wireshark gives no count for this segment"
    if any(v for port, v in st.dsack_ack.items() if port != row["tcp.srcport"]):
        return "after an ACK with a D-SACK: Wireshark leaves the first segment sent after it uncounted"
    held = [v for port, v in st.sacked.items() if port != row["tcp.srcport"]]
    if held and held[0] and int(row["tcpflow.window.in_flight"]) - int(theirs) == held[0]:
        return ("SACKed bytes: Wireshark leaves out what the receiver's newest SACK blocks hold (RFC 6675's pipe); "
                "tcpflow counts all from the ack to the window's edge, which they still fill")
    if st.gap:
        return "after bytes never seen: Wireshark counts from the segment after the gap"
    if st.probed:
        return "after a zero-window probe's byte was taken: Wireshark counts it as not sent"
    return None


def compare_in_flight(pcap, row, st, totals, unexplained):
    """Where tcpflow says the window is full, its bytes in flight against Wireshark's."""
    if not says(row, "tcpflow.window.full") or "," in row["tcp.stream"]:
        return
    theirs, ours = row["tcp.analysis.bytes_in_flight"], row["tcpflow.window.in_flight"]
    t = totals.setdefault(IN_FLIGHT, {"both": 0, "wireshark only": 0, "tcpflow only": 0, "classes": {}})
    if theirs == ours:
        t["both"] += 1
        return
    t["tcpflow only"] += 1                   # counted as a difference
    why = in_flight_class(row, st, theirs)
    if why:
        t["classes"][why] = t["classes"].get(why, 0) + 1
    else:
        unexplained.append(f"{os.path.basename(pcap)} frame {row['frame']}: bytes in flight, Wireshark {theirs} "
                           f"tcpflow {ours}")


def compare(ws, pcap, totals, unexplained):
    fields = sorted({field_of(e) for pair in PAIRS for side in pair[1:] for e in side.split(" || ")} | set(CONTEXT))
    streams = {}
    for row in ws.fields(pcap, fields):
        st = streams.setdefault(row["tcp.stream"], Stream())
        st.note(row)
        compare_in_flight(pcap, row, st, totals, unexplained)
        for name, theirs, ours in PAIRS:
            a, b = says(row, theirs), says(row, ours)
            if not (a or b):
                continue
            t = totals.setdefault(name, {"both": 0, "wireshark only": 0, "tcpflow only": 0, "classes": {}})
            if a and b:
                t["both"] += 1
                continue
            t["wireshark only" if a else "tcpflow only"] += 1
            why = classify(name, row, a, st)
            if why:
                t["classes"][why] = t["classes"].get(why, 0) + 1
            else:
                unexplained.append(f"{os.path.basename(pcap)} frame {row['frame']}: {name}, "
                                   f"{'Wireshark' if a else 'tcpflow'} only")


def main(argv):
    pcaps = argv or h.captures() + h.extra_captures() + real_captures()
    ws = h.Wireshark()
    totals, unexplained = {}, []
    try:
        for pcap in pcaps:
            compare(ws, pcap, totals, unexplained)
    finally:
        ws.close()
    print(f"{len(pcaps)} captures")
    for name, _, _ in PAIRS:
        t = totals.get(name, {"both": 0, "wireshark only": 0, "tcpflow only": 0, "classes": {}})
        print(f"{name}: both {t['both']}, Wireshark only {t['wireshark only']}, tcpflow only {t['tcpflow only']}")
        for why, n in sorted(t["classes"].items()):
            print(f"    {n:5}  {why}")
    t = totals.get(IN_FLIGHT, {"both": 0, "tcpflow only": 0, "classes": {}})
    print(f"{IN_FLIGHT}: equal {t['both']}, different {t['tcpflow only']}")
    for why, n in sorted(t["classes"].items()):
        print(f"    {n:5}  {why}")
    for line in unexplained[:50]:
        print("  unexplained:", line)
    check(not unexplained, f"{len(unexplained)} disagreements outside the documented classes")
    h.finish()


if __name__ == "__main__":
    main(sys.argv[1:])
