#!/usr/bin/env python3
"""Runs the real Wireshark (Qt) under Xvfb with the built plugin and the
"tcpflow" profile, opens a capture at a frame with every subtree expanded,
and saves a screenshot.  Fails if Wireshark's log mentions a problem with
the plugin, or if the plugin did not load.

    tools/screenshot.py OUT.png [CAPTURE] [FRAME]

Needs xvfb-run, wireshark (wireshark-qt), xdotool, xwd and ImageMagick's
convert.  Exit status 77 when one is missing (the test is then skipped).
"""
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
import harness as h  # noqa: E402

TOOLS = ["xvfb-run", "wireshark", "xdotool", "xwd", "convert"]

# Inside Xvfb: start Wireshark, wait for its main window (titled with the
# capture's name, with or without "Wireshark" depending on the release),
# expand the packet details (View > Expand All, Ctrl+Right), take the root
# window.
SESSION = r"""
wireshark --log-level info --log-file "$LOG" -C tcpflow -r "$CAPTURE" -g "$FRAME" \
    -o gui.geometry_main_width:1400 -o gui.geometry_main_height:900 2>>"$LOG" &
pid=$!
for i in $(seq 1 60); do
    win=$(xdotool search --onlyvisible --name "Wireshark|$TITLE" 2>/dev/null | head -1)
    [ -n "$win" ] && break
    sleep 0.5
done
[ -n "$win" ] || { kill $pid; exit 3; }
sleep 4
xdotool windowactivate --sync "$win" 2>/dev/null; xdotool windowsize "$win" 1400 900 windowmove "$win" 0 0
sleep 1
# Select the tcpflow line of the packet details (the last of five), expand it and all below.
xdotool mousemove --window "$win" 120 "$DETAILS_Y" click 1
sleep 0.5
xdotool key --window "$win" shift+Right
sleep 2
xwd -root -silent > "$XWD"
kill $pid
wait $pid 2>/dev/null
exit 0
"""


def problems(log):
    """Lines of Wireshark's log that report trouble with plugins or with tcpflow."""
    bad = ("error", "critical", "warning", "couldn't", "failed", "invalid")
    return [line for line in log.splitlines()
            if ("plugin" in line.lower() or "tcpflow" in line.lower()) and any(b in line.lower() for b in bad)]


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    missing = [t for t in TOOLS if not shutil.which(t)]
    if missing:
        print(f"SKIP: not installed: {', '.join(missing)}")
        return 77
    out = os.path.abspath(sys.argv[1])
    capture = sys.argv[2] if len(sys.argv) > 2 else os.path.join(h.CAPTURES, "seed-telnet-9502.pcap")
    frame = sys.argv[3] if len(sys.argv) > 3 else "4"
    ws = h.Wireshark()
    try:
        profiles = os.path.join(ws.home, ".config", "wireshark", "profiles")
        shutil.copytree(os.path.join(h.SRC, "profiles", "tcpflow"), os.path.join(profiles, "tcpflow"))
        with open(os.path.join(profiles, "tcpflow", "recent"), "w") as f:   # this session's layout only
            f.write("gui.byte_view_show: FALSE\n")
        log, xwd = os.path.join(ws.dir, "wireshark.log"), os.path.join(ws.dir, "screen.xwd")
        runtime = os.path.join(ws.dir, "runtime")
        os.makedirs(runtime, mode=0o700)
        if h.as_root():
            for root, dirs, files in os.walk(ws.dir):
                for n in dirs + files:
                    os.chown(os.path.join(root, n), h.NOBODY, h.NOBODY)
        env = ws.env()
        env.update(LOG=log, CAPTURE=ws.stage(capture), FRAME=frame, XWD=xwd, TITLE=os.path.basename(capture),
                   QT_QPA_PLATFORM="xcb", DETAILS_Y="586", XDG_RUNTIME_DIR=runtime)
        start = time.monotonic()
        p = subprocess.run(ws.command(["xvfb-run", "-a", "-s", "-screen 0 1400x900x24", "sh", "-c", SESSION]),
                           env=env, capture_output=True, text=True, timeout=180)
        text = open(log, errors="replace").read() if os.path.exists(log) else ""
        if p.returncode != 0 or not os.path.exists(xwd):
            print(f"FAIL: Wireshark did not come up ({p.returncode}): {p.stderr[-500:]}\n{text[-1500:]}")
            return 1
        subprocess.run(["convert", f"xwd:{xwd}", "-crop", "1400x900+0+0", "+repage", "-colors", "64",
                        f"png:{out}"], check=True)
        loaded = "tcpflow" in text
        trouble = problems(text)
        print(f"{'ok  ' if not trouble else 'FAIL'} Wireshark's log reports no plugin problem {trouble[:3]}")
        print(f"{'ok  ' if loaded else 'FAIL'} Wireshark's log shows tcpflow loading")
        print(f"screenshot: {out} ({os.path.getsize(out)} bytes, {time.monotonic() - start:.0f} s)")
        return 0 if loaded and not trouble else 1
    finally:
        ws.close()


if __name__ == "__main__":
    sys.exit(main())
