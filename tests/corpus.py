#!/usr/bin/env python3
"""tcpflow on captures nobody on the project wrote: the capture files of
tcpdump's own test suite (../shared/realcaps/tcpdump, or $TCPFLOW_REALCAPS).

    corpus.py           every file, then the agreement table; exits 77 when the corpus is missing

For every file:
  run       tshark -2 -V, and tshark -2 -q -z tcpflow,tree -z tcpflow,conn, exit as tshark without the
            plugin does (0, or a file cut inside its last packet), with nothing new on stderr, no
            abort (a dissector bug aborts: WIRESHARK_ABORT_ON_DISSECTOR_BUG) and no new
            "Malformed Packet" or "Dissector bug" in the tree
  revived   no state comes back after a RST closed both sides, until a new SYN
  huge      no byte count or sequence number of 2^30 or more
  time      no negative time
  explain   the explanation (English and Chinese) names for each side the state the tree shows,
            and never says a side "may still send data" once that side sent a FIN
  links     acked_in points forward, acks_frame points back
  oracle    every ACK link of Wireshark's tcp.analysis.acks_frame is one of tcpflow's, with the same RTT
  tcpdump   tcpflow.tcpdump equals tcpdump -nn on every TCP line, up to "length N"

The explanation check runs over the project's captures/*.pcap as well.
"""
import collections
import concurrent.futures
import glob
import os
import re
import shutil
import subprocess
import sys
import time

import harness as h
from harness import check, tcpdump_tcp_part

REALCAPS = os.environ.get("TCPFLOW_REALCAPS") or os.path.join(h.SRC, "..", "shared", "realcaps", "tcpdump")
JOBS = int(os.environ.get("TCPFLOW_JOBS", "0")) or 2 * (os.cpu_count() or 1)   # tshark waits on I/O too
EXAMPLES = 3                      # examples printed per file and class

# Below these the corpus run says too little to count as a pass.
MIN_FILES, MIN_TCP_FRAMES, MIN_ACK_LINKS, MIN_TCPDUMP_LINES, MIN_STATE_MENTIONS = 101, 1500, 500, 1400, 100

STATES = ["CLOSED", "LISTEN", "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED", "FIN-WAIT-1", "FIN-WAIT-2",
          "CLOSE-WAIT", "CLOSING", "LAST-ACK", "TIME-WAIT"]
CLOSED, ESTABLISHED = 0, 4
BOTH = (0, 1)

# Fields whose values must stay below 2^30 (a byte count or relative number beyond
# that is a subtraction that went negative), and fields that are times.
SMALL = ["tcpflow.ack.acked_bytes", "tcpflow.ack.unseen_bytes", "tcpflow.data.seq", "tcpflow.data.nextseq",
         "tcpflow.data.len", "tcpflow.data.retransmission", "tcpflow.rst.unacked_bytes"]
TIMES = ["tcpflow.ack.rtt", "tcpflow.handshake.rtt", "tcpflow.handshake.synack_time",
         "tcpflow.handshake.ack_time", "tcpflow.data.ack_delay"]
WS_FIELDS = ["tcp.stream", "tcp.srcport", "tcp.flags", "tcp.seq_raw", "tcp.ack_raw", "tcp.len", "tcp.analysis.acks_frame",
             "tcp.analysis.ack_rtt", "frame.time_relative", "icmp.type", "icmpv6.type", "_ws.expert.message"]
# What the explanation check reads (the Chinese run asks for these only).
EXPLAIN_FIELDS = ["tcp.stream", "tcp.srcport", "tcp.flags", "icmp.type", "icmpv6.type", "tcpflow.direction",
                  "tcpflow.state.client", "tcpflow.state.server", "tcpflow.handshake.step", "tcpflow.explain"]
ANSWERS = "tcpflow.ack.answers"   # ACK links tcpflow may list apart from acks_frame

CLASSES = ["run", "revived", "huge", "time", "explain", "links", "oracle", "tcpdump"]


# ---- reading the explanation ------------------------------------------------------

class Phrasing:
    """How one language names the sides and the states in tcpflow.explain (see the
    phrase table, tcpflow-phrases.h)."""

    def __init__(self, sides, sentence_end, clause_sep, extra_states, still_sends):
        self.sides = [(re.compile(p), who) for p, who in sides]
        self.sentence_end = re.compile(sentence_end)
        self.clause_sep = re.compile(clause_sep)
        # A state is named by its RFC 793 name in capitals (SYN-RECEIVED, TIME-WAIT; also
        # accepted: underscores, SYN-RCVD), or by the phrases in extra_states.
        names = "|".join(sorted((re.escape(s).replace("\\-", "[-_]") for s in STATES), key=len, reverse=True))
        self.state_re = re.compile(r"(?<![A-Za-z_-])(" + names + r"|SYN[-_]RCVD)(?![A-Za-z0-9_-])")
        self.extra_states = [(re.compile(p), state) for p, state in extra_states]
        self.still_sends = re.compile(still_sends)


ENGLISH = Phrasing(
    sides=[(r"\b[Tt]he client\b", (0,)), (r"\b[Tt]he server\b", (1,)), (r"\b[Bb]oth sides\b", BOTH),
           (r"\b[Tt]he connection(?= is established\b)", BOTH)],
    sentence_end=r"(?<=\.)\s+(?=[A-Z(])|(?<=\.\))\s+",
    clause_sep=r"[;:]\s",
    # "... and the connection is established", "Both sides are now established."
    extra_states=[(r"\b(?:is|are now|are both) established\b", ESTABLISHED)],
    still_sends=r"\b(?:may|can) still send\b")

CHINESE = Phrasing(
    sides=[(r"客户端", (0,)), (r"服务器", (1,)), (r"双方", BOTH), (r"连接(?=建立(?:[，。]|$))", BOTH)],
    sentence_end=r"(?<=。)",
    clause_sep=r"[；：]",
    # "；连接建立，距第一个 SYN 3 ms。" -- but not "在连接建立后" (while it was established)
    extra_states=[(r"(?<=连接)建立(?=[，。]|$)", ESTABLISHED)],
    still_sends=r"仍然可以(?:继续)?发送")

PHRASINGS = {"en": ENGLISH, "zh": CHINESE}


def state_name(n):
    return STATES[n] if 0 <= n < len(STATES) else str(n)


def canonical_state(text):
    t = text.upper().replace("_", "-")
    return STATES.index("SYN-RECEIVED") if t == "SYN-RCVD" else STATES.index(t)


def named_states(explanation, phrasing):
    """[(sides, state, sentence)] for every state the explanation names: sides is a tuple of
    0 (client) and/or 1 (server), or () when no side can be told.  The side is the nearest one
    named before the state in its clause ("...; the connection is closed, and the client waits
    in TIME-WAIT"), else the sentence's subject, the first side it names ("the server
    acknowledges the FIN of the client; it ...")."""
    found = []
    for sentence in (s for s in phrasing.sentence_end.split(explanation) if s.strip()):
        mentions = [(m.start(), canonical_state(m.group(1))) for m in phrasing.state_re.finditer(sentence)]
        mentions += [(m.start(), st) for p, st in phrasing.extra_states for m in p.finditer(sentence)]
        clause_starts = [0] + [m.end() for m in phrasing.clause_sep.finditer(sentence)]
        sides = sorted((m.start(), who) for p, who in phrasing.sides for m in p.finditer(sentence))
        for at, st in sorted(mentions):
            clause = max(c for c in clause_starts if c <= at)
            in_clause = [who for pos, who in sides if clause <= pos < at]
            who = in_clause[-1] if in_clause else sides[0][1] if sides else ()
            found.append((who, st, sentence.strip()))
    return found


def still_sending(explanation, phrasing):
    """[(side, sentence)] for each "may still send data": the side is its sentence's subject,
    the first side it names."""
    out = []
    for sentence in (s for s in phrasing.sentence_end.split(explanation) if s.strip()):
        if phrasing.still_sends.search(sentence):
            sides = sorted((m.start(), who) for p, who in phrasing.sides for m in p.finditer(sentence))
            out.append((sides[0][1] if sides else (), sentence.strip()))
    return out


def partial_ack(ack, seg):
    """Whether an ACK covers only part of a segment (both with one TCP header): Wireshark 4.4 and
    later link such an ACK to it; tcpflow's acks_frame waits for the ACK of its end (acked_in)."""
    if not seg or not (one_header(ack) and one_header(seg)) or not seg["tcp.len"]:
        return False
    end = (int(seg["tcp.seq_raw"]) + int(seg["tcp.len"])) & 0xffffffff
    a = int(ack["tcp.ack_raw"])
    return (end - a) & 0xffffffff < 0x80000000 and a != end and \
        (a - int(seg["tcp.seq_raw"])) & 0xffffffff < 0x80000000


def one_header(r):
    """A frame with exactly one TCP header (no tunnel of two, no ICMP quote): its fields are
    one value each, and a comma in the explanation is the explanation's own."""
    return (r["tcp.srcport"] != "" and "," not in r["tcp.srcport"] and not r["icmp.type"]
            and not r["icmpv6.type"] and r["tcpflow.state.client"] != "" and "," not in r["tcpflow.state.client"])


def explanation_violations(rows, lang):
    """Where the explanation in `lang` contradicts the tree: (frame, what) for each state it names
    for a side that the tree does not show for that side, each state named without a side, and
    each "may still send data" said of a side whose FIN was already on the wire.  Returns
    (violations, number of state names read)."""
    phrasing = PHRASINGS[lang]
    bad, mentions = [], 0
    fin_sent = {}                                 # stream -> set of sides that sent a FIN
    for r in rows:
        if not one_header(r):
            continue
        frame, stream = r["frame"], r["tcp.stream"]
        tree = (int(r["tcpflow.state.client"]), int(r["tcpflow.state.server"]))
        direction = int(r["tcpflow.direction"] or 0)
        sender = {1: 0, 2: 1}.get(direction)
        if "1" in r["tcpflow.handshake.step"].split(","):
            fin_sent[stream] = set()                  # a SYN: a new connection, or its start
        if sender is not None and int(r["tcp.flags"] or "0", 16) & 0x01:
            fin_sent.setdefault(stream, set()).add(sender)
        text = r["tcpflow.explain"]
        for who, st, sentence in named_states(text, phrasing):
            mentions += 1
            if not who:
                bad.append((frame, f"names {state_name(st)} for no side: {sentence!r}"))
            for side in who:
                if tree[side] != st:
                    bad.append((frame, f"says the {('client', 'server')[side]} is {state_name(st)}, the tree "
                                       f"shows {state_name(tree[side])} (client {state_name(tree[0])}, server "
                                       f"{state_name(tree[1])}): {sentence!r}"))
        for who, sentence in still_sending(text, phrasing):
            if not who:
                bad.append((frame, f"says someone may still send, but not who: {sentence!r}"))
            for side in who:
                if side in fin_sent.get(stream, ()):
                    bad.append((frame, f"says the {('client', 'server')[side]} may still send data after its FIN: "
                                       f"{sentence!r}"))
    return bad, mentions


def languages_disagree(en, zh):
    """(frame, what) where the English and the Chinese explanation name different states: one
    of the two says something the other does not (or this parser misreads one of them)."""
    def states_by_frame(rows, lang):
        return {r["frame"]: sorted((who, st) for who, st, _ in named_states(r["tcpflow.explain"], PHRASINGS[lang]))
                for r in rows if one_header(r)}
    a, b = states_by_frame(en, "en"), states_by_frame(zh, "zh")
    return [(n, f"the English explanation names {named(a.get(n))}, the Chinese one {named(b.get(n))}")
            for n in sorted(set(a) | set(b)) if a.get(n) != b.get(n)]


def named(mentions):
    if mentions is None:
        return "nothing (no such frame)"
    side = {(0,): "client", (1,): "server", BOTH: "both", (): "no side"}
    return ", ".join(f"{side[who]} {state_name(st)}" for who, st in mentions) or "no state"


# The parser on sentences of the phrase table (tcpflow-phrases.h), so that it cannot silently read
# nothing: (language, explanation, [(sides, state)], [side that may still send]).
PARSER_CASES = [
    ("en", "Handshake step 3 of 3: the client acknowledges the server's SYN — ack 1721825044 = server ISN "
           "1721825043 + 1 (tcpdump prints it relative: ack 1) — and the connection is established, 41.9 ms "
           "after the first SYN.", [(BOTH, ESTABLISHED)], []),
    ("en", "Simultaneous open: the client acknowledges the other side's SYN with ack 5 = server ISN 4 + 1 and "
           "repeats its own SYN. Both sides are now established.", [(BOTH, ESTABLISHED)], []),
    ("en", "Teardown step 4 of 4: the server acknowledges the FIN of the client (ack 20); the connection is "
           "closed, and the server waits in TIME-WAIT.", [((1,), 10)], []),
    ("en", "Teardown step 2 of 4: the server acknowledges the FIN of the client (ack 12); it may still send data "
           "of its own. The server sends 5 bytes (seq 1:6).", [], [(1,)]),
    ("en", "The client resets the connection while it was established with a RST; no data was in flight.", [], []),
    ("en", "The client is in FIN-WAIT-2; the server moves to CLOSE-WAIT.", [((0,), 6), ((1,), 7)], []),
    ("zh", "第三次握手：客户端以 ack 1721825044（= 服务器 ISN 1721825043 + 1）确认服务器的 SYN（tcpdump 显示为相对值 "
           "ack 1）；连接建立，距第一个 SYN 41.9 ms。", [(BOTH, ESTABLISHED)], []),
    ("zh", "第三次握手：客户端确认了一个抓包中没有出现的 SYN+ACK（ack 0）；连接建立。", [(BOTH, ESTABLISHED)], []),
    ("zh", "同时打开：客户端以 ack 5（= 服务器 ISN 4 + 1）确认对方的 SYN，并重复自己的 SYN。双方都已进入 ESTABLISHED 状态。",
     [(BOTH, ESTABLISHED)], []),
    ("zh", "第四次挥手：客户端确认服务器的 FIN（ack 9）；连接关闭，客户端进入 TIME-WAIT 等待。", [((0,), 10)], []),
    ("zh", "第二次挥手：服务器确认客户端的 FIN（ack 12）；它自己仍然可以继续发送数据。", [], [(1,)]),
    ("zh", "服务器在连接建立后用 RST 强制断开连接；没有未确认的数据。", [], []),
]


def parser_self_check():
    side = {(0,): "client", (1,): "server", BOTH: "both"}
    for lang, text, states, senders in PARSER_CASES:
        got = [(who, st) for who, st, _ in named_states(text, PHRASINGS[lang])]
        got_senders = [who for who, _ in still_sending(text, PHRASINGS[lang])]
        still = "; may still send: " + ", ".join(side[w] for w in senders) if senders else ""
        wrong = "" if (got, got_senders) == (states, senders) else \
            f" (read {named(got)}; may still send: {[side.get(w, '?') for w in got_senders]})"
        check(not wrong, f"explanation parser ({lang}): {named(states)}{still} in {text[:50]!r}…{wrong}")


# ---- running tshark and tcpdump --------------------------------------------------------

def stderr_lines(text):
    return [l for l in text.splitlines() if l.strip()]


def markers(stdout):
    return sum(1 for l in stdout.splitlines() if "Malformed Packet" in l or "Dissector bug" in l)


class Baseline:
    """What tshark without the plugin does on a file: its exit status, its stderr and the
    malformed-packet markers in its tree, which a broken file earns without tcpflow."""

    def __init__(self, ws, path):
        p = ws.tshark(["-2", "-V", "-r", path, "--disable-protocol", "tcpflow"], check_rc=False)
        self.rc, self.stderr, self.markers = p.returncode, set(stderr_lines(p.stderr)), markers(p.stdout)

    def judge(self, p, what):
        """Why a run with the plugin is worse than the baseline, or None."""
        if p.returncode < 0 or p.returncode >= 128:
            return f"{what}: killed by signal {-p.returncode if p.returncode < 0 else p.returncode - 128}"
        new = [l for l in stderr_lines(p.stderr) if l not in self.stderr]
        if new and not h.truncated_file_only("\n".join(new)):
            return f"{what}: new on stderr: {new[:3]}"
        if p.returncode != 0 and p.returncode != self.rc and not h.truncated_file_only(p.stderr):
            return f"{what}: exit status {p.returncode} (without tcpflow: {self.rc})"
        return None


def fields(ws, path, names, extra=()):
    """tshark -2 -T fields, as Wireshark.fields, with the completed process."""
    p = ws.tshark(h.fields_args(path, names, extra=extra), check_rc=False)
    return h.parse_fields(p.stdout, names), p


def tcpdump_packets(path):
    """{frame: [TCP parts]} from tcpdump -nn -# (a packet may print several lines)."""
    p = subprocess.run(["tcpdump", "-nn", "-#", "-r", path], capture_output=True, text=True,
                       env=dict(os.environ, TZ="UTC"))
    packets, current = {}, None
    for line in p.stdout.splitlines():
        m = re.match(r"\s*(\d+)  ", line)
        if m:
            current = int(m.group(1))
            packets[current] = []
        if current is None:
            continue
        part = tcpdump_tcp_part(line)
        if part is not None:
            packets[current].append(part)
    return {n: parts for n, parts in packets.items() if parts}


def registered(ws, name):
    out = ws.tshark(["-G", "fields"]).stdout
    return any(line.split("\t")[2:3] == [name] for line in out.splitlines() if line.startswith("F\t"))


# ---- one file ------------------------------------------------------------------------------

class Result:
    def __init__(self, name):
        self.name = name
        self.counts = collections.Counter()
        self.violations = {c: [] for c in CLASSES}

    def bad(self, cls, frame, what):
        self.violations[cls].append((frame, what))


def floats(cell):
    return [float(x) for x in cell.split(",") if x != ""]


def guarded(check_one):
    """A file whose check raised is a failure of that file, not the end of the run."""
    def run(ws, path, *args):
        try:
            return check_one(ws, path, *args)
        except Exception as e:          # noqa: BLE001 -- reported as a failure below
            res = Result(os.path.basename(path))
            res.bad("run", 0, f"the check itself failed: {e!r}")
            return res
    return run


@guarded
def check_file(ws, path, extra_fields, tcpdump):
    name = os.path.basename(path)
    res = Result(name)
    path = ws.stage(path)
    base = Baseline(ws, path)

    p = ws.tshark(["-2", "-V", "-r", path], check_rc=False)
    why = base.judge(p, "-2 -V")
    if why:
        res.bad("run", 0, why)
    if markers(p.stdout) > base.markers:
        res.bad("run", 0, f"-2 -V: {markers(p.stdout)} malformed/dissector-bug lines (without tcpflow: "
                          f"{base.markers})")
    trees = sum(1 for l in p.stdout.splitlines() if l.startswith("TCP Flow Analysis"))
    p = ws.tshark(["-2", "-q", "-r", path, "-z", "tcpflow,tree", "-z", "tcpflow,conn"], check_rc=False)
    why = base.judge(p, "-q -z tcpflow,tree -z tcpflow,conn")
    if why:
        res.bad("run", 0, why)
    elif "Connections" not in p.stdout or "TCP connections (tcpflow)" not in p.stdout:
        res.bad("run", 0, "-q -z tcpflow,tree -z tcpflow,conn: no stats tree or connection table printed")

    names = list(dict.fromkeys(h.FIELDS + WS_FIELDS + extra_fields))
    rows, p = fields(ws, path, names)
    why = base.judge(p, "-T fields")
    if why:
        res.bad("run", 0, why)
    zh, p = fields(ws, path, EXPLAIN_FIELDS, ["-o", "tcpflow.language:zh"])
    why = base.judge(p, "-T fields (zh)")
    if why:
        res.bad("run", 0, why)

    res.counts["frames"] = len(rows)
    res.counts["tcp"] = sum(1 for r in rows if r["tcp.srcport"])
    res.counts["analysed"] = sum(1 for r in rows if r["tcpflow.state.client"])
    if trees < res.counts["analysed"]:
        res.bad("run", 0, f"-2 -V shows {trees} tcpflow trees for {res.counts['analysed']} analysed frames")

    # revived: after a RST left both sides CLOSED, nothing but a new SYN moves a state again
    closed_by = {}                                # stream -> the RST's frame
    for r in rows:
        if not one_header(r):
            continue
        stream, st = r["tcp.stream"], (int(r["tcpflow.state.client"]), int(r["tcpflow.state.server"]))
        if "1" in r["tcpflow.handshake.step"].split(","):
            closed_by.pop(stream, None)
        elif stream in closed_by:
            res.counts["after_rst"] += 1
        if stream in closed_by and st != (CLOSED, CLOSED):
            res.bad("revived", r["frame"], f"stream {stream}: client {state_name(st[0])}, server {state_name(st[1])} "
                                           f"after the RST of frame {closed_by[stream]} closed both")
        if r["tcpflow.rst.from"] and st == (CLOSED, CLOSED):
            closed_by[stream] = r["frame"]

    for r in rows:
        n = r["frame"]
        for f in SMALL:                           # huge
            for v in h.ints(r[f]):
                if v >= 2 ** 30:
                    res.bad("huge", n, f"{f} = {v}")
        for f in TIMES:                           # time
            for v in floats(r[f]):
                if v < 0:
                    res.bad("time", n, f"{f} = {v} (frame.time_relative {r['frame.time_relative']})")
        for v in h.ints(r["tcpflow.data.acked_in"]):   # links
            if v <= n:
                res.bad("links", n, f"tcpflow.data.acked_in = {v}, not a later frame")
        for v in h.ints(r["tcpflow.ack.acks_frame"]):
            if v >= n:
                res.bad("links", n, f"tcpflow.ack.acks_frame = {v}, not an earlier frame")

    # explain, in both languages, which name the same states
    for lang, rs in (("en", rows), ("zh", zh)):
        bad, mentions = explanation_violations(rs, lang)
        res.counts["mentions_" + lang] += mentions
        for frame, what in bad:
            res.bad("explain", frame, f"({lang}) {what}")
    for frame, what in languages_disagree(rows, zh):
        res.bad("explain", frame, what)

    # oracle: Wireshark's ACK links and RTTs
    by_number = {r["frame"]: r for r in rows}
    for r in rows:
        theirs = h.ints(r["tcp.analysis.acks_frame"])
        ours = h.ints(r["tcpflow.ack.acks_frame"])
        answers = h.ints(r.get(ANSWERS, ""))
        for t in theirs:
            res.counts["links"] += 1
            if t in ours or t in answers:
                res.counts["found"] += 1
            elif partial_ack(r, by_number.get(t)):
                res.counts["partial"] += 1   # Wireshark 4.4 on: a part of t; tcpflow: acked_bytes
            else:
                res.bad("oracle", r["frame"], f"Wireshark: ACK of frame {t}; tcpflow.ack.acks_frame "
                                              f"{ours or 'absent'}" + (f", {ANSWERS} {answers}" if answers else ""))
            # Wireshark's RTT counts from the frame it links; tcpflow's from the frame Karn's rule
            # picks (rtt_from): they are the same time when the two frames are.  Where the clock
            # runs backwards tcpflow shows no time, and must say so.
            if not (one_header(r) and h.ints(r["tcpflow.ack.rtt_from"]) == [t]):
                continue
            if not r["tcpflow.ack.rtt"] and "clock runs backwards" in r["_ws.expert.message"]:
                res.counts["rtts_clock"] += 1
                continue
            res.counts["rtts"] += 1
            if r["tcp.analysis.ack_rtt"] == r["tcpflow.ack.rtt"]:
                res.counts["rtts_equal"] += 1
            else:
                theirs_rtt, ours_rtt = r["tcp.analysis.ack_rtt"], r["tcpflow.ack.rtt"] or "absent"
                res.bad("oracle", r["frame"], f"RTT of the ACK of frame {t}: Wireshark {theirs_rtt}, "
                                              f"tcpflow {ours_rtt}")

    # tcpdump: tcpflow.tcpdump against tcpdump -nn on every TCP line
    if tcpdump:
        ours = {r["frame"]: r["tcpflow.tcpdump"] for r in rows}
        by_frame = {r["frame"]: r for r in rows}
        for n, parts in sorted(tcpdump_packets(path).items()):
            want = ",".join(parts)
            res.counts["tcpdump"] += 1
            if not ours.get(n):
                r = by_frame.get(n, {})
                why = ("the segment was analysed" if r.get("tcpflow.state.client") else
                       f"the segment was not analysed: {r.get('_ws.expert.message', '')[:160]!r}")
                res.bad("tcpdump", n, f"tcpdump prints a TCP line, tcpflow.tcpdump is absent ({why})\n"
                                      f"      tcpdump: {want}")
            elif ours[n] != want:
                res.bad("tcpdump", n, f"differs\n      tcpdump: {want}\n      tcpflow: {ours[n]}")
            else:
                res.counts["tcpdump_equal"] += 1
    return res


@guarded
def check_own_capture(ws, path):
    """The explanation check on one of the project's captures, in both languages."""
    res = Result(os.path.basename(path))
    by_lang = {}
    for lang in ("en", "zh"):
        rows, p = fields(ws, ws.stage(path), EXPLAIN_FIELDS, ["-o", "tcpflow.language:" + lang])
        if (p.returncode != 0 or p.stderr.strip()) and not h.truncated_file_only(p.stderr):
            res.bad("run", 0, f"-T fields ({lang}): exit status {p.returncode}: {p.stderr.strip()[:200]}")
        bad, mentions = explanation_violations(rows, lang)
        res.counts["mentions_" + lang] += mentions
        for frame, what in bad:
            res.bad("explain", frame, f"({lang}) {what}")
        by_lang[lang] = rows
    for frame, what in languages_disagree(by_lang["en"], by_lang["zh"]):
        res.bad("explain", frame, what)
    return res


# ---- the report ------------------------------------------------------------------------------

def report(res, classes):
    for cls in classes:
        v = res.violations[cls]
        check(not v, f"{res.name}: {cls}: {len(v)} violation{'s' * (len(v) != 1)}")
        for frame, what in v[:EXAMPLES]:
            print(f"    {'frame ' + str(frame) if frame else 'file'}: {what}")


def table(results, tcpdump):
    cols = ["frames", "tcp", "analysed", "links", "found", "partial", "rtts", "rtts_equal", "rtts_clock"] + \
        (["tcpdump", "tcpdump_equal"] if tcpdump else [])
    heads = ["frames", "TCP", "analysed", "WS links", "found", "partial", "RTTs", "equal", "no time"] + \
        (["tcpdump", "equal"] if tcpdump else []) + CLASSES
    width = max(len(r.name) for r in results)
    print("\nAgreement (the last columns: violations per class)")
    print(f"{'file':<{width}} " + " ".join(f"{x:>8}" for x in heads))
    total = Result("TOTAL")
    for r in results + [total]:
        if r is total:
            print("-" * (width + 9 * len(heads)))
        print(f"{r.name:<{width}} " + " ".join(f"{r.counts[c]:>8}" for c in cols) + " " +
              " ".join(f"{len(r.violations[c]):>8}" for c in CLASSES))
        if r is not total:
            total.counts.update(r.counts)
            for c in CLASSES:
                total.violations[c] += r.violations[c]
    return total


def main():
    if not os.path.isdir(REALCAPS):
        print(f"skipped: the corpus is missing ({os.path.abspath(REALCAPS)}; set TCPFLOW_REALCAPS)")
        sys.exit(h.SKIP)
    corpus = sorted(os.path.join(REALCAPS, n) for n in os.listdir(REALCAPS)
                    if n.endswith((".pcap", ".pcapng", ".cap")))
    own = sorted(glob.glob(os.path.join(h.CAPTURES, "*.pcap")))
    tcpdump = shutil.which("tcpdump") is not None
    started = time.monotonic()
    parser_self_check()
    ws = h.Wireshark()
    try:
        extra = [ANSWERS] if registered(ws, ANSWERS) else []
        print(f"{len(corpus)} files in {os.path.abspath(REALCAPS)}, {len(own)} project captures, {JOBS} jobs; "
              f"{ANSWERS} {'is' if extra else 'is not'} registered")
        if not tcpdump:
            print("skipped: the tcpdump comparison (tcpdump is not installed)")
        with concurrent.futures.ThreadPoolExecutor(JOBS) as pool:
            results = list(pool.map(lambda p: check_file(ws, p, extra, tcpdump), corpus))
            own_results = list(pool.map(lambda p: check_own_capture(ws, p), own))
    finally:
        ws.close()

    print("\nThe corpus")
    for r in results:
        report(r, CLASSES if tcpdump else [c for c in CLASSES if c != "tcpdump"])
        check(r.counts["links"] == r.counts["found"] + r.counts["partial"],
              f"{r.name}: oracle: {r.counts['found']}/{r.counts['links']} Wireshark ACK links found "
              f"({r.counts['partial']} of a part of a segment, which acked_bytes counts)")
        check(r.counts["rtts"] == r.counts["rtts_equal"], f"{r.name}: oracle: {r.counts['rtts_equal']}/"
                                                          f"{r.counts['rtts']} RTTs equal")
        if tcpdump:
            check(r.counts["tcpdump"] == r.counts["tcpdump_equal"],
                  f"{r.name}: tcpdump: {r.counts['tcpdump_equal']}/{r.counts['tcpdump']} TCP lines equal")
    print("\nThe project's captures (the explanation only)")
    for r in own_results:
        report(r, ["run", "explain"])

    total = table(results, tcpdump)
    print(f"\nexplanation state names read: corpus {total.counts['mentions_en']} (en), "
          f"{total.counts['mentions_zh']} (zh); project captures "
          f"{sum(r.counts['mentions_en'] for r in own_results)} (en), "
          f"{sum(r.counts['mentions_zh'] for r in own_results)} (zh)")
    if not tcpdump:
        print("skipped: the tcpdump comparison (tcpdump is not installed)")
    print("\nTotals over the corpus")
    for cls in CLASSES:
        if cls == "tcpdump" and not tcpdump:
            continue
        v = total.violations[cls]
        files = [r.name for r in results if r.violations[cls]]
        print(f"  {cls:<8} {len(v):>5} violations in {len(files)} files {' '.join(files[:12])}"
              f"{' …' if len(files) > 12 else ''}")
        if cls == "revived":
            print(f"           ({total.counts['after_rst']} frames seen in a stream after a RST closed both sides)")

    for cls in ("run", "explain"):
        files = [r.name for r in own_results if r.violations[cls]]
        print(f"  {cls:<8} {sum(len(r.violations[cls]) for r in own_results):>5} violations in {len(files)} of the "
              f"project's captures {' '.join(files)}")

    # Not a vacuous pass: the corpus is there and most of it was compared.
    check(len(corpus) >= MIN_FILES, f"the corpus has {len(corpus)} files (at least {MIN_FILES})")
    check(total.counts["analysed"] >= MIN_TCP_FRAMES and total.counts["analysed"] >= 0.9 * total.counts["tcp"],
          f"{total.counts['analysed']} of {total.counts['tcp']} TCP frames analysed by tcpflow "
          f"(at least {MIN_TCP_FRAMES} and 90 %)")
    check(total.counts["links"] >= MIN_ACK_LINKS, f"{total.counts['links']} Wireshark ACK links compared "
                                                  f"(at least {MIN_ACK_LINKS})")
    if tcpdump:
        check(total.counts["tcpdump"] >= MIN_TCPDUMP_LINES, f"{total.counts['tcpdump']} tcpdump TCP lines compared "
                                                            f"(at least {MIN_TCPDUMP_LINES})")
    for lang in ("en", "zh"):
        n = total.counts["mentions_" + lang] + sum(r.counts["mentions_" + lang] for r in own_results)
        check(n >= MIN_STATE_MENTIONS, f"{n} state names read in the {lang} explanations "
                                       f"(at least {MIN_STATE_MENTIONS})")
    print(f"run time {time.monotonic() - started:.0f} s")
    h.finish()


if __name__ == "__main__":
    main()
