#!/usr/bin/env python3
"""How Wireshark runs the plugin: registration, independence of TCP's preferences, one pass
against two, re-dissection in any order (as the GUI does), and the hidden tree made when only
some fields are asked for.

    check_dissection.py NAME      runs one check and exits non-zero on failure
"""
import json
import os
import random
import re
import sys

import harness as h
from harness import check, FIELDS, SEED, captures, extra_captures


def registration(ws):
    """The plugin loads, reports its version and registers every field with a blurb."""
    plugins = ws.tshark(["-G", "plugins"]).stdout
    version = open(os.path.join(h.SRC, "CMakeLists.txt")).read().split("project(tcpflow VERSION ")[1].split()[0]
    check(any([c.strip() for c in l.split("\t")[:3]] == ["tcpflow.so", version, "dissector"]
              for l in plugins.splitlines()),
          f"tshark -G plugins lists tcpflow.so {version}")
    # Wireshark 4.4 and later add columns after the filter name.
    protocols = [l.split("\t")[:3] for l in ws.tshark(["-G", "protocols"]).stdout.splitlines()]
    check(["TCP Flow Analysis", "tcpflow", "tcpflow"] in protocols, "protocol TCP Flow Analysis / tcpflow / tcpflow: one long name, one short")
    fields = {l.split("\t")[2]: l.split("\t") for l in ws.tshark(["-G", "fields"]).stdout.splitlines()
              if l.startswith("F\t") and "\ttcpflow." in l and "\tFT_NONE\t" not in l}
    check(sorted(fields) == sorted(FIELDS), f"exactly the tested fields are registered ({len(fields)})")
    check(all(len(f) > 7 and len(f[7]) > 20 for f in fields.values()), "every field has a blurb")
    sys.path.insert(0, os.path.join(h.SRC, "tools"))
    import fieldref
    reference = open(fieldref.REFERENCE, encoding="utf-8").read()
    generated = fieldref.reference(ws)
    check(generated in reference and all(f"`{f}`" in generated for f in FIELDS),
          "docs/FIELDS.md's field reference is the one tools/fieldref.py makes from tshark -G fields")


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
    (r" Frame \d+ carries them later: [^.]*\.", ""),                            # a gap's filler
    (r" No later frame carries them\.", ""),
    (r" A D-SACK in frame \d+ later shows these bytes had arrived before: this copy was not needed\.", ""),
    (r" This connection carried .*$", ""),                                      # its last segment: where its time went
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


# Fields of floating point: tshark prints 15 significant digits and sharkd 17, so both are compared
# at 15.
DOUBLES = {"tcpflow.loss.backoff"}


def normal(field, value):
    return ",".join(f"{float(v):.15g}" for v in value.split(",")) if field in DOUBLES and value else value


def sharkd_fields(tree):
    """{field: "v1,v2"} from a sharkd tree, in the form tshark -T fields prints; the summary, a hidden
    item that sharkd does not send, from the label of tcpflow's subtree, which shows it."""
    found = {}

    def walk(nodes):
        for n in nodes:
            if n.get("f") == "tcpflow" and n.get("l", "").startswith("TCP Flow Analysis: "):
                found.setdefault("tcpflow.summary", []).append(n["l"][len("TCP Flow Analysis: "):])
            name, _, value = n.get("f", "").partition(" == ")
            if name in FIELDS:
                if value.startswith('"'):
                    value = json.loads(value)
                found.setdefault(name, []).append({"True": "1", "False": "0"}.get(value, value))
            walk(n.get("n", []))
    walk(tree)
    return {k: normal(k, ",".join(v)) for k, v in found.items()}


def random_access(ws):
    """As the GUI does: every frame re-dissected in shuffled order, some twice, gives tshark -2's fields."""
    rng = random.Random(2927179378)
    for pcap in captures() + extra_captures():
        want = {r["frame"]: {f: normal(f, r[f]) for f in FIELDS if r[f]} for r in ws.fields(pcap, FIELDS)}
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
        grouped = part in ("handshake", "teardown", "data", "ack", "rst", "window", "loss", "timing", "ecn", "conn")
        groups.setdefault(part if grouped else "top", []).append(f)
    found = {g: 0 for g in groups}
    for pcap in captures() + extra_captures():
        for g, names in groups.items():
            some = colinfo(ws, pcap, names, None)
            whole = colinfo(ws, pcap, names, "tcpflow || !tcpflow")   # names the protocol: the whole tree
            found[g] += some.count(" == ")
            check(some == whole, f"{os.path.basename(pcap)}: the {g} fields alone equal the whole tree's")
    for g, n in found.items():
        check(n > 0, f"the {g} fields were found ({n} values)")


# The labels Wireshark's TCP analysis gives itself: tcpflow leaves them to TCP while its analysis is on.
TCP_LABELS = ["duplicate_ack", "keepalive", "zero_window_probe", "retransmission", "fast_retransmission",
              "spurious_retransmission", "out_of_order", "zero_window", "window_update", "window_full", "gap"]


def experts(ws):
    """Expert Information lists each of TCP's own labels once: with TCP's analysis on, tcpflow adds
    no expert info for them (its fields stay), and keeps those that say more (the kind of a
    retransmission, the reasoning); with TCP's analysis off, tcpflow's own labels come back."""
    either = " || ".join(f"tcpflow.expert.{n}" for n in TCP_LABELS)
    on = off = more = 0
    for pcap in captures() + extra_captures():
        path = ws.stage(pcap)
        on += len(ws.tshark_read(["-2", "-r", path, "-Y", either]).splitlines())
        off += len(ws.tshark_read(["-2", "-r", path, "-Y", either, "-o", "tcp.analyze_sequence_numbers:FALSE"]).splitlines())
        more += len(ws.tshark_read(["-2", "-r", path, "-Y", "tcpflow.expert.timeout_retransmission || "
                                    "tcpflow.expert.delayed_ack || tcpflow.expert.idle"]).splitlines())
    check(on == 0, f"with TCP's analysis on, no tcpflow expert info repeats a TCP label ({on} frames)")
    check(off > 0, f"with TCP's analysis off, tcpflow's own labels are reported ({off} frames)")
    check(more > 0, f"the expert infos that say more stay ({more} frames)")


def tree_layout(ws):
    """The tree reads in short lines: the explanation a sentence or clause at a time, the decoded
    tcpdump pieces labelled by themselves, the summary only in the subtree's label, the steps short
    with their long text after them."""
    frame4 = ws.tshark_read(["-2", "-V", "-r", ws.stage(SEED), "-Y", "frame.number == 4"])
    tcpflow = frame4[frame4.index("TCP Flow Analysis:"):]
    check("[Explanation: The client sends 7 bytes (seq 1:8); the server acknowledges them in frame 5, 25 µs later.]"
          in tcpflow, "the explanation's first sentence is its label")
    lines = tcpflow.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("[Explanation:"))
    pieces = [line.strip() for line in lines[at + 1:at + 8] if line.startswith(" " * 8)]
    pieces = pieces[:next((i for i, p in enumerate(pieces) if not p.startswith("[")), len(pieces))]
    check(len(pieces) >= 2 and pieces[0].startswith("[Before it nothing was outstanding") and
          all(len(p) < 200 and "[truncated]" not in p for p in pieces),
          f"the rest follows in short lines, none cut off ({pieces[:2]})")
    check("[Part:" not in tcpflow and "[seq 1:8 = bytes 1 to 7 of this direction (relative)]" in tcpflow,
          "the tcpdump pieces are labelled by what they are, with no Part: prefix")
    check("[Summary:" not in tcpflow, "the summary item is hidden: the subtree's label says it")
    check(ws.tshark_read(["-2", "-r", ws.stage(SEED), "-Y", 'tcpflow.summary contains "data 7 bytes"',
                          "-T", "fields", "-e", "frame.number"]).split() == ["4"], "the summary stays a field")
    frame1 = ws.tshark_read(["-V", "-r", ws.stage(SEED), "-Y", "frame.number == 1"])
    check("[Handshake step: 1/3 SYN (1): the client's SYN]" in frame1, "a step is short, its long text after it")
    line = ws.tshark_read(["-r", ws.stage(SEED), "-Y", "frame.number == 1"])
    check(" TCP 74 [handshake 1/3 (SYN)] 39870 → 9502 [SYN] " in line, f"the summary opens the Info column ({line.strip()[:90]})")


CHECKS = {f.__name__: f for f in (registration, prefs, single_pass, random_access, hidden_tree, experts,
                                  tree_layout)}

if __name__ == "__main__":
    h.main(CHECKS, sys.argv)
