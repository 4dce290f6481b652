#!/usr/bin/env python3
"""The shape of every official file that data/ links to, at the commit it links to: how many
lines it has and where each of its `{#anchor}` sections starts and ends. The data audit
(tests/audit.rs) checks each source against it offline: the `file` of a repository source names
the file and commit of its `url`, its lines are inside the file, and inside every section its
`section` names.

    python3 audit/source_pages.py           # rewrite audit/source-pages.tsv
    python3 audit/source_pages.py --check   # exit 1 if the TSV differs from what it would write

Mirrors: $QIWI_MIRRORS/QIWI-API+<repo>/repo (default /work/.mirror), bare git directories as
brought by `fetch github:QIWI-API/<repo>`. Standard library only; git on PATH.

Output columns: repo, commit (40 hex), path, lines (the file's line count), anchor, from, to,
heading. One row per file with an empty anchor (from and to 0, no heading), then one row per
heading that carries `{#anchor}`: `from` is the heading's line, `to` the last non-blank line
before the next heading of the same or a higher level, `heading` the heading's text without the
`#` marks, spaces collapsed. Headings inside fenced code blocks (`~~~`, ```) are code comments,
not headings (a fence may open right after `<!--`). Rows are sorted by repo, commit, path, then line.
"""
import glob
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "audit", "source-pages.tsv")
MIRRORS = os.environ.get("QIWI_MIRRORS", "/work/.mirror")
HEADER = ["repo", "commit", "path", "lines", "anchor", "from", "to", "heading"]
URL = re.compile(r"https://github\.com/QIWI-API/([^/]+)/blob/([0-9a-f]{40})/([^#]+)")


class Fail(Exception):
    pass


def urls(obj):
    """Every `url` string anywhere in a data file."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k == "url" and isinstance(v, str):
                yield v
            else:
                yield from urls(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from urls(v)


def cited():
    out = set()
    for p in sorted(glob.glob(os.path.join(ROOT, "data", "*.json"))):
        with open(p, encoding="utf-8") as f:
            for u in urls(json.load(f)):
                m = URL.match(u)
                if m:
                    out.add(m.groups())
    return sorted(out)


def show(repo, commit, path):
    gd = "%s/QIWI-API+%s/repo" % (MIRRORS, repo)
    if not os.path.isdir(gd):
        raise Fail("no mirror %s (fetch github:QIWI-API/%s)" % (gd, repo))
    r = subprocess.run(["git", "--git-dir=" + gd, "show", "%s:%s" % (commit, path)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise Fail("%s %s@%s: %s" % (repo, path, commit[:7], r.stderr.strip()))
    return r.stdout


def headings(lines):
    """(1-based line, level, text) of every markdown heading outside fenced code."""
    out, fence = [], None
    for i, line in enumerate(lines):
        m = re.match(r"^\s*(?:<!--\s*)?(~~~|```)", line)
        if m:
            if fence is None:
                fence = m.group(1)
            elif fence == m.group(1):
                fence = None
            continue
        if fence is None:
            h = re.match(r"^(#{1,6})\s+(.*)$", line)
            if h:
                out.append((i + 1, len(h.group(1)), re.sub(r"\s+", " ", h.group(2)).strip()))
    return out


def rows_of(repo, commit, path):
    text = show(repo, commit, path)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    rows = [(repo, commit, path, str(len(lines)), "", "0", "0", "")]
    hs = headings(lines)
    for k, (n, level, head) in enumerate(hs):
        for anchor in re.findall(r"\{#([^}\s]+)\}", head):
            end = len(lines)
            for n2, level2, _ in hs[k + 1:]:
                if level2 <= level:
                    end = n2 - 1
                    break
            while end > n and not lines[end - 1].strip():
                end -= 1
            rows.append((repo, commit, path, str(len(lines)), anchor, str(n), str(end), head))
    return rows


def render(rows):
    return "".join("\t".join(r) + "\n" for r in [HEADER] + rows)


def main():
    args = sys.argv[1:]
    if any(a != "--check" for a in args):
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    try:
        rows = [r for page in cited() for r in rows_of(*page)]
    except Fail as e:
        print("source_pages: " + str(e), file=sys.stderr)
        return 2
    text = render(rows)
    if "--check" in args:
        old = open(OUT, encoding="utf-8").read() if os.path.exists(OUT) else None
        if old != text:
            print("audit/source-pages.tsv is stale; rerun python3 audit/source_pages.py",
                  file=sys.stderr)
            return 1
        return 0
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print("audit/source-pages.tsv: %d rows, %d files" % (len(rows), len(cited())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
