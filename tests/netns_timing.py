#!/usr/bin/env python3
"""Timing and ECN fields on real kernels, in network namespaces this test
makes (tests/netns.py) and deletes again:

    netns_timing.py nagle|ecn|all

- nagle: a client writes each request in two small writes and then reads
  the answer, without TCP_NODELAY (write-write-read); once it pauses for
  half a second.  The server answers only a whole request, so it delays
  its ACK of the first write, and Nagle's algorithm holds the second back
  until that ACK: delayed ACKs, Nagle stalls, idle time.
- ecn: net.ipv4.tcp_ecn=1, and 2 % of the ECN-capable packets marked CE on
  the way out (nft), while the client sends 2 MB: the handshake's ECN setup,
  CE marks, ECE echoes and the sender's CWR.  The output hook comes before
  TCP's batches are cut into segments, so the loopback sends one segment per
  batch (gso_max_segs 1): each mark falls on one segment.  A 100 Mbit/s
  rate limit keeps segments in flight behind a mark, so the receiver echoes
  it more than once before the CWR arrives.

As in netns_live.py, each capture is read twice: raw numbers with plain
tshark, to which the rules are applied here (class Pace), independently of
tcpflow; and tcpflow's fields.  They must be equal frame by frame.
Captures are kept as netns-NAME.pcap beside netns_live.py's.
Skipped (exit 77) unless root with ip, nft, ethtool, tc and tcpdump.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402
import netns  # noqa: E402
import netns_live as live  # noqa: E402
from harness import check  # noqa: E402

SYN, FIN, RST, ACK, ECE, CWR, AE = 0x02, 0x01, 0x04, 0x10, 0x40, 0x80, 0x100
DELACK_MIN, DELACK_MAX, IDLE = 0.030, 0.5, 0.2     # seconds, as docs/RULES.md gives them

SERVERS = {
    # answers each 200-byte request with 100 bytes, only once the whole request is there
    "answer": """
        s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind((ADDR, PORT)); s.listen(1)
        print("ready", flush=True)
        c, _ = s.accept()
        while True:
            buf = b""
            while len(buf) < 200:
                d = c.recv(4096)
                if not d:
                    raise SystemExit(0)
                buf += d
            c.sendall(b"r" * 100)
    """,
    "sink": live.SERVERS["sink"],
}
WRITE_WRITE_READ = """
    s = socket.create_connection((ADDR, PORT))
    for i in range(12):
        s.sendall(b"a" * 100); s.sendall(b"b" * 100); n = 0
        while n < 100:
            n += len(s.recv(4096))
        if i == 5:
            time.sleep(0.5)
    s.close()
"""
# name: server, client, bytes sent, percent marked CE (None: ECN off)
SCENARIOS = {
    "nagle": ("answer", WRITE_WRITE_READ, 0, None),
    "ecn": ("sink", live.CLIENT, 2_000_000, 2),
}


def record(name):
    server, client, size, marked = SCENARIOS[name]
    path = os.path.join(live.OUT, f"netns-{name}.pcap")
    with netns.Loopback() as net:
        if marked is not None:
            net.sysctl(net.ns, "net.ipv4.tcp_ecn", 1)
            net.one_segment_per_packet(net.ns, "lo")
            net.limit_rate(net.ns, "lo", rate="100mbit")   # a queue: several segments in flight behind a mark
            net.mark_ce(net.ns, marked)
        net.capture(net.ns, "lo", path)
        client_rc = live.run_pair(net.ns, SERVERS[server], net.ns, client, net.server_addr, size)
    check(client_rc == 0, f"{name}: the client finished ({client_rc})")
    check(net.dropped == [0], f"{name}: tcpdump lost no packet ({net.dropped})")
    return path


RAW = ["frame.time_epoch", "tcp.stream", "ip.src", "tcp.srcport", "tcp.seq_raw", "tcp.ack_raw", "tcp.len",
       "tcp.flags", "tcp.window_size_value", "tcp.options.mss_val", "ip.dsfield.ecn"]


def segments(ws, path):
    rows = ws.fields(path, RAW, two_pass=False)
    return [dict(frame=r["frame"], time=float(r["frame.time_epoch"]), stream=int(r["tcp.stream"]),
                 src=(r["ip.src"], int(r["tcp.srcport"])), seq=int(r["tcp.seq_raw"]), ack=int(r["tcp.ack_raw"]),
                 len=int(r["tcp.len"]), flags=int(r["tcp.flags"], 16), win=int(r["tcp.window_size_value"]),
                 mss=int(r["tcp.options.mss_val"]) if r["tcp.options.mss_val"] else None,
                 ce=r["ip.dsfield.ecn"] == "3")
            for r in rows if r["tcp.seq_raw"]]


# ---------------------------------------------------------------- the rules, applied here

class End:
    """One end S of a connection: what it sent that waits for the peer's ACK, and its ECN state."""

    def __init__(self):
        self.isn = None
        self.next = None                     # highest position sent + 1 (SYN and FIN count one)
        self.high_ack = None                 # highest ack S sent of the peer's bytes
        self.waiting = []                    # [start, end, frame, time, has data, copies]: not yet acknowledged
        self.rtt = None                      # quickest round trip of S's segments (Karn: sent once)
        self.mss = 536                       # what S's SYN offered (RFC 9293's default without it)
        self.zero = False                    # S's window is 0
        self.fin_end = None                  # the position just past S's FIN
        self.fin_acked = False
        self.reset = False                   # S sent a RST
        self.ce = None                       # S's first CE-marked frame not yet echoed, and where it starts
        self.ece = None                      # first ECE of S's current run, until the peer's CWR
        self.ended = None                    # first ECE of S's run the peer's CWR ended
        self.cwr_at = None                   # where S's CWR segment starts
        self.mode = "unknown"

    def rel(self, n):
        if self.isn is None:
            self.isn = n
        return (n - self.isn) % (1 << 32)


class Pace:
    """Applies the timing and ECN rules to the segments in capture order; `events` maps a frame to
    what it should carry, under tcpflow's field names."""

    def __init__(self):
        self.ends, self.peers, self.events = {}, {}, {}
        self.last = {}                       # stream -> (frame, time, quiet after it, a delayed ACK)

    def run(self, segs):
        for seg in segs:
            self.segment(seg)
        return self

    def pair(self, seg):
        return live.ends_of(self.peers, self.ends, seg, End)

    def segment(self, seg):
        S, P = self.pair(seg)
        ev, f = {}, seg["flags"]
        before = self.last.get(seg["stream"])
        if before and before[2] and seg["time"] - before[1] >= IDLE:
            ev["tcpflow.timing.idle"] = seg["time"] - before[1]
            ev["tcpflow.timing.idle_since_frame"] = before[0]
        if f & SYN:
            S.isn = seg["seq"]
            S.mss = seg["mss"] or (1220 if ":" in seg["src"][0] else 536)
        s = S.rel(seg["seq"])
        if before and before[3]:
            self.nagle(S, P, seg, ev, s, before)
        self.send(S, seg, s)
        delayed = False
        if f & ACK and not f & RST:
            delayed = self.acknowledge(S, P, seg, ev, P.rel(seg["ack"]))
        if not f & (SYN | FIN | RST):
            S.zero = seg["win"] == 0
        self.ecn(S, P, seg, ev)
        S.reset = S.reset or bool(f & RST)
        quiet = not S.waiting and not P.waiting and not S.zero and not P.zero and not S.reset and not P.reset \
            and not (S.fin_acked and P.fin_acked)
        self.last[seg["stream"]] = (seg["frame"], seg["time"], quiet, delayed and ev, seg["src"])
        if ev:
            self.events.setdefault(seg["frame"], {}).update(ev)

    @staticmethod
    def send(S, seg, s):
        f = seg["flags"]
        end = s + seg["len"] + (1 if f & SYN else 0) + (1 if f & FIN else 0)
        if end > s and not f & RST:
            copies = [w for w in S.waiting if w[0] < end and w[1] > s]
            for w in copies:
                w[5] += 1
            if S.next is None or end > S.next:
                S.waiting.append([s, end, seg["frame"], seg["time"], seg["len"] > 0 and not f & SYN, 1 + len(copies)])
        S.next = end if S.next is None else max(S.next, end)
        if f & FIN:
            S.fin_end = end

    def acknowledge(self, S, P, seg, ev, ack):
        """S acknowledges P's bytes up to `ack`: the round trip (Karn's rule) and the delayed ACK."""
        if S.high_ack is not None and ack <= S.high_ack:
            return False
        S.high_ack = ack
        taken = [w for w in P.waiting if w[1] <= ack]
        P.waiting = [w for w in P.waiting if w[1] > ack]
        if P.fin_end is not None and ack >= P.fin_end:
            P.fin_acked = True
        timed = [w for w in taken if w[5] == 1]
        delayed = False
        f = seg["flags"]
        if (len(taken) == 1 and timed and timed[0][4] and seg["len"] == 0 and not f & (SYN | FIN | RST)
                and P.rtt is not None and ack >= P.next):
            delay = seg["time"] - timed[0][3]
            held = delay - P.rtt
            if DELACK_MIN <= held <= DELACK_MAX and 4 * held >= P.rtt:
                ev.update({"tcpflow.timing.delayed_ack": 1, "tcpflow.timing.held": held,
                           "tcpflow.timing.base_rtt": P.rtt, "acked": timed[0]})
                delayed = True
        if timed:
            rtt = seg["time"] - timed[-1][3]
            P.rtt = rtt if P.rtt is None else min(P.rtt, rtt)
        return delayed

    @staticmethod
    def nagle(S, P, seg, ev, s, before):
        """S's segment right after P's delayed ACK of S's lone small segment A: Nagle held it."""
        a = before[3]["acked"]
        back = P.rtt or 0
        if (seg["len"] and not seg["flags"] & (SYN | RST) and before[4] != seg["src"] and s == S.next
                and seg["len"] + 40 < P.mss
                and a[1] - a[0] + 40 < P.mss and a[1] == s and seg["time"] - before[1] <= 2 * back + 0.002
                and before[3].get("tcpflow.timing.delayed_ack")):
            ev.update({"tcpflow.timing.nagle": 1, "tcpflow.timing.nagle_after_frame": a[2],
                       "tcpflow.timing.nagle_ack_frame": before[0], "tcpflow.timing.stall": seg["time"] - a[3]})

    @staticmethod
    def ecn(S, P, seg, ev):
        f = seg["flags"]
        ace = (4 if f & AE else 0) | (2 if f & CWR else 0) | (1 if f & ECE else 0)
        if f & SYN and not f & ACK and not f & RST:
            S.mode = P.mode = {7: "asked-acc", 3: "asked"}.get(ace, "off")
            if ace in (7, 3):
                ev["tcpflow.ecn.setup"] = 2 if ace == 7 else 1
        elif f & SYN and not f & RST:
            asked = S.mode in ("asked", "asked-acc")
            if S.mode in ("on", "acc"):
                pass                         # a SYN+ACK again: the answer stands
            elif S.mode == "asked-acc" and ace > 1:
                S.mode = P.mode = "acc"
                ev["tcpflow.ecn.setup"] = 4
            elif S.mode in ("asked", "asked-acc", "unknown") and ace == 1:
                S.mode = P.mode = "on"
                ev["tcpflow.ecn.setup"] = 3
            else:
                S.mode = P.mode = "off"
                if asked:
                    ev["tcpflow.ecn.setup"] = 5
        else:
            if S.mode in ("asked", "asked-acc"):
                S.mode = P.mode = "unknown"  # the answer was not captured
            if S.mode == "unknown" and f & AE:
                S.mode = P.mode = "acc"
            if S.mode in ("on", "unknown") and f & (ECE | CWR):
                Pace.echo(S, P, seg, ev)
        if seg["ce"]:
            ev["tcpflow.ecn.ce"] = 1
            S.ce = S.ce or (seg["frame"], S.rel(seg["seq"]))

    @staticmethod
    def echo(S, P, seg, ev):
        """RFC 3168's ECE runs, ended by the peer's CWR; an ECE whose ack does not reach the CWR
        segment was sent before it arrived, and belongs to the run it ended."""
        f = seg["flags"]
        if f & ECE and f & ACK:
            before_cwr = S.ece is None and S.ended is not None and P.rel(seg["ack"]) <= P.cwr_at
            run = S.ece or (S.ended if before_cwr else None)
            if run is None:
                ev["tcpflow.ecn.echo"] = 1
                if P.ce is not None:
                    ev["tcpflow.ecn.ce_frame"] = P.ce[0]
                S.ece = seg["frame"]
            else:
                ev["tcpflow.ecn.echo_again"] = 1
                ev["tcpflow.ecn.echo_frame"] = run
            if not (before_cwr and P.ce is not None and P.ce[1] >= P.cwr_at):   # a mark after the CWR: the next run's
                P.ce = None
        if f & CWR and P.ece is not None:
            ev["tcpflow.ecn.cwr"] = 1
            ev["tcpflow.ecn.cwr_of_frame"] = P.ece
            P.ended, S.cwr_at, P.ece = P.ece, S.rel(seg["seq"]), None


TIMING = ["tcpflow.timing.delayed_ack", "tcpflow.timing.held", "tcpflow.timing.base_rtt", "tcpflow.timing.nagle",
          "tcpflow.timing.nagle_after_frame", "tcpflow.timing.nagle_ack_frame", "tcpflow.timing.stall",
          "tcpflow.timing.idle", "tcpflow.timing.idle_since_frame"]
ECN = ["tcpflow.ecn.setup", "tcpflow.ecn.ce", "tcpflow.ecn.echo", "tcpflow.ecn.echo_again", "tcpflow.ecn.ce_frame",
       "tcpflow.ecn.echo_frame", "tcpflow.ecn.cwr", "tcpflow.ecn.cwr_of_frame"]
live.TIMES += ["tcpflow.timing.held", "tcpflow.timing.base_rtt", "tcpflow.timing.stall", "tcpflow.timing.idle"]

# what each scenario is for: it fails when the kernel stops producing these
EXPECT = {
    "nagle": ["tcpflow.timing.delayed_ack", "tcpflow.timing.nagle", "tcpflow.timing.idle"],
    "ecn": ["tcpflow.ecn.setup", "tcpflow.ecn.ce", "tcpflow.ecn.echo", "tcpflow.ecn.echo_again", "tcpflow.ecn.cwr"],
}


def analyse(ws, name, path):
    segs = segments(ws, path)
    found = Pace().run(segs)
    n = {k: sum(1 for ev in found.events.values() if k in ev) for k in TIMING + ECN}
    print(f"  {name} rules: segments {len(segs)}, " + ", ".join(f"{k[8:]} {v}" for k, v in n.items() if v))
    for what in EXPECT[name]:
        check(n[what] >= 1, f"{name}: the scenario produced {what} ({n[what]})")
    rows = ws.fields(path, TIMING + ECN, two_pass=True)
    plugin = {r["frame"]: {k: v for k, v in r.items() if k != "frame" and v != ""} for r in rows}
    live.compare(name, found, plugin, "tcpflow.timing.delayed_ack", TIMING[:3])
    live.compare(name, found, plugin, "tcpflow.timing.nagle", TIMING[3:7])
    live.compare(name, found, plugin, "tcpflow.timing.idle", TIMING[7:])
    live.compare(name, found, plugin, "tcpflow.ecn.setup", ["tcpflow.ecn.setup"])
    live.compare(name, found, plugin, "tcpflow.ecn.ce", ["tcpflow.ecn.ce"])
    live.compare(name, found, plugin, "tcpflow.ecn.echo", ["tcpflow.ecn.echo", "tcpflow.ecn.ce_frame"])
    live.compare(name, found, plugin, "tcpflow.ecn.echo_again", ["tcpflow.ecn.echo_again", "tcpflow.ecn.echo_frame"])
    live.compare(name, found, plugin, "tcpflow.ecn.cwr", ["tcpflow.ecn.cwr", "tcpflow.ecn.cwr_of_frame"])


def scenario(ws, name):
    os.makedirs(live.OUT, exist_ok=True)
    analyse(ws, name, record(name))


TESTS = {name: (lambda ws, name=name: scenario(ws, name)) for name in SCENARIOS}
TESTS["all"] = lambda ws: [scenario(ws, name) for name in SCENARIOS]

if __name__ == "__main__":
    h.main(TESTS, sys.argv, live.prepare)
