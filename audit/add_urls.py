#!/usr/bin/env python3
"""Adds `url`, `title` and (where a published page is known) `docs` to every source of every
record in data/*.json, from local git mirrors of QIWI's public docs repositories.

    python3 audit/add_urls.py            # rewrite data/*.json, print a report
    python3 audit/add_urls.py --check    # only report (counts, sources without url)

Mirrors: $QIWI_MIRRORS/QIWI-API+<repo>/repo (default /work/.mirror), bare git directories as
brought by `fetch github:QIWI-API/<repo>`. Seeds: $QIWI_SEEDS (default ../shared/seeds).

How a source is resolved:
- `QIWI-API/<repo>:<path>@<commit>` sources: the record's code row (or the `{#id}` section) is
  looked up at the cited commit, then the newest commit of that file whose row (or section)
  still reads the same (markup ignored) is cited. A row that changed later is reported
  (and listed in audit/official-gaps.md).
- Seed sources: the seed is a copy of an official page (002 = payments-docs
  _statuses_ru.html.md@685e6f7, 001 = topup-wallet-docs _errors_card_spec_ru.html.md@33e9d56,
  003 = qiwi-wallet-personal-docs at 2584341, 000 lines 255-351 / 2409-2566 = older editions of
  payments-docs and qiwi-wallet-personal-docs pages). The cited seed lines are found by content
  in the official file; the newest commit still holding the same lines is cited.
- The identification API (000 lines 823-1633) has no public repository: its public page
  https://developer.qiwi.com/ru/identification-service/ is cited, without a commit.
- The community list (000 lines 353-408) is GitHub issue QIWI-API/qiwi-wallet-personal-docs#19.
- Seed 004 and the unofficial articles of 000 have no public source: no url.
Key order of a source: file, section, lines, url, title, docs.
"""
import glob
import json
import os
import re
import subprocess
import sys
from functools import lru_cache

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MIRRORS = os.environ.get("QIWI_MIRRORS", "/work/.mirror")
SEEDS = os.environ.get("QIWI_SEEDS", os.path.join(ROOT, "..", "shared", "seeds"))
GH = "https://github.com/QIWI-API"
DEV = "https://developer.qiwi.com"
IDENT_PAGE = DEV + "/ru/identification-service/"
ISSUE19 = GH + "/qiwi-wallet-personal-docs/issues/19"

REPORT = {"changed": [], "unresolved": [], "noline": [], "wording": []}

# Sections whose later edits were read by hand (audit/official-gaps.md, "Reviewed rewordings"):
# the facts the records take from them are still stated at the newest commit, so that is cited.
REVIEWED_SAME = {
    ("topup-wallet-docs", "_topup-status_ru.html.md", "status"),
    ("topup-wallet-docs", "_topup_ru.html.md", "payment"),
    ("qiwipay-docs", "qiwipay_ru.html.md", "test_mode"),
    ("qiwipay-docs", "qiwipay_ru.html.md", "sale_types"),
    ("qiwipay-docs", "qiwipay_ru.html.md", "txn_status"),
    ("qiwipay-docs", "qiwipay_ru.html.md", "capture"),
}


def git(repo, *args):
    r = subprocess.run(["git", "--git-dir=%s/QIWI-API+%s/repo" % (MIRRORS, repo)] + list(args),
                       capture_output=True, text=True)
    return r.stdout if r.returncode == 0 else None


@lru_cache(maxsize=None)
def full(repo, commit):
    return git(repo, "rev-parse", commit + "^{commit}").strip()


@lru_cache(maxsize=None)
def date(repo, commit):
    return git(repo, "log", "-1", "--format=%ad", "--date=short", commit).strip()


@lru_cache(maxsize=None)
def history(repo, path):
    """Commits (full hashes) whose tree holds `path` with a change to it, newest first."""
    out = git(repo, "log", "--format=%H", "--", path)
    commits = []
    for c in out.split():
        if git(repo, "cat-file", "-e", "%s:%s" % (c, path)) is not None:
            commits.append(c)
    return commits


@lru_cache(maxsize=None)
def lines_of(repo, commit, path):
    t = git(repo, "show", "%s:%s" % (commit, path))
    return None if t is None else t.split("\n")


def norm(s):
    s = s.replace("[email\u00a0protected]", "EMAIL").replace("[email protected]", "EMAIL")
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)
    s = re.sub(r"<[^>]+>", " ", s)
    s = s.replace("\\", "").replace("`", "").replace("*", "").replace("|", " ")
    s = s.replace("ё", "е").replace("Ё", "Е").replace("\u00a0", " ").replace("—", "-")
    s = re.sub(r"[\w.+-]+@[\w-]+\.[\w.]+", "EMAIL", s)
    s = re.sub(r"\s+([.,;:])", r"\1", s)
    return re.sub(r"\s+", " ", s).strip()


def heading_level(line):
    m = re.match(r"^(#{1,6})\s", line)
    return len(m.group(1)) if m else 0


def section_range(lines, anchor):
    """1-based (start, end) of the section whose heading carries {#anchor}."""
    for i, l in enumerate(lines):
        if heading_level(l) and "{#%s}" % anchor in l:
            lvl = heading_level(l)
            j = i + 1
            while j < len(lines) and not (heading_level(lines[j]) and heading_level(lines[j]) <= lvl):
                j += 1
            while j > i + 1 and not lines[j - 1].strip():
                j -= 1
            return i + 1, j
    return None


def cells(line):
    if "|" not in line:
        return None
    return [norm(c) for c in line.strip().strip("|").split("|")]


def code_forms(code):
    forms = {code, "error.code." + code}  # bill-payments 2017 lists error.code.<code>
    if code.startswith(">"):
        forms |= {"> " + code[1:].strip(), ">" + code[1:].strip()}
    if code.startswith("> "):
        forms.add(">" + code[2:])
    return forms


def find_row(lines, rng, code, second=None):
    lo, hi = rng if rng else (1, len(lines))
    forms = code_forms(code)
    for n in range(lo, hi + 1):
        c = cells(lines[n - 1])
        if not c or re.match(r"^:?-+:?$", c[0] or "-"):
            continue
        if c[0] in forms or (len(c) > 1 and c[1] in forms and c[0].isupper()):
            if second and second not in c[:2]:
                continue
            return n
    return None


def anchors(section):
    return re.findall(r"\{#([A-Za-z0-9_-]+)\}", section or "")


def newest_same(repo, path, cited, text_of):
    """Newest commit of `path` whose text_of(lines) equals text_of at `cited` (None: not found)."""
    want = text_of(lines_of(repo, cited, path))
    if want is None:
        return cited, None
    for c in history(repo, path):
        got = text_of(lines_of(repo, c, path))
        if got == want:
            return c, want
        if c == cited:
            break
    return cited, want


# --- titles and published pages -------------------------------------------------------------

PRODUCT = {
    "payments-docs": "QIWI payments-docs",
    "qiwi-wallet-personal-docs": "QIWI Wallet API docs",
    "topup-wallet-docs": "QIWI Top-Up API docs",
    "bill-payments-docs": "QIWI bill-payments-docs",
    "p2p-payments-docs": "QIWI P2P invoices docs",
    "pull-payments-docs": "QIWI Pull API docs",
    "qiwipay-docs": "QIWI PAY docs",
}
PAGE = [
    (r"_statuses", "statuses and codes"), (r"_errors_card_spec", "payout statuses and codes"),
    (r"_errors_mobile", "mobile payout codes"), (r"_errors", "error codes"),
    (r"_error_", "error codes"), (r"_responses", "responses"), (r"_resultes", "request results"),
    (r"_notification", "notifications"), (r"_topup-status", "payment status check"),
    (r"_topup_", "wallet top-up"), (r"_profile", "profile, identification, limits"),
    (r"_payment_history", "payment history"), (r"_webhook", "webhooks"), (r"_balance", "balances"),
    (r"_master", "QIWI Master"), (r"bill-payments_", "API reference"),
    (r"p2p-payments_", "API reference"), (r"qiwipay_", "reference"),
    (r"qiwi-wallet-personal_", "general information"),
]
# Published pages, from the repositories' own evidence: payments-docs links
# developer.qiwi.com/ru/payments/; qiwi-wallet-personal-docs links /ru/bill-payments/,
# /en/bill-payments/, /ru/p2p-payments/, /en/p2p-payments/; p2p-payments-docs links
# /ru/qiwi-wallet-personal/. For topup-wallet and pull-payments the page folder is the prefix of
# the `includes:` entries of the main page (`topup-wallet/errors_ru`, `pull-payments/notification_ru`),
# the same convention that holds for payments and qiwi-wallet-personal. Only files that the main
# page includes at the newest commit (or the main page itself) get a `docs` link.
SITE = {
    "payments-docs": "payments", "qiwi-wallet-personal-docs": "qiwi-wallet-personal",
    "bill-payments-docs": "bill-payments", "p2p-payments-docs": "p2p-payments",
    "topup-wallet-docs": "topup-wallet", "pull-payments-docs": "pull-payments",
}
MAIN = {
    "payments-docs": "payments", "qiwi-wallet-personal-docs": "qiwi-wallet-personal",
    "bill-payments-docs": "bill-payments", "p2p-payments-docs": "p2p-payments",
    "topup-wallet-docs": "topup-wallet", "pull-payments-docs": "pull-payments",
}


def lang_of(path):
    m = re.search(r"_(ru|en)\.html\.md", path)
    return m.group(1) if m else "ru"


@lru_cache(maxsize=None)
def published(repo, path):
    if repo not in SITE:
        return None
    lang = lang_of(path)
    main = "%s_%s.html.md" % (MAIN[repo], lang)
    if path == main:
        return "%s/%s/%s/" % (DEV, lang, SITE[repo])
    head = lines_of(repo, "HEAD", main) or []
    inc = "%s/%s" % (SITE[repo], path.lstrip("_").replace(".html.md", ""))
    if any(l.strip().lstrip("- ").strip() == inc for l in head[:60]):
        return "%s/%s/%s/" % (DEV, lang, SITE[repo])
    return None


def title_of(repo, path, commit):
    page = next((t for p, t in PAGE if re.search(p, path)), path)
    t = "%s: %s (%s), %s" % (PRODUCT[repo], page, lang_of(path).upper(), date(repo, commit))
    return t


def blob(repo, commit, path, a=None, b=None):
    u = "%s/%s/blob/%s/%s" % (GH, repo, full(repo, commit), path)
    if a:
        u += "#L%d" % a if not b or b == a else "#L%d-L%d" % (a, b)
    return u


def make(repo, path, commit, a=None, b=None, anchor=None):
    out = {"url": blob(repo, commit, path, a, b), "title": title_of(repo, path, commit)}
    d = published(repo, path)
    if d:
        out["docs"] = d + ("#" + anchor if anchor else "")
    return out


# --- resolution -------------------------------------------------------------------------------

def resolve_repo(repo, path, cited, section, code, key):
    """A source already naming an official file at a commit."""
    cited = full(repo, cited)
    anchor = (anchors(section) or [None])[0]
    base = lines_of(repo, cited, path)
    rng = section_range(base, anchor) if anchor else None
    second = None
    row = find_row(base, rng, code) if code else None

    def row_text(ls):
        if ls is None:
            return None
        r = section_range(ls, anchor) if anchor else None
        n = find_row(ls, r, code)
        return norm(ls[n - 1]) if n else None

    def sec_text(ls):
        if ls is None:
            return None
        r = section_range(ls, anchor)
        return norm(" ".join(ls[r[0]:r[1]])) if r else None

    def fact_lines(ls):
        if ls is None:
            return None
        r = section_range(ls, anchor)
        if not r:
            return None
        pat = re.compile(r"(?<![\w.])%s(?![\w])" % re.escape(code))
        hits = [n for n in range(r[0], r[1] + 1) if pat.search(ls[n - 1])]
        return hits

    def fact_text(ls):
        h = fact_lines(ls)
        return None if not h else sorted(norm(ls[n - 1]) for n in h)

    reviewed = (repo, path, anchor) in REVIEWED_SAME
    if not row and rng and code and fact_lines(base):
        commit, _ = newest_same(repo, path, cited, fact_text)
        if reviewed:
            commit = history(repo, path)[0]
        h = fact_lines(lines_of(repo, commit, path))
        a, b = (min(h), max(h)) if max(h) - min(h) <= 20 else section_range(lines_of(repo, commit, path), anchor)
    elif row:
        # A code row: the newest version that still has a row for the code. Every later
        # rewording of a cited row was read by hand and is listed in official-gaps.md.
        commit = next(c for c in history(repo, path) if row_text(lines_of(repo, c, path)))
        if row_text(lines_of(repo, commit, path)) != row_text(base):
            REPORT["wording"].append((key, repo, path, cited[:7], commit[:7],
                                      row_text(base), row_text(lines_of(repo, commit, path))))
        ls = lines_of(repo, commit, path)
        r = section_range(ls, anchor) if anchor else None
        n = find_row(ls, r, code)
        a = b = n
    elif rng:
        commit, _ = newest_same(repo, path, cited, sec_text)
        if reviewed:
            commit = history(repo, path)[0]
        a, b = section_range(lines_of(repo, commit, path), anchor)
    else:
        commit, a, b = cited, None, None
        REPORT["noline"].append((key, repo, path, section))
    newest = history(repo, path)[0]
    if commit != newest:
        REPORT["changed"].append((key, repo, path, section, cited[:7], commit[:7], newest[:7],
                                  "row" if row else ("fact-lines" if code and rng and fact_lines(base) else "section")))
    return make(repo, path, commit, a, b, anchor)


def seed_lines(name):
    return open(os.path.join(SEEDS, name), encoding="utf-8").read().split("\n")


def locate(repo, path, text, prefer=None):
    """Newest commit of path holding a line whose norm equals `text`; returns (commit, line)."""
    commits = history(repo, path)
    if prefer:
        commits = [full(repo, prefer)] + [c for c in commits if c != full(repo, prefer)]
        commits = sorted(set(commits), key=lambda c: history(repo, path).index(c)
                         if c in history(repo, path) else 10**6)
    for c in commits:
        for i, l in enumerate(lines_of(repo, c, path)):
            if norm(l) == text:
                return c, i + 1
    return None, None


def parse_lines(s):
    if not s:
        return None
    m = re.match(r"^(\d+)(?:-(\d+))?", s)
    return (int(m.group(1)), int(m.group(2) or m.group(1))) if m else None


def resolve_by_seed_rows(repo, path, seed, lines, code, section, key, sub=None):
    """Seed table rows copied from an official file: find the cited seed rows there."""
    sl = seed_lines(seed)
    a, b = lines
    texts = [norm(sl[n - 1]) for n in range(a, b + 1) if norm(sl[n - 1])]
    texts = [t for t in texts if len(t) > 3]
    # newest commit that holds all cited lines (as table rows or text), markup ignored
    for c in history(repo, path):
        ls = lines_of(repo, c, path)
        normed = [norm(l) for l in ls]
        anchor = (anchors(section) or [None])[0]
        rng = section_range(ls, anchor) if anchor else None
        lo, hi = rng if rng else (1, len(ls))
        hits = []
        for t in texts:
            idx = [i + 1 for i, x in enumerate(normed) if x == t and lo <= i + 1 <= hi]
            if not idx:
                break
            hits.append(idx[0])
        else:
            if hits:
                newest = history(repo, path)[0]
                if c != newest:
                    REPORT["changed"].append((key, repo, path, section, "seed " + seed[:3],
                                              c[:7], newest[:7], "seed-row"))
                anchor = (anchors(section) or [None])[0]
                return make(repo, path, c, min(hits), max(hits), anchor)
    return None


def find_code_row_newest(repo, path, anchor, code, key, section, second=None):
    commit = history(repo, path)[0]
    ls = lines_of(repo, commit, path)
    rng = section_range(ls, anchor) if anchor else None
    n = find_row(ls, rng, code, second)
    if n:
        return make(repo, path, commit, n, n, anchor)
    if rng:
        return make(repo, path, commit, rng[0], rng[1], anchor)
    REPORT["unresolved"].append((key, repo, path, section, code))
    return make(repo, path, commit, None, None, anchor)


# --- per-seed rules ---------------------------------------------------------------------------

S000, S001, S002, S003, S004 = (
    "000_46617a834a5a5449.txt", "001_da40cc43aae4c1fc.txt", "002_9a27a85263fb548a.txt",
    "003_98b3e54d1fdd7f87.txt", "004_6c5e2655bbd48899.txt")
PAY = ("payments-docs", "_statuses_ru.html.md", "685e6f747daaa1d15c91667fa132551bd832f85e")
WAL = "qiwi-wallet-personal-docs"


def wallet_row(path, code, table, key, section):
    """Row of `code` in the HTTP or errorCode table of _error_xx.html.md, newest commit."""
    return wallet_row_at(path, history(WAL, path)[0], table, code)


def wallet_row_at(path, commit, table, code="0"):
    ls = lines_of(WAL, commit, path)
    start = None
    for i, l in enumerate(ls):
        c = cells(l)
        if c and ((table == "http" and c[0].startswith("HTTP")) or (table == "err" and c[0] == "errorCode")):
            start = i + 1
            break
    end = start
    while end < len(ls) and "|" in ls[end]:
        end += 1
    n = find_row(ls, (start, end), code)
    return commit, n, (start, end)


def codes_in(section):
    """'_error_ru.html.md: HTTP 423, 500; errorCode 3, 300' -> [('http','423'),...]"""
    out = []
    for part in section.split(";"):
        table = "http" if "HTTP" in part else "err"
        body = part.split(":", 1)[-1]
        m = re.search(r"(\d+)\s*[–-]\s*(\d+)", body)
        if m:
            out.append((table, "range", int(m.group(1)), int(m.group(2))))
            continue
        for n in re.findall(r"\b(\d{1,4})\b", body):
            out.append((table, n))
    return out


def resolve_003(src, fam, code, key):
    sec = src["section"]
    m = re.match(r"^(_?[a-z_-]+_(?:en|ru)\.html\.md)", sec)
    path = m.group(1) if m else None
    if path is None:
        manual = {
            "Identification: type (EN/RU)": ("_profile_en.html.md", "ident_data", "type"),
            "Profile: identificationInfo[].identificationLevel (EN/RU)": ("_profile_en.html.md", "profile", "identificationInfo[].identificationLevel"),
            "Идентификация: текущий статус кошелька (SIMPLE, VERIFIED, FULL)": ("_profile_ru.html.md", "ident_data", "type"),
            "Лимиты QIWI Кошелька {#limits}": ("_profile_ru.html.md", "limits", None),
            "Проверка ограничений исходящих платежей с QIWI Кошелька {#restrictions}": ("_profile_ru.html.md", "restrictions", None),
            "Статусы транзакций: WAITING, SUCCESS, ERROR": ("_payment_history_ru.html.md", "payment-history-item", "status"),
        }[sec]
        path, anchor, field = manual
        return section_or_field(path, anchor, field, key, sec)
    if path.startswith("_error_"):
        if "таблица errorCode" in sec or "HTTP table" in sec:
            table = "err" if "errorCode" in sec else "http"
            commit, n, rng = wallet_row(path, code, table, key, sec)
            if not n:
                REPORT["unresolved"].append((key, WAL, path, sec, code))
                return make(WAL, path, commit, rng[0], rng[1], "errors")
            return make(WAL, path, commit, n, n, "errors")
        rows = []
        for item in codes_in(sec.split(":", 1)[1]):
            commit, _, rng = wallet_row(path, "0", item[0], key, sec)
            ls = lines_of(WAL, commit, path)
            for n in range(rng[0], rng[1] + 1):
                c = cells(ls[n - 1])
                if not c or not c[0].isdigit():
                    continue
                v = int(c[0])
                if (item[1] == "range" and item[2] <= v <= item[3]) or (item[1] != "range" and c[0] == item[1]):
                    if item[0] == "http" and "404" in sec and "счёт" in sec and "счет" not in " ".join(c).lower():
                        continue
                    rows.append(n)
        commit = history(WAL, path)[0]
        if not rows:
            REPORT["unresolved"].append((key, WAL, path, sec, code))
            return make(WAL, path, commit, None, None, "errors")
        return make(WAL, path, commit, min(rows), max(rows), "errors")
    anchor = (anchors(sec) or [None])[0]
    field = None
    if "identificationLevel" in sec:
        field = "identificationInfo[].identificationLevel"
    elif "field type" in sec or "поле type" in sec:
        field = "type"
    elif "field status" in sec or "поле status" in sec:
        field = "status"
    elif "payment.status" in sec:
        field = "payment.status"
    elif "fields sum" in sec:
        field = "sum"
    return section_or_field(path, anchor, field, key, sec, code)


def section_or_field(path, anchor, field, key, sec, code=None):
    commit = history(WAL, path)[0]
    ls = lines_of(WAL, commit, path)
    rng = section_range(ls, anchor) if anchor else None
    if rng is None:
        REPORT["unresolved"].append((key, WAL, path, sec, anchor))
        return make(WAL, path, commit)
    if field:
        for n in range(rng[0], len(ls) + 1):
            c = cells(ls[n - 1])
            if c and c[0] == field:
                return make(WAL, path, commit, n, n, anchor)
        REPORT["noline"].append((key, WAL, path, sec, field))
    if code:
        n = find_row(ls, rng, code)
        if n:
            return make(WAL, path, commit, n, n, anchor)
    return make(WAL, path, commit, rng[0], rng[1], anchor)


def resolve_000_wallet_row(lines, code, key, sec):
    sl = seed_lines(S000)
    a, b = lines
    desc = norm(" ".join(sl[a:b]))  # the lines after the code line
    path = "_error_ru.html.md"
    for c in history(WAL, path):
        ls = lines_of(WAL, c, path)
        _, _, rng = wallet_row_at(path, c, "err")
        n = find_row(ls, rng, code)
        if n and cells(ls[n - 1])[1:2] == [desc]:
            newest = history(WAL, path)[0]
            if c != newest:
                REPORT["changed"].append((key, WAL, path, sec, "seed 000", c[:7], newest[:7], "seed-row"))
            return make(WAL, path, c, n, n, "errors")
    REPORT["unresolved"].append((key, WAL, path, sec, code))
    return None


UNOFFICIAL = "no public source"


def resolve(src, fam, code, key):
    f, sec, ln = src["file"], src.get("section", ""), parse_lines(src.get("lines"))
    m = re.match(r"^QIWI-API/([^:]+):(.+)@([0-9a-f]{40})$", f)
    if m:
        return resolve_repo(m.group(1), m.group(2), m.group(3), sec, code, key)
    if f == S002:
        repo, path, commit = PAY
        ls = lines_of(repo, commit, path)
        sl = seed_lines(S002)
        assert all(norm(ls[n - 1]) == norm(sl[n - 1]) for n in range(ln[0], ln[1] + 1)), key
        return make(repo, path, commit, ln[0], ln[1], (anchors(sec) or [None])[0])
    if f == S001:
        r = resolve_by_seed_rows("topup-wallet-docs", "_errors_card_spec_ru.html.md", S001, ln, code, sec, key)
        if r is None:
            REPORT["unresolved"].append((key, "topup-wallet-docs", "_errors_card_spec_ru.html.md", sec, ln))
        return r
    if f == S003:
        return resolve_003(src, fam, code, key)
    if f == S004:
        return UNOFFICIAL
    # seed 000
    if sec.startswith("API идентификации партнёров"):
        return {"url": IDENT_PAGE, "title": "QIWI Identification API docs (RU), developer.qiwi.com"}
    if "сообществом" in sec or "кодов транзакций 2020" in sec:
        return {"url": ISSUE19, "title": "QIWI wallet docs issue #19: community code list, 2020-04-16"}
    if "копия" in sec and ("протокола приёма платежей" in sec or "{#" in sec):
        r = resolve_by_seed_rows("payments-docs", "_statuses_ru.html.md", S000, ln, code, sec, key)
        if r is None:
            REPORT["unresolved"].append((key, "payments-docs", "_statuses_ru.html.md", sec, ln))
        return r
    if sec == "таблица кодов ошибок QIWI Кошелька (errorCode)":
        return resolve_000_wallet_row(ln, code, key, sec)
    if sec == "Таблица кодов ошибок кошелька (копия в 000)":
        commit = history(WAL, "_error_ru.html.md")[0]
        _, _, rng = wallet_row("_error_ru.html.md", "0", "err", key, sec)
        return make(WAL, "_error_ru.html.md", commit, rng[0], rng[1], "errors")
    return UNOFFICIAL


def ordered(src, extra):
    out = {}
    for k in ("file", "section", "lines"):
        if k in src:
            out[k] = src[k]
    for k in src:
        if k not in ("file", "section", "lines", "url", "title", "docs"):
            out[k] = src[k]
    for k in ("url", "title", "docs"):
        if extra and k in extra:
            out[k] = extra[k]
    return out


def walk_sources(obj, fam, code, key, fn):
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k == "sources" and isinstance(v, list):
                obj[k] = [fn(s, fam, code, key) for s in v]
            else:
                walk_sources(v, fam, code, key, fn)
    elif isinstance(obj, list):
        for v in obj:
            walk_sources(v, fam, code, key, fn)


def main():
    check = "--check" in sys.argv
    stats = {"sources": 0, "with_url": 0, "records": 0, "records_with_url": 0}
    missing = []

    def apply(src, fam, code, key):
        stats["sources"] += 1
        if check:
            extra = {k: src[k] for k in ("url", "title", "docs") if k in src} or None
        else:
            r = resolve(src, fam, code, key)
            extra = r if isinstance(r, dict) else None
        if extra and extra.get("url"):
            stats["with_url"] += 1
            seen[key] = True
        else:
            missing.append((key, src["file"], src.get("section"), src.get("lines")))
        return ordered(src, extra)

    for path in sorted(glob.glob(os.path.join(ROOT, "data", "*.json"))):
        d = json.load(open(path, encoding="utf-8"))
        fam = d.get("family", "symptoms")
        items = d.get("entries") or d.get("symptoms")
        for e in items:
            key = "%s:%s" % (fam, e.get("code") or e.get("id"))
            seen = {}
            stats["records"] += 1
            walk_sources(e, fam, e.get("code"), key, apply)
            if seen:
                stats["records_with_url"] += 1
        if not check:
            with open(path, "w", encoding="utf-8") as f:
                f.write(json.dumps(d, ensure_ascii=False, indent=2) + "\n")
    print("sources: %(sources)d, with url: %(with_url)d, records: %(records)d, "
          "records with at least one url: %(records_with_url)d" % stats)
    print("sources without url: %d" % len(missing))
    for m in missing:
        print("  no url:", *m)
    for kind in ("changed", "unresolved", "noline", "wording"):
        for r in REPORT[kind]:
            print(kind + ":", *r)


if __name__ == "__main__":
    main()
