#!/usr/bin/env python3
"""Recompute the filter counts for the AI Hub fixture + own M&A data and compare
them with EXPECTED.json.  Standard library only.

Rules (the data loader must implement exactly these):

Stream order
    1. own data  (data/mna/own/mna_qa.json, list order)          -- processed first, wins dedup
    2. AI Hub    Training/, then Validation/, then Other/;
                 inside a folder: *.json sorted by file name; inside a file: "data" list order.

Filters, applied stage by stage in this order (a record is counted under the
FIRST stage that removes it):
    1. low_quality        quality_score <= 30                     (AI Hub only; keep score > 30)
    2. excluded_category  category in {예체능, 종교, 보건}          (AI Hub only)
    3. dedup (exact)      a) duplicate_of_own: AI Hub record whose question string is
                             identical to the question of an own-data record
                          b) exact_duplicate: (question, answer) identical, character for
                             character, to an earlier record that reached this stage
    4. near_duplicate     (norm(question), norm(answer)) equal to an earlier record that
                          reached this stage; norm = NFKC -> lower() -> drop every
                          whitespace character and every character whose Unicode
                          category starts with P (punctuation) or S (symbol)
    5. length             len(answer.strip()) < 10  or  len(question.strip()) < 5
                          or len(answer.strip()) > 2000

"Earlier record that reached this stage" = earlier in the stream and not removed by an
earlier stage (records removed later, e.g. by the length filter, still count as seen).
Own-data records have no quality_score/category, so stages 1-2 do not apply to them; they
do go through stages 3-5 (and are expected to survive all of them).

Exit status: 0 = counts match EXPECTED.json, 1 = mismatch, 2 = schema/IO error.
"""
import argparse
import json
import sys
import unicodedata
from collections import Counter, OrderedDict
from pathlib import Path

SPLITS = ("Training", "Validation", "Other")
ALLOWED_CATEGORIES = {"인문", "사회", "자연과학", "공학", "경제", "법률", "예체능", "종교", "보건"}
EXCLUDED_CATEGORIES = {"예체능", "종교", "보건"}
MIN_QUALITY_EXCLUSIVE = 30          # keep quality_score > 30
MIN_ANSWER_CHARS = 10
MIN_QUESTION_CHARS = 5
MAX_ANSWER_CHARS = 2000
REASONS = ("low_quality", "excluded_category", "exact_duplicate",
           "near_duplicate", "length", "duplicate_of_own")


def normalise(text):
    """NFKC, lowercase, remove all whitespace and all P*/S* characters."""
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in text
                   if not ch.isspace() and unicodedata.category(ch)[0] not in "PSZ")


def length_ok(rec):
    q = rec["question"].strip()
    a = rec["answer"].strip()
    return len(a) >= MIN_ANSWER_CHARS and len(q) >= MIN_QUESTION_CHARS and len(a) <= MAX_ANSWER_CHARS


def load_own(path, errors):
    items = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(items, list):
        errors.append(f"{path}: top level must be a list")
        return []
    seen_ids = set()
    out = []
    for i, it in enumerate(items):
        where = f"{path.name}[{i}]"
        for key in ("id", "question", "answer", "topic"):
            if not isinstance(it.get(key), str) or not it.get(key).strip():
                errors.append(f"{where}: missing/empty string field {key!r}")
        if it.get("id") in seen_ids:
            errors.append(f"{where}: duplicate id {it.get('id')!r}")
        seen_ids.add(it.get("id"))
        out.append({"source": "own", "where": where, "id": it.get("id"),
                    "question": it.get("question", ""), "answer": it.get("answer", "")})
    return out


def load_aihub(root, errors):
    out = []
    seen_ids = set()
    for split in SPLITS:
        folder = root / split
        if not folder.is_dir():
            errors.append(f"missing folder {folder}")
            continue
        for path in sorted(folder.glob("*.json")):
            doc = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(doc, dict) or not isinstance(doc.get("data"), list) \
                    or not isinstance(doc.get("data_info"), dict):
                errors.append(f"{path}: expected {{'data_info': {{...}}, 'data': [...]}}")
                continue
            for i, rec in enumerate(doc["data"]):
                where = f"{split}/{path.name}[{i}]"
                for key in ("qa_id", "category", "question", "answer"):
                    if not isinstance(rec.get(key), str):
                        errors.append(f"{where}: field {key!r} must be a string")
                score = rec.get("quality_score")
                if not isinstance(score, int) or isinstance(score, bool):
                    errors.append(f"{where}: quality_score must be an integer")
                if rec.get("category") not in ALLOWED_CATEGORIES:
                    errors.append(f"{where}: unknown category {rec.get('category')!r}")
                if rec.get("qa_id") in seen_ids:
                    errors.append(f"{where}: duplicate qa_id {rec.get('qa_id')!r}")
                seen_ids.add(rec.get("qa_id"))
                out.append({"source": "aihub", "split": split, "where": where,
                            "id": rec.get("qa_id"), "category": rec.get("category"),
                            "quality_score": score, "question": rec.get("question", ""),
                            "answer": rec.get("answer", "")})
    return out


def run_pipeline(stream):
    """Annotate each record with 'removed' (reason or None). Stage by stage."""
    for r in stream:
        r["removed"] = None
    alive = lambda: [r for r in stream if r["removed"] is None]

    # 1. quality
    for r in alive():
        if r["source"] == "aihub" and r["quality_score"] <= MIN_QUALITY_EXCLUSIVE:
            r["removed"] = "low_quality"
    # 2. category
    for r in alive():
        if r["source"] == "aihub" and r["category"] in EXCLUDED_CATEGORIES:
            r["removed"] = "excluded_category"
    # 3. exact dedup (+ cross-source question dedup against own data)
    own_questions = set()
    seen_exact = set()
    for r in alive():
        key = (r["question"], r["answer"])
        if r["source"] == "aihub" and r["question"] in own_questions:
            r["removed"] = "duplicate_of_own"
        elif key in seen_exact:
            r["removed"] = "exact_duplicate"
        else:
            seen_exact.add(key)
            if r["source"] == "own":
                own_questions.add(r["question"])
    # 4. near dedup
    seen_norm = set()
    for r in alive():
        key = (normalise(r["question"]), normalise(r["answer"]))
        if key in seen_norm:
            r["removed"] = "near_duplicate"
        else:
            seen_norm.add(key)
    # 5. length
    for r in alive():
        if not length_ok(r):
            r["removed"] = "length"
    return stream


def summarise(stream):
    own = [r for r in stream if r["source"] == "own"]
    hub = [r for r in stream if r["source"] == "aihub"]
    removed = Counter(r["removed"] for r in hub if r["removed"])
    return OrderedDict([
        ("total_records", len(hub)),
        ("removed", OrderedDict((k, removed.get(k, 0)) for k in REASONS)),
        ("kept", sum(1 for r in hub if r["removed"] is None)),
        ("own_total", len(own)),
        ("own_kept", sum(1 for r in own if r["removed"] is None)),
    ]), Counter(r["removed"] for r in own if r["removed"])


def main():
    here = Path(__file__).resolve().parent
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", type=Path, default=here, help="folder holding Training/ Validation/ Other/")
    ap.add_argument("--own", type=Path, default=here.parent / "own" / "mna_qa.json")
    ap.add_argument("--expected", type=Path, default=here / "EXPECTED.json")
    ap.add_argument("-v", "--verbose", action="store_true", help="print the fate of every removed record")
    args = ap.parse_args()

    errors = []
    try:
        stream = load_own(args.own, errors) + load_aihub(args.root, errors)
        expected = json.loads(args.expected.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"ERROR: {exc}", file=sys.stderr)
        return 2
    if errors:
        for e in errors:
            print(f"SCHEMA: {e}", file=sys.stderr)
        return 2

    run_pipeline(stream)
    got, own_removed = summarise(stream)

    if args.verbose:
        for r in stream:
            if r["removed"]:
                print(f"  {r['removed']:<18} {r['where']:<28} {r['id']}  {r['question'][:40]}")
    if own_removed:
        print(f"NOTE: own-data records removed: {dict(own_removed)}")

    mismatches = []
    for key in ("total_records", "kept", "own_total", "own_kept"):
        if expected.get(key) != got[key]:
            mismatches.append(f"{key}: expected {expected.get(key)}, got {got[key]}")
    exp_removed = expected.get("removed", {})
    for key in REASONS:
        if exp_removed.get(key) != got["removed"][key]:
            mismatches.append(f"removed.{key}: expected {exp_removed.get(key)}, got {got['removed'][key]}")
    for key in set(exp_removed) - set(REASONS):
        mismatches.append(f"removed.{key}: unknown reason in EXPECTED.json")
    if got["total_records"] != got["kept"] + sum(got["removed"].values()):
        mismatches.append("internal: kept + removed != total")

    print(json.dumps(got, ensure_ascii=False, indent=2))
    if mismatches:
        print("MISMATCH:\n  " + "\n  ".join(mismatches), file=sys.stderr)
        return 1
    print("OK: counts match EXPECTED.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
