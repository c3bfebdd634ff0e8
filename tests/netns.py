"""Network namespaces for live tests under hard conditions: loss, rate
limits, small receive buffers, ECN, on real kernels.

The kernel here has no netem, but inside a namespace the test creates `nft`
drops and `tc qdisc tbf` rate limits work.  Two layouts:

- Loopback(name): one namespace; client and server talk over its `lo`, made
  Ethernet-sized (MTU 1500, no TSO/GSO/GRO) so segments are what a real link
  carries.  A drop on the input hook happens after the capture point: the
  capture shows the segment, TCP retransmits it (SACK, duplicate ACKs).
- Routed(name): client, router and server namespaces joined by two veth
  pairs (10.99.1.0/24 and 10.99.2.0/24, addresses that exist only inside
  them).  A drop in the router's forward chain is a loss the capture on the
  server's side never shows: a gap, then the retransmission.

Every namespace is deleted on exit.  Needs root, iproute2, nft, ethtool and
tcpdump; `available()` says whether they are here.
"""
import contextlib
import os
import shutil
import subprocess
import time


def available():
    return os.geteuid() == 0 and all(shutil.which(t) for t in ("ip", "nft", "ethtool", "tcpdump", "tc"))


def sh(*argv, ns=None, check=True, **kw):
    """Runs a command, inside namespace `ns` when given."""
    cmd = (["ip", "netns", "exec", ns] if ns else []) + list(argv)
    return subprocess.run(cmd, check=check, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


class Namespaces:
    """Base: the namespaces made, deleted again by close()."""

    def __init__(self, prefix):
        self.prefix = f"{prefix}{os.getpid()}"
        self.made = []
        self.captures = []
        self.dropped = []                    # per capture: packets tcpdump says the kernel dropped

    def add(self, role):
        name = f"{self.prefix}-{role}"
        sh("ip", "netns", "add", name)
        self.made.append(name)
        sh("ip", "link", "set", "lo", "up", ns=name)
        return name

    def capture(self, ns, iface, path, snaplen=200):
        """Starts tcpdump in `ns` on `iface`, writing `path`; stopped by close()."""
        p = subprocess.Popen(["ip", "netns", "exec", ns, "tcpdump", "-i", iface, "--immediate-mode", "-U", "-n",
                              "-B", "16384", "-s", str(snaplen), "-w", path, "tcp"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.time() + 5
        while time.time() < deadline and not (os.path.exists(path) and os.path.getsize(path) > 0):
            time.sleep(0.05)
        time.sleep(0.3)                      # tcpdump prints "listening" before its filter is in place
        self.captures.append(p)
        return p

    def drop_randomly(self, ns, chain, percent):
        """Drops `percent` % of TCP segments in `ns`'s `chain` (input or forward): data, ACKs and FINs
        alike, but never a SYN, so that every capture holds both SYNs (and so the window scales) and
        no connection waits a second for its handshake."""
        sh("nft", "add", "table", "inet", "loss", ns=ns)
        sh("nft", "add", "chain", "inet", "loss", chain, f"{{ type filter hook {chain} priority 0 ; }}", ns=ns)
        chance = ["numgen", "random", "mod", "100", "<", str(percent)] if percent < 100 else []
        sh("nft", "add", "rule", "inet", "loss", chain, "tcp", "flags", "&", "syn", "==", "0", *chance, "drop", ns=ns)

    def stop_dropping(self, ns):
        sh("nft", "delete", "table", "inet", "loss", ns=ns)

    def mark_ce(self, ns, percent):
        """Marks `percent` % of the ECN-capable (ECT(0)) IPv4 packets leaving `ns` Congestion
        Experienced, as a router with an ECN-marking queue would.  On loopback the output hook comes
        before the capture point, so the capture shows the marks."""
        sh("nft", "add", "table", "ip", "marking", ns=ns)
        sh("nft", "add", "chain", "ip", "marking", "output", "{ type filter hook output priority 0 ; }", ns=ns)
        sh("nft", "add", "rule", "ip", "marking", "output", "ip", "ecn", "ect0", "numgen", "random", "mod", "100", "<",
           str(percent), "ip", "ecn", "set", "ce", ns=ns)

    @staticmethod
    def one_segment_per_packet(ns, iface):
        """TCP hands the device batches of segments (GSO), cut up only after the netfilter hooks: with
        one segment per batch, a rule on the output hook sees every segment by itself."""
        sh("ip", "link", "set", iface, "gso_max_segs", "1", ns=ns)

    @staticmethod
    def sysctl(ns, key, value):
        sh("sysctl", "-w", f"{key}={value}", ns=ns)

    def limit_rate(self, ns, iface, rate="8mbit", burst="32kbit", latency="50ms"):
        sh("tc", "qdisc", "add", "dev", iface, "root", "tbf", "rate", rate, "burst", burst, "latency", latency, ns=ns)

    def close(self):
        time.sleep(0.3)                      # the last segments reach the capture file
        try:
            for p in self.captures:
                self.dropped.append(self._stop(p))
        finally:
            self.captures = []
            for name in reversed(self.made):
                sh("ip", "netns", "del", name, check=False)
            self.made = []

    @staticmethod
    def _stop(p):
        """Stops one tcpdump; returns how many packets the kernel dropped before tcpdump read them
        (they would look like losses on the path), or None when it did not say."""
        p.terminate()
        try:
            _, err = p.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
            return None
        counts = [int(l.split()[0]) for l in err.decode(errors="replace").splitlines()
                  if l.endswith("dropped by kernel")]
        return counts[0] if counts else None

    @contextlib.contextmanager
    def undone_on_failure(self):
        """For a constructor: the namespaces made so far are deleted when setting up fails, since
        no `with` block owns them yet."""
        try:
            yield
        except BaseException:
            self.close()
            raise

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Loopback(Namespaces):
    def __init__(self, prefix="tf"):
        super().__init__(prefix)
        with self.undone_on_failure():
            self.ns = self.add("lo")
            sh("ip", "link", "set", "lo", "mtu", "1500", ns=self.ns)
            sh("ethtool", "-K", "lo", "tso", "off", "gso", "off", "gro", "off", ns=self.ns, check=False)
        self.server_addr = self.client_addr = "127.0.0.1"


class Routed(Namespaces):
    """client 10.99.1.2 — 10.99.1.1 router 10.99.2.1 — 10.99.2.2 server"""

    def __init__(self, prefix="tf"):
        super().__init__(prefix)
        with self.undone_on_failure():
            self.client, self.router, self.server = self.add("c"), self.add("r"), self.add("s")
            for n, (a, b, ns) in enumerate([("c0", "r1", self.client), ("s0", "r2", self.server)], start=1):
                sh("ip", "link", "add", a, "netns", ns, "type", "veth", "peer", "name", b, "netns", self.router)
                sh("ip", "addr", "add", f"10.99.{n}.2/24", "dev", a, ns=ns)
                sh("ip", "addr", "add", f"10.99.{n}.1/24", "dev", b, ns=self.router)
                sh("ip", "link", "set", a, "up", ns=ns)
                sh("ip", "link", "set", b, "up", ns=self.router)
                sh("ip", "route", "add", "default", "via", f"10.99.{n}.1", ns=ns)
                for iface, where in ((a, ns), (b, self.router)):
                    sh("ethtool", "-K", iface, "tso", "off", "gso", "off", "gro", "off", ns=where, check=False)
            sh("sysctl", "-w", "net.ipv4.ip_forward=1", ns=self.router)
        self.client_addr, self.server_addr = "10.99.1.2", "10.99.2.2"
