#!/usr/bin/env python3
"""The committed captures against what was reviewed: each is what its scenario generates, tcpflow's
fields equal the golden tables, and the seed capture says what the tutorial says.

    check_golden.py NAME      runs one check and exits non-zero on failure
    UPDATE_GOLDEN=1 check_golden.py golden         rewrites the golden tables (review them!)
    UPDATE_GOLDEN=1 check_golden.py seed_explain   rewrites the Chinese one
    UPDATE_GOLDEN=1 check_golden.py seed_ladder    rewrites the ladders
"""
import filecmp
import glob
import os
import sys
import tempfile

import harness as h
from harness import check, FIELDS, NUMBER_FIELDS, SEED, WORD_FIELDS, by_frame, captures


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
    """The fields of every committed capture equal the reviewed golden tables: its numbers, flags,
    links and history in NAME.tsv, its words in NAME.words.tsv."""
    for pcap in captures():
        name = os.path.splitext(os.path.basename(pcap))[0]
        rows = ws.fields(pcap, FIELDS)
        for golden_name, fields in ((name + ".tsv", NUMBER_FIELDS), (name + ".words.tsv", WORD_FIELDS)):
            check(h.golden_equal(golden_name, h.table(rows, fields)), f"{golden_name} equals the golden table")


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
        5: (["The server confirms it received every byte before byte 8", "the 7 bytes from frame 4"],
            ["服务器确认已收到第 8 字节之前的全部数据", "第 4 帧的 7 字节"]),
        6: (["The server sends 18 bytes (seq 1:19)", "the client acknowledges them in frame 7"],
            ["服务器发送 18 字节数据（seq 1:19）", "客户端在第 7 帧确认"]),
        7: (["The client confirms it received every byte before byte 19", "the 18 bytes from frame 6"],
            ["客户端确认已收到第 19 字节之前的全部数据", "第 6 帧的 18 字节"]),
    }
    for frame, (english, chinese) in statements.items():
        for phrase in english:
            check(phrase in en[frame]["tcpflow.explain"], f"frame {frame} (en): {phrase}")
        for phrase in chinese:
            check(phrase in zh[frame]["tcpflow.explain"], f"frame {frame} (zh): {phrase}")
    text = h.table(ws.fields(SEED, WORD_FIELDS, extra=["-o", "tcpflow.language:zh"]), WORD_FIELDS)
    check(h.golden_equal("seed-telnet-9502.zh.words.tsv", text),
          "the Chinese summary, tcpdump line, decoding and explanation equal the golden table")


def seed_ladder(ws):
    """-z tcpflow,ladder draws the seed capture as the reviewed ladder, in English and in Chinese:
    the client on the left, every segment an arrow from its sender with its step and links."""
    for lang, name in (("en", "seed-ladder.txt"), ("zh", "seed-ladder.zh.txt")):
        out = ws.tshark_read(["-2", "-q", "-r", ws.stage(SEED), "-z", "tcpflow,ladder",
                              "-o", f"tcpflow.language:{lang}"])
        check(h.golden_equal(name, out), f"{name} equals the golden ladder")
        arrows = [line for line in out.splitlines() if "|" in line and ("->|" in line or "|<-" in line)]
        check([("->|" in a) for a in arrows] == [True, False, True, True, False, False, True],
              f"{lang}: seven arrows, each from its sender (client, server, client, client, server, server, client)")
    only = ws.tshark_read(["-2", "-q", "-r", ws.stage(SEED), "-z", "tcpflow,ladder,tcp.len > 0"])
    check(only.count("->|") + only.count("|<-") == 2, "-z tcpflow,ladder,FILTER draws only the segments it keeps")


CHECKS = {f.__name__: f for f in (regenerate, seed_tcpdump, golden, seed_tutorial, seed_explain, seed_ladder)}

if __name__ == "__main__":
    h.main(CHECKS, sys.argv)
