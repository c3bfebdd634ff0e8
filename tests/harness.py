"""Shared helpers for tcpflow's tests: a private Wireshark setup, tshark and
tcpdump runners, and field tables.

Wireshark ignores the personal plugin folder and WIRESHARK_PLUGIN_DIR when
its real user is root, so as root every tshark/sharkd run here drops to the
unprivileged user 65534 with a private HOME (and so a private, empty
configuration).  The plugin under test is copied into that HOME's personal
plugin folder; WIRESHARK_PLUGIN_DIR points at an empty folder so that a
copy installed system-wide is not loaded as well.
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

SRC = os.environ.get("TCPFLOW_SRC", os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("TCPFLOW_BUILD", os.path.join(SRC, "build"))
PLUGIN = os.environ.get("TCPFLOW_PLUGIN", os.path.join(BUILD, "tcpflow.so"))
PCAPGEN = os.environ.get("TCPFLOW_PCAPGEN", os.path.join(BUILD, "tcpflow-pcapgen"))
CAPTURES = os.path.join(SRC, "captures")
GOLDEN = os.path.join(SRC, "tests", "golden")
SEED = os.path.join(CAPTURES, "seed-telnet-9502.pcap")
NOBODY = 65534
SKIP = 77

# Every tcpflow field, in the order the golden tables list them.
# Where a connection's time went, on its last segment once the whole capture was read.
CONN_FIELDS = [
    "tcpflow.conn.verdict", "tcpflow.conn.verdict_side", "tcpflow.conn.diagnosis", "tcpflow.conn.duration",
    "tcpflow.conn.handshake", "tcpflow.conn.sending", "tcpflow.conn.receiver_limited", "tcpflow.conn.loss_recovery",
    "tcpflow.conn.loss_fast", "tcpflow.conn.loss_timeout", "tcpflow.conn.stalls", "tcpflow.conn.idle",
    "tcpflow.conn.teardown", "tcpflow.conn.open_after", "tcpflow.conn.client_throughput",
    "tcpflow.conn.server_throughput", "tcpflow.conn.client_goodput", "tcpflow.conn.server_goodput",
    "tcpflow.conn.client_retrans_bytes", "tcpflow.conn.server_retrans_bytes", "tcpflow.conn.client_srtt",
    "tcpflow.conn.server_srtt", "tcpflow.conn.timeouts", "tcpflow.conn.fast_recoveries",
]
FIELDS = [
    "tcpflow.direction", "tcpflow.roles_inferred", "tcpflow.summary",
    "tcpflow.tcpdump", "tcpflow.tcpdump.part", "tcpflow.explain",
    "tcpflow.state.client", "tcpflow.state.server", "tcpflow.history",
    "tcpflow.handshake.step", "tcpflow.handshake.syn_frame", "tcpflow.handshake.synack_frame",
    "tcpflow.handshake.ack_frame", "tcpflow.handshake.client_isn", "tcpflow.handshake.server_isn",
    "tcpflow.handshake.expected_ack", "tcpflow.handshake.ack_ok", "tcpflow.handshake.synack_time",
    "tcpflow.handshake.ack_time", "tcpflow.handshake.rtt", "tcpflow.handshake.complete",
    "tcpflow.handshake.retransmission", "tcpflow.handshake.simultaneous", "tcpflow.handshake.incomplete",
    "tcpflow.teardown.step", "tcpflow.teardown.initiator", "tcpflow.teardown.fin_frame",
    "tcpflow.teardown.ack_frame", "tcpflow.teardown.simultaneous", "tcpflow.teardown.retransmission",
    "tcpflow.data.len", "tcpflow.data.seq", "tcpflow.data.nextseq", "tcpflow.data.acked_in",
    "tcpflow.data.ack_delay", "tcpflow.data.retransmission", "tcpflow.data.original_frame",
    "tcpflow.data.out_of_order", "tcpflow.data.unacked",
    "tcpflow.ack.acks_frame", "tcpflow.ack.acked_bytes", "tcpflow.ack.rtt",
    "tcpflow.ack.piggybacked", "tcpflow.ack.unseen_bytes", "tcpflow.ack.duplicate", "tcpflow.ack.duplicate_of",
    "tcpflow.keepalive", "tcpflow.zero_window_probe",
    "tcpflow.rst.from", "tcpflow.rst.phase", "tcpflow.rst.refused", "tcpflow.rst.unacked_bytes",
    "tcpflow.handshake.isn_changed", "tcpflow.data.spurious", "tcpflow.ack.answers", "tcpflow.after_reset",
    "tcpflow.ack.rtt_from",
    "tcpflow.window.size", "tcpflow.window.zero", "tcpflow.window.update", "tcpflow.window.previous",
    "tcpflow.window.reopened", "tcpflow.window.zero_frame", "tcpflow.window.closed_time", "tcpflow.window.full",
    "tcpflow.window.in_flight", "tcpflow.window.offered", "tcpflow.window.shrunk", "tcpflow.window.shrunk_by",
    "tcpflow.window.relieved", "tcpflow.window.full_frame", "tcpflow.window.full_time",
    "tcpflow.loss.gap", "tcpflow.loss.gap_filled_in", "tcpflow.loss.fills_gap_of", "tcpflow.loss.kind",
    "tcpflow.loss.copy", "tcpflow.loss.previous_frame", "tcpflow.loss.since_previous", "tcpflow.loss.backoff",
    "tcpflow.loss.dup_acks", "tcpflow.loss.dup_ack_frame", "tcpflow.loss.sack_frame",
    "tcpflow.loss.sack_held", "tcpflow.loss.sack_missing", "tcpflow.loss.sack_first_frame",
    "tcpflow.loss.sack_last_frame", "tcpflow.loss.sack_hole_frame", "tcpflow.loss.dsack", "tcpflow.loss.dsack_frame",
    "tcpflow.loss.dsack_in",
    "tcpflow.timing.delayed_ack", "tcpflow.timing.held", "tcpflow.timing.base_rtt", "tcpflow.timing.nagle",
    "tcpflow.timing.nagle_after_frame", "tcpflow.timing.nagle_ack_frame", "tcpflow.timing.stall",
    "tcpflow.timing.idle", "tcpflow.timing.idle_since_frame",
    "tcpflow.ecn.setup", "tcpflow.ecn.ce", "tcpflow.ecn.echo", "tcpflow.ecn.echo_again", "tcpflow.ecn.ce_frame",
    "tcpflow.ecn.echo_frame", "tcpflow.ecn.cwr", "tcpflow.ecn.cwr_of_frame", "tcpflow.ecn.ace", "tcpflow.ecn.ace_delta",
] + CONN_FIELDS
# The fields in words (prose and the tcpdump line); every other field is a number, a flag, a
# frame link or the history letters.  Each golden table is kept as two files, NAME.tsv with the
# NUMBER_FIELDS and NAME.words.tsv with the WORD_FIELDS, so that rewording a phrase changes only
# the words.
WORD_FIELDS = ["tcpflow.summary", "tcpflow.tcpdump", "tcpflow.tcpdump.part", "tcpflow.explain", "tcpflow.conn.diagnosis"]
NUMBER_FIELDS = [f for f in FIELDS if f not in WORD_FIELDS]
# Links that may point forward in the capture: a single pass knows only those
# to earlier frames.
FORWARD_LINKS = ["tcpflow.handshake.synack_frame", "tcpflow.handshake.ack_frame", "tcpflow.data.acked_in",
                 "tcpflow.teardown.fin_frame", "tcpflow.teardown.ack_frame", "tcpflow.loss.gap_filled_in",
                 "tcpflow.loss.dsack_in"]
# Known only once the whole capture was read (tshark -2, the GUI).
WHOLE_CAPTURE = ["tcpflow.data.ack_delay", "tcpflow.data.unacked", "tcpflow.handshake.incomplete"] + CONN_FIELDS

_results = {"passed": 0, "failed": 0}


def check(cond, what):
    """Records one assertion and prints it, so a failing run says what failed."""
    print(("ok   " if cond else "FAIL ") + what)
    _results["passed" if cond else "failed"] += 1
    return cond


def finish():
    print(f"{_results['passed']} passed, {_results['failed']} failed")
    sys.exit(1 if _results["failed"] else 0)


def main(tests, argv, prepare=None):
    """Runs the test named by argv[1] from `tests` with a private Wireshark, then reports."""
    if len(argv) != 2 or argv[1] not in tests:
        sys.exit(f"usage: {argv[0]} {{{'|'.join(tests)}}}")
    if prepare:
        prepare()
    ws = Wireshark()
    try:
        tests[argv[1]](ws)
    finally:
        ws.close()
    finish()


def as_root():
    return os.geteuid() == 0


class Wireshark:
    """A private Wireshark setup with the plugin under test (plugin=None: a
    home without a personal copy, for plugins installed some other way)."""

    def __init__(self, plugin=PLUGIN, extra_env=None):
        self.extra_env = extra_env or {}
        self.dir = tempfile.mkdtemp(prefix="tcpflow-test-")
        os.chmod(self.dir, 0o755)
        self.home = os.path.join(self.dir, "home")
        os.makedirs(self.home)
        os.makedirs(os.path.join(self.dir, "noplugins"))
        if plugin:
            plugdir = os.path.join(self.home, ".local/lib/wireshark/plugins", wireshark_major_minor(), "epan")
            os.makedirs(plugdir)
            shutil.copy(plugin, os.path.join(plugdir, "tcpflow.so"))
        if as_root():
            for root, dirs, files in os.walk(self.dir):
                for name in dirs + files:
                    os.chown(os.path.join(root, name), NOBODY, NOBODY)
            os.chown(self.dir, NOBODY, NOBODY)

    def env(self):
        env = dict(os.environ)
        env.update(HOME=self.home, WIRESHARK_PLUGIN_DIR=os.path.join(self.dir, "noplugins"),
                   WIRESHARK_ABORT_ON_DISSECTOR_BUG="1", TZ="UTC", LC_ALL="C.UTF-8")
        env.pop("WIRESHARK_CONFIG_DIR", None)
        env.update(self.extra_env)
        return env

    def command(self, argv):
        if as_root():
            return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"] + argv
        return argv

    def stage(self, path):
        """Copies a capture where the unprivileged user can read it."""
        dst = os.path.join(self.dir, os.path.basename(path))
        if os.path.abspath(path) != dst and not (os.path.exists(dst) and
                                                 os.path.getsize(dst) == os.path.getsize(path)):
            shutil.copy(path, dst)
            os.chmod(dst, 0o644)
        return dst

    def run(self, program, args, check_rc=True, **kw):
        p = subprocess.run(self.command([program] + args), env=self.env(), capture_output=True,
                           text=True, **kw)
        if check_rc and p.returncode != 0:
            raise RuntimeError(f"{program} {' '.join(args)} failed ({p.returncode}):\n{p.stderr}")
        return p

    def tshark(self, args, **kw):
        return self.run("tshark", args, **kw)

    def tshark_read(self, args):
        """tshark's output on a capture; a file cut inside its last packet is not a failure."""
        p = self.tshark(args, check_rc=False)
        if p.returncode != 0 and not truncated_file_only(p.stderr):
            raise RuntimeError(f"tshark {' '.join(args)} failed ({p.returncode}):\n{p.stderr}")
        return p.stdout

    def fields(self, capture, fields, two_pass=True, extra=()):
        """Runs tshark -T fields; returns one dict per frame (all occurrences, comma-joined)."""
        return parse_fields(self.tshark_read(fields_args(self.stage(capture), fields, two_pass, extra)), fields)

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def fields_args(path, fields, two_pass=True, extra=()):
    """tshark's arguments for -T fields with frame.number first, every occurrence comma-joined."""
    args = ["-r", path, "-T", "fields", "-E", "header=n", "-E", "separator=/t", "-E", "occurrence=a",
            "-E", "aggregator=,", "-e", "frame.number"] + sum((["-e", f] for f in fields), [])
    return (["-2"] if two_pass else []) + args + list(extra)


def parse_fields(out, fields):
    """One dict per frame from the output of fields_args."""
    rows = []
    for line in out.splitlines():
        cells = line.split("\t")
        cells += [""] * (len(fields) + 1 - len(cells))
        # Wireshark 4.0 prints booleans as 1/0, later releases as True/False.
        cells = [{"True": "1", "False": "0"}.get(c, c) for c in cells]
        row = dict(zip(fields, cells[1:]))
        row["frame"] = int(cells[0])
        rows.append(row)
    return rows


def truncated_file_only(stderr):
    """tshark's complaint about a file that ends inside its last packet, and nothing else."""
    lines = [l for l in stderr.splitlines() if l.strip()]
    return bool(lines) and all("cut short in the middle of a packet" in l for l in lines)


def wireshark_major_minor():
    out = subprocess.run(["tshark", "--version"], capture_output=True, text=True).stdout
    version = out.split("(Wireshark) ")[1].split()[0]
    return ".".join(version.split(".")[:2])


def wireshark_variable(name):
    """A variable of wireshark.pc (plugindir, prefix, libdir)."""
    return subprocess.run(["pkg-config", f"--variable={name}", "wireshark"], capture_output=True,
                          text=True, check=True).stdout.strip()


def files_under(root):
    """Every file below root, as paths relative to it, sorted."""
    return sorted(os.path.relpath(os.path.join(d, n), root) for d, _, names in os.walk(root) for n in names)


def generate(scenario, out_dir):
    """Builds the pcap of a captures/*.txt scenario into out_dir."""
    name = os.path.splitext(os.path.basename(scenario))[0] + ".pcap"
    out = os.path.join(out_dir, name)
    subprocess.run([PCAPGEN, scenario, out], check=True)
    return out


def require(program):
    """Skips the test (exit 77, CTest's SKIP) when a tool it needs is not installed."""
    if not shutil.which(program):
        print(f"SKIP: {program} is not installed (tools/test.sh installs it)")
        sys.exit(SKIP)


def tcpdump_lines(capture):
    p = subprocess.run(["tcpdump", "-nn", "-r", capture], capture_output=True, text=True,
                       env=dict(os.environ, TZ="UTC"), check=True)
    return p.stdout.splitlines()


def table(rows, fields):
    """Rows as tab-separated text with a header: what the golden files hold."""
    lines = ["\t".join(["frame"] + fields)]
    for r in rows:
        lines.append("\t".join([str(r["frame"])] + [r[f] for f in fields]))
    return "\n".join(lines) + "\n"


def ints(cell):
    return [int(x) for x in cell.split(",") if x != ""]


def captures():
    """The committed captures."""
    return sorted(glob.glob(os.path.join(CAPTURES, "*.pcap")))


def extra_captures():
    """Captures recorded by the live tests of this build, when they ran first."""
    return sorted(glob.glob(os.path.join(BUILD, "tests", "live", "*.pcap")))


def by_frame(rows):
    return {r["frame"]: r for r in rows}


def golden_equal(name, text):
    """Whether text equals tests/golden/NAME (rewritten first with UPDATE_GOLDEN=1); prints the
    first lines that differ."""
    path = os.path.join(GOLDEN, name)
    if os.environ.get("UPDATE_GOLDEN"):
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    with open(path, encoding="utf-8") as f:
        want = f.read()
    if text != want:
        for a, b in zip(want.splitlines(), text.splitlines()):
            if a != b:
                print(f"  want: {a}\n  got:  {b}")
    return text == want


def tcpdump_tcp_part(line):
    """The TCP part of a tcpdump line: from the last IP/IP6 before "Flags" up to "length N"
    (or to tcpdump's "[bad opt]]", where it stops)."""
    m = re.search(r"(IP6? [^ ]+ > [^ ]+: Flags \[.*?(?:, length \d+|\[bad opt\]\]?$))", line)
    if not m:
        return None
    start = max(m.group(1).rfind("IP "), m.group(1).rfind("IP6 "))
    tail = m.group(1)[start:]
    return tail if tail.startswith(("IP ", "IP6 ")) and ": Flags [" in tail else m.group(1)
