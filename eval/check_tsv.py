#!/usr/bin/env python3
"""Validate eval/queries.tsv against data/ (reads data/*.json only; runs nothing else).

Checks: the header; 4 tab-separated columns per row; the category is known; the query is
non-empty and has no raw tab/newline (they must be escaped as \\t / \\n); every expected key
is family:code where the family is a data/ family or symptom:<id> from data/symptoms.json;
every code exists in data/ unless the note says "data/ lacks" (notes that say so of a key
data/ has now are counted: they date the row).
Usage: python3 eval/check_tsv.py [path/to/queries.tsv]
"""
import glob
import json
import os
import sys
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TSV = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "eval", "queries.tsv")
HEADER = ["category", "query", "expected", "note"]
CATEGORIES = {
    "code-spelling", "family-words", "official-message", "paraphrase", "typo",
    "symptom", "body", "fragment", "bare-number",
}
# Families documented by QIWI that rows may expect although data/ has no file for them (none
# since payin-error joined data/).
EXTRA_FAMILIES = set()
LACKS = "data/ lacks"


def load_data():
    codes = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "data", "*.json"))):
        with open(path, encoding="utf-8") as f:
            d = json.load(f)
        if "symptoms" in d:
            continue
        codes[d["family"]] = {e["code"] for e in d["entries"]}
    with open(os.path.join(ROOT, "data", "symptoms.json"), encoding="utf-8") as f:
        symptoms = {s["id"] for s in json.load(f)["symptoms"]}
    return codes, symptoms


def main():
    codes, symptoms = load_data()
    errors = []
    per_cat = Counter()
    fams_seen = Counter()
    syms_seen = set()
    lacks_rows = 0
    dated_notes = 0
    with open(TSV, encoding="utf-8", newline="") as f:
        raw = f.read()
    if "\r" in raw:
        errors.append("file contains CR characters")
    lines = raw.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines or lines[0].split("\t") != HEADER:
        errors.append("line 1: header must be " + "\\t".join(HEADER))
    queries = set()
    for no, line in enumerate(lines[1:], start=2):
        cols = line.split("\t")
        if len(cols) != 4:
            errors.append(f"line {no}: {len(cols)} columns, want 4")
            continue
        cat, query, expected, note = cols
        if cat not in CATEGORIES:
            errors.append(f"line {no}: unknown category {cat!r}")
        if not query.strip():
            errors.append(f"line {no}: empty query")
        if (cat, query) in queries:
            errors.append(f"line {no}: duplicate query {query!r}")
        queries.add((cat, query))
        if not note.strip():
            errors.append(f"line {no}: empty note")
        per_cat[cat] += 1
        lacks = LACKS in note
        row_lacks = False
        keys = expected.split("|")
        if len(set(keys)) != len(keys):
            errors.append(f"line {no}: repeated key in expected")
        for key in keys:
            fam, sep, code = key.partition(":")
            if not sep or not fam or not code:
                errors.append(f"line {no}: bad key {key!r}")
                continue
            if fam == "symptom":
                if code not in symptoms:
                    errors.append(f"line {no}: unknown symptom {code!r}")
                syms_seen.add(code)
                continue
            if fam in EXTRA_FAMILIES:
                row_lacks = True
                if not lacks:
                    errors.append(f"line {no}: {key} is not in data/ and the note does not say '{LACKS}'")
                continue
            if fam not in codes:
                errors.append(f"line {no}: unknown family {fam!r}")
                continue
            fams_seen[fam] += 1
            if code not in codes[fam]:
                row_lacks = True
                if not lacks:
                    errors.append(f"line {no}: {key} is not in data/ and the note does not say '{LACKS}'")
        lacks_rows += row_lacks
        dated_notes += lacks and not row_lacks
    missing_fams = sorted(set(codes) - set(fams_seen))
    missing_syms = sorted(symptoms - syms_seen)
    if missing_fams:
        errors.append("families never expected: " + ", ".join(missing_fams))
    if missing_syms:
        errors.append("symptoms never expected: " + ", ".join(missing_syms))
    total = sum(per_cat.values())
    print(f"{total} rows")
    for cat in sorted(per_cat):
        print(f"  {cat:17} {per_cat[cat]}")
    print(f"rows with a key data/ lacks: {lacks_rows}")
    print(f"notes saying 'data/ lacks' of keys data/ has now: {dated_notes}")
    print(f"families covered: {len(fams_seen)}/{len(codes)}; symptoms covered: {len(syms_seen)}/{len(symptoms)}")
    for fam in sorted(fams_seen):
        print(f"  {fam:24} {fams_seen[fam]}")
    if errors:
        print(f"{len(errors)} error(s):", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
