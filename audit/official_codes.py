#!/usr/bin/env python3
"""Every code the official QIWI pages' code tables document, with its data/ family, read from
local git mirrors of QIWI's docs repositories at each page's newest commit.

    python3 audit/official_codes.py             # rewrite audit/official-codes.tsv
    python3 audit/official_codes.py --check     # exit 1 if the TSV differs from what it would write
    python3 audit/official_codes.py --summary   # per page: codes, families, in data/, missing

Mirrors: $QIWI_MIRRORS/QIWI-API+<repo>/repo (default /work/.mirror), bare git directories as
brought by `fetch github:QIWI-API/<repo>`. Standard library only; git on PATH.

Output columns: repo, path, lang, commit (40 hex), date (author date, YYYY-MM-DD), family, code,
line (1-based line of the code's first row in the page at that commit), first (the date of the
oldest commit on HEAD whose version of the page shows the code as a table cell, or, on pages
read for their XML examples, as an example's `<result-code>`: the edition the code first
appears in on that page). One row per
(page, family, code); a code listed in several rows or tables of one page (payment statuses in
the API and notification tables, both branches of an `.erb` `<% if %>`) is one row, at its first
line. Rows are sorted by repo, path, family, code.

Pages and their tables are listed in PAGES: the pages of the table "Pages at their newest commit"
in the "Official pages" table of docs/COVERAGE.md (older editions: docs/EDITIONS.md). A table is found by the `{#anchor}` of the heading above it (the
text from that heading to the next heading of any level) and, where a section holds two tables,
by its header's first cell; never by line number. A section runs to the next heading that has
an anchor or is not deeper than its own. "Newest commit" is the newest commit on HEAD
whose tree holds the file (bill-payments-docs `_errors_ru.html.md` was deleted in 46b2f7a, so its
newest version is 100ff40). Code cells are read with add_urls.cells (markup dropped, `\\-1` ->
`-1`); `> 100` is written `>100` and the 2017 bill-payments `error.code.` prefix is dropped, as
data/ spells them. Every code must match its family's shape and every rule must find its table,
or the script stops with the page and line, so a rewritten page is noticed instead of skipped.
Codes outside the tables are not counted: the `CREATED` invoice status (payments-docs, in an
`<aside>`) and error bodies in JSON examples (e.g. payments-docs `_api-methods_*`
`payin.resource.not.found`, bill-payments `auth.unauthorized`) are not in any code table.
"""
import glob
import json
import os
import re
import subprocess
import sys

sys.dont_write_bytecode = True  # importing add_urls leaves no audit/__pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from add_urls import MIRRORS, cells, heading_level, lang_of  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "audit", "official-codes.tsv")
HEADER = ["repo", "path", "lang", "commit", "date", "family", "code", "line", "first"]

# Shape of a code per family (after normalisation); a cell that does not fit stops the script.
SHAPE = {
    "payment-http": r"\d{3}",
    "payment-operation-type": r"[A-Z]+",
    "payment-status": r"[A-Z][A-Z0-9_]*",
    "payment-reason": r"[A-Z][A-Z0-9_]+",
    "ps-error": r"[0-9A-Z]{2}",
    "payin-error": r"payin\.[a-z][a-z0-9.]*",
    "wallet-http": r"\d{3}",
    "wallet-error": r"\d{1,5}",
    "xml-payment-status": r"-1|\d+-\d+|>\d+|\d+",
    "topup-result": r"\d{1,4}",
    "xml-payment-result": r"\d{1,4}",
    "xml-request-result": r"\d{1,4}",
    "bill-status": r"[A-Z]+",
    "bill-refund-status": r"[A-Z]+",
    "bill-error": r"[a-z]+(\.[a-z0-9]+)*",
    "pull-error": r"\d{1,4}",
    "pull-status": r"[a-z]+",
    "pull-refund-status": r"[a-z]+",
    "pull-notify": r"\d{1,4}",
    "qiwipay-error": r"\d{1,4}",
    "qiwipay-status": r"\d",
    "wallet-restriction": r"[A-Z][A-Z_]*",
}

# The anchor that, in a rule, stands for the `<result-code>N</result-code>` of a page's XML
# examples instead of a table.
XML_EXAMPLE = "<result-code>"
RESULT_CODE = re.compile(r"<result-code[^>]*>\s*(\d+)\s*</result-code>")

# A rule: (anchor of the heading above the table, regex on the header's first cell or None,
# family, 0-based column holding the code). Every table of the section that fits is read.
PAYMENTS = [
    ("http-errors", None, "payment-http", 0),
    ("operation-types", None, "payment-operation-type", 0),
    ("api-statuses", None, "payment-status", 1),  # EN swaps the header labels, not the columns
    ("notification-statuses", None, "payment-status", 1),
    ("reason-codes", None, "payment-reason", 0),
    ("ps-error-codes", None, "ps-error", 0),
]
PAYOUT_REASONS = [("payout-reason-codes", None, "payment-reason", 0)]  # 2024 RU only
WALLET = [
    ("errors", r"HTTP", "wallet-http", 0),
    ("errors", r"errorCode", "wallet-error", 0),
]
TOPUP = [
    ("statuses", None, "xml-payment-status", 0),
    ("error", None, "topup-result", 0),
    ("tech_error", None, "xml-request-result", 0),
]
CARD_SPEC = [
    ("statuses", None, "xml-payment-status", 0),
    ("error", None, "xml-payment-result", 0),
    ("tech_error", None, "xml-request-result", 0),
]
BILL = [("status", None, "bill-status", 0), ("status_refund", None, "bill-refund-status", 0)]
# Card verification statuses of the payment protocol (INIT, SUCCESS, ERROR, WAITING_3DS): the
# statuses of one more operation of the same API, kept with the other operation statuses.
CARD_CHECK = [("card-check-statuses", None, "payment-status", 0)]
# `restrictionCode` values of the wallet restrictions method (RU page only).
RESTRICTIONS = [("restrictions", r"restrictionCode", "wallet-restriction", 0)]
# The `<result-code>` of the XML examples of a page: the check-deposit answer shows a request
# result code (204) that no table lists.
RESULT_CODE_EXAMPLES = [(XML_EXAMPLE, None, "xml-request-result", None)]
QIWIPAY = [("txn_status", None, "qiwipay-status", 0), ("codes", None, "qiwipay-error", 0)]

PAGES = [
    ("payments-docs", "_statuses_ru.html.md", PAYMENTS),
    ("payments-docs", "_statuses_ru.html.md.erb", PAYMENTS + PAYOUT_REASONS),
    ("payments-docs", "_statuses_en.html.md", PAYMENTS),
    ("qiwi-wallet-personal-docs", "_error_ru.html.md", WALLET),
    ("qiwi-wallet-personal-docs", "_error_en.html.md", WALLET),
    ("topup-wallet-docs", "_errors_ru.html.md", TOPUP),
    ("topup-wallet-docs", "_errors_en.html.md", TOPUP),
    ("topup-wallet-docs", "_errors_card_spec_ru.html.md", CARD_SPEC),
    ("topup-wallet-docs", "_errors_card_spec_en.html.md", CARD_SPEC),
    ("topup-wallet-docs", "_errors_mobile_ru.html.md", TOPUP),
    ("bill-payments-docs", "bill-payments_ru.html.md", BILL),
    ("bill-payments-docs", "bill-payments_en.html.md", BILL),
    ("bill-payments-docs", "_errors_ru.html.md", [("err-codes", None, "bill-error", 0)]),
    # The 2017 English API page: its status tables spell statuses in lower case (`waiting`),
    # an older spelling of the statuses above; only its error table is read.
    ("bill-payments-docs", "_bill-payments-api_en.html.md", [("err-codes", None, "bill-error", 0)]),
    ("p2p-payments-docs", "p2p-payments_ru.html.md", [("status", None, "bill-status", 0)]),
    ("p2p-payments-docs", "p2p-payments_en.html.md", [("status", None, "bill-status", 0)]),
    ("pull-payments-docs", "_errors_ru.html.md", [("errors", None, "pull-error", 0)]),
    ("pull-payments-docs", "_errors_en.html.md", [("errors", None, "pull-error", 0)]),
    ("pull-payments-docs", "_statuses_ru.html.md",
     [("status", None, "pull-status", 0), ("status_refund", None, "pull-refund-status", 0)]),
    ("pull-payments-docs", "_notification_ru.html.md", [("notify_codes", None, "pull-notify", 0)]),
    ("pull-payments-docs", "_pull-payments-api_ru.html.md", [("errors", None, "pull-error", 0)]),
    ("pull-payments-docs", "_pull-payments-api_en.html.md", [("errors", None, "pull-error", 0)]),
    ("qiwipay-docs", "qiwipay_ru.html.md", QIWIPAY),
    ("qiwipay-docs", "qiwipay_en.html.md", QIWIPAY),
    ("payments-docs", "_card-check_ru.html.md", CARD_CHECK),
    ("payments-docs", "_card-check_en.html.md", CARD_CHECK),
    ("qiwi-wallet-personal-docs", "_profile_ru.html.md", RESTRICTIONS),
    ("topup-wallet-docs", "_check-deposit_ru.html.md", RESULT_CODE_EXAMPLES),
    ("topup-wallet-docs", "_check-deposit_en.html.md", RESULT_CODE_EXAMPLES),
]

# payin-core error bodies (`payin.*`): any code table of a payments-docs page whose first column
# holds them is read as family payin-error. None of the pages above has one at its newest commit.
PAYIN = re.compile(r"^payin\.[a-z][a-z0-9.]*$")


class Fail(Exception):
    pass


def git(repo, *args):
    gd = "%s/QIWI-API+%s/repo" % (MIRRORS, repo)
    if not os.path.isdir(gd):
        raise Fail("no mirror %s (fetch github:QIWI-API/%s)" % (gd, repo))
    r = subprocess.run(["git", "--git-dir=" + gd] + list(args), capture_output=True, text=True)
    if r.returncode != 0:
        raise Fail("git %s: %s" % (" ".join(args), r.stderr.strip()))
    return r.stdout


def newest(repo, path):
    """(commit, date) of the newest commit on HEAD whose tree holds `path`."""
    for c in git(repo, "log", "--format=%H", "HEAD", "--", path).split():
        if subprocess.run(["git", "--git-dir=%s/QIWI-API+%s/repo" % (MIRRORS, repo), "cat-file",
                           "-e", "%s:%s" % (c, path)], capture_output=True).returncode == 0:
            return c, git(repo, "log", "-1", "--format=%ad", "--date=short", c).strip()
    raise Fail("%s: %s has no commit on HEAD" % (repo, path))


SEP = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")


def tables(lines, lo, hi):
    """Pipe tables between 1-based lines lo..hi: [(header cells, [(line, cells), ...])]."""
    out, n = [], lo
    while n < hi:
        if "|" in lines[n - 1] and SEP.match(lines[n]) and "-" in lines[n]:
            head, rows, m = cells(lines[n - 1]), [], n + 2
            while m <= hi and lines[m - 1].strip() and "|" in lines[m - 1]:
                rows.append((m, cells(lines[m - 1])))
                m += 1
            out.append((head, rows))
            n = m
        else:
            n += 1
    return out


def fenced(lines):
    """Per line: whether it is inside (or opens or closes) a fenced code block (`~~~`, ```),
    where `# text` is a code comment, not a heading. A fence may open right after `<!--`."""
    out, fence = [], None
    for line in lines:
        m = re.match(r"^\s*(?:<!--\s*)?(~~~|```)", line)
        if m:
            fence = m.group(1) if fence is None else (None if fence == m.group(1) else fence)
            out.append(True)
        else:
            out.append(fence is not None)
    return out


def own_section(lines, anchor):
    """1-based (heading line, last line) of the text under the heading carrying {#anchor}, up to
    the next heading that carries an anchor or is of the same or a higher level (subsections
    with their own anchor are theirs; an anchorless `###### [Edit on GitHub]` line is not)."""
    code = fenced(lines)
    level = [0 if c else heading_level(l) for l, c in zip(lines, code)]
    for i, l in enumerate(lines):
        lvl = level[i]
        if lvl and re.search(r"\{#%s\}" % re.escape(anchor), l):
            j = i + 1
            while j < len(lines) and not (level[j] and (level[j] <= lvl or "{#" in lines[j])):
                j += 1
            return i + 1, j
    return None


def code_of(cell):
    c = re.sub(r"^>\s+", ">", cell.strip())
    if c.startswith("error.code."):
        c = c[len("error.code."):]
    return c


def read_page(repo, path, rules):
    commit, date = newest(repo, path)
    lines = git(repo, "show", "%s:%s" % (commit, path)).split("\n")
    found = {}  # (family, code) -> first line

    def add(fam, code, line):
        if not re.fullmatch(SHAPE[fam], code):
            raise Fail("%s %s@%s L%d: %r does not fit the shape of %s"
                       % (repo, path, commit[:7], line, code, fam))
        key = (fam, code)
        found[key] = min(found.get(key, line), line)

    for anchor, head_re, fam, col in rules:
        if anchor == XML_EXAMPLE:
            hits = [(n + 1, m.group(1)) for n, l in enumerate(lines) for m in RESULT_CODE.finditer(l)]
            if not hits:
                raise Fail("%s %s@%s: no %s in the examples" % (repo, path, commit[:7], anchor))
            for line, code in hits:
                add(fam, code, line)
            continue
        rng = own_section(lines, anchor)
        if rng is None:
            raise Fail("%s %s@%s: no heading {#%s}" % (repo, path, commit[:7], anchor))
        hits = [t for t in tables(lines, *rng)
                if head_re is None or re.match(head_re, t[0][0] if t[0] else "")]
        if not hits:
            raise Fail("%s %s@%s: no %s table under {#%s}" % (repo, path, commit[:7], fam, anchor))
        for _, rows in hits:
            for line, cs in rows:
                code = code_of(cs[col]) if len(cs) > col else ""
                if code:
                    add(fam, code, line)
    if repo == "payments-docs":
        for _, rows in tables(lines, 1, len(lines)):
            for line, cs in rows:
                if cs and PAYIN.match(code_of(cs[0])):
                    add("payin-error", code_of(cs[0]), line)
    lang = lang_of(path)
    first = first_seen(repo, path, {code for _, code in found},
                       any(rule[0] == XML_EXAMPLE for rule in rules))
    return [(repo, path, lang, commit, date, fam, code, str(line), first.get(code, date))
            for (fam, code), line in found.items()]


def first_seen(repo, path, codes, examples):
    """code -> date of the oldest commit on HEAD whose version of the page shows it: as a cell
    of a pipe-table row (any table of the page, markup dropped as in the tables), or, on pages
    read for their XML examples, as an example's `<result-code>`."""
    out = {}
    for c in git(repo, "log", "--reverse", "--format=%H %ad", "--date=short", "HEAD", "--",
                 path).split("\n"):
        if not c.strip() or len(out) == len(codes):
            continue
        commit, day = c.split()
        r = subprocess.run(["git", "--git-dir=%s/QIWI-API+%s/repo" % (MIRRORS, repo), "show",
                            "%s:%s" % (commit, path)], capture_output=True)
        if r.returncode != 0:
            continue
        shown = set()
        for line in r.stdout.decode("utf-8", "replace").split("\n"):
            if "|" in line:
                shown.update(code_of(cell) for cell in cells(line))
            if examples:
                shown.update(RESULT_CODE.findall(line))
        for code in codes & shown:
            out.setdefault(code, day)
    return out


def collect():
    rows = []
    for repo, path, rules in PAGES:
        rows += read_page(repo, path, rules)
    rows.sort(key=lambda r: (r[0], r[1], r[5], r[6]))
    return rows


def render(rows):
    return "".join("\t".join(r) + "\n" for r in [HEADER] + rows)


def data_codes():
    out = {}
    for p in sorted(glob.glob(os.path.join(ROOT, "data", "*.json"))):
        d = json.load(open(p, encoding="utf-8"))
        if "family" in d:
            out[d["family"]] = {e["code"] for e in d["entries"]}
    return out


def summary(rows):
    data = data_codes()
    pages = {}
    for r in rows:
        pages.setdefault((r[0], r[1]), []).append(r)
    for repo, path, _ in PAGES:
        rs = pages.get((repo, path), [])
        fams = {}
        for r in rs:
            fams.setdefault(r[5], []).append(r)
        inside = [r for r in rs if r[6] in data.get(r[5], set())]
        missing = [r for r in rs if r[6] not in data.get(r[5], set())]
        print("%s %s (%s) %s %s: %d codes, %d in data; %s" % (
            repo, path, rs[0][2].upper() if rs else "?", rs[0][3][:7] if rs else "?",
            rs[0][4] if rs else "?", len(rs), len(inside),
            ", ".join("%s %d" % (f, len(v)) for f, v in sorted(fams.items()))))
        for r in missing:
            print("    missing from data: %s %s (L%s)" % (r[5], r[6], r[7]))


def main():
    args = sys.argv[1:]
    if any(a not in ("--check", "--summary") for a in args):
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    try:
        rows = collect()
    except Fail as e:
        print("official_codes: " + str(e), file=sys.stderr)
        return 2
    text = render(rows)
    if "--summary" in args:
        summary(rows)
    if "--check" in args:
        old = open(OUT, encoding="utf-8").read() if os.path.exists(OUT) else None
        if old != text:
            print("audit/official-codes.tsv is stale; rerun python3 audit/official_codes.py",
                  file=sys.stderr)
            return 1
        return 0
    if "--summary" not in args:
        with open(OUT, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        print("audit/official-codes.tsv: %d rows from %d pages" % (len(rows), len(PAGES)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
