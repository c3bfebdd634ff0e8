#!/usr/bin/env python3
"""The statistics (-z tcpflow,tree and -z tcpflow,conn) and the shipped "tcpflow" profile.

    check_stats.py NAME      runs one check and exits non-zero on failure
"""
import os
import re
import shutil
import sys

import harness as h
from harness import check, captures, extra_captures


def stats_output(ws, pcap, z, two_pass=False):
    return ws.tshark_read((["-2"] if two_pass else []) + ["-q", "-r", ws.stage(pcap), "-z", z])


def conn_rows(ws, pcap, z="tcpflow,conn,csv", two_pass=False):
    lines = stats_output(ws, pcap, z, two_pass).splitlines()
    header = lines[0].split(",")
    return {r["stream"]: r for r in (dict(zip(header, line.split(","))) for line in lines[1:])}


def tree_counts(text):
    """{item: count} from tshark's stats tree text."""
    return {m.group(1).strip(): int(m.group(2)) for m in re.finditer(r"^ {0,2}(\S.*?\S)\s{2,}(\d+)\s", text, re.M)}


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


# Rows of the stats tree and the fields they count.
WINDOW_ROWS = {"Zero window": "tcpflow.window.zero", "Window full": "tcpflow.window.full",
               "Window update": "tcpflow.window.update", "Window shrunk": "tcpflow.window.shrunk",
               "Bytes never seen before it": "tcpflow.loss.gap", "D-SACK (a copy received twice)": "tcpflow.loss.dsack",
               "Delayed ACK": "tcpflow.timing.delayed_ack", "Nagle stall": "tcpflow.timing.nagle",
               "After idle time": "tcpflow.timing.idle", "CE marked (congestion experienced)": "tcpflow.ecn.ce",
               "ECE (a congestion mark echoed)": "tcpflow.ecn.echo", "CWR (congestion window reduced)": "tcpflow.ecn.cwr",
               "ACE counter moved (Accurate ECN)": "tcpflow.ecn.ace"}
SETUP_ROWS = {1: "Asks for ECN", 2: "Asks for Accurate ECN", 3: "Agrees to ECN", 4: "Agrees to Accurate ECN",
              5: "Does not agree to ECN"}
KIND_ROWS = {1: "Fast retransmission", 2: "Timeout retransmission", 3: "SACK-guided retransmission",
             4: "Tail-loss probe", 5: "Spurious retransmission", 6: "Fast-recovery retransmission"}


# Rows of the verdicts and of the parts of the connections' time, by the table's columns.
VERDICT_ROWS = {"none": "Too short to tell", "handshake": "Handshake", "network": "Network (data in flight, window open)",
                "receiver": "Receiver (zero or full window)", "loss": "Loss recovery",
                "stalls": "Delayed-ACK and Nagle stalls", "idle": "Application idle", "teardown": "Teardown"}
PART_ROWS = {"handshake": "Handshake time", "sending": "Sending time", "receiver_limited": "Receiver-limited time",
             "loss_fast": "Fast recovery time", "loss_timeout": "Retransmission timeout time",
             "stalls": "Stall time (delayed ACK, Nagle)", "idle": "Idle time (applications)", "teardown": "Teardown time"}


def streams_of_several(ws, pcap):
    """The streams with more than one connection: a side's SYNs or SYN+ACKs with more than one ISN."""
    isns = {}
    for r in ws.fields(pcap, ["tcp.stream", "tcp.flags.syn", "tcp.srcport", "tcp.seq_raw"], two_pass=False):
        if "," not in r["tcp.stream"] and r["tcp.flags.syn"] in ("1", "True"):
            isns.setdefault((r["tcp.stream"], r["tcp.srcport"]), set()).add(r["tcp.seq_raw"])
    return {s for (s, _), v in isns.items() if len(v) > 1}


def check_times(name, table, tree, several):
    """Each connection's parts add up to its own duration (within 1 %, or a µs per part: the table
    rounds), and so do their shares; its own duration is the stream's where the stream is one
    connection with a clock that runs forward, at most the stream's where the stream holds several
    (it is the newest one's), and at least the stream's otherwise (the time from the first stamp to
    the newest, and a handshake begun in another stream); the stats tree counts the verdicts and
    sums the parts (in ms) as the table does."""
    def adds_up(s, r):
        parts, own, span = sum(float(r[p]) for p in PART_ROWS), float(r["conn_duration"]), float(r["duration"] or 0)
        shares = [float(r[p + "_share"]) for p in PART_ROWS if r[p + "_share"]]
        if abs(parts - own) > max(8e-6, 0.01 * own) or (shares and abs(sum(shares) - 1) > 0.01):
            return False
        return own <= span + 8e-6 if s in several else own >= span - 8e-6
    off = [s for s, r in table.items() if not adds_up(s, r)]
    check(not off, f"{name}: every connection's parts add up to its duration (not: {off[:3]})")
    verdicts = {row: sum(r["verdict"] == v for r in table.values()) for v, row in VERDICT_ROWS.items()}
    got = {row: tree.get(row, 0) for row in verdicts}
    check(got == verdicts, f"{name}: the stats tree counts the connections by verdict ({got})")
    sums = {row: sum(float(r[p]) for r in table.values()) * 1000 for p, row in PART_ROWS.items()}
    bad = {row: (tree.get(row, 0), round(ms, 3)) for row, ms in sums.items() if abs(tree.get(row, 0) - ms) > 1}
    check(not bad, f"{name}: the stats tree's time by part is the table's, in ms (not: {bad})")


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
                                "tcpflow.handshake.complete"] + list(WINDOW_ROWS.values()) + ["tcpflow.loss.kind", "tcpflow.ecn.setup"])
        count = lambda f, pred=bool: sum(pred(x) for r in rows for x in r[f].split(",") if x)  # noqa: E731
        tree = tree_counts(stats_output(ws, pcap, "tcpflow,tree", two_pass=True))
        want = {"Connections": len(table), "Data segments": count("tcpflow.data.len"),
                "Acknowledged": count("tcpflow.data.acked_in"),
                "Retransmissions": count("tcpflow.data.retransmission"),
                "Handshake completed": count("tcpflow.handshake.complete", lambda x: x == "1")}
        want["Not acknowledged (at the end: never)"] = want["Data segments"] - want["Acknowledged"]
        want.update({row: count(field, lambda x: x not in ("0", "False")) for row, field in WINDOW_ROWS.items()})
        want.update({row: count("tcpflow.loss.kind", lambda x, k=str(k): x == k) for k, row in KIND_ROWS.items()})
        want.update({row: count("tcpflow.ecn.setup", lambda x, k=str(k): x == k) for k, row in SETUP_ROWS.items()})
        got = {k: tree.get(k) for k in want}
        check(got == want, f"{name}: stats tree counts equal the fields' ({got if got != want else want})")
        outcomes = sum(v for k, v in tree.items() if k.startswith(("Never", "Refused", "Reset", "Closed", "Still")))
        check(outcomes == len(table) == tree.get("How they ended"),
              f"{name}: every connection has one outcome ({outcomes}/{len(table)}/{tree.get('How they ended')})")
        check_times(name, table, tree, streams_of_several(ws, pcap))
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
    check(len(lines) == 7 and " 2/3 SYN+ACK " in lines[1] and "handshake 2/3 (SYN+ACK)" in lines[1],
          "columns: the handshake step, short, and the summary")
    check_widths()
    check(re.search(r"\s5\s+data 7 bytes, acked in #5; after 16\.311 s idle ", lines[3]) is not None,
          f"columns: acked in #5, after idle time ({lines[3]})")
    check(all("[handshake" not in l and "[data" not in l for l in lines), "the Info column stays Wireshark's")
    rules = ws.tshark(["-C", "tcpflow", "--color", "-r", seed, "-T", "fields", "-e", "frame.coloring_rule.name"])
    check(rules.stdout.split("\n")[:4] == ["tcpflow: handshake"] * 3 + ["TCP"],
          f"coloring: the handshake has its color ({rules.stdout.split()[:4]})")
    resets = ws.tshark(["-C", "tcpflow", "--color", "-2", "-r", ws.stage(os.path.join(h.CAPTURES, "anomalies.pcap")),
                        "-Y", "tcpflow.rst.from", "-T", "fields", "-e", "frame.coloring_rule.name"]).stdout.split("\n")
    check(resets[0] == "tcpflow: reset", f"coloring: a reset has its color ({resets[:1]})")
    anomalies = ws.stage(os.path.join(h.CAPTURES, "anomalies.pcap"))
    names = ws.tshark(["-C", "tcpflow", "--color", "-2", "-r", anomalies, "-T", "fields", "-e", "frame.number",
                       "-e", "frame.coloring_rule.name"]).stdout
    rule = dict(line.split("\t") for line in names.splitlines())
    check(rule.get("5") == "tcpflow: bytes never seen or retransmitted" and rule.get("11") == "tcpflow: zero window"
          and rule.get("14") == "tcpflow: window update",
          f"coloring: a gap, a zero window, a reopened window ({rule.get('5')}, {rule.get('11')}, {rule.get('14')})")
    colors = {}
    for name in ("nagle-delack", "ecn"):
        out = ws.tshark(["-C", "tcpflow", "--color", "-2", "-r", ws.stage(os.path.join(h.CAPTURES, name + ".pcap")),
                         "-T", "fields", "-e", "frame.number", "-e", "frame.coloring_rule.name"]).stdout
        colors[name] = dict(line.split("\t") for line in out.splitlines())
    timing, ecn = colors["nagle-delack"], colors["ecn"]
    check(timing.get("7") == timing.get("8") == "tcpflow: Nagle stall or delayed ACK" and
          ecn.get("6") == ecn.get("7") == ecn.get("10") == "tcpflow: congestion signalled (ECN)",
          f"coloring: a delayed ACK, a Nagle stall, a CE mark, its echo and CWR "
          f"({timing.get('7')}, {timing.get('8')}, {ecn.get('6')}, {ecn.get('7')}, {ecn.get('10')})")


def check_widths():
    """The profile's column widths: one per column, in the columns' order, that fit a 1400-pixel window."""
    prefs = open(os.path.join(h.SRC, "profiles", "tcpflow", "preferences"), encoding="utf-8").read()
    columns = re.findall(r'^\t"[^"]+", "([^"]+)"', prefs, re.M)
    recent = open(os.path.join(h.SRC, "profiles", "tcpflow", "recent"), encoding="utf-8").read()
    widths = re.findall(r'^\t"?([^",]+)"?, (\d+)', recent, re.M)
    names = [c if not c.startswith("%Cus:") else "%Cus:" + c.split(":")[1] for c in columns]
    check([w[0] for w in widths] == names, f"a width for each column, in order ({len(widths)} of {len(names)})")
    total = sum(int(w[1]) for w in widths)
    check(total <= 1400 - 60 and int(widths[-1][1]) >= 300,
          f"the columns fit 1400 pixels beside the scroll bar, Info keeps {widths[-1][1]} ({total})")


def tree_order(ws):
    """-z tcpflow,tree lists its rows as Wireshark's dialog does (names descending at every level,
    ranges by their floor), outcomes under their own row."""
    text = stats_output(ws, os.path.join(h.CAPTURES, "diagnosis.pcap"), "tcpflow,tree", two_pass=True)
    rows = [(len(m.group(1)), m.group(2).strip()) for m in re.finditer(r"^( *)(\S.*?\S)\s{2,}\d+\s", text, re.M)
            if m.group(2).strip() != "Topic / Item"]
    def siblings(level, parent_index):
        out = []
        for i in range(parent_index + 1, len(rows)):
            if rows[i][0] < level:
                break
            if rows[i][0] == level:
                out.append(rows[i][1])
        return out
    bad = []
    for i, (level, name) in [(-1, (-1, ""))] + list(enumerate(rows)):
        kids = siblings(level + 1, i)
        if kids and not all(re.match(r"^\d+-", k) for k in kids):
            if kids != sorted(kids, key=str.lower, reverse=True):
                bad.append(name or "top")
    check(not bad, f"every level's names descend as in Wireshark's dialog (not: {bad[:3]})")
    ended = siblings(2, next(i for i, r in enumerate(rows) if r[1] == "How they ended"))
    connections = siblings(1, next(i for i, r in enumerate(rows) if r[1] == "Connections"))
    check("Closed in order, client first" in ended and "Handshake completed" not in ended and
          connections == ["How they ended", "Handshake completed"], "outcomes are under How they ended")


CHECKS = {f.__name__: f for f in (statistics, profile, tree_order)}

if __name__ == "__main__":
    h.main(CHECKS, sys.argv)
