#!/usr/bin/env python3
"""Real programs on loopback, captured with tcpdump, explained by tcpflow.

    live.py seed|seed6|http|refused

Each scenario records BUILD/tests/live/NAME.pcap (reused by checks.py for the
oracle, preference and one-pass checks) and asserts what tcpflow says about
it.  Skipped (exit 77) when this user cannot capture on loopback.
"""
import os
import shutil
import signal
import socket
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
            ["tcpdump", "-i", "lo", "--immediate-mode", "-U", "-n", "-s", str(snaplen), "-w", path,
             f"tcp port {port}"], stderr=subprocess.PIPE, text=True)
        line = self.proc.stderr.readline()       # "listening on lo, ..." once it captures
        if "listening" not in line:
            raise RuntimeError(f"tcpdump did not start: {line}")

    def stop(self):
        time.sleep(0.5)                          # let the last packets reach the file
        self.proc.send_signal(signal.SIGINT)
        self.proc.wait(timeout=10)


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
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.bind((host, 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    cap = Capture(pcap, port)

    def echo(conn):
        if recv_exact(conn, len(HELLO)) == HELLO:
            time.sleep(0.05)                     # answer later, as a person at a prompt would
            conn.sendall(REPLY)
        conn.recv(1)                             # until the client closes
    t = serve_once(listener, echo)
    with socket.create_connection((host, port)) as c:
        time.sleep(0.05)
        c.sendall(HELLO)
        got = recv_exact(c, len(REPLY))
    t.join(5)
    listener.close()
    cap.stop()
    return got == REPLY


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
    root = os.path.join(ws.dir, "www")
    os.makedirs(root)
    size = 4 * 1024 * 1024
    with open(os.path.join(root, "blob.bin"), "wb") as f:
        f.write(os.urandom(size))
    port = free_port()
    pcap = os.path.join(LIVE, "http.pcap")
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                               "--directory", root], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        cap = Capture(pcap, port, snaplen=128)
        p = subprocess.run(["curl", "-s", "-o", os.devnull, "-w", "%{size_download}", "--limit-rate", "8M",
                            f"http://127.0.0.1:{port}/blob.bin"], capture_output=True, text=True, timeout=60)
        cap.stop()
    finally:
        server.terminate()
        server.wait()
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


SCENARIOS = {"seed": scenario_seed, "seed6": scenario_seed6, "http": scenario_http, "refused": scenario_refused}


def can_capture():
    return shutil.which("tcpdump") and (h.as_root() or os.environ.get("TCPFLOW_CAN_CAPTURE"))


def prepare():
    if not can_capture():
        print("skipped: capturing on loopback needs root (or TCPFLOW_CAN_CAPTURE=1) and tcpdump")
        sys.exit(h.SKIP)
    os.makedirs(LIVE, exist_ok=True)


if __name__ == "__main__":
    h.main(SCENARIOS, sys.argv, prepare)
