#!/usr/bin/env python3
"""Regenerate (or, with --check, verify) tcpviz's Qt Linguist .ts files.

lupdate's built-in C++ parser does not understand C++17 nested namespaces
(`namespace tcpviz::ui {`) nor the free tr() wrappers of app/cli.cpp and ui/export/exporter.cpp, so its contexts
are wrong at run time. This runs lupdate into a temporary file, maps each
context to the one Qt looks up at run time, and merges the committed
translations by (context, source).

usage: update_ts.py [--check] LUPDATE SOURCE_DIR
"""
import os, subprocess, sys, tempfile
import xml.etree.ElementTree as ET

TS = ["tcpviz_zh_CN.ts", "tcpviz_en.ts"]
HERE = os.path.dirname(os.path.abspath(__file__))


def runtime_context(name):
    if name in ("tcpviz::app", "tcpviz::app::Cli"):
        return "tcpviz::app::Cli"  # app/cli.cpp: tr() is translate("tcpviz::app::Cli", ...)
    if name == "tcpviz::ui":
        return "tcpviz::ui::Exporter"  # ui/export/exporter.cpp: tr() is translate("tcpviz::ui::Exporter", ...)
    if name.startswith("tcpviz::"):
        return name
    return "tcpviz::ui::" + name.split("::")[-1]


def key(msg):
    return (msg.findtext("source"), msg.findtext("comment") or "")


def extract(lupdate, srcdir):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "x.ts")
        subprocess.run([lupdate, "-silent", "-no-obsolete", "-locations", "none",
                        os.path.join(srcdir, "app"), os.path.join(srcdir, "ui"), "-ts", out],
                       check=True, stderr=subprocess.DEVNULL)
        contexts = {}
        for ctx in ET.parse(out).getroot().findall("context"):
            name = runtime_context(ctx.findtext("name"))
            msgs = contexts.setdefault(name, {})
            for m in ctx.findall("message"):
                msgs.setdefault(key(m), m.get("numerus") == "yes")
        return contexts


def load(path):
    found = {}
    if not os.path.exists(path):
        return found
    for ctx in ET.parse(path).getroot().findall("context"):
        for m in ctx.findall("message"):
            found[(ctx.findtext("name"),) + key(m)] = m
    return found


def check(contexts):
    bad = []
    wanted = {(c,) + k for c, ms in contexts.items() for k in ms}
    for ts in TS:
        have = load(os.path.join(HERE, ts))
        for k in sorted(wanted - have.keys()):
            bad.append(f"{ts}: no entry for {k}")
        for k in sorted(have.keys() - wanted):
            bad.append(f"{ts}: stale entry {k}")
        for k, m in have.items():
            t = m.find("translation")
            if t is None or t.get("type") in ("unfinished", "vanished", "obsolete"):
                bad.append(f"{ts}: {k} is {t.get('type') if t is not None else 'missing'}")
            elif m.get("numerus") == "yes":
                if not [n for n in t.findall("numerusform") if (n.text or "").strip()]:
                    bad.append(f"{ts}: {k} has no translation")
            elif not (t.text or "").strip():
                bad.append(f"{ts}: {k} has no translation")
            elif t.text.count("%") != m.findtext("source").count("%"):
                bad.append(f"{ts}: {k} placeholders differ")
    return bad


def write(contexts):
    for ts in TS:
        path = os.path.join(HERE, ts)
        have = load(path)
        lang = "zh_CN" if "zh_CN" in ts else "en"
        root = ET.Element("TS", version="2.1", language=lang, sourcelanguage="en")
        for c in sorted(contexts):
            ctx = ET.SubElement(root, "context")
            ET.SubElement(ctx, "name").text = c
            for (src, comment), numerus in sorted(contexts[c].items()):
                old = have.get((c, src, comment))
                if old is not None:
                    ctx.append(old)
                    continue
                m = ET.SubElement(ctx, "message")
                if numerus:
                    m.set("numerus", "yes")
                ET.SubElement(m, "source").text = src
                if comment:
                    ET.SubElement(m, "comment").text = comment
                t = ET.SubElement(m, "translation")
                if lang == "en" and not numerus:
                    t.text = src
                else:
                    t.set("type", "unfinished")
        ET.indent(root, space="    ")
        with open(path, "w", encoding="utf-8") as f:
            f.write('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
            f.write(ET.tostring(root, encoding="unicode"))
            f.write("\n")


def main():
    args = sys.argv[1:]
    checking = args and args[0] == "--check"
    if checking:
        args = args[1:]
    contexts = extract(args[0], args[1])
    if checking:
        bad = check(contexts)
        for b in bad:
            print(b)
        print(f"{sum(len(m) for m in contexts.values())} source texts, {len(bad)} problems")
        return 1 if bad else 0
    write(contexts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
