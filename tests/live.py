#!/usr/bin/env python3
"""Real programs on loopback, captured with tcpdump, explained by tcpflow.

    live.py seed|seed6|http|refused|close_client|close_server|half_close|reset_unread

Each scenario records BUILD/tests/live/NAME.pcap (reused by the check_*.py
tests for the oracle, preference and one-pass checks) and asserts what tcpflow says about
it.  Skipped (exit 77) when this user cannot capture on loopback.
"""
import contextlib
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time

import harness as h
from harness import check, FIELDS

LIVE = os.path.join(h.BUILD, "tests", "live")
HELLO = b"hello\r\n"                 # the seed's 7 bytes
REPLY = b"Server got: hello\n"       # and the server's 18


def free_port(family=socket.AF_INET, host="127.0.0.1"):
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


class Capture:
    """tcpdump on the loopback interface for one port, written to a pcap."""

    def __init__(self, path, port, snaplen=262144):
        self.path = path
        if os.path.exists(path):
            os.remove(path)
        self.proc = subprocess.Popen(
            ["tcpdump", "-i", "lo", "--immediate-mode", "-U", "-n", "-B", "16384", "-s", str(snaplen), "-w", path,
             f"tcp port {port}"], stderr=subprocess.PIPE, text=True)
        line = self.proc.stderr.readline()       # "listening on lo, ..." once it captures
        if "listening" not in line:
            raise RuntimeError(f"tcpdump did not start: {line}")

    def stop(self):
        time.sleep(0.5)                          # let the last packets reach the file
        self.proc.send_signal(signal.SIGINT)
        _, err = self.proc.communicate(timeout=10)
        dropped = [line for line in err.splitlines() if "dropped by kernel" in line]
        check(dropped and dropped[0].split()[0] == "0", f"tcpdump lost no packet ({dropped})")


@contextlib.contextmanager
def serving(argv, port):
    """Runs a server program until the block ends, once it accepts connections on port."""
    server = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield server
    finally:
        server.terminate()
        server.wait()


def serve_once(listener, handler):
    def run():
        conn, _ = listener.accept()
        with conn:
            handler(conn)
    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t


def recv_exact(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            break
        data += chunk
    return data


def seed_exchange(family, host, pcap):
    """The tutorial's exchange: 7 bytes in, 18 bytes out, then the client closes."""
    got = []

    def echo(conn):
        if recv_exact(conn, len(HELLO)) == HELLO:
            time.sleep(0.05)                     # answer later, as a person at a prompt would
            conn.sendall(REPLY)
        conn.recv(1)                             # until the client closes

    def client(c):
        time.sleep(0.05)
        c.sendall(HELLO)
        got.append(recv_exact(c, len(REPLY)))
    conversation(pcap, echo, client, family, host)
    return got == [REPLY]


def check_seed(ws, pcap):
    rows = ws.fields(pcap, FIELDS)
    f = {r["frame"]: r for r in rows}
    check([f[i]["tcpflow.handshake.step"] for i in (1, 2, 3)] == ["1", "2", "3"], "frames 1-3: handshake steps 1-3")
    check(f[2]["tcpflow.handshake.ack_ok"] == "1" and f[3]["tcpflow.handshake.ack_ok"] == "1",
          "ack = ISN + 1 on steps 2 and 3")
    check(f[3]["tcpflow.handshake.complete"] == "1", "the handshake completes")
    push = [r for r in rows if r["tcpflow.data.len"] == "7"]
    reply = [r for r in rows if r["tcpflow.data.len"] == "18"]
    check(len(push) == 1 and push[0]["tcpflow.direction"] == "1" and
          (push[0]["tcpflow.data.seq"], push[0]["tcpflow.data.nextseq"]) == ("1", "8"),
          "the client pushes 7 bytes, seq 1:8")
    check(len(reply) == 1 and reply[0]["tcpflow.direction"] == "2" and
          (reply[0]["tcpflow.data.seq"], reply[0]["tcpflow.data.nextseq"]) == ("1", "19"),
          "the server answers 18 bytes, seq 1:19")
    for name, d in (("7-byte push", push), ("18-byte reply", reply)):
        acker = f.get(int(d[0]["tcpflow.data.acked_in"] or 0)) if d else None
        check(acker is not None and str(d[0]["frame"]) in acker["tcpflow.ack.acks_frame"].split(","),
              f"the {name} is acknowledged by the peer, and that ACK lists it")


def scenario_seed(ws):
    pcap = os.path.join(LIVE, "seed.pcap")
    check(seed_exchange(socket.AF_INET, "127.0.0.1", pcap), "client and server exchanged 7 and 18 bytes")
    check_seed(ws, pcap)


def scenario_seed6(ws):
    pcap = os.path.join(LIVE, "seed6.pcap")
    check(seed_exchange(socket.AF_INET6, "::1", pcap), "over IPv6: client and server exchanged 7 and 18 bytes")
    check_seed(ws, pcap)


def scenario_http(ws):
    """python3 -m http.server and curl: a 4 MiB download, headers-only capture."""
    h.require("curl")
    root = os.path.join(ws.dir, "www")
    os.makedirs(root)
    size = 4 * 1024 * 1024
    with open(os.path.join(root, "blob.bin"), "wb") as f:
        f.write(os.urandom(size))
    port = free_port()
    pcap = os.path.join(LIVE, "http.pcap")
    with serving([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", root],
                 port):
        cap = Capture(pcap, port, snaplen=128)
        p = subprocess.run(["curl", "-s", "-o", os.devnull, "-w", "%{size_download}", "--limit-rate", "8M",
                            f"http://127.0.0.1:{port}/blob.bin"], capture_output=True, text=True, timeout=60)
        cap.stop()
    check(p.stdout == str(size), f"curl downloaded {size} bytes (got {p.stdout})")

    rows = ws.fields(pcap, FIELDS + ["tcp.stream"])
    download = [r for r in rows if r["tcpflow.direction"] == "2" and r["tcpflow.data.len"]]
    body = sum(int(r["tcpflow.data.len"]) for r in download if not r["tcpflow.data.retransmission"])
    check(body > size, f"the server sent the file and headers: {body} bytes in {len(download)} segments")
    unacked = [r["frame"] for r in download if not r["tcpflow.data.acked_in"]]
    check(not unacked, f"every segment of the download is acknowledged (unpaired: {unacked[:10]})")
    multi = [r for r in rows if len(h.ints(r["tcpflow.ack.acks_frame"])) >= 2]
    check(len(multi) > 0, f"{len(multi)} ACKs cover several segments at once")
    acked = sum(int(r["tcpflow.ack.acked_bytes"] or 0) for r in rows if r["tcpflow.direction"] == "1")
    check(acked == body, f"the client's ACKs acknowledge exactly the bytes sent ({acked} of {body})")
    steps = [r["tcpflow.handshake.step"] for r in rows if r["tcpflow.handshake.step"]]
    check(steps[:3] == ["1", "2", "3"], "the download starts with handshake steps 1, 2, 3")


def scenario_refused(ws):
    """A connection to a port nobody listens on: SYN answered by RST+ACK."""
    port = free_port()
    pcap = os.path.join(LIVE, "refused.pcap")
    cap = Capture(pcap, port)
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
        refused = False
    except ConnectionRefusedError:
        refused = True
    cap.stop()
    check(refused, "the connection was refused")
    rows = ws.fields(pcap, FIELDS + ["tcp.flags.reset"])
    check(len(rows) == 2, f"two frames: SYN and RST (got {len(rows)})")
    if len(rows) == 2:
        check(rows[0]["tcpflow.handshake.step"] == "1" and rows[0]["tcpflow.direction"] == "1",
              "frame 1 is the client's SYN, step 1")
        check(rows[1]["tcp.flags.reset"] == "1" and rows[1]["tcpflow.direction"] == "2" and
              rows[1]["tcpflow.ack.acks_frame"] == "1", "frame 2 is the server's RST, acknowledging the SYN")
        check(rows[1]["tcpflow.handshake.step"] == "", "a RST is no handshake step")
        check(rows[1]["tcpflow.rst.refused"] == "1" and rows[1]["tcpflow.rst.phase"] == "1",
              "the RST is a refusal during the handshake")
        check(rows[0]["tcpflow.handshake.incomplete"] == "1", "the SYN never led to a connection")


def conversation(pcap, server_side, client_side, family=socket.AF_INET, host="127.0.0.1"):
    """Runs server_side(conn) against client_side(sock) on loopback, captured into pcap."""
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.bind((host, 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    cap = Capture(pcap, port)
    t = serve_once(listener, server_side)
    with socket.create_connection((host, port)) as c:
        client_side(c)
    t.join(5)
    listener.close()
    cap.stop()


def read_to_eof(sock):
    data = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk


def teardown_frames(rows):
    """{step: [frames]} of the close."""
    steps = {}
    for r in rows:
        for s in h.ints(r["tcpflow.teardown.step"]):
            steps.setdefault(s, []).append(r["frame"])
    return steps


def check_close(rows, initiator, final_states):
    steps = teardown_frames(rows)
    check(sorted(steps) == [1, 2, 3, 4], f"teardown steps 1-4 all seen ({steps})")
    if sorted(steps) == [1, 2, 3, 4]:
        firsts = [steps[i][0] for i in (1, 2, 3, 4)]
        check(firsts == sorted(firsts) or (firsts[1] == firsts[2] and firsts == sorted(firsts)),
              f"in order: first FIN, its ACK, the peer's FIN, the final ACK (frames {firsts})")
        fin = rows[steps[1][0] - 1]
        check(fin["tcpflow.teardown.initiator"] == initiator and fin["tcpflow.direction"] == initiator,
              f"the {'client' if initiator == '1' else 'server'} closed first")
    last = rows[-1]
    check((last["tcpflow.state.client"], last["tcpflow.state.server"]) == final_states,
          f"final states {final_states} (got {last['tcpflow.state.client']}, {last['tcpflow.state.server']})")
    check(all(r["tcpflow.data.acked_in"] for r in rows if r["tcpflow.data.len"]), "every data segment is acknowledged")


def scenario_close_client(ws):
    """The client closes first; the server reads the end of the stream, then closes."""
    pcap = os.path.join(LIVE, "close-client.pcap")

    def server(conn):
        recv_exact(conn, len(HELLO))
        conn.sendall(REPLY)
        read_to_eof(conn)

    def client(c):
        c.sendall(HELLO)
        recv_exact(c, len(REPLY))
    conversation(pcap, server, client)
    check_close(ws.fields(pcap, FIELDS), "1", ("10", "0"))   # client TIME-WAIT, server CLOSED


def scenario_close_server(ws):
    """The server answers and closes at once; the client reads to the end, then closes."""
    pcap = os.path.join(LIVE, "close-server.pcap")

    def server(conn):
        recv_exact(conn, len(HELLO))
        conn.sendall(REPLY)

    def client(c):
        c.sendall(HELLO)
        read_to_eof(c)
    conversation(pcap, server, client)
    check_close(ws.fields(pcap, FIELDS), "2", ("0", "10"))   # client CLOSED, server TIME-WAIT


def scenario_half_close(ws):
    """The client sends its request and shuts down its side; the server answers 200 kB after that FIN."""
    pcap = os.path.join(LIVE, "half-close.pcap")
    size = 200000

    def server(conn):
        read_to_eof(conn)
        conn.sendall(b"x" * size)

    def client(c):
        c.sendall(HELLO)
        c.shutdown(socket.SHUT_WR)
        check(len(read_to_eof(c)) == size, f"the client read all {size} bytes after its FIN")
    conversation(pcap, server, client)
    rows = ws.fields(pcap, FIELDS)
    steps = teardown_frames(rows)
    first_fin = steps.get(1, [0])[0]
    after = [r for r in rows if r["frame"] > first_fin and r["tcpflow.direction"] == "2" and r["tcpflow.data.len"]]
    check(first_fin and rows[first_fin - 1]["tcpflow.direction"] == "1", "the client's FIN comes first")
    check(sum(int(r["tcpflow.data.len"]) for r in after) == size,
          f"the server sends {size} bytes after the client's FIN ({len(after)} segments)")
    check(all(r["tcpflow.data.acked_in"] for r in after), "all of them are paired with the client's ACKs")
    check(all(r["tcpflow.state.server"] == "7" for r in after if not r["tcpflow.teardown.step"]),
          "the server sends them in CLOSE-WAIT")
    check_close(rows, "1", ("10", "0"))


def unacked_at(rows, upto):
    """Bytes each side had sent but not seen acknowledged by frame `upto`, from TCP's raw fields."""
    end, acked, fin = {}, {}, {}
    for r in rows[:upto]:
        side, seq, ack = r["tcp.srcport"], int(r["tcp.seq_raw"]), int(r["tcp.ack_raw"] or 0)
        flags = int(r["tcp.flags"], 16)
        if not flags & 0x04:
            e = (seq + int(r["tcp.len"]) + (flags & 0x01) + ((flags >> 1) & 1)) & 0xffffffff
            if side not in end or (e - end[side]) & 0xffffffff < 0x80000000:
                end[side] = e
            fin[side] = fin.get(side, False) or bool(flags & 0x01)
        if flags & 0x10:
            acked[r["tcp.dstport"]] = ack
    out = {}
    for side in end:
        d = (end[side] - acked.get(side, end[side])) & 0xffffffff
        d = 0 if d >= 0x80000000 else d
        out[side] = max(0, d - (1 if fin[side] and d else 0))
    return out


def scenario_reset_unread(ws):
    """The server leaves the request unread, sends 1 MB and closes with SO_LINGER 0: a RST,
    very likely with some of that megabyte still unacknowledged."""
    pcap = os.path.join(LIVE, "reset-unread.pcap")

    def server(conn):
        time.sleep(0.1)                          # the request arrives, and stays unread
        conn.sendall(b"x" * 1000000)
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))

    def client(c):
        c.sendall(HELLO)
        time.sleep(0.3)                          # not reading: the server's data piles up
        try:
            read_to_eof(c)
        except ConnectionResetError:
            pass
    conversation(pcap, server, client)
    rows = ws.fields(pcap, FIELDS + ["tcp.srcport", "tcp.dstport", "tcp.seq_raw", "tcp.ack_raw", "tcp.len",
                                     "tcp.flags"])
    rst = [r for r in rows if r["tcpflow.rst.from"]]
    check(len(rst) >= 1 and rst[0]["tcpflow.rst.from"] == "2" and rst[0]["tcpflow.rst.phase"] == "2"
          and rst[0]["tcpflow.rst.refused"] == "", "the server resets the established connection")
    if rst:
        r = rst[0]
        want = unacked_at(rows, r["frame"])
        client_port = rows[0]["tcp.srcport"]
        server_port = rows[0]["tcp.dstport"]
        expected = f"{want.get(client_port, 0)},{want.get(server_port, 0)}"
        check(r["tcpflow.rst.unacked_bytes"] == expected,
              f"unacknowledged bytes at the RST: {r['tcpflow.rst.unacked_bytes']} (from TCP's raw fields: {expected})")
        check(r["tcpflow.history"].endswith("r") and r["tcpflow.state.client"] == "0", "history ends in r; CLOSED")


KEEPALIVE_SERVER = """
import functools, http.server, sys
http.server.SimpleHTTPRequestHandler.protocol_version = "HTTP/1.1"
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[2])
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), handler).serve_forever()
"""


def scenario_http_keepalive(ws):
    """HTTP/1.1 keep-alive: curl downloads three files over one connection."""
    h.require("curl")
    root = os.path.join(ws.dir, "www")
    os.makedirs(root)
    sizes = {"a.bin": 300000, "b.bin": 1000000, "c.bin": 50000}
    for name, size in sizes.items():
        with open(os.path.join(root, name), "wb") as f:
            f.write(os.urandom(size))
    port = free_port()
    pcap = os.path.join(LIVE, "http-keepalive.pcap")
    with serving([sys.executable, "-c", KEEPALIVE_SERVER, str(port), root], port):
        cap = Capture(pcap, port, snaplen=128)
        urls = [f"http://127.0.0.1:{port}/{name}" for name in sizes]
        p = subprocess.run(["curl", "-s", "-w", "%{size_download} %{num_connects}\\n"] +
                           sum((["-o", os.devnull, u] for u in urls), []), capture_output=True, text=True, timeout=60)
        cap.stop()
    got = [line.split() for line in p.stdout.splitlines()]
    check([int(g[0]) for g in got] == list(sizes.values()), f"curl downloaded the three files ({p.stdout.split()})")
    check(sum(int(g[1]) for g in got) == 1, "over one connection (keep-alive)")
    rows = ws.fields(pcap, FIELDS + ["tcp.stream"])
    streams = {r["tcp.stream"] for r in rows}
    check(len(streams) == 1, f"one tcp.stream (got {sorted(streams)})")
    requests = [r for r in rows if r["tcpflow.direction"] == "1" and r["tcpflow.data.len"]]
    check(len(requests) == 3, f"three requests from the client (got {len(requests)})")
    data = [r for r in rows if r["tcpflow.data.len"]]
    check(all(r["tcpflow.data.acked_in"] for r in data), f"all {len(data)} data segments are acknowledged")
    check(sum(int(r["tcpflow.data.len"]) for r in data if r["tcpflow.direction"] == "2") > sum(sizes.values()),
          "the server's data holds the three files and their headers")


def scenario_parallel(ws):
    """Forty short connections at once to a threaded echo server."""
    count = 40
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(count)
    port = listener.getsockname()[1]
    pcap = os.path.join(LIVE, "parallel.pcap")
    cap = Capture(pcap, port)

    def serve():
        for _ in range(count):
            conn, _ = listener.accept()
            threading.Thread(target=echo, args=(conn,), daemon=True).start()

    def echo(conn):
        with conn:
            conn.sendall(recv_exact(conn, 100))

    def client(i, results):
        with socket.create_connection(("127.0.0.1", port)) as c:
            msg = bytes([i]) * 100
            c.sendall(msg)
            results[i] = recv_exact(c, 100) == msg

    threading.Thread(target=serve, daemon=True).start()
    results = [False] * count
    clients = [threading.Thread(target=client, args=(i, results)) for i in range(count)]
    for t in clients:
        t.start()
    for t in clients:
        t.join(10)
    time.sleep(0.2)
    listener.close()
    cap.stop()
    check(all(results), f"all {count} clients got their echo")
    rows = ws.fields(pcap, FIELDS + ["tcp.stream", "tcp.srcport"])
    by_stream = {}
    for r in rows:
        by_stream.setdefault(r["tcp.stream"], []).append(r)
    check(len(by_stream) == count, f"{count} streams (got {len(by_stream)})")
    complete = [s for s, rs in by_stream.items() if any(r["tcpflow.handshake.complete"] == "1" for r in rs)]
    check(len(complete) == count, f"every handshake completes ({len(complete)})")
    closed = [s for s, rs in by_stream.items()
              if {4} <= {int(x) for r in rs for x in h.ints(r["tcpflow.teardown.step"])}]
    check(len(closed) == count, f"every connection closes in four steps ({len(closed)})")
    servers = {r["tcp.srcport"] for r in rows if r["tcpflow.direction"] == "2"}
    check(servers == {str(port)}, "the server is always the echo port")
    data = [r for r in rows if r["tcpflow.data.len"]]
    check(len(data) >= 2 * count and all(r["tcpflow.data.acked_in"] for r in data),
          f"every one of the {len(data)} data segments is acknowledged")


SCENARIOS = {"seed": scenario_seed, "seed6": scenario_seed6, "http": scenario_http, "refused": scenario_refused,
             "close_client": scenario_close_client, "close_server": scenario_close_server,
             "half_close": scenario_half_close, "reset_unread": scenario_reset_unread,
             "http_keepalive": scenario_http_keepalive, "parallel": scenario_parallel}


def can_capture():
    return shutil.which("tcpdump") and (h.as_root() or os.environ.get("TCPFLOW_CAN_CAPTURE"))


def prepare():
    if not can_capture():
        print("skipped: capturing on loopback needs root (or TCPFLOW_CAN_CAPTURE=1) and tcpdump")
        sys.exit(h.SKIP)
    os.makedirs(LIVE, exist_ok=True)


if __name__ == "__main__":
    h.main(SCENARIOS, sys.argv, prepare)
