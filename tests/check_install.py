#!/usr/bin/env python3
"""Installing: cmake --install and the uninstall target, the Debian package cpack makes, and
tools/tcpflow-show.

    check_install.py NAME      runs one check and exits non-zero on failure
"""
import glob
import os
import re
import shutil
import subprocess
import sys

import harness as h
from harness import check, SEED


def install(ws):
    """`cmake --install` into the personal plugin folder (a scratch home) and into the system one
    (below a scratch DESTDIR): tshark lists the plugin from there and reads the profile; the
    uninstall target removes exactly the plugin and the profile."""
    user = h.Wireshark(plugin=None)          # only what the install writes
    build = os.path.join(user.dir, "build")
    try:
        env = dict(os.environ, HOME=user.home)
        env.pop("XDG_CONFIG_HOME", None)
        env.pop("DESTDIR", None)

        def cmake(*args, **extra):
            subprocess.run(["cmake"] + list(args), env=dict(env, **extra), check=True, capture_output=True)

        cmake("-S", h.SRC, "-B", build, "-DTCPFLOW_INSTALL=user", "-DBUILD_TESTING=OFF")
        cmake("--build", build, "--target", "tcpflow", "-j2")
        cmake("--install", build)
        mm = h.wireshark_major_minor()
        plugin = os.path.join(user.home, ".local/lib/wireshark/plugins", mm, "epan", "tcpflow.so")
        profile = os.path.join(user.home, ".config/wireshark/profiles/tcpflow")
        check(os.path.isfile(plugin) and os.path.isfile(os.path.join(profile, "colorfilters")),
              "user install: the plugin in the personal plugin folder, the profile in the personal profiles")
        listed = [l for l in user.tshark(["-G", "plugins"]).stdout.splitlines() if l.startswith("tcpflow.so")]
        check(len(listed) == 1 and plugin in listed[0], f"tshark -G plugins lists it from there ({listed})")
        seed = user.stage(os.path.join(h.CAPTURES, "seed-telnet-9502.pcap"))
        check("handshake 1/3" in user.tshark(["-C", "tcpflow", "-r", seed, "-c", "1"]).stdout,
              "tshark -C tcpflow uses the installed profile and plugin")
        cmake("--build", build, "--target", "uninstall")
        check(not os.path.exists(plugin) and not os.path.exists(profile) and
              os.path.isdir(os.path.dirname(plugin)), "uninstall removes the plugin and the profile, nothing else")

        scratch = os.path.join(user.dir, "destdir")
        cmake("-S", h.SRC, "-B", build, "-DTCPFLOW_INSTALL=system")
        cmake("--install", build, DESTDIR=scratch)
        plugindir, prefix = h.wireshark_variable("plugindir"), h.wireshark_variable("prefix")
        written = h.files_under(scratch)
        check(written == sorted([os.path.join(plugindir, "epan", "tcpflow.so")[1:]] +
                                [os.path.join(prefix, "share/wireshark/profiles/tcpflow", n)[1:]
                                 for n in os.listdir(os.path.join(h.SRC, "profiles", "tcpflow"))]),
              f"system install: the plugin in {plugindir}/epan, the profile in the global profiles ({written})")
        cmake("--build", build, "--target", "uninstall", DESTDIR=scratch)
        left = h.files_under(scratch)
        check(left == [], f"uninstall with the same DESTDIR removes them ({left})")
    finally:
        user.close()


def package(ws):
    """cpack's Debian package: its name, its dependency on the libwireshark it was built against,
    its files in the system plugin and profile folders; apt accepts it, and tshark loads the
    plugin from a scratch root it is unpacked into."""
    cache = open(os.path.join(h.BUILD, "CMakeCache.txt")).read()
    if "TCPFLOW_INSTALL:STRING=system" not in cache or not shutil.which("dpkg-deb"):
        print("SKIP: the package is made from a build configured with -DTCPFLOW_INSTALL=system, with dpkg")
        sys.exit(77)
    for old in glob.glob(os.path.join(h.BUILD, "wireshark-tcpflow_*.deb")):
        os.remove(old)
    subprocess.run(["cpack"], cwd=h.BUILD, check=True, capture_output=True)
    version = re.search(r"project\(tcpflow VERSION (\S+)", open(os.path.join(h.SRC, "CMakeLists.txt")).read()).group(1)
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True).stdout.strip()
    deb = os.path.join(h.BUILD, f"wireshark-tcpflow_{version}_{arch}.deb")
    check(os.path.exists(deb), f"cpack writes {os.path.basename(deb)}")
    info = subprocess.run(["dpkg-deb", "-f", deb, "Depends"], capture_output=True, text=True).stdout.strip()
    lib = os.path.realpath(os.path.join(h.wireshark_variable("libdir"), "libwireshark.so"))
    libpkg = subprocess.run(["dpkg-query", "-S", lib], capture_output=True, text=True).stdout.split(":")[0]
    libver = subprocess.run(["dpkg-query", "-W", "-f=${Version}", libpkg], capture_output=True, text=True).stdout
    major, minor = h.wireshark_major_minor().split(".")
    check(info == f"{libpkg} (>= {libver}), {libpkg} (<< {major}.{int(minor) + 1}~)",
          f"it depends on {libpkg} {libver} up to the next release ({info})")
    recommends = subprocess.run(["dpkg-deb", "-f", deb, "Recommends"], capture_output=True, text=True).stdout
    check("fonts-noto-cjk" in recommends, f"it recommends a CJK font for the Chinese texts ({recommends.strip()})")
    plugindir = h.wireshark_variable("plugindir")
    files = subprocess.run(["dpkg-deb", "-c", deb], capture_output=True, text=True).stdout
    check(f".{plugindir}/epan/tcpflow.so" in files and "./usr/share/wireshark/profiles/tcpflow/preferences" in files,
          "it holds the plugin in the system plugin folder and the profile in the global profiles")
    check("/usr/local" not in files, "and nothing under /usr/local")
    if shutil.which("apt-get"):
        sim = subprocess.run(["apt-get", "install", "--simulate", "-q", deb], capture_output=True, text=True)
        check(sim.returncode == 0 and "wireshark-tcpflow" in sim.stdout, "apt-get install --simulate accepts it")
    scratch = os.path.join(ws.dir, "scratch")
    subprocess.run(["dpkg-deb", "-x", deb, scratch], check=True)
    for root, dirs, names in os.walk(scratch):
        for n in dirs + names + [""]:
            os.chmod(os.path.join(root, n), 0o755)
    bare = h.Wireshark(plugin=None, extra_env={"WIRESHARK_PLUGIN_DIR": scratch + os.path.dirname(plugindir)})
    try:
        plugins = bare.tshark(["-G", "plugins"]).stdout
        check(any(l.startswith("tcpflow.so") and scratch in l for l in plugins.splitlines()),
              "tshark -G plugins lists tcpflow.so from the unpacked package")
    finally:
        bare.close()


def show_tool(ws):
    """tools/tcpflow-show prints the seed capture as a table."""
    out = ws.run(sys.executable, [ws.stage(os.path.join(h.SRC, "tools", "tcpflow-show")), ws.stage(SEED)]).stdout
    lines = out.splitlines()
    check(len(lines) == 8 and lines[0].startswith("#"), "a header and seven segments")
    check("[S.]" in lines[2] and "handshake 2/3 (SYN+ACK)" in lines[2], "frame 2: [S.] handshake 2/3")
    check("data 7 bytes, acked in #5" in lines[4], "frame 4: data 7 bytes, acked in #5")


def ladder_tool(ws):
    """tools/tcpflow-ladder draws the seed capture as an SVG ladder: valid SVG, one arrow per segment
    from its sender's line, the seed's labels and steps, in English and in Chinese."""
    import xml.etree.ElementTree as ET
    ns = {"s": "http://www.w3.org/2000/svg"}
    for lang, step in (("en", "handshake 2/3 (SYN+ACK)"), ("zh", "握手 2/3（SYN+ACK）")):
        out = os.path.join(ws.dir, f"ladder-{lang}.svg")
        ws.run(sys.executable, [ws.stage(os.path.join(h.SRC, "tools", "tcpflow-ladder")), ws.stage(SEED),
                                "--lang", lang, "-o", out])
        root = ET.parse(out).getroot()
        arrows = root.findall(".//s:line[@class='segment']", ns)
        check(len(arrows) == 7, f"{lang}: one arrow per segment (7, got {len(arrows)})")
        rightward = [float(a.get("x2")) > float(a.get("x1")) for a in arrows]
        check(rightward == [True, False, True, True, False, False, True], f"{lang}: each arrow leaves its sender's line")
        texts = [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]
        check("[S.], seq 1721825043, ack 2927179379, win 32768, length 0" in texts and step in texts
              and any(t.startswith("data 7 bytes, acked in #5") or t.startswith("数据 7 字节，确认于 #5") for t in texts),
              f"{lang}: the seed's labels and steps are drawn")


CHECKS = {f.__name__: f for f in (install, package, show_tool, ladder_tool)}

if __name__ == "__main__":
    h.main(CHECKS, sys.argv)
