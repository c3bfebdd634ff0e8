#!/usr/bin/env python3
"""Runs the real Wireshark (Qt) under Xvfb with the built plugin and the
"tcpflow" profile, as a user would, and saves three screenshots in OUTDIR:

    screenshot.png   the seed capture at frame 4, the tcpflow subtree expanded
    conn-table.png   Statistics › TCP Flow Analysis Connections (the table dialog)
    stats-tree.png   Statistics › TCP Flow Analysis (the stats tree dialog)

Fails if a window or dialog does not come up, if a screenshot is blank, if
Wireshark's log mentions a problem with the plugin, or if the plugin did not
load.  `tools/screenshot.py docs` remakes the README's pictures.

    tools/screenshot.py OUTDIR

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

# Inside Xvfb: start Wireshark ($SHOT_ARGS), wait for its main window
# (titled with the capture's name, with or without "Wireshark" depending on
# the release), then do $SHOT_ACTION and take the window $SHOT_DIALOG names
# (the root when empty).  The variables have a prefix of their own:
# xvfb-run, a shell script, uses ARGS itself.  No window manager runs: windows are placed with xdotool, and
# keys go to the window under the pointer.
SESSION = r"""
wireshark --log-level info --log-file "$LOG" -C tcpflow -r "$CAPTURE" $SHOT_ARGS \
    -o gui.geometry_main_width:1400 -o gui.geometry_main_height:900 2>>"$LOG" &
pid=$!
for i in $(seq 1 60); do
    win=$(xdotool search --onlyvisible --name "Wireshark|$TITLE" 2>/dev/null | head -1)
    [ -n "$win" ] && break
    sleep 0.5
done
[ -n "$win" ] || { kill $pid; exit 3; }
sleep 4
xdotool windowsize "$win" 1400 900 windowmove "$win" 0 0
sleep 1
case "$SHOT_ACTION" in
tree)   # select the tcpflow line of the packet details (the last of five), expand it and all below
    xdotool mousemove --window "$win" 120 "$DETAILS_Y" click 1; sleep 0.5
    xdotool key --window "$win" shift+Right ;;
stats)  # Statistics (Alt+S), its last item: the stats tree
    xdotool mousemove 700 300 click 1; sleep 0.5
    xdotool key alt+s; sleep 1; xdotool key Up Return ;;
esac
sleep 3
target=root
if [ -n "$SHOT_DIALOG" ]; then
    target=$(xdotool search --onlyvisible --name "$SHOT_DIALOG" 2>/dev/null | grep -v "^$win$" | head -1)
    [ -n "$target" ] || { kill $pid; exit 4; }
    xdotool windowsize "$target" $SHOT_SIZE windowmove "$target" 0 0; sleep 2
fi
if [ "$target" = root ]; then xwd -root -silent > "$XWD"; else xwd -id "$target" -silent > "$XWD"; fi
kill $pid
wait $pid 2>/dev/null
exit 0
"""

# name: (capture, wireshark arguments, action, dialog title, its size)
SHOTS = {
    "screenshot.png": ("seed-telnet-9502.pcap", "-g 4", "tree", "", ""),
    "conn-table.png": ("diagnosis.pcap", "-z tcpflow,connections", "", "Connections", "1400 330"),
    "stats-tree.png": ("diagnosis.pcap", "", "stats", "TCP Flow Analysis", "1000 880"),
}


def problems(log):
    """Lines of Wireshark's log that report trouble with plugins or with tcpflow."""
    bad = ("error", "critical", "warning", "couldn't", "failed", "invalid")
    return [line for line in log.splitlines()
            if ("plugin" in line.lower() or "tcpflow" in line.lower()) and any(b in line.lower() for b in bad)]


def colours(png):
    """How many colours a picture has: a blank or failed screenshot has one or two."""
    out = subprocess.run(["convert", png, "-format", "%k", "info:"], capture_output=True, text=True).stdout
    return int(out.strip() or 0)


def shoot(ws, name, out_dir, runtime):
    """One Wireshark session and its screenshot; returns (ok, Wireshark's log)."""
    capture, args, action, title, size = SHOTS[name]
    log, xwd = os.path.join(ws.dir, name + ".log"), os.path.join(ws.dir, name + ".xwd")
    env = ws.env()
    env.update(LOG=log, CAPTURE=ws.stage(os.path.join(h.CAPTURES, capture)), SHOT_ARGS=args, SHOT_ACTION=action,
               SHOT_DIALOG=title, SHOT_SIZE=size, XWD=xwd, TITLE=capture, QT_QPA_PLATFORM="xcb", DETAILS_Y="586",
               XDG_RUNTIME_DIR=runtime)
    p = subprocess.run(ws.command(["xvfb-run", "-a", "-s", "-screen 0 1400x900x24", "sh", "-c", SESSION]),
                       env=env, capture_output=True, text=True, timeout=180)
    text = open(log, errors="replace").read() if os.path.exists(log) else ""
    if p.returncode != 0 or not os.path.exists(xwd):
        what = {3: "the main window", 4: f"the dialog {title!r}"}.get(p.returncode, "Wireshark")
        print(f"FAIL {name}: {what} did not come up ({p.returncode}): {p.stderr[-300:]}\n{text[-800:]}")
        return False, text
    png = os.path.join(out_dir, name)
    crop = ["-crop", "1400x900+0+0", "+repage"] if not title else []
    subprocess.run(["convert", f"xwd:{xwd}"] + crop + ["-colors", "64", f"png:{png}"], check=True)
    n = colours(png)
    print(f"{'ok  ' if n > 8 else 'FAIL'} {name}: {os.path.getsize(png)} bytes, {n} colours")
    return n > 8, text


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    missing = [t for t in TOOLS if not shutil.which(t)]
    if missing:
        print(f"SKIP: not installed: {', '.join(missing)}")
        return 77
    out_dir = os.path.abspath(sys.argv[1])
    os.makedirs(out_dir, exist_ok=True)
    ws = h.Wireshark()
    try:
        profiles = os.path.join(ws.home, ".config", "wireshark", "profiles")
        shutil.copytree(os.path.join(h.SRC, "profiles", "tcpflow"), os.path.join(profiles, "tcpflow"))
        with open(os.path.join(profiles, "tcpflow", "recent"), "a") as f:   # this session's layout only
            f.write("gui.byte_view_show: FALSE\n")
        runtime = os.path.join(ws.dir, "runtime")
        os.makedirs(runtime, mode=0o700)
        if h.as_root():
            for root, dirs, files in os.walk(ws.dir):
                for n in dirs + files:
                    os.chown(os.path.join(root, n), h.NOBODY, h.NOBODY)
        start, ok, logs = time.monotonic(), True, ""
        for name in SHOTS:
            shot_ok, text = shoot(ws, name, out_dir, runtime)
            ok, logs = ok and shot_ok, logs + text
        loaded = "tcpflow" in logs
        trouble = problems(logs)
        print(f"{'ok  ' if not trouble else 'FAIL'} Wireshark's log reports no plugin problem {trouble[:3]}")
        print(f"{'ok  ' if loaded else 'FAIL'} Wireshark's log shows tcpflow loading")
        print(f"screenshots in {out_dir} ({time.monotonic() - start:.0f} s)")
        return 0 if ok and loaded and not trouble else 1
    finally:
        ws.close()


if __name__ == "__main__":
    sys.exit(main())
