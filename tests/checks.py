#!/usr/bin/env python3
"""tcpflow's tshark-level tests on the committed captures.

    checks.py NAME      runs one check (see CHECKS below) and exits non-zero on failure
    UPDATE_GOLDEN=1 checks.py golden   rewrites the golden tables (review them!)
"""
import filecmp
import glob
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

import harness as h
from harness import check, FIELDS

SEED = os.path.join(h.CAPTURES, "seed-telnet-9502.pcap")


def captures():
    return sorted(glob.glob(os.path.join(h.CAPTURES, "*.pcap")))


def by_frame(rows):
    return {r["frame"]: r for r in rows}


def regenerate(ws):
    """Every committed capture is exactly what its scenario generates."""
    out = tempfile.mkdtemp(prefix="tcpflow-gen-")
    for scenario in sorted(glob.glob(os.path.join(h.CAPTURES, "*.txt"))):
        pcap = h.generate(scenario, out)
        committed = os.path.join(h.CAPTURES, os.path.basename(pcap))
        check(os.path.exists(committed) and filecmp.cmp(pcap, committed, shallow=False),
              f"{os.path.basename(committed)} matches its scenario")


def seed_tcpdump(ws):
    """tcpdump prints the tutorial's own lines for the seed capture."""
    h.require("tcpdump")
    with open(os.path.join(h.GOLDEN, "seed-tcpdump.txt")) as f:
        tutorial = [line.rstrip("\n") for line in f if line.strip()]
    got = h.tcpdump_lines(SEED)
    check(len(got) == len(tutorial), f"tcpdump prints {len(tutorial)} lines (got {len(got)})")
    for i, (want, line) in enumerate(zip(tutorial, got), 1):
        check(line == want, f"tcpdump line {i}: {line}")


def golden(ws):
    """The fields of every committed capture equal the reviewed golden tables."""
    for pcap in captures():
        name = os.path.splitext(os.path.basename(pcap))[0] + ".tsv"
        text = h.table(ws.fields(pcap, FIELDS), FIELDS)
        path = os.path.join(h.GOLDEN, name)
        if os.environ.get("UPDATE_GOLDEN"):
            with open(path, "w") as f:
                f.write(text)
        with open(path) as f:
            want = f.read()
        check(text == want, f"{name} equals the golden table")
        if text != want:
            for a, b in zip(want.splitlines(), text.splitlines()):
                if a != b:
                    print(f"  want: {a}\n  got:  {b}")


def seed_tutorial(ws):
    """The tutorial's statements, one by one, on the seed capture."""
    f = by_frame(ws.fields(SEED, FIELDS))
    check(f[1]["tcpflow.handshake.step"] == "1" and f[1]["tcpflow.direction"] == "1",
          "frame 1 is handshake step 1, client -> server")
    check(f[1]["tcpflow.handshake.client_isn"] == "2927179378", "frame 1: client ISN j = 2927179378")
    check(f[2]["tcpflow.handshake.step"] == "2" and f[2]["tcpflow.direction"] == "2",
          "frame 2 is handshake step 2, server -> client")
    check(f[2]["tcpflow.handshake.expected_ack"] == "2927179379", "frame 2: expected ack j+1 = 2927179379")
    check(f[2]["tcpflow.handshake.ack_ok"] == "1", "frame 2: the SYN+ACK's ack is j+1")
    check(f[2]["tcpflow.handshake.server_isn"] == "1721825043", "frame 2: server ISN k = 1721825043")
    check(f[2]["tcpflow.ack.acks_frame"] == "1", "frame 2 acknowledges the SYN in frame 1")
    check(f[3]["tcpflow.handshake.step"] == "3", "frame 3 is handshake step 3")
    check(f[3]["tcpflow.handshake.expected_ack"] == "1721825044", "frame 3: expected ack k+1")
    check(f[3]["tcpflow.handshake.complete"] == "1", "frame 3 completes the handshake")
    check(f[3]["tcpflow.handshake.rtt"] == "0.000024000", "frame 3: handshake took 24 us")
    check(f[1]["tcpflow.handshake.synack_frame"] == "2" and f[1]["tcpflow.handshake.ack_frame"] == "3",
          "frame 1 links to its SYN+ACK (2) and completing ACK (3)")
    check((f[4]["tcpflow.data.len"], f[4]["tcpflow.data.seq"], f[4]["tcpflow.data.nextseq"]) == ("7", "1", "8"),
          "frame 4: the client pushes 7 bytes, seq 1:8")
    check(f[4]["tcpflow.data.acked_in"] == "5", "frame 4's 7 bytes are acknowledged in frame 5")
    check(f[5]["tcpflow.ack.acks_frame"] == "4" and f[5]["tcpflow.ack.acked_bytes"] == "7",
          "frame 5 (ack 8) confirms the 7 bytes of frame 4")
    check((f[6]["tcpflow.data.len"], f[6]["tcpflow.data.seq"], f[6]["tcpflow.data.nextseq"]) == ("18", "1", "19"),
          "frame 6: the server answers 18 bytes, seq 1:19")
    check(f[6]["tcpflow.data.acked_in"] == "7", "frame 6's 18 bytes are acknowledged in frame 7")
    check(f[7]["tcpflow.ack.acks_frame"] == "6" and f[7]["tcpflow.ack.acked_bytes"] == "18",
          "frame 7 (ack 19) confirms the 18 bytes of frame 6")
    data = [r for r in f.values() if r["tcpflow.data.len"]]
    check(all(r["tcpflow.data.acked_in"] for r in data), "every data push is acknowledged by the peer")
    check([r["tcpflow.direction"] for r in f.values()] == ["1", "2", "1", "1", "2", "2", "1"],
          "client is 39870, server is 9502 on every frame")
    sel = ws.tshark(["-2", "-r", ws.stage(SEED), "-Y", "tcpflow.handshake.step == 2", "-T", "fields",
                     "-e", "frame.number"]).stdout.split()
    check(sel == ["2"], "filter tcpflow.handshake.step == 2 selects frame 2 only")
    sel = ws.tshark(["-2", "-r", ws.stage(SEED), "-Y", "tcpflow.data.acked_in == 5", "-T", "fields",
                     "-e", "frame.number"]).stdout.split()
    check(sel == ["4"], "filter tcpflow.data.acked_in == 5 selects frame 4 only")


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
    expert = ws.tshark(["-2", "-q", "-r", ws.stage(os.path.join(h.CAPTURES, "anomalies.pcap")), "-z", "expert"]).stdout
    check(all(m in expert for m in ("Duplicate ACK 1 of frame 6", "Out-of-order segment", "Zero-window probe",
                                    "Keep-alive", "never acknowledged", "This SYN never led")),
          "tshark -z expert lists tcpflow's expert infos")


def tcpdump_tcp_part(line):
    """The TCP part of a tcpdump line: from the last IP/IP6 before "Flags" up to "length N"
    (or to tcpdump's "[bad opt]]", where it stops)."""
    m = re.search(r"(IP6? [^ ]+ > [^ ]+: Flags \[.*?(?:, length \d+|\[bad opt\]\]?$))", line)
    if not m:
        return None
    start = max(m.group(1).rfind("IP "), m.group(1).rfind("IP6 "))
    tail = m.group(1)[start:]
    return tail if tail.startswith(("IP ", "IP6 ")) and ": Flags [" in tail else m.group(1)


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


def seed_explain(ws):
    """The explanations say what the tutorial says about each line, in English and in Chinese."""
    en = by_frame(ws.fields(SEED, ["tcpflow.explain"]))
    zh = by_frame(ws.fields(SEED, ["tcpflow.explain"], extra=["-o", "tcpflow.language:zh"]))
    statements = {
        1: (["step 1 of 3", "the client (port 39870)", "the server (port 9502)", "j = 2927179378"],
            ["第一次握手", "客户端（端口 39870）", "服务器（端口 9502）", "j = 2927179378"]),
        2: (["step 2 of 3", "the server (port 9502)", "ack 2927179379 = client ISN 2927179378 + 1", "k = 1721825043"],
            ["第二次握手", "服务器（端口 9502）", "ack 2927179379（= 客户端 ISN 2927179378 + 1）", "k = 1721825043"]),
        3: (["step 3 of 3", "ack 1721825044 = server ISN 1721825043 + 1", "ack 1)", "established"],
            ["第三次握手", "ack 1721825044（= 服务器 ISN 1721825043 + 1）", "ack 1）", "连接建立"]),
        4: (["The client sends 7 bytes (seq 1:8)", "the server acknowledges them in frame 5"],
            ["客户端发送 7 字节数据（seq 1:8）", "服务器在第 5 帧确认"]),
        5: (["The server confirms it received everything up to byte 8", "the 7 bytes from frame 4"],
            ["服务器确认已收到第 8 字节之前的全部数据", "第 4 帧的 7 字节"]),
        6: (["The server sends 18 bytes (seq 1:19)", "the client acknowledges them in frame 7"],
            ["服务器发送 18 字节数据（seq 1:19）", "客户端在第 7 帧确认"]),
        7: (["The client confirms it received everything up to byte 19", "the 18 bytes from frame 6"],
            ["客户端确认已收到第 19 字节之前的全部数据", "第 6 帧的 18 字节"]),
    }
    for frame, (english, chinese) in statements.items():
        for phrase in english:
            check(phrase in en[frame]["tcpflow.explain"], f"frame {frame} (en): {phrase}")
        for phrase in chinese:
            check(phrase in zh[frame]["tcpflow.explain"], f"frame {frame} (zh): {phrase}")
    golden = os.path.join(h.GOLDEN, "seed-telnet-9502.zh.tsv")
    fields = ["tcpflow.summary", "tcpflow.tcpdump.part", "tcpflow.explain"]
    text = h.table(ws.fields(SEED, fields, extra=["-o", "tcpflow.language:zh"]), fields)
    if os.environ.get("UPDATE_GOLDEN"):
        with open(golden, "w") as f:
            f.write(text)
    check(text == open(golden).read(), "the Chinese summary, decoding and explanation equal the golden table")


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
    for pcap in chosen:
        for args in (["-2", "-V"], ["-2", "-T", "fields"] + fields):
            p = ws.run("valgrind", ["--leak-check=full", "--num-callers=40", "tshark", "-r", ws.stage(pcap)] + args,
                       check_rc=False, timeout=900)
            ours = [b for b in valgrind_blocks(p.stderr) if "tcpflow" in b]
            total = len(valgrind_blocks(p.stderr))
            check(p.returncode == 0 and "ERROR SUMMARY" in p.stderr and not ours,
                  f"{os.path.basename(pcap)} {args[1]}: no memcheck error or leak in tcpflow "
                  f"({total} records, all from Wireshark itself)")
            for b in ours[:2]:
                print(b)


def same_rows(a, b, fields):
    return [tuple(r[f] for f in fields) for r in a] == [tuple(r[f] for f in fields) for r in b]


def prefs(ws):
    """tcpflow's fields do not depend on the TCP dissector's preferences."""
    settings = ["tcp.analyze_sequence_numbers:FALSE", "tcp.relative_sequence_numbers:FALSE",
                "tcp.desegment_tcp_streams:FALSE", "tcp.check_checksum:TRUE",
                "tcp.calculate_timestamps:TRUE", "tcpflow.info_summary:FALSE"]
    for pcap in captures() + extra_captures():
        base = ws.fields(pcap, FIELDS)
        for s in settings:
            other = ws.fields(pcap, FIELDS, extra=["-o", s])
            check(same_rows(base, other, FIELDS), f"{os.path.basename(pcap)}: identical with -o {s}")


FORWARD_WORDS = [
    (r", acked in #\d+", ""),                                                  # summary
    (r"; the (client|server) acknowledges them in frame \d+(, .+? later| \(not timed: .+?\))?\.", "."),  # explanation
    (r"; the (client|server) never acknowledges them in this capture\.", "."),
    (r" This SYN never led to an established connection in this capture\.", ""),
]


def without_forward_words(text):
    for pattern, replacement in FORWARD_WORDS:
        text = re.sub(pattern, replacement, text)
    return text


def allowed_one_pass_gap(field, one, two, frame):
    """In one pass, links forward and whole-capture judgements are not known yet."""
    if field in ("tcpflow.summary", "tcpflow.explain"):
        return without_forward_words(two) == one
    if field in h.WHOLE_CAPTURE:
        return one == ""
    return field in h.FORWARD_LINKS and h.ints(one) == [n for n in h.ints(two) if n < frame]


def single_pass(ws):
    """One pass gives every backward-looking field; two passes add only forward links."""
    for pcap in captures() + extra_captures():
        one = ws.fields(pcap, FIELDS, two_pass=False)
        two = ws.fields(pcap, FIELDS)
        bad = [(r1["frame"], f) for r1, r2 in zip(one, two) for f in FIELDS
               if r1[f] != r2[f] and not allowed_one_pass_gap(f, r1[f], r2[f], r1["frame"])]
        check(len(one) == len(two) and not bad,
              f"{os.path.basename(pcap)}: one pass matches two passes but for forward links {bad[:5]}")


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


def sharkd_fields(tree):
    """{field: "v1,v2"} from a sharkd tree, in the form tshark -T fields prints."""
    found = {}

    def walk(nodes):
        for n in nodes:
            name, _, value = n.get("f", "").partition(" == ")
            if name in FIELDS:
                if value.startswith('"'):
                    value = json.loads(value)
                found.setdefault(name, []).append({"True": "1", "False": "0"}.get(value, value))
            walk(n.get("n", []))
    walk(tree)
    return {k: ",".join(v) for k, v in found.items()}


def random_access(ws):
    """As the GUI does: every frame re-dissected in shuffled order, some twice, gives tshark -2's fields."""
    rng = random.Random(2927179378)
    for pcap in captures() + extra_captures():
        want = {r["frame"]: {f: r[f] for f in FIELDS if r[f]} for r in ws.fields(pcap, FIELDS)}
        order = list(want) * 2
        rng.shuffle(order)
        reqs = [{"jsonrpc": "2.0", "id": 1, "method": "load", "params": {"file": ws.stage(pcap)}}]
        reqs += [{"jsonrpc": "2.0", "id": i + 2, "method": "frame", "params": {"frame": n, "proto": True}}
                 for i, n in enumerate(order)]
        out = ws.run("sharkd", ["-"], input="".join(json.dumps(r) + "\n" for r in reqs)).stdout
        answers = {}
        for line in out.splitlines():
            if line.startswith("{"):
                msg = json.loads(line)
                if msg.get("id", 0) > 1 and "result" in msg:
                    answers[msg["id"]] = sharkd_fields(msg["result"]["tree"])
        bad = [n for i, n in enumerate(order) if answers.get(i + 2) != want[n]]
        check(len(answers) == len(order) and not bad,
              f"{os.path.basename(pcap)}: {len(order)} shuffled re-dissections equal tshark -2 (differ: {bad[:5]})")


def colinfo(ws, pcap, fields, display_filter):
    """tshark -2's lines with the fields' values appended to the Info column (-z proto,colinfo)."""
    args = ["-r", ws.stage(pcap), "-2"] + (["-Y", display_filter] if display_filter else [])
    for f in fields:
        args += ["-z", f"proto,colinfo,{f},{f}"]
    return ws.tshark_read(args)


def hidden_tree(ws):
    """Asked for some of its fields only (not the protocol, no expert info), tcpflow adds just those
    to a hidden tree and skips its other groups: the values equal those of the whole tree."""
    groups = {}
    for f in FIELDS:
        part = f.split(".")[1]
        groups.setdefault(part if part in ("handshake", "teardown", "data", "ack", "rst") else "top", []).append(f)
    found = {g: 0 for g in groups}
    for pcap in captures() + extra_captures():
        for g, names in groups.items():
            some = colinfo(ws, pcap, names, None)
            whole = colinfo(ws, pcap, names, "tcpflow || !tcpflow")   # names the protocol: the whole tree
            found[g] += some.count(" == ")
            check(some == whole, f"{os.path.basename(pcap)}: the {g} fields alone equal the whole tree's")
    for g, n in found.items():
        check(n > 0, f"the {g} fields were found ({n} values)")


def registration(ws):
    """The plugin loads, reports its version and registers every field with a blurb."""
    plugins = ws.tshark(["-G", "plugins"]).stdout
    version = open(os.path.join(h.SRC, "CMakeLists.txt")).read().split("project(tcpflow VERSION ")[1].split()[0]
    check(any([c.strip() for c in l.split("\t")[:3]] == ["tcpflow.so", version, "dissector"]
              for l in plugins.splitlines()),
          f"tshark -G plugins lists tcpflow.so {version}")
    # Wireshark 4.4 and later add columns after the filter name.
    protocols = [l.split("\t")[:3] for l in ws.tshark(["-G", "protocols"]).stdout.splitlines()]
    check(["TCP Flow Analysis", "TCPFLOW", "tcpflow"] in protocols, "protocol TCP Flow Analysis / TCPFLOW / tcpflow")
    fields = {l.split("\t")[2]: l.split("\t") for l in ws.tshark(["-G", "fields"]).stdout.splitlines()
              if l.startswith("F\t") and "\ttcpflow." in l and "\tFT_NONE\t" not in l}
    check(sorted(fields) == sorted(FIELDS), f"exactly the tested fields are registered ({len(fields)})")
    check(all(len(f) > 7 and len(f[7]) > 20 for f in fields.values()), "every field has a blurb")
    sys.path.insert(0, os.path.join(h.SRC, "tools"))
    import fieldref
    readme = open(os.path.join(h.SRC, "README.md"), encoding="utf-8").read()
    generated = fieldref.reference(ws)
    check(generated in readme and all(f"`{f}`" in generated for f in FIELDS),
          "the README's field reference is the one tools/fieldref.py makes from tshark -G fields")


def show_tool(ws):
    """tools/tcpflow-show prints the seed capture as a table."""
    out = ws.run(sys.executable, [ws.stage(os.path.join(h.SRC, "tools", "tcpflow-show")), ws.stage(SEED)]).stdout
    lines = out.splitlines()
    check(len(lines) == 8 and lines[0].startswith("#"), "a header and seven segments")
    check("[S.]" in lines[2] and "handshake 2/3 (SYN+ACK)" in lines[2], "frame 2: [S.] handshake 2/3")
    check("data 7 bytes, acked in #5" in lines[4], "frame 4: data 7 bytes, acked in #5")


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


def stats_output(ws, pcap, z, two_pass=False):
    return ws.tshark_read((["-2"] if two_pass else []) + ["-q", "-r", ws.stage(pcap), "-z", z])


def conn_rows(ws, pcap, z="tcpflow,conn,csv", two_pass=False):
    lines = stats_output(ws, pcap, z, two_pass).splitlines()
    header = lines[0].split(",")
    return {r["stream"]: r for r in (dict(zip(header, line.split(","))) for line in lines[1:])}


def tree_counts(text):
    """{item: count} from tshark's stats tree text."""
    return {m.group(1).strip(): int(m.group(2)) for m in re.finditer(r"^ ?(\S.*?\S)\s{2,}(\d+)\s", text, re.M)}


def expected_per_stream(ws, pcap):
    """Segments and payload bytes each way per stream, from TCP's own fields; streams whose frames
    carry more than one TCP header (tunnels, ICMP quotes) are left out."""
    rows = ws.fields(pcap, ["tcp.stream", "tcp.len", "tcpflow.direction", "tcp.completeness"])
    per, unclear = {}, set()
    for r in rows:
        streams, lens, dirs = r["tcp.stream"].split(","), h.ints(r["tcp.len"]), h.ints(r["tcpflow.direction"])
        if len(streams) != 1 or len(dirs) != 1:
            unclear.update(streams)
            continue
        e = per.setdefault(streams[0], {"segments": [0, 0], "bytes": [0, 0], "completeness": 0})
        e["segments"][dirs[0] - 1] += 1
        e["bytes"][dirs[0] - 1] += lens[0]
        e["completeness"] = int(r["tcp.completeness"].split(",")[0] or 0)
    return {k: v for k, v in per.items() if k not in unclear}


# What each of Zeek's codes says about Wireshark's tcp.completeness bits (1 SYN, 16 FIN, 32 RST).
STATE_IMPLIES = {"S0": lambda c: c == 1, "SF": lambda c: c & 16, "REJ": lambda c: c & 32, "RSTO": lambda c: c & 32,
                 "RSTR": lambda c: c & 32, "RSTOS0": lambda c: c & 32, "RSTRH": lambda c: c & 32,
                 "OTH": lambda c: not c & 1}


def statistics(ws):
    """The connection table and the stats tree agree with TCP's fields, stream by stream, in one pass and two."""
    for pcap in captures() + extra_captures():
        name = os.path.basename(pcap)
        table = conn_rows(ws, pcap)
        expected = expected_per_stream(ws, pcap)
        wrong = [s for s, e in expected.items() if s not in table or
                 [int(table[s]["client_segments"]), int(table[s]["server_segments"])] != e["segments"] or
                 [int(table[s]["client_bytes"]), int(table[s]["server_bytes"])] != e["bytes"] or
                 not STATE_IMPLIES.get(table[s]["conn_state"], lambda c: True)(e["completeness"])]
        check(expected and not wrong, f"{name}: conn table rows for {len(expected)} streams match TCP's segments, "
                                      f"bytes and completeness (wrong: {wrong[:3]})")
        check(conn_rows(ws, pcap, two_pass=True) == table, f"{name}: the same table after two passes")
        rows = ws.fields(pcap, ["tcpflow.data.len", "tcpflow.data.acked_in", "tcpflow.data.retransmission",
                                "tcpflow.handshake.complete"])
        count = lambda f, pred=bool: sum(pred(x) for r in rows for x in r[f].split(",") if x)  # noqa: E731
        tree = tree_counts(stats_output(ws, pcap, "tcpflow,tree", two_pass=True))
        want = {"Connections": len(table), "Data segments": count("tcpflow.data.len"),
                "Acknowledged": count("tcpflow.data.acked_in"),
                "Retransmissions": count("tcpflow.data.retransmission"),
                "Handshake completed": count("tcpflow.handshake.complete", lambda x: x == "1")}
        want["Not acknowledged (at the end: never)"] = want["Data segments"] - want["Acknowledged"]
        got = {k: tree.get(k) for k in want}
        check(got == want, f"{name}: stats tree counts equal the fields' ({got if got != want else want})")
        outcomes = sum(v for k, v in tree.items() if k.startswith(("Never", "Refused", "Reset", "Closed", "Still")))
        check(outcomes == len(table), f"{name}: every connection has one outcome ({outcomes}/{len(table)})")
    seed = os.path.join(h.CAPTURES, "anomalies.pcap")
    only = conn_rows(ws, seed, "tcpflow,conn,csv,tcp.port == 8001")
    check(list(only) == ["1"] and only["1"]["conn_state"] == "S0", "-z tcpflow,conn,csv,FILTER keeps one stream")
    text = stats_output(ws, seed, "tcpflow,conn")
    check("127.0.0.1:47000" in text and "RSTR" in text and "40/0" in text, "the text table shows the reset stream")


def profile(ws):
    """The shipped "tcpflow" profile: its preferences load cleanly, its columns and coloring rules work."""
    home_profiles = os.path.join(ws.home, ".config", "wireshark", "profiles")
    shutil.copytree(os.path.join(h.SRC, "profiles", "tcpflow"), os.path.join(home_profiles, "tcpflow"))
    if h.as_root():
        for root, dirs, files in os.walk(os.path.join(ws.home, ".config")):
            for n in dirs + files + [""]:
                os.chown(os.path.join(root, n), h.NOBODY, h.NOBODY)
    seed = ws.stage(os.path.join(h.CAPTURES, "seed-telnet-9502.pcap"))
    p = ws.tshark(["-C", "tcpflow", "-2", "-r", seed])
    check(p.stderr.strip() == "", f"no warning about the profile's preferences ({p.stderr.strip()[:200]})")
    lines = p.stdout.splitlines()
    check(len(lines) == 7 and "2 of 3: the server's SYN+ACK" in lines[1] and "handshake 2/3 (SYN+ACK)" in lines[1],
          "columns: the handshake step and the summary")
    check(re.search(r"\s5\s+data 7 bytes, acked in #5 ", lines[3]) is not None, f"columns: acked in #5 ({lines[3]})")
    check(all("[handshake" not in l and "[data" not in l for l in lines), "the Info column stays Wireshark's")
    rules = ws.tshark(["-C", "tcpflow", "--color", "-r", seed, "-T", "fields", "-e", "frame.coloring_rule.name"])
    check(rules.stdout.split("\n")[:4] == ["tcpflow: handshake"] * 3 + ["TCP"],
          f"coloring: the handshake has its color ({rules.stdout.split()[:4]})")
    resets = ws.tshark(["-C", "tcpflow", "--color", "-2", "-r", ws.stage(os.path.join(h.CAPTURES, "anomalies.pcap")),
                        "-Y", "tcpflow.rst.from", "-T", "fields", "-e", "frame.coloring_rule.name"]).stdout.split("\n")
    check(resets[0] == "tcpflow: reset", f"coloring: a reset has its color ({resets[:1]})")


def package(ws):
    """cpack's Debian package: its name, its dependency on the libwireshark it was built against,
    its files in the system plugin and profile folders; apt accepts it, and tshark loads the
    plugin from a scratch root it is unpacked into."""
    cache = open(os.path.join(h.BUILD, "CMakeCache.txt")).read()
    if "TCPFLOW_INSTALL:STRING=system" not in cache or not shutil.which("dpkg-deb"):
        print("SKIP: the package is made from a build configured with -DTCPFLOW_INSTALL=system, with dpkg")
        sys.exit(77)
    for old in glob.glob(os.path.join(h.BUILD, "wireshark-tcpflow_*.deb")):
        os.remove(old)
    subprocess.run(["cpack"], cwd=h.BUILD, check=True, capture_output=True)
    version = re.search(r"project\(tcpflow VERSION (\S+)", open(os.path.join(h.SRC, "CMakeLists.txt")).read()).group(1)
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True).stdout.strip()
    deb = os.path.join(h.BUILD, f"wireshark-tcpflow_{version}_{arch}.deb")
    check(os.path.exists(deb), f"cpack writes {os.path.basename(deb)}")
    info = subprocess.run(["dpkg-deb", "-f", deb, "Depends"], capture_output=True, text=True).stdout.strip()
    lib = os.path.realpath(os.path.join(h.wireshark_variable("libdir"), "libwireshark.so"))
    libpkg = subprocess.run(["dpkg-query", "-S", lib], capture_output=True, text=True).stdout.split(":")[0]
    libver = subprocess.run(["dpkg-query", "-W", "-f=${Version}", libpkg], capture_output=True, text=True).stdout
    major, minor = h.wireshark_major_minor().split(".")
    check(info == f"{libpkg} (>= {libver}), {libpkg} (<< {major}.{int(minor) + 1}~)",
          f"it depends on {libpkg} {libver} up to the next release ({info})")
    plugindir = h.wireshark_variable("plugindir")
    files = subprocess.run(["dpkg-deb", "-c", deb], capture_output=True, text=True).stdout
    check(f".{plugindir}/epan/tcpflow.so" in files and "./usr/share/wireshark/profiles/tcpflow/preferences" in files,
          "it holds the plugin in the system plugin folder and the profile in the global profiles")
    check("/usr/local" not in files, "and nothing under /usr/local")
    if shutil.which("apt-get"):
        sim = subprocess.run(["apt-get", "install", "--simulate", "-q", deb], capture_output=True, text=True)
        check(sim.returncode == 0 and "wireshark-tcpflow" in sim.stdout, "apt-get install --simulate accepts it")
    scratch = os.path.join(ws.dir, "scratch")
    subprocess.run(["dpkg-deb", "-x", deb, scratch], check=True)
    for root, dirs, names in os.walk(scratch):
        for n in dirs + names + [""]:
            os.chmod(os.path.join(root, n), 0o755)
    bare = h.Wireshark(plugin=None, extra_env={"WIRESHARK_PLUGIN_DIR": scratch + os.path.dirname(plugindir)})
    try:
        plugins = bare.tshark(["-G", "plugins"]).stdout
        check(any(l.startswith("tcpflow.so") and scratch in l for l in plugins.splitlines()),
              "tshark -G plugins lists tcpflow.so from the unpacked package")
    finally:
        bare.close()


def install(ws):
    """`cmake --install` into the personal plugin folder (a scratch home) and into the system one
    (below a scratch DESTDIR): tshark lists the plugin from there and reads the profile; the
    uninstall target removes exactly the plugin and the profile."""
    user = h.Wireshark(plugin=None)          # only what the install writes
    build = os.path.join(user.dir, "build")
    try:
        env = dict(os.environ, HOME=user.home)
        env.pop("XDG_CONFIG_HOME", None)
        env.pop("DESTDIR", None)

        def cmake(*args, **extra):
            subprocess.run(["cmake"] + list(args), env=dict(env, **extra), check=True, capture_output=True)

        cmake("-S", h.SRC, "-B", build, "-DTCPFLOW_INSTALL=user", "-DBUILD_TESTING=OFF")
        cmake("--build", build, "--target", "tcpflow", "-j2")
        cmake("--install", build)
        mm = h.wireshark_major_minor()
        plugin = os.path.join(user.home, ".local/lib/wireshark/plugins", mm, "epan", "tcpflow.so")
        profile = os.path.join(user.home, ".config/wireshark/profiles/tcpflow")
        check(os.path.isfile(plugin) and os.path.isfile(os.path.join(profile, "colorfilters")),
              "user install: the plugin in the personal plugin folder, the profile in the personal profiles")
        listed = [l for l in user.tshark(["-G", "plugins"]).stdout.splitlines() if l.startswith("tcpflow.so")]
        check(len(listed) == 1 and plugin in listed[0], f"tshark -G plugins lists it from there ({listed})")
        seed = user.stage(os.path.join(h.CAPTURES, "seed-telnet-9502.pcap"))
        check("handshake 1/3" in user.tshark(["-C", "tcpflow", "-r", seed, "-c", "1"]).stdout,
              "tshark -C tcpflow uses the installed profile and plugin")
        cmake("--build", build, "--target", "uninstall")
        check(not os.path.exists(plugin) and not os.path.exists(profile) and
              os.path.isdir(os.path.dirname(plugin)), "uninstall removes the plugin and the profile, nothing else")

        scratch = os.path.join(user.dir, "destdir")
        cmake("-S", h.SRC, "-B", build, "-DTCPFLOW_INSTALL=system")
        cmake("--install", build, DESTDIR=scratch)
        plugindir, prefix = h.wireshark_variable("plugindir"), h.wireshark_variable("prefix")
        written = h.files_under(scratch)
        check(written == sorted([os.path.join(plugindir, "epan", "tcpflow.so")[1:]] +
                                [os.path.join(prefix, "share/wireshark/profiles/tcpflow", n)[1:]
                                 for n in os.listdir(os.path.join(h.SRC, "profiles", "tcpflow"))]),
              f"system install: the plugin in {plugindir}/epan, the profile in the global profiles ({written})")
        cmake("--build", build, "--target", "uninstall", DESTDIR=scratch)
        left = h.files_under(scratch)
        check(left == [], f"uninstall with the same DESTDIR removes them ({left})")
    finally:
        user.close()


def extra_captures():
    """Captures recorded by the live tests of this build, when they ran first."""
    return sorted(glob.glob(os.path.join(h.BUILD, "tests", "live", "*.pcap")))


CHECKS = {f.__name__: f for f in (regenerate, seed_tcpdump, golden, seed_tutorial, edge_cases, prefs,
                                  single_pass, oracle, random_access, hidden_tree, registration, show_tool,
                                  life, tcpdump_match, seed_explain, valgrind, ack_oracle, completeness,
                                  statistics, profile, package, install)}

if __name__ == "__main__":
    h.main(CHECKS, sys.argv)
