"""Runs tshark with and without tcpflow and measures wall time, CPU time and
peak memory: the shared part of the benchmark and the memory test."""
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
import harness as h  # noqa: E402

BENCHGEN = os.environ.get("TCPFLOW_BENCHGEN", os.path.join(h.BUILD, "tcpflow-benchgen"))

# Each run in its own small Python parent, so that RUSAGE_CHILDREN is the peak of that one tshark.
_RUSAGE = ("import resource, subprocess, sys, time\n"
           "t = time.monotonic(); rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
           "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
           "print(rc, time.monotonic() - t, u.ru_utime + u.ru_stime, u.ru_maxrss, u.ru_utime)\n")

# The filters match no packet with or without tcpflow, so both sides print
# the same (nothing) and the ratio measures dissection and filtering only.
# The fields run extracts numbers a script would (the step, the pairing, the
# RTT) next to frame.number, so both sides print a line per packet.
MODES = {
    "summary": [],
    "filter": ["-Y", "tcpflow.ack.rtt > 1000"],
    "two-pass": ["-2", "-Y", "tcpflow.data.ack_delay > 1000"],
    "fields": ["-T", "fields", "-e", "frame.number", "-e", "tcpflow.handshake.step", "-e", "tcpflow.data.acked_in",
               "-e", "tcpflow.ack.rtt"],
}


def generate(kind, packets, out_dir):
    path = os.path.join(out_dir, f"{kind}-{packets}.pcap")
    if not os.path.exists(path):
        subprocess.run([BENCHGEN, kind, str(packets), path], check=True)
        os.chmod(path, 0o644)
    return path


def run(ws, capture, args, plugin=True):
    """(wall seconds, CPU seconds, peak RSS in KiB, user-mode CPU seconds) of one tshark run."""
    argv = ["tshark", "-r", ws.stage(capture)] + args + ([] if plugin else ["--disable-protocol", "tcpflow"])
    p = subprocess.run(ws.command([sys.executable, "-c", _RUSAGE] + argv), env=ws.env(), capture_output=True,
                       text=True)
    rc, wall, cpu, rss, user = p.stdout.split()
    if rc != "0":
        raise RuntimeError(f"tshark failed on {capture}: {p.stderr}")
    return float(wall), float(cpu), int(rss), float(user)


def settle_memory(gib):
    """Touches `gib` GiB of memory once, in a child process, and frees it.
    On a virtual machine whose memory the host backs only when first used,
    the first touch of a guest page costs many times what later ones do; the
    run that first needs more memory than any before it would pay that, and
    it is the one with tcpflow (measured here: 0.6 to 1.0 s more kernel time
    on (a) before settling, 0.03 to 0.1 s after).  A machine that has been up
    a while is in the settled state already."""
    with open("/proc/meminfo") as f:
        avail = next(int(line.split()[1]) for line in f if line.startswith("MemAvailable:")) * 1024
    size = min(int(gib * 2**30), avail // 2)
    subprocess.run([sys.executable, "-c", f"b = bytearray({size})\n"
                    "for i in range(0, len(b), 4096): b[i] = 1"], check=True)
    return size / 2**30


def median(values):
    v = sorted(values)
    return v[len(v) // 2]
