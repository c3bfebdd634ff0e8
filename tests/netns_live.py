#!/usr/bin/env python3
"""Window and loss fields on real kernels under hard conditions, in network
namespaces this test makes (tests/netns.py) and deletes again:

    netns_live.py slow-reader|loss|gap|all

- slow-reader: a server with a small receive buffer reads slowly, now and
  then pausing long enough for the sender's persist timer: zero windows,
  window full, window updates, reopening, zero-window probes.
- loss: 3 % of segments dropped on loopback's input hook, after the capture
  point: retransmissions of data the capture saw, duplicate ACKs, SACK.
- gap: 5 % dropped in a router's forward chain, before the capture on the
  server's side: gaps the capture never fills but with the retransmission.

Each capture is read twice: raw header numbers with plain tshark, from which
the rules of the window and loss fields are applied here (class Finder),
independently of tcpflow and of Wireshark's tcp.analysis; and tcpflow's
fields.  Exactly equal, frame by frame: window.zero, update (previous),
full (in_flight, offered), reopened (zero_frame, closed_time), shrunk, size;
loss.gap (gap_filled_in, fills_gap_of); fast (dup_acks, dup_ack_frame) and
spurious retransmissions; every retransmission's copy, previous_frame and
since_previous, and that it has a kind; the older retransmission,
out-of-order and duplicate-ACK fields the rules build on.  The kinds that
depend on more context (SACK-guided, recovery, tail-loss probe, timeout) are
compared exactly too, with their sack_frame and backoff.  Wireshark's own flags are printed
alongside as a sanity check.

Captures are kept in $TCPFLOW_NETNS_CAPTURES (default BUILD/tests/live, as netns-NAME.pcap,
where the oracle and statistics checks read them too).
Skipped (exit 77) unless root with ip, nft, ethtool, tc and tcpdump.
"""
import os
import signal
import subprocess
import sys
import textwrap
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402
import netns  # noqa: E402
from harness import check  # noqa: E402

OUT = os.environ.get("TCPFLOW_NETNS_CAPTURES", os.path.join(h.BUILD, "tests", "live"))
PORT = 9702
SYN, FIN, RST, ACK = 0x02, 0x01, 0x04, 0x10
MOD = 1 << 32
TIME_EPS = 2e-6                      # tshark prints times to the microsecond (pcap) or nanosecond

# ---------------------------------------------------------------- scenarios

SINK = """
    s = socket.socket(); %s
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind((ADDR, PORT)); s.listen(1)
    print("ready", flush=True)
    c, _ = s.accept()
    while c.recv(65536): pass
"""
SERVERS = {
    # A 16 KiB receive buffer read 16 KiB every 5 ms, with a pause of 0.5 s every 25 reads: the
    # pauses outlast the persist timer (RTO, at least 200 ms), so the sender probes the window.
    "slow": """
        s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16384)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind((ADDR, PORT)); s.listen(1)
        print("ready", flush=True)
        c, _ = s.accept(); n = 0
        while c.recv(16384):
            n += 1
            time.sleep(0.5 if n % 25 == 0 else 0.005)
    """,
    "sink": SINK % "",
    # A fixed receive buffer: the window stops growing, so the ACKs a loss repeats are duplicates (an
    # ACK with a new window is none, RFC 5681) in every run, not only in those where autotuning is done.
    "steady-sink": SINK % "s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 131072)",
    # A receive window of at most 32 segments: every gap lies inside it with a segment seen above it,
    # so at most 16 are open at once, the most tcpflow remembers (docs/ROBUSTNESS.md).
    "small-sink": SINK % "s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 24576)",
}
CLIENT = """
    s = socket.create_connection((ADDR, PORT)); s.sendall(b"x" * SIZE); s.shutdown(socket.SHUT_WR)
    while s.recv(65536): pass
"""
# A client writing 1000 bytes every 20 ms for 3 s: still sending when an outage starts and ends.
TRICKLE = """
    s = socket.create_connection((ADDR, PORT))
    for _ in range(150):
        s.sendall(b"x" * 1000); time.sleep(0.02)
    s.shutdown(socket.SHUT_WR)
    while s.recv(65536): pass
"""
# name: layout, server, client, bytes sent, (chain, percent dropped) or None, outage in seconds
SCENARIOS = {
    "slow-reader": ("loopback", "slow", CLIENT, 2_000_000, None, 0),
    "loss": ("loopback", "steady-sink", CLIENT, 2_000_000, ("input", 3), 0),
    "gap": ("routed", "small-sink", CLIENT, 2_000_000, ("forward", 5), 0),
    # everything after the capture point dropped for 1.6 s: the retransmission timer fires and backs off
    "timeout": ("loopback", "sink", TRICKLE, 0, None, 1.6),
}


def program(body, addr, size=0):
    return "import socket, time\nADDR, PORT, SIZE = %r, %d, %d\n" % (addr, PORT, size) + textwrap.dedent(body)


def in_ns(ns, body, addr, size=0, **kw):
    return subprocess.Popen(["ip", "netns", "exec", ns, sys.executable, "-c", program(body, addr, size)], **kw)


def record(name):
    """Runs one scenario in fresh namespaces; returns the capture's path."""
    layout, server, client, size, loss, outage = SCENARIOS[name]
    path = os.path.join(OUT, f"netns-{name}.pcap")
    with (netns.Loopback() if layout == "loopback" else netns.Routed()) as net:
        s_ns = net.ns if layout == "loopback" else net.server
        c_ns = net.ns if layout == "loopback" else net.client
        net.capture(s_ns, "lo" if layout == "loopback" else "s0", path)
        if loss:
            chain, percent = loss
            net.drop_randomly(s_ns if chain == "input" else net.router, chain, percent)

        def cut_off():
            time.sleep(0.5)
            net.drop_randomly(s_ns, "input", 100)
            time.sleep(outage)
            net.stop_dropping(s_ns)
        client_rc = run_pair(s_ns, SERVERS[server], c_ns, client, net.server_addr, size, cut_off if outage else None)
    check(client_rc == 0, f"{name}: the client sent all its data ({client_rc})")
    check(net.dropped == [0], f"{name}: tcpdump lost no packet ({net.dropped})")
    return path


def run_pair(s_ns, server, c_ns, client, addr, size=0, meanwhile=None):
    """Runs a server program until it listens, then a client program against it (and `meanwhile`
    while the client runs); returns the client's exit code once both have ended."""
    procs = [in_ns(s_ns, server, addr, stdout=subprocess.PIPE, text=True)]
    try:
        procs[0].stdout.readline()               # "ready": it listens
        procs.append(in_ns(c_ns, client, addr, size))
        if meanwhile:
            meanwhile()
        for p in reversed(procs):
            p.wait(timeout=60)
    finally:
        for p in procs:                          # they would keep a deleted namespace alive
            if p.poll() is None:
                p.kill()
                p.wait()
    return procs[1].returncode


# ---------------------------------------------------------------- raw numbers

RAW = ["frame.time_epoch", "tcp.stream", "ip.src", "tcp.srcport", "tcp.seq_raw", "tcp.ack_raw", "tcp.len",
       "tcp.flags", "tcp.window_size_value", "tcp.options.wscale.shift", "tcp.options.sack_le",
       "tcp.options.sack_re"]


def segments(ws, path):
    """The capture's TCP segments as plain numbers (SACK edges absolute, as on the wire)."""
    rows = ws.fields(path, RAW, two_pass=False, extra=["-o", "tcp.relative_sequence_numbers:FALSE"])
    segs = []
    for r in rows:
        if not r["tcp.seq_raw"]:
            continue
        segs.append(dict(frame=r["frame"], time=float(r["frame.time_epoch"]), stream=int(r["tcp.stream"]),
                         src=(r["ip.src"], int(r["tcp.srcport"])), seq=int(r["tcp.seq_raw"]),
                         ack=int(r["tcp.ack_raw"]), len=int(r["tcp.len"]), flags=int(r["tcp.flags"], 16),
                         win=int(r["tcp.window_size_value"]),
                         wscale=int(r["tcp.options.wscale.shift"]) if r["tcp.options.wscale.shift"] else None,
                         sack=list(zip(h.ints(r["tcp.options.sack_le"]), h.ints(r["tcp.options.sack_re"])))))
    return segs


# ---------------------------------------------------------------- the rules, applied here

class Side:
    """What the capture has shown of one side S of a connection so far.  Sequence numbers of S's
    bytes (its seq, the peer's ack and SACK edges) are kept relative to S's ISN, so that
    comparisons hold across a wrap of the 32-bit space."""

    def __init__(self):
        self.isn = None
        self.syn_wscale = "no SYN"           # the SYN's shift, None without the option
        self.shift = None                    # None: scale unknown
        self.next = None                     # highest byte sent + 1 (SYN and FIN count one)
        self.last = None                     # S's previous segment
        self.last_ack = None                 # S's newest segment with ACK: (ack, scaled window, frame, sack)
        self.high_ack = None                 # highest ack of the peer's bytes
        self.edge = None                     # S's previous right edge: ack + scaled window
        self.zero = None                     # (frame, time) where S's window went to 0, while it stays 0
        self.full = None                     # (frame, time) where S first filled P's window, until P makes room
        self.sent = []                       # data transmissions: [start, end, frame, time, kind, since]
        self.originals = []                  # transmissions that went beyond what was sent: (start, end, frame)
        self.copies = []                     # every transmission of sequence space (data, SYN, FIN) alike
        self.dup_acks = []                   # S's duplicate ACKs: (ack, frame)
        self.dup_run = []                    # the frames of S's current run of duplicates (RFC 5681: a
                                             # changed window or any other ACK ends it)
        self.gaps = []                       # [frame, filled in, [[from, to] not yet filled ...]]
        self.most_open = 0                   # the most gaps open (not yet filled) at once
        self.recover = None                  # fast recovery lasts while the peer's ack is below it (RFC 6582)
        self.scoreboard = []                 # what the peer reported holding above its ack: [left, right], in order
        self.sack_rec = None                 # (frame, time) of the newest ACK that added to it

    def rel(self, n):
        """n (a sequence number of S's bytes) relative to S's ISN; the first number seen stands in
        for an ISN the capture missed."""
        if self.isn is None:
            self.isn = n
        return (n - self.isn + (MOD >> 1)) % MOD - (MOD >> 1)

    def scaled(self, seg):
        """S's window in bytes: a SYN's is never scaled; unknown scale counts as none."""
        return seg["win"] if seg["flags"] & SYN or not self.shift else seg["win"] << self.shift


def overlap(a0, a1, b0, b1):
    return max(0, min(a1, b1) - max(a0, b0))


def seen_bytes(side, s, e):
    """How many of the bytes s..e S had sent before (overlapping copies counted once)."""
    covered = sorted((max(a, s), min(b, e)) for a, b, *_ in side.sent if a < e and b > s)
    total, upto = 0, s
    for a, b in covered:
        if b > upto:
            total += b - max(a, upto)
            upto = b
    return total


def ends_of(peers, table, seg, make):
    """The segment's sender and its peer in `table` (keyed by stream and address), made by `make`
    when new; `peers` lists each stream's addresses in the order they appeared."""
    ends = peers.setdefault(seg["stream"], [])
    if seg["src"] not in ends:
        ends.append(seg["src"])
    peer = next((e for e in ends if e != seg["src"]), None)
    return (table.setdefault((seg["stream"], seg["src"]), make()),
            table.setdefault((seg["stream"], peer), make()))


class Finder:
    """Applies the rules of the window and loss fields to the segments in capture order; `events`
    maps a frame to what it should carry, under the tcpflow field names."""

    def __init__(self):
        self.sides = {}                      # (stream, address) -> Side
        self.peers = {}                      # stream -> [address, ...]
        self.events = {}
        self.retransmissions = set()         # frames with data sent before (or spurious)
        self.dup_ack_frames = set()

    def run(self, segs):
        for seg in segs:
            self.segment(seg)
        for ev in self.events.values():      # a gap's filling segment is known only later
            g = ev.pop("gap", None)
            if g and g[1] is not None:
                ev["tcpflow.loss.gap_filled_in"] = g[1]
        return self

    def pair(self, seg):
        return ends_of(self.peers, self.sides, seg, Side)

    def segment(self, seg):
        S, P = self.pair(seg)
        ev = {"frame_self": seg["frame"]}
        f = seg["flags"]
        if f & SYN:
            S.isn = seg["seq"]
            S.syn_wscale = seg["wscale"]
            self.scales(S, P)
        s = S.rel(seg["seq"])
        ack = P.rel(seg["ack"]) if f & ACK else None
        win = S.scaled(seg)
        e = s + seg["len"]
        plain = not f & (SYN | FIN | RST) and S.next is not None
        closed = P.last_ack is not None and P.last_ack[1] == 0
        keepalive = plain and seg["len"] <= 1 and s == S.next - 1
        probe = plain and closed and (seg["len"] == 0 and keepalive or seg["len"] == 1 and s == S.next)
        if keepalive or probe:               # Linux probes a zero window with a keep-alive's form
            ev["tcpflow.zero_window_probe" if probe else "tcpflow.keepalive"] = 1
        keepalive = keepalive or probe
        self.windows(S, P, seg, ev, s, e, ack, win, keepalive)
        self.gap(S, seg, ev, s, e)
        if seg["len"] and not f & (SYN | RST) and not keepalive:
            self.data(S, P, seg, ev, s, e)
        if f & ACK and not f & RST:
            cum = ack if S.high_ack is None else max(S.high_ack, ack)
            self.sack(P, ev, seg, ack, cum, [(P.rel(a), P.rel(b)) for a, b in seg["sack"]])
        self.duplicate(S, P, seg, ack, keepalive)
        # remember what this segment showed
        end = e + (1 if f & SYN else 0) + (1 if f & FIN else 0)
        if end > s and not f & RST and not keepalive:
            S.copies.append((s, end, seg["frame"]))
            if S.next is None or end > S.next:
                S.originals.append((s, end, seg["frame"]))
        S.next = end if S.next is None else max(S.next, end)
        if f & ACK and not f & RST:
            S.last_ack = (ack, win, seg["frame"], [(P.rel(a), P.rel(b)) for a, b in seg["sack"]])
            S.high_ack = ack if S.high_ack is None else max(S.high_ack, ack)
            S.edge = ack + win
        S.last = dict(seg, win_bytes=win)
        del ev["frame_self"]
        if ev:
            self.events.setdefault(seg["frame"], {}).update(ev)

    @staticmethod
    def scales(S, P):
        """Both SYNs seen: each side's shift from its own SYN, or no scaling unless both offered it."""
        if S.syn_wscale == "no SYN" or P.syn_wscale == "no SYN":
            return
        both = S.syn_wscale is not None and P.syn_wscale is not None
        S.shift, P.shift = (S.syn_wscale, P.syn_wscale) if both else (0, 0)

    def windows(self, S, P, seg, ev, s, e, ack, win, keepalive):
        f = seg["flags"]
        plain = not f & (SYN | FIN | RST)
        if plain and seg["win"] == 0:
            ev["tcpflow.window.zero"] = 1
            if S.zero is None:
                S.zero = (seg["frame"], seg["time"])
        elif win > 0 and S.zero is not None:
            ev["tcpflow.window.reopened"] = 1
            ev["tcpflow.window.zero_frame"] = S.zero[0]
            ev["tcpflow.window.closed_time"] = seg["time"] - S.zero[1]
            S.zero = None
        last = S.last
        after_syn = last is not None and last["flags"] & SYN       # a SYN's window is never scaled: no measure
        if (plain and seg["len"] == 0 and not keepalive and f & ACK and last is not None and last["flags"] & ACK
                and not after_syn
                and seg["ack"] == last["ack"] and win != 0 and win != last["win_bytes"]):
            ev["tcpflow.window.update"] = 1
            ev["tcpflow.window.previous"] = last["win_bytes"]
        if seg["len"] and plain and P.shift is not None and P.last_ack is not None:
            right = P.last_ack[0] + P.last_ack[1]
            if e == right:
                S.full = S.full or (seg["frame"], seg["time"])
                ev["tcpflow.window.full"] = 1
                ev["tcpflow.window.in_flight"] = max(S.next, e) - P.high_ack
                ev["tcpflow.window.offered"] = P.last_ack[1]
        if f & ACK and not f & RST and S.edge is not None and not after_syn and ack >= S.last_ack[0]:  # stale: none
            unit = 1 << (S.shift or 0)
            if S.edge - (ack + win) > unit:
                ev["tcpflow.window.shrunk"] = 1
                ev["tcpflow.window.shrunk_by"] = S.edge - (ack + win)
                ev.setdefault("tcpflow.window.previous", S.last["win_bytes"])
        if f & ACK and P.full is not None and S.shift is not None and ack + win > P.next:
            ev["tcpflow.window.relieved"] = 1
            ev["tcpflow.window.full_frame"] = P.full[0]
            ev["tcpflow.window.full_time"] = seg["time"] - P.full[1]
            P.full = None
        if any(k.startswith("tcpflow.window.") for k in ev):
            ev["tcpflow.window.size"] = win

    @staticmethod
    def gap(S, seg, ev, s, e):
        """A gap links its first filler; every segment carrying bytes of a gap not yet filled links
        the (oldest) gap it fills."""
        if seg["len"] and not seg["flags"] & RST:
            for g in S.gaps:
                if any(overlap(a, b, s, e) for a, b in g[2]):
                    g[1] = g[1] or seg["frame"]
                    ev.setdefault("tcpflow.loss.fills_gap_of", g[0])
                    g[2] = [part for a, b in g[2] for part in ([a, min(b, s)], [max(a, e), b]) if part[0] < part[1]]
        if not seg["flags"] & RST and S.next is not None and s > S.next:
            ev["tcpflow.loss.gap"] = s - S.next
            ev["gap"] = [seg["frame"], None, [[S.next, s]]]     # filled in later: the same list
            S.gaps.append(ev["gap"])
            S.most_open = max(S.most_open, sum(1 for g in S.gaps if g[2]))

    def data(self, S, P, seg, ev, s, e):
        again = seen_bytes(S, s, e)
        acked = P.high_ack is not None and e <= P.high_ack
        kind = since = None
        if again or acked:
            self.retransmissions.add(seg["frame"])
            ev["again"] = again
            kind, since = self.kind(S, P, seg, ev, s, e, acked)
        elif S.next is not None and s < S.next:
            # a segment filling a gap: its first copy never reached the capture, so it has a kind
            # only when duplicate ACKs, SACK or a recovery prompted it, and no copy to count
            ev["out_of_order"] = 1
            kind, since = self.kind(S, P, seg, ev, s, e, acked, filler=True)
        S.sent.append([s, e, seg["frame"], seg["time"], kind, since])

    def kind(self, S, P, seg, ev, s, e, acked, filler=False):
        """loss.kind and its companions for a retransmission; the first rule that matches."""
        copies = [] if filler else [c for c in S.sent if c[0] <= s < c[1]]
        prev = copies[-1] if copies else None
        since = seg["time"] - prev[3] if prev else None
        if prev:
            ev.update({"tcpflow.loss.copy": len(copies) + 1, "tcpflow.loss.previous_frame": prev[2],
                       "tcpflow.loss.since_previous": since})
        cum = P.high_ack
        dups = P.dup_run if P.dup_acks and P.dup_run and P.dup_acks[-1] == (s, P.dup_run[-1]) else []
        if acked:
            kind = 5
        elif s == cum and len(dups) >= 3:
            kind = 1
            ev["tcpflow.loss.dup_acks"] = len(dups)
            ev["tcpflow.loss.dup_ack_frame"] = dups[:16]     # tcpflow lists 16 at most
        elif S.scoreboard and S.scoreboard[-1][0] > s and seg["time"] - S.sack_rec[1] < 0.2:
            kind = 3                         # soon after the SACK: much later, a timer sent it
            ev["tcpflow.loss.sack_frame"] = S.sack_rec[0]
        elif s == cum and S.recover is not None and cum < S.recover:
            kind = 6
        elif filler:
            return None, None
        elif prev and len(copies) == 1 and e + (1 if seg["flags"] & FIN else 0) == S.next and not P.dup_run \
                and since < 0.2:
            kind = 4
        else:
            kind = 2
            if prev and prev[4] == 2 and prev[5]:
                ev["tcpflow.loss.backoff"] = since / prev[5]
        if kind in (1, 3) and (S.recover is None or cum >= S.recover):
            S.recover = S.next
        ev["tcpflow.loss.kind"] = kind
        return kind, since

    def sack(self, P, ev, seg, ack, cum, blocks):
        """An ACK's SACK blocks (P's bytes): a D-SACK first (RFC 2883, against this ACK's own ack)
        names P's newest copy of its bytes, which learns it when it was a retransmission; the rest,
        above the highest ack `cum` and within what P sent, join P's scoreboard (RFC 6675: eight
        ranges at most, the lowest dropped), which gives the bytes held, those still missing below the
        highest, and P's first transmissions holding the lowest and highest bytes held and the ack's."""
        P.scoreboard = [[max(a, cum), b] for a, b in P.scoreboard if b > cum]
        if not blocks:
            return
        first = blocks[0]
        if first[1] <= ack or len(blocks) > 1 and blocks[1][0] <= first[0] and first[1] <= blocks[1][1]:
            ev["tcpflow.loss.dsack"] = 1
            copies = [c for c in P.copies if c[0] <= first[0] < c[1]]
            if copies:
                ev["tcpflow.loss.dsack_frame"] = copies[-1][2]
                target = self.events.setdefault(copies[-1][2], {})
                if (copies[-1][2] in self.retransmissions or target.get("tcpflow.loss.kind")) and \
                        "tcpflow.loss.dsack_in" not in target:
                    target["tcpflow.loss.dsack_in"] = ev["frame_self"]
            blocks = blocks[1:]
        valid = [(max(a, cum), b) for a, b in blocks if a < b and cum < b <= P.next]
        for a, b in valid:
            merged = [r for r in P.scoreboard if r[1] < a or r[0] > b]
            joined = [r for r in P.scoreboard if not (r[1] < a or r[0] > b)]
            merged.append([min([a] + [r[0] for r in joined]), max([b] + [r[1] for r in joined])])
            P.scoreboard = sorted(merged)[-8:]
        if not valid:
            return
        P.sack_rec = (seg["frame"], seg["time"])
        held = sum(b - a for a, b in P.scoreboard)
        top = P.scoreboard[-1][1]
        at = lambda pos: next((fr for a, b, fr in P.originals if a <= pos < b), None)  # noqa: E731
        ev["tcpflow.loss.sack_held"] = held
        ev["tcpflow.loss.sack_missing"] = top - cum - held
        ev["tcpflow.loss.sack_first_frame"] = at(P.scoreboard[0][0])
        ev["tcpflow.loss.sack_last_frame"] = at(top - 1)
        ev["tcpflow.loss.sack_hole_frame"] = at(cum)

    @staticmethod
    def duplicate(S, P, seg, ack, probe):
        """S's duplicate ACKs (RFC 5681 section 2, as RULES.md counts them): a pure ACK with the same
        ack and window as S's previous segment, while P has data outstanding."""
        last, f = S.last, seg["flags"]
        if not f & ACK:
            return
        if (seg["len"] == 0 and not probe and not f & (SYN | FIN | RST) and last is not None and last["flags"] & ACK
                and seg["ack"] == last["ack"] and seg["win"] == last["win"] and P.next is not None
                and P.next > max(ack, S.high_ack)):   # outstanding beyond the greatest ack (RFC 5681)
            S.dup_acks.append((ack, seg["frame"]))
            S.dup_run.append(seg["frame"])
        else:
            S.dup_run = []


# ---------------------------------------------------------------- tcpflow's fields

WINDOW = ["tcpflow.window.zero", "tcpflow.window.size", "tcpflow.window.update", "tcpflow.window.previous",
          "tcpflow.window.reopened", "tcpflow.window.zero_frame", "tcpflow.window.closed_time",
          "tcpflow.window.full", "tcpflow.window.in_flight", "tcpflow.window.offered", "tcpflow.window.shrunk",
          "tcpflow.window.shrunk_by", "tcpflow.window.relieved", "tcpflow.window.full_frame",
          "tcpflow.window.full_time"]
SACK = ["tcpflow.loss.sack_held", "tcpflow.loss.sack_missing", "tcpflow.loss.sack_first_frame",
        "tcpflow.loss.sack_last_frame", "tcpflow.loss.sack_hole_frame", "tcpflow.loss.dsack", "tcpflow.loss.dsack_frame",
        "tcpflow.loss.dsack_in"]
LOSS = SACK + ["tcpflow.loss.gap", "tcpflow.loss.gap_filled_in", "tcpflow.loss.fills_gap_of", "tcpflow.loss.kind",
        "tcpflow.loss.copy", "tcpflow.loss.previous_frame", "tcpflow.loss.since_previous", "tcpflow.loss.backoff",
        "tcpflow.loss.dup_acks", "tcpflow.loss.dup_ack_frame", "tcpflow.loss.sack_frame"]
EXISTING = ["tcpflow.data.retransmission", "tcpflow.data.spurious", "tcpflow.data.out_of_order",
            "tcpflow.ack.duplicate", "tcpflow.zero_window_probe", "tcpflow.keepalive"]
TIMES = ["tcpflow.window.full_time", "tcpflow.window.closed_time", "tcpflow.loss.since_previous", "tcpflow.loss.backoff"]
KINDS = {1: "fast", 2: "timeout", 3: "SACK-guided", 4: "tail-loss probe", 5: "spurious", 6: "recovery"}


def registered(ws):
    """The new fields the plugin under test has (none until they are implemented)."""
    names = {line.split("\t")[2] for line in ws.tshark(["-G", "fields"]).stdout.splitlines()
             if line.startswith("F\t")}
    return [f for f in WINDOW + LOSS if f in names]


def plugin_fields(ws, path, new):
    """tcpflow's values per frame (two passes: gap_filled_in links forward), empty cells dropped."""
    rows = ws.fields(path, EXISTING + new, two_pass=True)
    return {r["frame"]: {k: v for k, v in r.items() if k != "frame" and v != ""} for r in rows}


def value(field, cell):
    """A cell as a comparable value: a float for times, a tuple for repeated fields, else an int."""
    if field in TIMES:
        return float(cell)
    parts = [int(x) for x in cell.split(",")]
    return tuple(parts) if len(parts) > 1 or field == "tcpflow.loss.dup_ack_frame" \
        else parts[0]


def mine(ev, field):
    v = ev.get(field)
    return tuple(v) if isinstance(v, list) else v


def same(field, a, b):
    if a is None or b is None:
        return a is b
    if field in TIMES:
        return abs(a - b) <= TIME_EPS * max(1, abs(a))
    return a == b


def compare(name, found, plugin, trigger, fields):
    """Exact agreement on the frames where `trigger` holds (by the rules or by tcpflow) and on
    `fields` there; prints each disagreement with its frame."""
    frames = sorted({f for f, ev in found.events.items() if trigger in ev} |
                    {f for f, row in plugin.items() if row.get(trigger, "0") not in ("0", "")})
    bad = []
    for fr in frames:
        ev, row = found.events.get(fr, {}), plugin.get(fr, {})
        for field in fields:
            a, b = mine(ev, field), value(field, row[field]) if field in row else None
            if not same(field, a, b):
                bad.append(f"frame {fr}: {field} rules {a} tcpflow {b}")
    for line in bad[:20]:
        print(f"     {name}: {line}")
    if len(bad) > 20:
        print(f"     {name}: ... {len(bad) - 20} more")
    check(not bad, f"{name}: {trigger} on {len(frames)} frames, as the rules say ({len(bad)} differences)")
    return bad


def frames_with(plugin, field):
    return {f for f, row in plugin.items() if row.get(field, "0") not in ("0", "")}


def compare_existing(name, found, plugin):
    """The fields tcpflow already had, which the loss rules build on: the same retransmissions
    (with as many bytes sent before), out-of-order segments and duplicate ACKs."""
    mine_re = {f: found.events[f]["again"] for f in found.retransmissions}
    theirs = frames_with(plugin, "tcpflow.data.retransmission") | frames_with(plugin, "tcpflow.data.spurious")
    diff = [f"frame {f}: rules {mine_re.get(f)} bytes again, tcpflow {plugin[f].get('tcpflow.data.retransmission')}"
            for f in sorted(set(mine_re) | theirs)
            if f not in theirs or f not in mine_re or
            (mine_re[f] and int(plugin[f].get("tcpflow.data.retransmission", 0)) != mine_re[f])]
    report(name, "retransmissions", len(mine_re), diff)
    ooo = {f for f, ev in found.events.items() if "out_of_order" in ev}
    diff = [f"frame {f}: rules {f in ooo} tcpflow {f in frames_with(plugin, 'tcpflow.data.out_of_order')}"
            for f in sorted(ooo ^ frames_with(plugin, "tcpflow.data.out_of_order"))]
    report(name, "out-of-order segments", len(ooo), diff)
    dups = {fr for side in found.sides.values() for _, fr in side.dup_acks}
    diff = [f"frame {f}: rules {f in dups} tcpflow {f in frames_with(plugin, 'tcpflow.ack.duplicate')}"
            for f in sorted(dups ^ frames_with(plugin, "tcpflow.ack.duplicate"))]
    report(name, "duplicate ACKs", len(dups), diff)


def report(name, what, n, diff):
    for line in diff[:20]:
        print(f"     {name}: {line}")
    if len(diff) > 20:
        print(f"     {name}: ... {len(diff) - 20} more")
    check(not diff, f"{name}: {n} {what}, as tcpflow says ({len(diff)} differences)")


def compare_kinds(name, found, plugin):
    """Fast (and spurious) retransmissions exactly; for every retransmission a kind, and the copy
    it repeats; then every kind (SACK-guided, recovery, tail-loss probe, timeout) with its companions."""
    fast = {f for f, ev in found.events.items() if ev.get("tcpflow.loss.kind") == 1}
    theirs = {f for f, row in plugin.items() if row.get("tcpflow.loss.kind") == "1"}
    bad = []
    for fr in sorted(fast | theirs):
        ev, row = found.events.get(fr, {}), plugin.get(fr, {})
        for field in ("tcpflow.loss.kind", "tcpflow.loss.dup_acks", "tcpflow.loss.dup_ack_frame"):
            a, b = mine(ev, field), value(field, row[field]) if field in row else None
            if field == "tcpflow.loss.dup_ack_frame" and isinstance(b, int):
                b = (b,)
            if not same(field, a, b):
                bad.append(f"frame {fr}: {field} rules {a} tcpflow {b}")
    report(name, "fast retransmissions (kind 1, dup_acks, dup_ack_frame)", len(fast), bad)
    spurious = {f for f, ev in found.events.items() if ev.get("tcpflow.loss.kind") == 5}
    theirs = {f for f, row in plugin.items() if row.get("tcpflow.loss.kind") == "5"}
    report(name, "spurious retransmissions (kind 5)", len(spurious),
           [f"frame {f}: rules {f in spurious} tcpflow {f in theirs}" for f in sorted(spurious ^ theirs)])
    retrans = frames_with(plugin, "tcpflow.data.retransmission") | frames_with(plugin, "tcpflow.data.spurious")
    report(name, "retransmissions with a kind", len(retrans),
           [f"frame {f}: no tcpflow.loss.kind" for f in sorted(retrans) if "tcpflow.loss.kind" not in plugin[f]])
    bad, forgotten = [], 0
    for fr in sorted(found.retransmissions):
        ev, row = found.events[fr], plugin.get(fr, {})
        if row.get("tcpflow.loss.kind") == "5" and "tcpflow.loss.copy" not in row:
            forgotten += 1                   # its copies were acknowledged beyond the 16 remembered
            continue
        for field in ("tcpflow.loss.copy", "tcpflow.loss.previous_frame", "tcpflow.loss.since_previous"):
            a, b = mine(ev, field), value(field, row[field]) if field in row else None
            if not same(field, a, b):
                bad.append(f"frame {fr}: {field} rules {a} tcpflow {b}")
    report(name, f"retransmissions' copy, previous_frame, since_previous ({forgotten} spurious ones whose "
                 "copies tcpflow no longer remembers)", len(found.retransmissions), bad)
    other = []
    for f, row in sorted(plugin.items()):
        ev = found.events.get(f, {})
        for field in ("tcpflow.loss.kind", "tcpflow.loss.dup_acks", "tcpflow.loss.sack_frame", "tcpflow.loss.backoff"):
            a, b = mine(ev, field), value(field, row[field]) if field in row else None
            if not same(field, a, b):
                other.append(f"frame {f}: {field} rules {a} tcpflow {b}" + (" (fills a gap)" if "out_of_order" in ev else ""))
    report(name, "retransmission kinds, dup_acks, sack_frame and backoff", len(found.retransmissions), other)


# ---------------------------------------------------------------- the scenarios as tests

ANALYSIS = ["zero_window", "window_full", "window_update", "zero_window_probe", "keep_alive", "lost_segment",
            "fast_retransmission", "retransmission", "spurious_retransmission", "duplicate_ack", "out_of_order"]


def wireshark_counts(ws, path):
    """How many frames Wireshark's own TCP analysis flags with each flag: a sanity check only."""
    fields = [f"tcp.analysis.{a}" for a in ANALYSIS]
    rows = ws.fields(path, fields, two_pass=False)
    return {a: sum(1 for r in rows if r[f"tcp.analysis.{a}"]) for a in ANALYSIS}


def counts(segs, found):
    evs = found.events.values()
    n = {k: sum(1 for ev in evs if k in ev) for k in
         ("tcpflow.window.zero", "tcpflow.window.full", "tcpflow.window.update", "tcpflow.window.reopened",
          "tcpflow.window.shrunk", "tcpflow.zero_window_probe", "tcpflow.keepalive", "tcpflow.loss.gap", "tcpflow.loss.gap_filled_in",
          "out_of_order", "tcpflow.loss.backoff")}
    n["segments"] = len(segs)
    n["retransmissions"] = len(found.retransmissions)
    for k, word in KINDS.items():
        n[word] = sum(1 for ev in evs if ev.get("tcpflow.loss.kind") == k)
    n["dup_acks"] = sum(len(s.dup_acks) for s in found.sides.values())
    n["sack_acks"] = sum(1 for s in segs if s["sack"])
    n["most_open_gaps"] = max(s.most_open for s in found.sides.values())
    return {k.replace("tcpflow.", ""): v for k, v in n.items()}


# what each scenario is for: it fails when the kernel stops producing these
EXPECT = {
    "slow-reader": ["window.zero", "window.full", "window.update", "window.reopened", "zero_window_probe"],
    "loss": ["retransmissions", "dup_acks", "sack_acks"],
    "gap": ["loss.gap", "loss.gap_filled_in", "sack_acks"],
    "timeout": ["timeout", "loss.backoff"],
}


def scenario(ws, name):
    os.makedirs(OUT, exist_ok=True)
    analyse(ws, name, record(name))


def analyse(ws, name, path):
    """Applies the rules to one capture, checks it holds what its scenario is for, and compares
    tcpflow's fields with the rules."""
    segs = segments(ws, path)
    found = Finder().run(segs)
    n = counts(segs, found)
    print(f"  {name} rules:     " + ", ".join(f"{k} {v}" for k, v in n.items() if v))
    print(f"  {name} wireshark: " + ", ".join(f"{k} {v}" for k, v in wireshark_counts(ws, path).items() if v))
    for what in EXPECT[name]:
        check(n[what] >= 1, f"{name}: the scenario produced {what} ({n[what]})")
    # beyond 16 open gaps tcpflow forgets the oldest by design: a scenario that opens more tests the bound
    check(n["most_open_gaps"] <= 16, f"{name}: at most 16 gaps open at once ({n['most_open_gaps']})")
    new = registered(ws)
    plugin = plugin_fields(ws, path, new)
    compare_existing(name, found, plugin)
    if "tcpflow.window.zero" not in new or "tcpflow.loss.kind" not in new:
        print(f"  {name}: tcpflow has no window and loss fields yet; compared the rules with its older fields only")
        return
    compare(name, found, plugin, "tcpflow.window.zero", ["tcpflow.window.zero", "tcpflow.window.size"])
    compare(name, found, plugin, "tcpflow.window.update",
            ["tcpflow.window.update", "tcpflow.window.previous", "tcpflow.window.size"])
    compare(name, found, plugin, "tcpflow.window.full",
            ["tcpflow.window.full", "tcpflow.window.in_flight", "tcpflow.window.offered", "tcpflow.window.size"])
    compare(name, found, plugin, "tcpflow.window.reopened",
            ["tcpflow.window.reopened", "tcpflow.window.zero_frame", "tcpflow.window.closed_time"])
    compare(name, found, plugin, "tcpflow.window.shrunk", ["tcpflow.window.shrunk", "tcpflow.window.shrunk_by"])
    compare(name, found, plugin, "tcpflow.window.relieved",
            ["tcpflow.window.relieved", "tcpflow.window.full_frame", "tcpflow.window.full_time"])
    compare(name, found, plugin, "tcpflow.zero_window_probe", ["tcpflow.zero_window_probe", "tcpflow.keepalive"])
    compare(name, found, plugin, "tcpflow.keepalive", ["tcpflow.zero_window_probe", "tcpflow.keepalive"])
    compare(name, found, plugin, "tcpflow.window.size", ["tcpflow.window.size"])   # no other window field
    compare(name, found, plugin, "tcpflow.loss.gap", ["tcpflow.loss.gap", "tcpflow.loss.gap_filled_in"])
    compare(name, found, plugin, "tcpflow.loss.fills_gap_of", ["tcpflow.loss.fills_gap_of"])
    compare(name, found, plugin, "tcpflow.loss.sack_held", SACK[:5])
    compare(name, found, plugin, "tcpflow.loss.dsack", ["tcpflow.loss.dsack", "tcpflow.loss.dsack_frame"])
    compare(name, found, plugin, "tcpflow.loss.dsack_in", ["tcpflow.loss.dsack_in"])
    compare_kinds(name, found, plugin)


def everything(ws):
    for name in SCENARIOS:
        scenario(ws, name)


TESTS = {name: (lambda ws, name=name: scenario(ws, name)) for name in SCENARIOS}
TESTS["all"] = everything


def prepare():
    if not netns.available():
        print("skipped: needs root with ip, nft, ethtool, tc and tcpdump (apt-get install nftables ethtool)")
        sys.exit(h.SKIP)
    # a TERM (a test runner's timeout) unwinds like an exception, so the namespaces are deleted
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))


if __name__ == "__main__":
    h.main(TESTS, sys.argv, prepare)
