"""What real captures show and textbooks leave out, each on a capture of the
project's own (captures/*.txt): segments after a reset, SYN+ACKs with a new
ISN, round-trip times by Karn's rule, spurious retransmissions, answers to
keep-alives and probes, a clock that runs backwards, and the statistics'
histogram rows."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402
from harness import by_frame, check  # noqa: E402

CLOSED, ESTAB, SYN_RCVD = "0", "4", "3"
LINKS = ["tcp.stream", "_ws.expert.message", "tcp.analysis.acks_frame"]


def cap(ws, name, extra=()):
    rows = ws.fields(os.path.join(h.CAPTURES, name + ".pcap"), h.FIELDS + LINKS + list(extra))
    return {r["frame"]: r for r in rows}


def states(row):
    return (row["tcpflow.state.client"], row["tcpflow.state.server"])


def after_reset(ws):
    a = cap(ws, "after-reset")
    check(states(a[6]) == (CLOSED, CLOSED) and a[6]["tcpflow.after_reset"] == "",
          "the server's RST closes both sides")
    check(all(states(a[i]) == (CLOSED, CLOSED) and a[i]["tcpflow.after_reset"] == "6" for i in (7, 8, 9)),
          "data, a FIN and a second RST in flight after it change no state and name the RST")
    check(a[7]["tcpflow.summary"] == "data 23 bytes, after the reset in #6" and
          "after the reset in frame 6" in a[7]["tcpflow.explain"], "the summary and explanation say so")
    check(a[8]["tcpflow.teardown.step"] == "" and a[8]["tcpflow.summary"] == "FIN, after the reset in #6",
          "a FIN after the reset is no teardown step")
    check(a[9]["tcpflow.rst.unacked_bytes"] == "0,0" and "Reset with data" not in a[9]["_ws.expert.message"],
          "a second RST aborts nothing more")
    check(a[7]["tcpflow.data.unacked"] == "", "data after the reset is not 'never acknowledged'")
    check(a[10]["tcpflow.handshake.step"] == "1" and states(a[13]) == ("5", "7"),
          "only a new SYN starts a new connection, whose states move again")
    check(all(states(a[i]) == (CLOSED, CLOSED) for i in (21, 22, 23)) and a[22]["tcpflow.summary"] ==
          "FIN, after the reset in #20", "the same when the client resets and the server's FIN is in flight")


def new_isn(ws):
    n = cap(ws, "new-isn")
    check(states(n[7]) == (CLOSED, "10") and n[8]["tcpflow.handshake.step"] == "2" and
          n[8]["tcpflow.roles_inferred"] == "1", "a SYN+ACK after the close starts a new connection")
    check(n[8]["tcpflow.handshake.server_isn"] == "2443000000" and states(n[8]) == ("2", SYN_RCVD),
          "with the new server ISN; the server is SYN-RECEIVED, not back from TIME-WAIT")
    check(n[11]["tcpflow.data.seq"] == "1" and n[11]["tcpflow.ack.acked_bytes"] == "12" and
          n[11]["tcpflow.ack.unseen_bytes"] == "" and n[12]["tcpflow.ack.acked_bytes"] == "20",
          "the new connection's numbers count from its own ISNs")
    check(n[2]["tcpflow.handshake.server_isn"] == "3000000000" and "k = 3000000000" in n[2]["tcpflow.explain"] and
          "server ISN 3000000000 + 1" in n[3]["tcpflow.explain"], "the old connection's frames keep their own ISNs")
    everything = [v for r in n.values() for f in ("tcpflow.data.seq", "tcpflow.ack.acked_bytes",
                                                  "tcpflow.ack.unseen_bytes") for v in r[f].split(",") if v]
    check(all(int(v) < 2 ** 30 for v in everything), "no count or position comes from a misread ISN")
    check(n[15]["tcpflow.handshake.isn_changed"] == "1" and "new ISN" in n[15]["tcpflow.summary"] and
          "SYN+ACK with a new initial sequence number" in n[15]["_ws.expert.message"] and
          "restarted" in n[15]["tcpflow.explain"], "a second SYN+ACK with another ISN is flagged and explained")
    check(n[16]["tcpflow.handshake.complete"] == "1" and n[16]["tcpflow.handshake.expected_ack"] == "900001",
          "the completing ACK acknowledges the new ISN")
    check(n[17]["tcpflow.data.out_of_order"] == "" and n[17]["tcpflow.data.retransmission"] == "" and
          n[17]["tcpflow.data.seq"] == "1" and n[17]["tcpflow.data.acked_in"] == "18",
          "the server's data after it is neither out of order nor resent")


def karn(ws):
    k = cap(ws, "karn", ["tcp.analysis.ack_rtt"])
    check(k[4]["tcpflow.handshake.rtt"] == "0.000200000" and "the SYN in frame 2" in k[4]["tcpflow.explain"],
          "after a resent SYN the handshake counts from the copy the SYN+ACK answered, and says which")
    check(k[3]["tcpflow.handshake.synack_time"] == "0.000100000", "so does the SYN+ACK's time")
    check(k[8]["tcpflow.ack.acks_frame"] == "5,6,7" and k[8]["tcpflow.ack.rtt"] == "0.000145000",
          "an ACK covering a first transmission and a copy is timed from the first transmission (145 µs)")
    check(k[8]["tcpflow.ack.rtt"] == k[8]["tcp.analysis.ack_rtt"] or k[8]["tcp.analysis.ack_rtt"] == "0.000135000",
          "Wireshark's own RTT for it is read from the same frames")
    check(k[5]["tcpflow.data.ack_delay"] == "0.000145000" and k[6]["tcpflow.data.ack_delay"] == "" and
          k[7]["tcpflow.data.ack_delay"] == "", "data sent more than once has no time to its ACK")
    check(k[11]["tcpflow.ack.rtt"] == "" and "Karn" in k[11]["tcpflow.explain"],
          "an ACK covering only copies is not timed, and says why")
    own = by_frame(ws.fields(os.path.join(h.CAPTURES, "karn.pcap"), ["_ws.expert.message"],
                             extra=["-o", "tcp.analyze_sequence_numbers:FALSE"]))
    check(k[12]["tcpflow.data.spurious"] == "1" and k[12]["tcpflow.data.acked_in"] == "" and
          "Spurious retransmission" in own[12]["_ws.expert.message"],
          "a resend of acknowledged data is spurious (tcpflow's expert info where TCP's analysis gives none)")
    check(k[13]["tcpflow.ack.acks_frame"] == "" and k[13]["tcpflow.ack.answers"] == "12" and
          all("12" not in r["tcpflow.ack.acks_frame"].split(",") for r in k.values()),
          "no ACK names it in acks_frame; the next one answers it")
    check(k[20]["tcpflow.handshake.ack_time"] == "0.000100000" and k[20]["tcpflow.handshake.rtt"] == "1.000200000",
          "after a resent SYN+ACK the completing ACK is timed from the newest copy")


def answers(ws):
    a = cap(ws, "answers")
    check(a[7]["tcpflow.ack.answers"] == "6" and a[7]["tcpflow.summary"] == "zero window; answers zero-window probe #6" and
          "still closed" in a[7]["tcpflow.explain"], "the answer to a zero-window probe, window still closed")
    check(a[9]["tcpflow.ack.answers"] == "8" and a[9]["tcpflow.ack.acks_frame"] == "6" and
          a[9]["tcpflow.ack.unseen_bytes"] == "" and "has opened" in a[9]["tcpflow.explain"],
          "the answer that takes the probe's byte acknowledges it (first carried by #6), nothing unseen")
    check(a[8]["tcpflow.data.acked_in"] == "" and a[6]["tcpflow.zero_window_probe"] == "1",
          "a probe repeating the byte does not wait for an ACK of its own")
    check(a[10]["tcpflow.data.out_of_order"] == "" and a[10]["tcpflow.data.seq"] == "102",
          "the data after it goes on from the probe's byte")
    check(a[13]["tcpflow.ack.answers"] == "12" and a[13]["tcpflow.summary"] == "answers keep-alive #12",
          "the answer to a keep-alive")
    for name in ("answers", "anomalies", "karn"):
        rows = cap(ws, name)
        missing = [(r["frame"], f) for r in rows.values() for f in r["tcp.analysis.acks_frame"].split(",") if f and
                   f not in r["tcpflow.ack.acks_frame"].split(",") + r["tcpflow.ack.answers"].split(",")]
        check(not missing, f"{name}: every frame Wireshark links is in acks_frame or answers (missing: {missing})")


def clock_backwards(ws):
    c = cap(ws, "clock-backwards")
    times = ["tcpflow.handshake.synack_time", "tcpflow.handshake.ack_time", "tcpflow.handshake.rtt",
             "tcpflow.ack.rtt", "tcpflow.data.ack_delay"]
    values = [v for r in c.values() for f in times for v in r[f].split(",") if v]
    check(values and all(not v.startswith("-") for v in values), f"no negative duration ({len(values)} shown)")
    check(c[2]["tcpflow.handshake.synack_time"] == "" and "clock runs backwards" in c[2]["_ws.expert.message"],
          "a SYN+ACK stamped before its SYN has no time, and a note")
    check(c[4]["tcpflow.data.ack_delay"] == "" and c[5]["tcpflow.ack.rtt"] == "" and
          "later" not in c[4]["tcpflow.explain"], "nor an ACK stamped before its data, in the tree or the words")
    table = ws.tshark(["-2", "-q", "-r", ws.stage(os.path.join(h.CAPTURES, "clock-backwards.pcap")),
                       "-z", "tcpflow,conn,csv"]).stdout.splitlines()
    row = dict(zip(table[0].split(","), table[1].split(",")))
    check(row["duration"] == "" and row["handshake_rtt"] == "0.100000",
          f"the connection table shows no negative time: its last segment is stamped before its first "
          f"({row['duration']!r}, {row['handshake_rtt']!r})")
    text = ws.tshark(["-2", "-q", "-r", ws.stage(os.path.join(h.CAPTURES, "clock-backwards.pcap")),
                      "-z", "tcpflow,conn"]).stdout
    check(" - " in text and " -0." not in text, "nor does its text form")


def histogram_rows(ws):
    """Each histogram's parent row counts what its ranges hold (Statistics > TCP Flow Analysis)."""
    seen = {}
    for name in ("karn", "seed-telnet-9502", "cumulative-ack", "answers", "nagle-delack"):
        text = ws.tshark(["-2", "-q", "-r", ws.stage(os.path.join(h.CAPTURES, name + ".pcap")),
                          "-z", "tcpflow,tree"]).stdout
        counts, parent = {}, None
        for line in text.splitlines():
            cells = line.split()
            if "(µs)" in line:
                parent = line[:line.index("(µs)") + 4]
                counts[parent] = [int(line[len(parent):].split()[0]), 0]
            elif parent and line.startswith(" ") and cells and "-" in cells[0] and cells[0][0].isdigit():
                counts[parent][1] += int(cells[1])
            else:
                parent = None
        check(len(counts) == 7 and all(p == s for p, s in counts.values()),
              f"{name}: histogram parents count their ranges {counts}")
        for parent, (p, _) in counts.items():
            seen[parent.strip()] = seen.get(parent.strip(), 0) + p
    filled = [k for k in ("Handshake RTT (µs)", "ACK delay of data segments (µs)", "Zero-window time (µs)",
                          "Delayed-ACK hold (µs)", "Nagle stall time (µs)", "Idle time (µs)") if seen.get(k)]
    check(len(filled) == 6, f"the handshake, ACK delay, zero-window, delayed-ACK, Nagle and idle histograms hold "
                            f"values ({seen})")


TESTS = {f.__name__: f for f in (after_reset, new_isn, karn, answers, clock_backwards, histogram_rows)}


def all_tests(ws):
    for f in TESTS.values():
        f(ws)


if __name__ == "__main__":
    h.main(dict(TESTS, all=all_tests), sys.argv if len(sys.argv) > 1 else sys.argv + ["all"])
