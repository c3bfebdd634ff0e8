#!/usr/bin/env python3
"""The hard cases, each on a committed capture: non-TCP frames, quoted and cut headers, wrap, IPv6,
captures starting mid-connection, handshakes gone wrong, closes, resets, states, history and
segment anomalies.

    check_cases.py NAME      runs one check and exits non-zero on failure
"""
import os
import sys

import harness as h
from harness import check, FIELDS, by_frame


def edge_cases(ws):
    """Non-TCP frames, ICMP-quoted headers, truncated headers, snaplen, wrap, IPv6, mid-connection."""
    f = by_frame(ws.fields(os.path.join(h.CAPTURES, "edge-cases.pcap"),
                           FIELDS + ["_ws.expert.message", "icmp.type"]))
    check(f[1]["tcpflow.direction"] == "", "a UDP frame gets no tcpflow fields")
    check(f[5]["icmp.type"] == "3" and f[5]["tcpflow.direction"] == "",
          "an ICMP error quoting a TCP header gets no tcpflow fields")
    check(f[6]["tcpflow.data.seq"] == "1" and f[6]["tcpflow.data.retransmission"] == "",
          "the quoted header did not count as data: the real segment is new data at seq 1")
    check(f[6]["tcpflow.data.len"] == "300", "snaplen-cut segment: length from the IP header (300)")
    check(f[7]["tcpflow.direction"] == "" and "truncated" in f[7]["_ws.expert.message"],
          "a frame cut inside the TCP header gets an expert note and no analysis")
    check(f[6]["tcpflow.data.acked_in"] == "8" and f[8]["tcpflow.ack.acks_frame"] == "6",
          "pairing goes on around the unanalysed frames")

    w = by_frame(ws.fields(os.path.join(h.CAPTURES, "seq-wrap.pcap"), FIELDS))
    check((w[5]["tcpflow.data.seq"], w[5]["tcpflow.data.nextseq"]) == ("201", "401"),
          "wrap: the segment through 2^32 is bytes 201..400")
    check(w[5]["tcpflow.data.acked_in"] == "7" and w[7]["tcpflow.ack.acks_frame"] == "5",
          "wrap: ack 105 (past zero) acknowledges it")
    check(w[7]["tcpflow.ack.acked_bytes"] == "200" and w[7]["tcpflow.ack.unseen_bytes"] == "",
          "wrap: 200 bytes newly acknowledged, none unseen")

    v6 = by_frame(ws.fields(os.path.join(h.CAPTURES, "ipv6.pcap"), FIELDS))
    check([v6[i]["tcpflow.handshake.step"] for i in (1, 2, 3)] == ["1", "2", "3"], "IPv6: handshake steps 1-3")
    check(v6[4]["tcpflow.data.acked_in"] == "5" and v6[6]["tcpflow.data.acked_in"] == "7",
          "IPv6: both pushes paired with their ACKs")

    m = by_frame(ws.fields(os.path.join(h.CAPTURES, "mid-connection.pcap"), FIELDS))
    check(all(r["tcpflow.roles_inferred"] == "1" for r in m.values()), "mid-connection: roles marked inferred")
    check(m[1]["tcpflow.direction"] == "1" and m[2]["tcpflow.direction"] == "2",
          "mid-connection: the port-80 side is the server")
    check(m[1]["tcpflow.data.seq"] == "1" and m[3]["tcpflow.data.seq"] == "1",
          "mid-connection: relative numbers start at the first seen byte")
    check(all(r["tcpflow.ack.unseen_bytes"] == "" for r in m.values()), "mid-connection: no unseen-bytes alarm")

    hv = by_frame(ws.fields(os.path.join(h.CAPTURES, "handshake-variants.pcap"), FIELDS + ["_ws.expert.message"]))
    check(hv[2]["tcpflow.handshake.step"] == "1" and hv[2]["tcpflow.handshake.retransmission"] == "1" and
          hv[2]["tcpflow.handshake.syn_frame"] == "1", "a repeated SYN is step 1, retransmitted, linked to the first")
    check(hv[3]["tcpflow.handshake.expected_ack"] == "101" and hv[3]["tcpflow.handshake.ack_ok"] == "0" and
          "not the peer's ISN + 1" in hv[3]["_ws.expert.message"], "ack j+5 on step 2: flagged, with a warning")
    check(hv[3]["tcpflow.ack.acks_frame"] == "1,2", "the SYN+ACK covers both SYNs")
    check(hv[4]["tcpflow.handshake.retransmission"] == "1" and hv[4]["tcpflow.handshake.synack_time"] == "0.200100000",
          "a repeated SYN+ACK is step 2, timed from the newest SYN before it (Karn's rule)")
    check(hv[9]["tcpflow.ack.unseen_bytes"] == "100" and "never showed" in hv[9]["_ws.expert.message"],
          "an ACK of 100 bytes never sent: unseen_bytes 100, with an expert note")

    c = by_frame(ws.fields(os.path.join(h.CAPTURES, "cumulative-ack.pcap"), FIELDS))
    check(c[7]["tcpflow.ack.acks_frame"] == "4,5,6" and c[7]["tcpflow.ack.acked_bytes"] == "300",
          "one cumulative ACK lists all three data frames and 300 bytes")
    check(c[7]["tcpflow.ack.rtt"] == "0.039980000", "its RTT counts from the newest frame it covers (#6)")
    check(c[9]["tcpflow.ack.piggybacked"] == "1" and c[9]["tcpflow.ack.acks_frame"] == "8",
          "a data segment's ACK is marked piggybacked")
    check(c[12]["tcpflow.ack.acks_frame"] == "11" and c[13]["tcpflow.ack.acks_frame"] == "12",
          "FINs are acknowledged like data")


def cap(ws, name, extra=()):
    return by_frame(ws.fields(os.path.join(h.CAPTURES, name + ".pcap"), FIELDS + list(extra)))


def states(row):
    return (row["tcpflow.state.client"], row["tcpflow.state.server"])


CLOSED, LISTEN, SYN_SENT, SYN_RCVD, ESTAB, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT = \
    (str(i) for i in range(11))


def life(ws):
    """The hard cases: teardown, resets, states, history and segment anomalies."""
    c = cap(ws, "cumulative-ack")
    check([c[i]["tcpflow.teardown.step"] for i in (11, 12, 13)] == ["1", "2,3", "4"],
          "orderly close: FIN step 1, FIN+ACK steps 2 and 3, final ACK step 4")
    check(c[12]["tcpflow.teardown.initiator"] == "1" and c[12]["tcpflow.teardown.fin_frame"] == "11" and
          c[11]["tcpflow.teardown.fin_frame"] == "12" and c[11]["tcpflow.teardown.ack_frame"] == "12,13",
          "the client closed first; FINs and their ACKs are linked")
    check([states(c[i]) for i in (10, 11, 12, 13)] == [(ESTAB, ESTAB), (FIN_WAIT_1, CLOSE_WAIT),
                                                       (TIME_WAIT, LAST_ACK), (TIME_WAIT, CLOSED)],
          "states through the close: FIN-WAIT-1/CLOSE-WAIT, TIME-WAIT/LAST-ACK, TIME-WAIT/CLOSED")
    check(cap(ws, "seed-telnet-9502")[7]["tcpflow.history"] == "ShADad", "the seed's history ends ShADad")

    s = cap(ws, "simultaneous")
    check(s[2]["tcpflow.handshake.simultaneous"] == "1" and states(s[2]) == (SYN_RCVD, SYN_RCVD),
          "simultaneous open: the second SYN, both SYN-RECEIVED")
    check(s[4]["tcpflow.handshake.complete"] == "1" and states(s[4]) == (ESTAB, ESTAB),
          "the second SYN+ACK completes it")
    check([s[i]["tcpflow.teardown.step"] for i in (7, 8, 9, 10)] == ["1", "3", "2", "4"] and
          s[8]["tcpflow.teardown.simultaneous"] == "1", "simultaneous close: the FINs cross (steps 1, 3, 2, 4)")
    check(states(s[8]) == (CLOSING, CLOSING) and states(s[10]) == (TIME_WAIT, TIME_WAIT),
          "both CLOSING, then both TIME-WAIT")

    t = cap(ws, "tcp-fast-open")
    check(t[1]["tcpflow.data.len"] == "20" and t[1]["tcpflow.data.acked_in"] == "2", "TFO: the SYN's 20 bytes, acked in 2")
    check(t[2]["tcpflow.handshake.expected_ack"] == "1021" and t[2]["tcpflow.handshake.ack_ok"] == "1",
          "TFO: the SYN+ACK's ack 1021 = ISN + 1 + 20 is accepted")

    r = cap(ws, "port-reuse", ["tcp.stream"])
    check(r[8]["tcp.stream"] == "0" and r[9]["tcp.stream"] == "1", "the reused port is a new tcp.stream")
    check(r[9]["tcpflow.handshake.step"] == "1" and r[9]["tcpflow.handshake.client_isn"] == "90000" and
          r[9]["tcpflow.history"] == "S", "tcpflow starts afresh on it")
    check(r[12]["tcpflow.rst.from"] == "1" and r[12]["tcpflow.rst.phase"] == "2" and r[12]["tcpflow.history"] == "ShAR",
          "the client resets the established connection: history ShAR")

    o = cap(ws, "one-sided")
    check(o[2]["tcpflow.handshake.step"] == "3" and o[2]["tcpflow.handshake.complete"] == "1" and
          o[2]["tcpflow.handshake.expected_ack"] == "", "one-sided: the client's ACK completes an unseen SYN+ACK")
    check(o[3]["tcpflow.data.unacked"] == "1" and o[4]["tcpflow.data.unacked"] == "1" and
          o[1]["tcpflow.handshake.incomplete"] == "", "its data is never acknowledged; the SYN did lead somewhere")

    u = cap(ws, "tunnel", ["tcp.stream"])
    check([u[i]["tcp.stream"] for i in (1, 6, 11)] == ["0", "1", "2"], "IP-in-IP, GRE and plain: three streams")
    check(u[4]["tcpflow.data.acked_in"] == "5" and u[9]["tcpflow.data.acked_in"] == "10" and
          u[1]["tcpflow.handshake.step"] == "1" and u[6]["tcpflow.handshake.step"] == "1",
          "each tunnelled connection has its own handshake and pairing")

    n = cap(ws, "stream-numbering", ["tcp.stream"])
    check([n[i]["tcp.stream"] for i in (1, 2, 11, 12, 15)] == ["0", "1", "2", "3", "4"],
          "interleaved starts, a quoted connection and two reused ports: five tcp.streams")
    check(n[1]["tcpflow.data.acked_in"] == "3" and n[4]["tcpflow.handshake.retransmission"] == "1" and
          n[5]["tcpflow.ack.acks_frame"] == "2,4", "picked up mid-transfer; a retransmitted SYN stays in its stream")
    check(n[13]["tcpflow.handshake.syn_frame"] == "12" and n[13]["tcpflow.ack.acks_frame"] == "12" and
          n[18]["tcpflow.history"] == "SDhA", "the port reused by a SYN with data is a new connection to tcpflow too")
    check(n[16]["tcpflow.handshake.syn_frame"] == "15" and n[19]["tcpflow.history"] == "ShA" and
          n[17]["tcpflow.handshake.syn_frame"] == "11", "so is the port reused after a reset, and the quoted one")

    cut = cap(ws, "truncated-last")
    check(sorted(cut) == [1, 2, 3, 4, 5] and cut[4]["tcpflow.data.acked_in"] == "5",
          "a file cut inside its last packet: the complete packets are analysed")

    a = cap(ws, "anomalies", ["_ws.expert.message"])
    check(a[7]["tcpflow.ack.duplicate"] == "1" and a[8]["tcpflow.ack.duplicate"] == "2" and
          a[8]["tcpflow.ack.duplicate_of"] == "6", "duplicate ACKs 1 and 2 of frame 6")
    check(a[9]["tcpflow.data.out_of_order"] == "1" and a[9]["tcpflow.data.retransmission"] == "",
          "the gap-filling segment is out of order")
    check(a[10]["tcpflow.data.retransmission"] == "100" and a[10]["tcpflow.data.original_frame"] == "5",
          "the resend links to its first transmission")
    check(a[11]["tcpflow.ack.acks_frame"] == "5,9,10", "one ACK pairs with the original, the filler and the resend")
    check(a[12]["tcpflow.zero_window_probe"] == "1" and a[12]["tcpflow.data.len"] == "", "a zero-window probe")
    check(a[17]["tcpflow.keepalive"] == "1" and a[18]["tcpflow.ack.duplicate"] == "", "a keep-alive and its answer")
    check(a[19]["tcpflow.data.unacked"] == "1" and "never acknowledged" in a[19]["_ws.expert.message"],
          "40 bytes never acknowledged, with a warning")
    check(a[20]["tcpflow.rst.from"] == "2" and a[20]["tcpflow.rst.phase"] == "2" and
          a[20]["tcpflow.rst.unacked_bytes"] == "40,0" and "data in flight" in a[20]["_ws.expert.message"],
          "the server aborts with 40 client bytes in flight, with a warning")
    check(a[21]["tcpflow.handshake.incomplete"] == "1" and a[22]["tcpflow.handshake.incomplete"] == "1",
          "a SYN never answered is marked incomplete")
    anomalies = ws.stage(os.path.join(h.CAPTURES, "anomalies.pcap"))
    expert = ws.tshark(["-2", "-q", "-r", anomalies, "-z", "expert"]).stdout
    check(all(m in expert for m in ("never acknowledged", "This SYN never led", "Retransmission after a timeout")) and
          not any(m in expert for m in ("Duplicate ACK 1 of frame 6", "Out-of-order segment", "Zero-window probe")),
          "tshark -z expert lists tcpflow's expert infos, none that repeats TCP's")
    own = ws.tshark(["-2", "-q", "-r", anomalies, "-z", "expert", "-o", "tcp.analyze_sequence_numbers:FALSE"]).stdout
    check(all(m in own for m in ("Duplicate ACK 1 of frame 6", "Out-of-order segment", "Zero-window probe",
                                 "Keep-alive", "never acknowledged", "This SYN never led")),
          "with TCP's analysis off, tshark -z expert lists tcpflow's own labels too")


CHECKS = {f.__name__: f for f in (edge_cases, life)}

if __name__ == "__main__":
    h.main(CHECKS, sys.argv)
