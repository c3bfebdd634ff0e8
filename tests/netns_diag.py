#!/usr/bin/env python3
"""Where a connection's time went, on real kernels with a known cause, in
network namespaces this test makes (tests/netns.py) and deletes again:

    netns_diag.py receiver|network|loss|timeouts|idle|stalls|all

- receiver: a reader with a 16 KiB buffer that pauses (zero and full windows)
- network: a 20 Mbit/s rate limit (tc tbf, a 100 ms queue: no drops) under a 4 MB transfer
- loss: 5 % of the segments dropped on a router (nft, forward chain)
- timeouts: everything dropped for 1.6 s while a client trickles data
- idle: requests and answers with pauses of 0.3 s in between
- stalls: write-write-read without TCP_NODELAY (delayed ACKs, Nagle)

Each asserts tcpflow's verdict for the connection, that its parts add up to
its duration within 1 %, that the fields on the connection's last segment
say what the table says, and the cause's own mark (timeouts, recoveries).
The client reads Linux's own accounting (TCP_INFO: busy, rwnd_limited,
sndbuf_limited) when it is done; the test prints it beside tcpflow's parts,
checks that the time with data outstanding (busy) agrees within 5 % of the
duration, and that both name the receiver where the receiver was the limit,
and only there.  docs/ROBUSTNESS.md gives the figures and why they differ.
Captures are kept as netns-diag-NAME.pcap beside netns_live.py's.
Skipped (exit 77) unless root with ip, nft, ethtool, tc and tcpdump.
"""
import csv
import io
import json
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402
import netns  # noqa: E402
import netns_live as live  # noqa: E402
import netns_timing as timing  # noqa: E402
from harness import check  # noqa: E402

# Linux's tcp_info (include/uapi/linux/tcp.h): busy time, and of it the time limited by the
# receive window and by the send buffer, in µs, at these offsets since Linux 4.10.
TCP_INFO_READ = """
def tcp_info(s, path):
    import struct
    raw = s.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 232)
    busy, rwnd, sndbuf = struct.unpack_from("QQQ", raw, 168)
    with open(path, "w") as f:
        f.write('{"busy": %d, "rwnd_limited": %d, "sndbuf_limited": %d}' % (busy, rwnd, sndbuf))
"""
BULK = TCP_INFO_READ + """
s = socket.create_connection((ADDR, PORT)); s.sendall(b"x" * SIZE); s.shutdown(socket.SHUT_WR)
while s.recv(65536): pass
tcp_info(s, INFO)
"""
TRICKLE = TCP_INFO_READ + """
s = socket.create_connection((ADDR, PORT))
for _ in range(150):
    s.sendall(b"x" * 1000); time.sleep(0.02)
s.shutdown(socket.SHUT_WR)
while s.recv(65536): pass
tcp_info(s, INFO)
"""
# Five requests of 100 bytes, each answered with 1000, with the client thinking 0.3 s in between.
ASK = TCP_INFO_READ + """
s = socket.create_connection((ADDR, PORT)); s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
for _ in range(5):
    s.sendall(b"q" * 100); n = 0
    while n < 1000:
        n += len(s.recv(4096))
    time.sleep(0.3)
tcp_info(s, INFO)
s.close()
"""
ANSWER = """
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind((ADDR, PORT)); s.listen(1)
print("ready", flush=True)
c, _ = s.accept(); c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
while True:
    n = 0
    while n < 100:
        d = c.recv(4096)
        if not d:
            raise SystemExit(0)
        n += len(d)
    c.sendall(b"a" * 1000)
"""
# Write-write-read, 20 times, without TCP_NODELAY: every request waits for a delayed ACK.
WRITE_WRITE_READ = TCP_INFO_READ + """
s = socket.create_connection((ADDR, PORT))
for i in range(20):
    s.sendall(b"a" * 100); s.sendall(b"b" * 100); n = 0
    while n < 100:
        n += len(s.recv(4096))
tcp_info(s, INFO)
s.close()
"""

# name: layout, server, client, bytes, set-up of the namespaces, outage (s), verdict, side
SCENARIOS = {
    "receiver": ("loopback", live.SERVERS["slow"], BULK, 2_000_000, None, 0, "receiver", "client"),
    "network": ("loopback", live.SERVERS["sink"], BULK, 4_000_000, "rate", 0, "network", "client"),
    "loss": ("routed", live.SERVERS["small-sink"], BULK, 4_000_000, "drop", 0, "loss", "client"),
    "timeouts": ("loopback", live.SERVERS["sink"], TRICKLE, 0, None, 1.6, "loss", "client"),
    "idle": ("loopback", ANSWER, ASK, 0, None, 0, "idle", ""),
    "stalls": ("loopback", timing.SERVERS["answer"], WRITE_WRITE_READ, 0, None, 0, "stalls", "client"),
}


def record(name, info_path):
    """Runs one scenario in fresh namespaces; returns the capture's path."""
    layout, server, client, size, setup, outage, _, _ = SCENARIOS[name]
    path = os.path.join(live.OUT, f"netns-diag-{name}.pcap")
    client = f"INFO = {info_path!r}\n" + client
    with (netns.Loopback() if layout == "loopback" else netns.Routed()) as net:
        s_ns = net.ns if layout == "loopback" else net.server
        c_ns = net.ns if layout == "loopback" else net.client
        net.capture(s_ns, "lo" if layout == "loopback" else "s0", path)
        if setup == "rate":
            net.limit_rate(net.ns, "lo", rate="20mbit", burst="64kbit", latency="100ms")
        elif setup == "drop":
            net.drop_randomly(net.router, "forward", 5)

        def cut_off():
            time.sleep(0.5)
            net.drop_randomly(s_ns, "input", 100)
            time.sleep(outage)
            net.stop_dropping(s_ns)
        rc = live.run_pair(s_ns, server, c_ns, client, net.server_addr, size, cut_off if outage else None)
    check(rc == 0, f"{name}: the client finished ({rc})")
    check(net.dropped == [0], f"{name}: tcpdump lost no packet ({net.dropped})")
    return path


VERDICTS = ["none", "handshake", "network", "receiver", "loss", "stalls", "idle", "teardown"]   # tcpflow.conn.verdict
PARTS = ["handshake", "sending", "receiver_limited", "loss_fast", "loss_timeout", "stalls", "idle", "teardown"]
BUSY = ["sending", "receiver_limited", "loss_fast", "loss_timeout", "stalls"]
FIELDS = ["tcpflow.conn.verdict", "tcpflow.conn.verdict_side", "tcpflow.conn.duration",
          "tcpflow.conn.receiver_limited", "tcpflow.conn.loss_recovery", "tcpflow.conn.timeouts"]


def table(ws, path):
    """-z tcpflow,conn,csv: one dict per connection."""
    out = ws.tshark_read(["-q", "-r", ws.stage(path), "-z", "tcpflow,conn,csv"])
    lines = out[out.index("stream,"):].splitlines()
    return list(csv.DictReader(io.StringIO("\n".join(l for l in lines if l and not l.startswith("=")))))


def analyse(ws, name, path, info):
    _, _, _, _, _, _, verdict, side = SCENARIOS[name]
    rows = [r for r in table(ws, path) if r["server_port"] == str(live.PORT)]
    if not check(len(rows) == 1, f"{name}: one connection to the server ({len(rows)})"):
        return
    row = rows[0]
    duration = float(row["duration"])
    parts = {p: float(row[p]) for p in PARTS}
    print(f"  {name}: {duration:.3f} s: " + ", ".join(f"{p} {v:.3f}" for p, v in parts.items() if v))
    check(row["verdict"] == verdict and row["verdict_side"] == side,
          f"{name}: the verdict is {verdict} {side} ({row['verdict']} {row['verdict_side']})")
    check(duration > 0 and abs(sum(parts.values()) - duration) <= 0.01 * duration,
          f"{name}: the parts add up to the duration within 1 % ({sum(parts.values()):.6f} of {duration:.6f} s)")
    shares = [float(row[p + "_share"]) for p in PARTS]
    check(abs(sum(shares) - 1) <= 0.01, f"{name}: the shares add up to 1 ({sum(shares):.4f})")
    last = [r for r in ws.fields(path, FIELDS) if r["tcpflow.conn.verdict"]]
    check(len(last) == 1 and VERDICTS[int(last[0]["tcpflow.conn.verdict"])] == row["verdict"] and
          abs(float(last[0]["tcpflow.conn.duration"]) - duration) < 2e-6,
          f"{name}: the connection's last segment has its fields, as the table says "
          f"({[(r['frame'], r['tcpflow.conn.verdict'], r['tcpflow.conn.duration']) for r in last]})")
    if name == "timeouts":
        check(int(row["client_timeouts"]) >= 2 and parts["loss_timeout"] > parts["loss_fast"],
              f"{name}: the timer fired again and again ({row['client_timeouts']} timeouts, "
              f"{parts['loss_timeout']:.3f} s of them)")
    if name == "loss":
        check(parts["loss_fast"] > 0 and int(row["client_fast_recoveries"]) > 0,
              f"{name}: fast recoveries ({row['client_fast_recoveries']}, {parts['loss_fast']:.3f} s)")
    compare_linux(name, info, parts, duration)


def compare_linux(name, info, parts, duration):
    """Linux's busy time (data waiting to be sent or acknowledged) and how much of it the receive
    window limited, beside tcpflow's busy parts and its receiver-limited part."""
    busy, rwnd, sndbuf = (info[k] / 1e6 for k in ("busy", "rwnd_limited", "sndbuf_limited"))
    ours = sum(parts[p] for p in BUSY)
    print(f"  {name}: linux busy {busy:.3f} s (rwnd-limited {rwnd:.3f}, sndbuf-limited {sndbuf:.3f}); "
          f"tcpflow busy {ours:.3f} s (receiver-limited {parts['receiver_limited']:.3f}) of {duration:.3f} s")
    if SCENARIOS[name][0] == "loopback":     # captured beside the sender: a loss before a capture near the
        check(abs(ours - busy) <= 0.05 * duration + 0.02,   # receiver hides what is in flight until later
              f"{name}: tcpflow's busy time is Linux's within 5 % of the duration ({ours:.3f} and {busy:.3f} s)")
    if name in ("receiver", "network"):
        linux_rwnd = busy > 0 and rwnd / busy >= 0.5
        ours_rwnd = parts["receiver_limited"] / duration >= 0.5
        check(linux_rwnd == ours_rwnd == (name == "receiver"),
              f"{name}: Linux and tcpflow agree whether the receive window was the limit "
              f"({rwnd / busy if busy else 0:.2f} and {parts['receiver_limited'] / duration:.2f} of the time)")


def scenario(name):
    def run(ws):
        os.makedirs(live.OUT, exist_ok=True)
        with tempfile.TemporaryDirectory() as d:
            os.chmod(d, 0o777)
            info_path = os.path.join(d, "tcp_info.json")
            path = record(name, info_path)
            with open(info_path) as f:
                info = json.load(f)
        analyse(ws, name, path, info)
    return run


def everything(ws):
    for name in SCENARIOS:
        scenario(name)(ws)


TESTS = {name: scenario(name) for name in SCENARIOS}
TESTS["all"] = everything

if __name__ == "__main__":
    h.main(TESTS, sys.argv, live.prepare)
