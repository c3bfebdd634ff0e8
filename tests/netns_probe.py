#!/usr/bin/env python3
"""Records one capture of each hard condition in network namespaces and
prints what Wireshark's TCP analysis flags in it: the ground the window,
loss and timing rules will be tested on.

    tests/netns_probe.py OUTDIR

Scenarios: slow-reader (zero window, window full, updates, probes), loss
(2 % dropped after the capture point: retransmissions, SACK), gap (5 %
dropped at a router before it: segments the capture never shows),
nagle (write-write-read without TCP_NODELAY against delayed ACKs), ecn.
"""
import os
import subprocess
import sys
import textwrap
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402
import netns  # noqa: E402

PORT = 9701

SERVER = {
    # reads 4 KiB every 50 ms from a 4 KiB receive buffer
    "slow-reader": """
        s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind((ADDR, PORT)); s.listen(1)
        c, _ = s.accept()
        while c.recv(4096): time.sleep(0.05)
    """,
    "sink": """
        s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind((ADDR, PORT)); s.listen(1)
        c, _ = s.accept()
        while c.recv(65536): pass
    """,
    # answers each request of 18 bytes (sent in two writes) once all of it is in
    "echo": """
        s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind((ADDR, PORT)); s.listen(1)
        c, _ = s.accept()
        while True:
            d = b""
            while len(d) < 18:
                part = c.recv(18 - len(d))
                if not part: break
                d += part
            if len(d) < 18: break
            c.sendall(b"ok")
    """,
}

CLIENT = {
    "bulk": """
        s = socket.create_connection((ADDR, PORT)); s.sendall(b"x" * SIZE); s.close()
    """,
    "write-write-read": """
        s = socket.create_connection((ADDR, PORT))
        for i in range(5):
            s.send(b"head12345"); s.send(b"body12345"); s.recv(2)
        s.close()
    """,
}

SCENARIOS = {
    "slow-reader": ("loopback", "slow-reader", "bulk", 200000, None),
    "loss": ("loopback", "sink", "bulk", 2000000, ("input", 2)),
    "gap": ("routed", "sink", "bulk", 2000000, ("forward", 5)),
    "nagle": ("loopback", "echo", "write-write-read", 0, None),
    "ecn": ("loopback", "sink", "bulk", 500000, None),
}


def program(body, addr, size=0):
    return "import socket, time\nADDR, PORT, SIZE = %r, %d, %d\n" % (addr, PORT, size) + textwrap.dedent(body)


def record(name, outdir):
    layout, server, client, size, loss = SCENARIOS[name]
    path = os.path.join(outdir, f"{name}.pcap")
    with (netns.Loopback() if layout == "loopback" else netns.Routed()) as net:
        s_ns = net.ns if layout == "loopback" else net.server
        c_ns = net.ns if layout == "loopback" else net.client
        if name == "ecn":
            for ns in {s_ns, c_ns}:
                netns.sh("sysctl", "-w", "net.ipv4.tcp_ecn=1", ns=ns)
        net.capture(s_ns, "lo" if layout == "loopback" else "s0", path)
        if loss:
            chain, percent = loss
            net.drop_randomly(s_ns if chain == "input" else net.router, chain, percent)
        srv = subprocess.Popen(["ip", "netns", "exec", s_ns, sys.executable, "-c",
                                program(SERVER[server], net.server_addr)])
        time.sleep(0.3)
        subprocess.run(["ip", "netns", "exec", c_ns, sys.executable, "-c",
                        program(CLIENT[client], net.server_addr, size)], check=True, timeout=120)
        srv.wait(timeout=120)
    return path


FLAGS = ["zero_window", "window_full", "window_update", "zero_window_probe", "lost_segment",
         "fast_retransmission", "retransmission", "spurious_retransmission", "duplicate_ack", "out_of_order"]


def summary(ws, path):
    """Segments in the capture, and how many Wireshark flags with each analysis flag."""
    argv = ["tshark", "-r", ws.stage(path), "-T", "fields", "-e", "frame.number"]
    argv += sum((["-e", f"tcp.analysis.{f}"] for f in FLAGS), [])
    out = subprocess.run(ws.command(argv), env=ws.env(), stdout=subprocess.PIPE, text=True).stdout
    counts = {}
    lines = out.splitlines()
    for line in lines:
        for f, v in zip(FLAGS, line.split("\t")[1:]):
            if v:
                counts[f] = counts.get(f, 0) + 1
    return len(lines), counts


def main():
    if not netns.available():
        sys.exit("needs root, ip, nft, ethtool, tc and tcpdump")
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    ws = h.Wireshark()
    try:
        for name in SCENARIOS:
            path = record(name, outdir)
            n, counts = summary(ws, path)
            print(f"{name:12} {n:6} segments  " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    finally:
        ws.close()


if __name__ == "__main__":
    main()
