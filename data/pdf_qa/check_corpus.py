#!/usr/bin/env python3
"""Check the PDF-QA corpus: run from the repo root with any python that has pdfplumber.

    python data/pdf_qa/check_corpus.py

Asserts: >= 8 PDFs, >= 40 pages in total, exactly one page without a text layer (named);
every answerable QA's evidence is found on its stated page once all whitespace is removed
(two-column pages are also read column by column: left half, then right half);
unique ids, field values, >= 200 answerable + exactly 20 unanswerable rows, every section in
exactly one split, each split covering >= 5 PDFs and all three difficulties.  Exits 1 on failure.
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

try:
    import pdfplumber
except ImportError:
    sys.exit("check_corpus.py needs pdfplumber:  pip install pdfplumber")

HERE = Path(__file__).resolve().parent
PDF_DIR, QA_PATH = HERE / "pdfs", HERE / "qa.jsonl"
NO_ANSWER = "제공된 문서에서 답을 찾을 수 없습니다."
FIELDS = ["id", "question", "answer", "file", "page", "evidence", "section", "domain",
          "difficulty", "type", "split", "answerable"]
ws = re.compile(r"\s+")


def norm(t: str | None) -> str:
    return ws.sub("", t or "")


def main() -> int:
    errors: list[str] = []
    err = errors.append

    # ---------------------------------------------------------------- PDFs
    pdfs = sorted(PDF_DIR.glob("*.pdf"))
    pages: dict[str, list[tuple[str, str]]] = {}  # file -> [(full text, column-wise text)]
    textless = []
    for path in pdfs:
        with pdfplumber.open(path) as pdf:
            texts = []
            for i, page in enumerate(pdf.pages, start=1):
                full = page.extract_text() or ""
                w, h = page.width, page.height
                cols = ((page.crop((0, 0, w / 2, h)).extract_text() or "") + "\n"
                        + (page.crop((w / 2, 0, w, h)).extract_text() or ""))
                texts.append((norm(full), norm(cols)))
                if not full.strip():
                    textless.append((path.name, i))
            pages[path.name] = texts
    total_pages = sum(len(v) for v in pages.values())
    print(f"PDFs: {len(pdfs)}, pages: {total_pages}, bytes: {sum(p.stat().st_size for p in pdfs):,}")
    for name, texts in pages.items():
        print(f"  {name}: {len(texts)} pages")
    if len(pdfs) < 8:
        err(f"need >= 8 PDFs, found {len(pdfs)}")
    if total_pages < 40:
        err(f"need >= 40 pages in total, found {total_pages}")
    if len(textless) != 1:
        err(f"need exactly one page without text, found {textless}")
    else:
        print(f"image-only page (no text layer): {textless[0][0]} page {textless[0][1]}")

    # ---------------------------------------------------------------- QA rows
    rows = []
    for n, line in enumerate(QA_PATH.read_text(encoding="utf-8").splitlines(), start=1):
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as e:
            err(f"qa.jsonl line {n}: {e}")
    ids = Counter(r.get("id") for r in rows)
    for i, c in ids.items():
        if c > 1:
            err(f"duplicate id {i} ({c}x)")
    section_splits: dict[str, set] = defaultdict(set)
    ans = [r for r in rows if r.get("answerable") is True]
    una = [r for r in rows if r.get("answerable") is False]
    for r in rows:
        rid = r.get("id")
        if list(r) != FIELDS:
            err(f"{rid}: fields {list(r)} != {FIELDS}")
            continue
        if r["split"] not in ("train", "validation", "test"):
            err(f"{rid}: bad split {r['split']!r}")
        if r["difficulty"] not in ("easy", "medium", "hard"):
            err(f"{rid}: bad difficulty {r['difficulty']!r}")
        if not r["question"].strip() or not r["answer"].strip() or not r["domain"]:
            err(f"{rid}: empty question/answer/domain")
        if r["answerable"] is False:
            if any(r[k] is not None for k in ("file", "page", "evidence", "section")) or r["answer"] != NO_ANSWER:
                err(f"{rid}: unanswerable row must have null file/page/evidence/section and answer {NO_ANSWER!r}")
            continue
        if r["answerable"] is not True:
            err(f"{rid}: answerable must be true/false")
            continue
        f, p, ev = r["file"], r["page"], r["evidence"]
        if f not in pages:
            err(f"{rid}: file {f} not found")
            continue
        if not isinstance(p, int) or not 1 <= p <= len(pages[f]):
            err(f"{rid}: {f} has no page {p}")
            continue
        if (f, p) in textless:
            err(f"{rid}: evidence on the image-only page {f} p.{p}")
        full, cols = pages[f][p - 1]
        e = norm(ev)
        if not e or (e not in full and e not in cols):
            err(f"{rid}: evidence not found on page -- file={f} page={p} evidence={ev!r}")
        if not str(r["section"]).startswith(Path(f).stem + "/"):
            err(f"{rid}: section {r['section']!r} does not belong to {f}")
        section_splits[r["section"]].add(r["split"])

    for sec, sp in sorted(section_splits.items()):
        if len(sp) != 1:
            err(f"section {sec} is spread over splits {sorted(sp)}")
    if len(ans) < 200:
        err(f"need >= 200 answerable QA, found {len(ans)}")
    if len(una) != 20:
        err(f"need exactly 20 unanswerable QA, found {len(una)}")
    for split in ("train", "validation", "test"):
        rs = [r for r in ans if r["split"] == split]
        files = {r["file"] for r in rs}
        diffs = {r["difficulty"] for r in rs}
        if len(files) < 5:
            err(f"split {split}: questions from only {len(files)} PDFs (need >= 5)")
        if diffs != {"easy", "medium", "hard"}:
            err(f"split {split}: difficulties {sorted(diffs)} (need easy, medium, hard)")
    used = {r["file"] for r in ans}
    for name in pages:
        if name not in used:
            err(f"{name}: no QA pair uses this PDF")

    # ---------------------------------------------------------------- report
    def show(title, counter):
        print(f"{title}: " + ", ".join(f"{k}={v}" for k, v in sorted(counter.items())))
    print(f"QA rows: {len(rows)} (answerable {len(ans)}, unanswerable {len(una)}); "
          f"sections with QA: {len(section_splits)}")
    show("answerable per split", Counter(r["split"] for r in ans))
    show("unanswerable per split", Counter(r["split"] for r in una))
    show("answerable per difficulty", Counter(r["difficulty"] for r in ans))
    show("answerable per type", Counter(r["type"] for r in ans))
    show("answerable per file", Counter(r["file"] for r in ans))
    if errors:
        print(f"\nFAILED: {len(errors)} problem(s)")
        for e in errors:
            print("  -", e)
        return 1
    print("\nOK: all checks passed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
