"""PDF question answering, the retrieval half: PDF text (pdfplumber), page-aware chunks with overlap, the rule
that says which chunk answers a question, BM25 over character bigrams, dense retrieval with a sentence-transformers
model and its fine-tuning, hybrid fusion, IR metrics, the abstention threshold, the cached chunk index, a paired
bootstrap for A/B tests, the request log's statistics and the tiny encoder that `--smoke` builds offline."""
from __future__ import annotations

import hashlib
import json
import math
import random
import re
import shutil
import statistics
import tempfile
import unicodedata
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

import numpy as np

from common.data import DataError, decode_text_file
from common.errors import UserError
from eval.metrics import char_f1, qa_scores

ABSTAIN = "제공된 문서에서 답을 찾을 수 없습니다."
QA_FIELDS = ["id", "question", "answer", "file", "page", "evidence", "section", "domain", "difficulty", "type",
             "split", "answerable"]
SPLITS = {"train", "validation", "test"}
MIN_EVIDENCE_SHARE = 0.6  # a chunk cut by the overlap still answers when it holds this much of the evidence
RETRIEVAL_KEYS = ["precision@5", "recall@5", "f1@5", "recall@1", "hit@1", "mrr@10", "ndcg@10"]


def squash(text: str) -> str:
    """The form every comparison uses: NFKC, all whitespace removed (PDF line wraps move spaces around)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def _warn(message: str) -> None:
    from common.progress import console
    console.print(f"[yellow]warning:[/] {message}", markup=True, soft_wrap=True, highlight=False)


# ---------------------------------------------------------------- PDFs and chunks
def page_text(page) -> str:
    """The page's text in reading order. pdfplumber reads each line across the whole width, which interleaves the
    columns of a two-column page line by line. On such a page (most text lines do not cross the middle) each band
    of column lines is read left column, then right column; lines that span the width (titles, a lead paragraph)
    are read whole, in place."""
    words = page.extract_words()
    middle = (page.bbox[0] + page.bbox[2]) / 2
    spans: dict[int, bool] = {}  # text line (by its rounded top) → does any word of it cross the middle?
    for word in words:
        key = round(word["top"])
        spans[key] = spans.get(key, False) or word["x0"] < middle < word["x1"]
    left = sum(w["x1"] <= middle for w in words)
    if len(spans) < 6 or sum(spans.values()) > 0.3 * len(spans) or min(left, len(words) - left) == 0:
        return page.extract_text() or ""  # one column
    bands: list[list] = []  # [spans the width?, first line top], in reading order
    for top in sorted(spans):
        if not bands or bands[-1][0] != spans[top]:
            bands.append([spans[top], top])
    x0, y0, x1, y1 = page.bbox
    parts = []
    for i, (wide, top) in enumerate(bands):
        upper = y0 if i == 0 else top - 0.5
        lower = bands[i + 1][1] - 0.5 if i + 1 < len(bands) else y1
        boxes = [(x0, upper, x1, lower)] if wide else [(x0, upper, middle, lower), (middle, upper, x1, lower)]
        parts += [page.within_bbox(box).extract_text() or "" for box in boxes]
    return "\n".join(part for part in parts if part)


def read_pdf(path: Path) -> list[dict]:
    """[{file, page, text}] per page (1-based). An encrypted or broken PDF is a UserError naming the file; a page
    without a text layer (a scan) is kept empty and named in a warning."""
    import pdfplumber

    try:
        with pdfplumber.open(path) as pdf:
            pages = [{"file": path.name, "page": n, "text": unicodedata.normalize("NFC", page_text(page))}
                     for n, page in enumerate(pdf.pages, start=1)]
    except Exception as error:  # pdfminer wraps every parse failure in its own types
        text = f"{type(error).__name__}: {error} {getattr(error, '__cause__', '')!r}".lower()
        if "password" in text or "encrypt" in text:
            raise DataError(f"{path}: the PDF is encrypted (password protected); decrypt it first "
                            f"(e.g. qpdf --decrypt) or remove it from the folder") from None
        raise DataError(f"{path}: not a readable PDF (broken or not a PDF at all): {type(error).__name__}: "
                        f"{str(error)[:200]}") from None
    for page in pages:
        if not squash(page["text"]):
            _warn(f"{path.name} page {page['page']}: no text layer (an image-only or scanned page); it is skipped. "
                  f"OCR it first if its content matters.")
    return pages


def read_pdfs(pdf_dir: str | Path) -> list[dict]:
    folder = Path(pdf_dir)
    if not folder.is_dir():
        raise DataError(f"{folder}: no such folder (--pdf_dir)")
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".pdf" and p.is_file())
    if not files:
        raise DataError(f"{folder}: no .pdf files in it (--pdf_dir)")
    return [page for path in files for page in read_pdf(path)]


def chunk_pages(pages: list[dict], size: int = 500, overlap: int = 100) -> list[dict]:
    """Character windows of about `size` within each page (a chunk never spans two pages, so it keeps one
    (file, page) source), cut at whitespace where possible, each overlapping the previous by about `overlap`."""
    if not 0 <= overlap < size:
        raise UserError(f"chunk overlap {overlap} must be smaller than the chunk size {size}")
    chunks = []
    for page in pages:
        text, start, n = re.sub(r"[ \t]+", " ", page["text"]).strip(), 0, 0
        while start < len(text):
            end = min(len(text), start + size)
            if end < len(text):  # back off to the last space or line break in the window's second half
                cut = max(text.rfind(" ", start + size // 2, end), text.rfind("\n", start + size // 2, end))
                end = cut if cut > start else end
            piece = text[start:end].strip()
            if squash(piece):
                chunks.append({"id": f"{page['file']}#p{page['page']}#c{n}", "file": page["file"],
                               "page": page["page"], "text": piece})
                n += 1
            if end >= len(text):
                break
            nxt = max(end - overlap, start + 1)
            space = text.find(" ", nxt, end)  # start the next window on a word boundary
            start = space + 1 if space != -1 else nxt
    return chunks


def is_relevant(chunk: dict, file: str | None, page: int | None, evidence: str | None,
                min_share: float = MIN_EVIDENCE_SHARE) -> bool:
    """THE relevance rule: a chunk answers a question when it comes from the question's file and page and holds
    its evidence sentence (whitespace-insensitive), or, where the overlap cut the sentence, a contiguous piece of
    at least `min_share` of its characters."""
    if not evidence or chunk["file"] != file or chunk["page"] != page:
        return False
    ev, text = squash(evidence), squash(chunk["text"])
    if ev in text:
        return True
    match = SequenceMatcher(None, ev, text, autojunk=False).find_longest_match(0, len(ev), 0, len(text))
    return match.size >= min_share * len(ev)


def relevant_ids(rows: list[dict], chunks: list[dict]) -> list[set[str]]:
    by_page: dict[tuple, list[dict]] = {}
    for chunk in chunks:
        by_page.setdefault((chunk["file"], chunk["page"]), []).append(chunk)
    return [{c["id"] for c in by_page.get((r["file"], r["page"]), []) if is_relevant(c, r["file"], r["page"],
                                                                                      r["evidence"])}
            for r in rows]


# ---------------------------------------------------------------- questions
def json_lines(path: Path):
    """(line number, object) for each non-empty line of a JSONL file; anything else is a DataError at file:line."""
    text, _ = decode_text_file(path)
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            row = json.loads(raw)
        except json.JSONDecodeError as error:
            raise DataError(f"{path}:{line}: invalid JSON: {error.msg} (column {error.colno})") from None
        if not isinstance(row, dict):
            raise DataError(f"{path}:{line}: expected a JSON object, got {type(row).__name__}")
        yield line, row


def read_qa(path: str | Path, pdf_names: set[str] | None = None) -> list[dict]:
    """qa.jsonl: one object per line with QA_FIELDS; an answerable row names its PDF, page and evidence sentence.
    Every problem is a DataError naming the file and line."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: no such file (--qa)")
    rows, seen = [], {}
    for line, row in json_lines(path):
        if missing := [f for f in QA_FIELDS if f not in row]:
            raise DataError(f"{path}:{line}: missing field(s) {missing}")
        for field in ("id", "question", "answer"):
            if not str(row[field] or "").strip():
                raise DataError(f"{path}:{line}: field '{field}' is empty")
        if row["split"] not in SPLITS:
            raise DataError(f"{path}:{line}: split is {row['split']!r}, expected one of {sorted(SPLITS)}")
        if not isinstance(row["answerable"], bool):
            raise DataError(f"{path}:{line}: answerable must be true or false, got {row['answerable']!r}")
        if row["answerable"]:
            if not isinstance(row["page"], int) or isinstance(row["page"], bool) or row["page"] < 1:
                raise DataError(f"{path}:{line}: page must be a 1-based page number, got {row['page']!r}")
            if not str(row["file"] or "").strip() or not str(row["evidence"] or "").strip():
                raise DataError(f"{path}:{line}: an answerable question needs 'file' and 'evidence'")
            if pdf_names is not None and row["file"] not in pdf_names:
                raise DataError(f"{path}:{line}: file {row['file']!r} is not among the PDFs "
                                f"({', '.join(sorted(pdf_names)[:5])}{', …' if len(pdf_names) > 5 else ''})")
        if row["id"] in seen:
            raise DataError(f"{path}:{line}: id {row['id']!r} already used on line {seen[row['id']]}")
        seen[row["id"]] = line
        rows.append({**{f: row[f] for f in QA_FIELDS}, "line": line})
    if not rows:
        raise DataError(f"{path}: no questions")
    return rows


# ---------------------------------------------------------------- retrievers
def char_ngrams(text: str, n: int = 2) -> list[str]:
    s = squash(text).lower()
    return [s[i:i + n] for i in range(len(s) - n + 1)] or ([s] if s else [])


class BM25:
    """Okapi BM25 over character bigrams: Korean particles stick to words, so whitespace tokens barely match."""

    def __init__(self, texts: list[str], n: int = 2, k1: float = 1.5, b: float = 0.75):
        self.n, self.k1, self.b = n, k1, b
        self.docs = [Counter(char_ngrams(t, n)) for t in texts]
        self.lengths = np.array([sum(d.values()) for d in self.docs], dtype=float)
        self.avg = float(self.lengths.mean()) if len(self.docs) else 0.0
        df = Counter(g for d in self.docs for g in d)
        self.idf = {g: math.log(1 + (len(self.docs) - f + 0.5) / (f + 0.5)) for g, f in df.items()}

    def scores(self, query: str) -> np.ndarray:
        out = np.zeros(len(self.docs))
        norm = self.k1 * (1 - self.b + self.b * self.lengths / max(self.avg, 1e-9))
        for gram in set(char_ngrams(query, self.n)):
            if gram not in self.idf:
                continue
            tf = np.array([d.get(gram, 0) for d in self.docs], dtype=float)
            out += self.idf[gram] * tf * (self.k1 + 1) / (tf + norm)
        return out


def encode(model, texts: list[str], batch_size: int = 32) -> np.ndarray:
    return model.encode(list(texts), batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True,
                        show_progress_bar=False)


def dense_scores(model, questions: list[str], chunk_embeddings: np.ndarray) -> np.ndarray:
    """Cosine similarity, questions × chunks."""
    return encode(model, questions) @ chunk_embeddings.T


def bm25_scores(bm25: BM25, questions: list[str]) -> np.ndarray:
    return np.stack([bm25.scores(q) for q in questions]) if questions else np.zeros((0, len(bm25.docs)))


def rrf(*score_matrices: np.ndarray, k: int = 60) -> np.ndarray:
    """Reciprocal rank fusion: sum of 1 / (k + rank) over the retrievers (scale-free, so cosine and BM25 mix)."""
    fused = np.zeros_like(score_matrices[0], dtype=float)
    for scores in score_matrices:
        ranks = np.argsort(np.argsort(-scores, axis=1, kind="stable"), axis=1, kind="stable") + 1
        fused += 1.0 / (k + ranks)
    return fused


def top_k(scores: np.ndarray, ids: list[str], k: int) -> list[list[str]]:
    order = np.argsort(-scores, axis=1, kind="stable")[:, :k]
    return [[ids[j] for j in row] for row in order]


# ---------------------------------------------------------------- metrics
def per_question_metrics(ranked: list[str], relevant: set[str]) -> dict:
    """The metrics of one ranking against its relevant set (binary relevance)."""
    hits = [cid in relevant for cid in ranked[:10]]
    dcg = sum(1 / math.log2(i + 2) for i, hit in enumerate(hits) if hit)
    idcg = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), 10)))
    first = next((i for i, hit in enumerate(hits) if hit), None)
    return {"precision@5": sum(hits[:5]) / 5, "recall@5": sum(hits[:5]) / len(relevant),
            "recall@1": sum(hits[:1]) / len(relevant), "hit@1": float(any(hits[:1])),
            "mrr@10": 0.0 if first is None else 1 / (first + 1), "ndcg@10": dcg / idcg if idcg else 0.0}


def ranking_metrics(rankings: list[list[str]], relevant: list[set[str]]) -> dict:
    """Means over the questions that have a relevant chunk; F1@5 from the mean precision and recall (the
    source's formula). Questions whose evidence no chunk holds are counted in `no_relevant_chunk`."""
    rows = [per_question_metrics(r, rel) for r, rel in zip(rankings, relevant) if rel]
    if not rows:
        raise DataError("no question has a relevant chunk: check that the evidence sentences are on their pages")
    out = {key: sum(r[key] for r in rows) / len(rows) for key in rows[0]}
    p, r = out["precision@5"], out["recall@5"]
    out["f1@5"] = 2 * p * r / (p + r) if p + r else 0.0
    return {**{k: out[k] for k in RETRIEVAL_KEYS}, "n": len(rows),
            "no_relevant_chunk": sum(1 for rel in relevant if not rel)}


def retrieval_table(results: dict[str, dict]) -> str:
    """Markdown: one row per retriever, one column per metric."""
    lines = ["| retriever | " + " | ".join(RETRIEVAL_KEYS) + " |", "|---" * (len(RETRIEVAL_KEYS) + 1) + "|"]
    lines += [f"| {name} | " + " | ".join(f"{m[k]:.3f}" for k in RETRIEVAL_KEYS) + " |" for name, m in results.items()]
    return "\n".join(lines)


def compare_retrievers(base, tuned, chunks: list[dict], embeddings: np.ndarray, rows: list[dict],
                       relevant: list[set[str]]) -> tuple[dict, np.ndarray]:
    """The metrics of the base encoder, the fine-tuned one (`embeddings` are its chunk embeddings), BM25 and the
    hybrid on the same questions, plus sentence-transformers' own evaluator on the fine-tuned one; returns them and
    the fine-tuned score matrix."""
    ids, texts, questions = [c["id"] for c in chunks], [c["text"] for c in chunks], [r["question"] for r in rows]
    dense_tuned, lexical = dense_scores(tuned, questions, embeddings), bm25_scores(BM25(texts), questions)
    results = {name: ranking_metrics(top_k(scores, ids, 10), relevant) for name, scores in
               {"base": dense_scores(base, questions, encode(base, texts)), "fine-tuned": dense_tuned,
                "BM25 (char bigrams)": lexical, "hybrid (fine-tuned + BM25, RRF)": rrf(dense_tuned, lexical)}.items()}
    results["fine-tuned (sentence-transformers evaluator)"] = ir_evaluator(rows, chunks, relevant, "test")(tuned)
    return results, dense_tuned


def choose_threshold_for(model, embeddings: np.ndarray, rows: list[dict]) -> dict:
    """choose_threshold on the top-1 cosine of `rows` (the validation split)."""
    top = dense_scores(model, [r["question"] for r in rows], embeddings).max(axis=1)
    return choose_threshold([float(s) for r, s in zip(rows, top) if r["answerable"]],
                            [float(s) for r, s in zip(rows, top) if not r["answerable"]])


def choose_threshold(answerable: list[float], unanswerable: list[float]) -> dict:
    """The retrieval-score threshold below which the system abstains, chosen on the validation split: the one
    with the best balanced accuracy (answerable kept, unanswerable refused); ties go to the lower threshold."""
    if not answerable:
        raise DataError("no answerable validation question to choose the abstention threshold on")
    if not unanswerable:
        return {"threshold": min(answerable) - 1e-6, "balanced_accuracy": None,
                "note": "no unanswerable validation question: the threshold only keeps every answerable one"}
    values = sorted(set(answerable) | set(unanswerable))
    candidates = [values[0] - 1e-6] + [(a + b) / 2 for a, b in zip(values, values[1:])] + [values[-1] + 1e-6]
    best = None
    for t in candidates:
        kept = sum(s >= t for s in answerable) / len(answerable)
        refused = sum(s < t for s in unanswerable) / len(unanswerable)
        if best is None or (kept + refused) / 2 > best["balanced_accuracy"] + 1e-12:
            best = {"threshold": float(t), "balanced_accuracy": (kept + refused) / 2, "answerable_kept": kept,
                    "unanswerable_refused": refused}
    return {**best, "validation_answerable": len(answerable), "validation_unanswerable": len(unanswerable)}


# ---------------------------------------------------------------- answers
def retrieve(retriever, chunks, embeddings, questions: list[str], k: int) -> tuple[list[list[dict]], list[float]]:
    """The top-k chunks per question and each question's top-1 cosine (the confidence signal)."""
    scores = dense_scores(retriever, questions, embeddings)
    order = scores.argsort(axis=1)[:, ::-1][:, :k]
    return [[chunks[j] for j in row] for row in order], [float(s[row[0]]) for s, row in zip(scores, order)]


def answer_and_log(questions: list[str], retriever, chunks, embeddings, *, top_k: int, threshold: float, answer,
                   log: Path, backend: str) -> list[dict]:
    """Serving: retrieve, abstain under the threshold, else answer(questions, contexts) → texts; every answer is
    appended to the request log with its latency, sources, retrieval score and confidence."""
    import time

    started = time.perf_counter()
    contexts, scores = retrieve(retriever, chunks, embeddings, questions, top_k)
    keep = [i for i, s in enumerate(scores) if s >= threshold]
    answers = dict(zip(keep, answer([questions[i] for i in keep], [contexts[i] for i in keep]) if keep else []))
    latency = (time.perf_counter() - started) / len(questions)
    results = [{"time": time.strftime("%Y-%m-%dT%H:%M:%S"), "question": q, "answer": answers.get(i, ABSTAIN),
                "sources": [f"{c['file']} p.{c['page']}" for c in contexts[i]], "retrieval_score": scores[i],
                "confidence": confidence(scores[i], threshold), "abstained": i not in answers,
                "latency_s": round(latency, 4), "backend": backend} for i, q in enumerate(questions)]
    for result in results:
        append_log(log, result)
    return results


def deployment_check(rows: list[dict], top_scores: list[float], threshold: float,
                     abstention_rate: float | None) -> dict:
    """The source's check before deployment (mean confidence > 0.5 on answerable questions), plus: at least half
    of the unanswerable questions refused."""
    answerable = [confidence(s, threshold) for r, s in zip(rows, top_scores) if r["answerable"]]
    check = {"mean_confidence_answerable": sum(answerable) / len(answerable), "abstention_rate": abstention_rate}
    check["passed"] = bool(check["mean_confidence_answerable"] > 0.5 and (abstention_rate or 0) >= 0.5)
    return check


def strip_source(answer: str) -> tuple[str, str]:
    body, _, source = answer.partition("(출처:")
    return body.strip(), source.rstrip(")").strip()


def confidence(score: float, threshold: float) -> float:
    """0.5 exactly at the validation-chosen threshold: the source's deployment check (confidence > 0.5)."""
    return 1 / (1 + math.exp(-(score - threshold) / 0.05))


def evaluate_answers(prompt_for, generate, rows, retrieved, gold, top_scores, threshold) -> tuple[dict, list[dict]]:
    """`prompt_for(question, chunks or None)` → messages; `generate(prompts)` → (answers, speed). Answers with the
    retrieved chunks (as served: abstain under the threshold), with the gold chunks (the upper
    bound) and with none, on the answerable test rows; abstention on the unanswerable ones."""
    answerable = [i for i, r in enumerate(rows) if r["answerable"]]
    prompts = ([prompt_for(r["question"], ctx) for r, ctx in zip(rows, retrieved)]
               + [prompt_for(rows[i]["question"], gold[i]) for i in answerable]
               + [prompt_for(rows[i]["question"], None) for i in answerable])
    answers, speed = generate(prompts)
    served = [ABSTAIN if s < threshold else a for a, s in zip(answers[:len(rows)], top_scores)]
    by_context = {"retrieved": [served[i] for i in answerable], "gold": answers[len(rows):len(rows) + len(answerable)],
                  "none": answers[len(rows) + len(answerable):]}
    references = [rows[i]["answer"] for i in answerable]
    metrics = {f"{ctx}/{k}": v for ctx, texts in by_context.items()
               for k, v in qa_scores([strip_source(t)[0] for t in texts], references).items() if k != "n"}
    cited = [f"{rows[i]['file']} p.{rows[i]['page']}" == strip_source(served[i])[1] for i in answerable]
    refused = [squash(ABSTAIN) in squash(served[i]) for i in range(len(rows)) if not rows[i]["answerable"]]
    metrics.update({"citation_accuracy": sum(cited) / len(cited), "answerable": len(answerable),
                    "abstention_rate": sum(refused) / len(refused) if refused else None, "unanswerable": len(refused),
                    "false_abstention_rate": sum(squash(ABSTAIN) in squash(served[i])
                                                 for i in answerable) / len(answerable), **speed})
    per_question = [{"id": r["id"], "answer": a, "served": s, "retrieval_score": sc,
                     "score": char_f1(strip_source(s)[0], r["answer"] if r["answerable"] else ABSTAIN)}
                    for r, a, s, sc in zip(rows, answers, served, top_scores)]
    return metrics, per_question


# ---------------------------------------------------------------- retriever training
def training_dataset(rows: list[dict], chunks: list[dict], relevant: list[set[str]], loss: str, base_model,
                     negatives: int = 2, seed: int = 0):
    """Training rows for the retriever from the answerable questions. `cosine` (the source's recipe): (question,
    chunk, 1.0) per relevant chunk and (question, chunk, 0.0) for `negatives` random non-relevant chunks;
    `mnrl`: (question, relevant chunk, hard negative), the hard negative being the base model's best-ranked chunk
    that the relevance rule rejects (in-batch negatives come on top)."""
    from datasets import Dataset

    rng = random.Random(seed)
    by_id = {c["id"]: c["text"] for c in chunks}
    ids = [c["id"] for c in chunks]
    pairs = [(r, rel) for r, rel in zip(rows, relevant) if rel]
    if not pairs:
        raise DataError("no training question has a relevant chunk")
    if loss == "cosine":
        data = {"sentence1": [], "sentence2": [], "score": []}
        for row, rel in pairs:
            others = [i for i in ids if i not in rel]
            for cid, label in [(c, 1.0) for c in sorted(rel)] + [(c, 0.0) for c in rng.sample(others, negatives)]:
                data["sentence1"].append(row["question"])
                data["sentence2"].append(by_id[cid])
                data["score"].append(label)
        return Dataset.from_dict(data)
    scores = dense_scores(base_model, [r["question"] for r, _ in pairs], encode(base_model, [by_id[i] for i in ids]))
    data = {"anchor": [], "positive": [], "negative": []}
    for (row, rel), row_scores in zip(pairs, scores):
        hard = [ids[j] for j in np.argsort(-row_scores, kind="stable") if ids[j] not in rel][:negatives]
        for cid in sorted(rel):
            for neg in hard[:1]:
                data["anchor"].append(row["question"])
                data["positive"].append(by_id[cid])
                data["negative"].append(by_id[neg])
    return Dataset.from_dict(data)


def finetune_retriever(model, dataset, loss: str, *, learning_rate: float, batch_size: int, epochs: float,
                       warmup_steps: int, seed: int, evaluator=None) -> dict:
    """sentence-transformers' trainer; returns the loss history. MNRL uses the no-duplicates batch sampler so
    a batch never holds the same chunk twice (it would be a false in-batch negative)."""
    from sentence_transformers import SentenceTransformerTrainer, SentenceTransformerTrainingArguments
    from sentence_transformers.sentence_transformer.losses import CosineSimilarityLoss, MultipleNegativesRankingLoss
    from sentence_transformers.sentence_transformer.training_args import BatchSamplers
    from transformers.trainer_callback import PrinterCallback

    loss_fn = CosineSimilarityLoss(model) if loss == "cosine" else MultipleNegativesRankingLoss(model)
    work_dir = tempfile.mkdtemp(prefix="retriever-")  # nothing is saved there (save_strategy "no")
    args = SentenceTransformerTrainingArguments(
        output_dir=work_dir, num_train_epochs=epochs, per_device_train_batch_size=batch_size,
        learning_rate=learning_rate, warmup_steps=int(warmup_steps), seed=seed, data_seed=seed, save_strategy="no",
        report_to="none", disable_tqdm=True, logging_steps=5,
        batch_sampler=BatchSamplers.NO_DUPLICATES if loss == "mnrl" else BatchSamplers.BATCH_SAMPLER)
    trainer = SentenceTransformerTrainer(model=model, args=args, train_dataset=dataset, loss=loss_fn,
                                         evaluator=evaluator)
    trainer.remove_callback(PrinterCallback)  # its raw dicts; the summary below says what matters
    trainer.train()
    shutil.rmtree(work_dir, ignore_errors=True)
    losses = [e["loss"] for e in trainer.state.log_history if "loss" in e]
    return {"loss": loss, "steps": trainer.state.global_step, "rows": len(dataset),
            "first_loss": losses[0] if losses else None, "final_loss": losses[-1] if losses else None,
            "seconds": round(trainer.state.log_history[-1].get("train_runtime", 0.0), 1)}


def ir_evaluator(rows: list[dict], chunks: list[dict], relevant: list[set[str]], name: str):
    """sentence-transformers' own InformationRetrievalEvaluator on the same questions, chunks and relevance."""
    from sentence_transformers.sentence_transformer.evaluation import InformationRetrievalEvaluator

    return InformationRetrievalEvaluator(
        queries={r["id"]: r["question"] for r, rel in zip(rows, relevant) if rel},
        corpus={c["id"]: c["text"] for c in chunks},
        relevant_docs={r["id"]: rel for r, rel in zip(rows, relevant) if rel},
        mrr_at_k=[10], ndcg_at_k=[10], accuracy_at_k=[1, 5], precision_recall_at_k=[1, 5], map_at_k=[10],
        name=name, write_csv=False, show_progress_bar=False)


def load_encoder(path: str, *, max_length: int, trust_remote_code: bool = False):
    """A sentence-transformers model from a folder or the Hub; on GPU through Unsloth's FastSentenceTransformer
    where the installed Unsloth has it (its CPU backend does not)."""
    import torch

    local = Path(path).exists()
    try:
        if torch.cuda.is_available():
            import unsloth
            if hasattr(unsloth, "FastSentenceTransformer"):
                model = unsloth.FastSentenceTransformer.from_pretrained(path, max_seq_length=max_length,
                                                                        full_finetuning=True)
                return model
        from sentence_transformers import SentenceTransformer
        model = SentenceTransformer(path, trust_remote_code=trust_remote_code, local_files_only=local,
                                    model_kwargs={"use_safetensors": True})
    except OSError as error:
        raise UserError(f"could not load the retriever '{path}': {error}. Pass --retriever PATH to a downloaded "
                        f"sentence-transformers folder, or --smoke for the offline tiny encoder.") from None
    model.max_seq_length = max_length
    return model


def save_encoder(model, out_dir: Path) -> Path:
    from common.runs import atomic_dir

    with atomic_dir(out_dir) as tmp:
        model.save_pretrained(str(tmp), safe_serialization=True)
    if pickles := [p.name for p in out_dir.rglob("*") if p.suffix in {".bin", ".pt", ".pth", ".pkl"}]:
        raise RuntimeError(f"{out_dir}: pickle files were written ({pickles}); only safetensors are allowed")
    return out_dir


def build_tiny_encoder(texts: list[str], out_dir: str | Path, *, seed: int = 0, vocab_size: int = 3000,
                       hidden_size: int = 64, layers: int = 2) -> Path:
    """A random 2-layer BERT with a WordPiece tokenizer trained on `texts`, saved as a sentence-transformers
    model (Transformer + mean Pooling), all offline: the `--smoke` retriever."""
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Pooling, Transformer
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors
    from transformers import BertConfig, BertModel, BertTokenizerFast

    out_dir = Path(out_dir)
    raw = out_dir.with_name(out_dir.name + ".hf")
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    # A WordPiece vocabulary built here, not by the tokenizers trainer (its ties fall differently from run to run,
    # and so would the random encoder): every character, alone and as a "##" continuation, then the most frequent
    # words, ties broken alphabetically. No lower-casing or accent stripping: both decompose Hangul into jamo.
    split = pre_tokenizers.BertPreTokenizer()
    words = Counter(w for t in texts for w, _ in split.pre_tokenize_str(unicodedata.normalize("NFC", t)))
    chars = sorted({ch for w in words for ch in w})
    pieces = specials + chars + [f"##{ch}" for ch in chars]
    pieces += [w for w, _ in sorted(words.items(), key=lambda kv: (-kv[1], kv[0])) if len(w) > 1][
        : max(0, vocab_size - len(pieces))]
    tokenizer = Tokenizer(models.WordPiece({p: i for i, p in enumerate(pieces)}, unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.NFC()
    tokenizer.pre_tokenizer = split
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B [SEP]",
        special_tokens=[(t, tokenizer.token_to_id(t)) for t in ("[CLS]", "[SEP]")])
    fast = BertTokenizerFast(tokenizer_object=tokenizer, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]",
                             sep_token="[SEP]", mask_token="[MASK]", do_lower_case=False, model_max_length=512)
    fast.save_pretrained(raw)
    torch.manual_seed(seed)
    config = BertConfig(vocab_size=len(fast), hidden_size=hidden_size, num_hidden_layers=layers,
                        num_attention_heads=2, intermediate_size=hidden_size * 2, max_position_embeddings=512)
    BertModel(config).save_pretrained(raw, safe_serialization=True)
    model = SentenceTransformer(modules=[Transformer(str(raw), max_seq_length=256), Pooling(hidden_size, "mean")],
                                device="cpu")
    save_encoder(model, out_dir)
    shutil.rmtree(raw, ignore_errors=True)
    (out_dir / "SMOKE_MODEL_README.txt").write_text("Random weights, built locally for an offline smoke run.\n")
    return out_dir


# ---------------------------------------------------------------- the chunk index
def pdf_fingerprint(pdf_dir: Path, chunk_size: int, overlap: int) -> str:
    digest = hashlib.sha256(f"{chunk_size}:{overlap}".encode())
    for path in sorted(p for p in Path(pdf_dir).iterdir() if p.suffix.lower() == ".pdf"):
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def save_index(out_dir: Path, chunks: list[dict], embeddings: np.ndarray, meta: dict) -> Path:
    from common.runs import atomic_dir, write_json, write_jsonl

    with atomic_dir(out_dir) as tmp:
        write_jsonl(tmp / "chunks.jsonl", chunks)
        np.save(tmp / "embeddings.npy", embeddings.astype(np.float32), allow_pickle=False)
        write_json(tmp / "meta.json", {**meta, "chunks": len(chunks), "dimension": int(embeddings.shape[1])})
    return out_dir


def load_index(folder: Path) -> tuple[list[dict], np.ndarray, dict]:
    chunks = [json.loads(line) for line in (folder / "chunks.jsonl").read_text(encoding="utf-8").splitlines()]
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    return chunks, np.load(folder / "embeddings.npy", allow_pickle=False), meta


def cached_index(pdf_dir: Path, model, cache_root: Path, *, chunk_size: int, overlap: int):
    """The index of a folder of PDFs, built once and cached under `cache_root/<fingerprint>` (a changed PDF
    changes the fingerprint). Returns (chunks, embeddings, BM25, built_now)."""
    key = pdf_fingerprint(pdf_dir, chunk_size, overlap)
    folder = cache_root / key
    built = not (folder / "meta.json").is_file()
    if built:
        chunks = chunk_pages(read_pdfs(pdf_dir), chunk_size, overlap)
        save_index(folder, chunks, encode(model, [c["text"] for c in chunks]),
                   {"pdf_dir": str(pdf_dir), "chunk_size": chunk_size, "overlap": overlap, "fingerprint": key})
    chunks, embeddings, _ = load_index(folder)
    return chunks, embeddings, BM25([c["text"] for c in chunks]), built


# ---------------------------------------------------------------- A/B test and the request log
def paired_bootstrap(a: list[float], b: list[float], *, resamples: int = 10000, confidence: float = 0.95,
                     seed: int = 0) -> dict:
    """Mean per-question difference B − A with a percentile bootstrap confidence interval over questions;
    the verdict names a winner only when the interval excludes 0."""
    if len(a) != len(b) or not a:
        raise UserError(f"a paired test needs the same questions on both sides ({len(a)} vs {len(b)})")
    diff = np.asarray(b, dtype=float) - np.asarray(a, dtype=float)
    means = diff[np.random.default_rng(seed).integers(0, len(diff), (resamples, len(diff)))].mean(axis=1)
    low, high = np.quantile(means, [(1 - confidence) / 2, 1 - (1 - confidence) / 2])
    verdict = "B is better" if low > 0 else "A is better" if high < 0 else "no significant difference"
    return {"n": len(diff), "mean_a": float(np.mean(a)), "mean_b": float(np.mean(b)), "mean_diff": float(diff.mean()),
            "ci_low": float(low), "ci_high": float(high), "confidence": confidence, "b_wins": int((diff > 0).sum()),
            "a_wins": int((diff < 0).sum()), "ties": int((diff == 0).sum()), "verdict": verdict}


def read_jsonl(path: Path) -> list[dict]:
    if not path.is_file():
        raise DataError(f"{path}: no such file")
    return [row for _, row in json_lines(path)]


def append_log(path: Path, row: dict) -> None:
    with path.open("a", encoding="utf-8") as f:
        f.write(json.dumps(row, ensure_ascii=False) + "\n")


def monitor_stats(rows: list[dict]) -> dict:
    """The performance monitor's summary of a request log: volume, latency, retrieval score, confidence,
    abstentions."""
    if not rows:
        raise DataError("the request log is empty: ask something first (--text, --mode interactive or batch)")
    latency = sorted(float(r["latency_s"]) for r in rows)

    def pct(p: float) -> float:
        return latency[min(len(latency) - 1, int(round(p * (len(latency) - 1))))]
    times = [r["time"] for r in rows if "time" in r]
    return {"requests": len(rows), "latency_mean_s": statistics.mean(latency), "latency_p50_s": pct(0.5),
            "latency_p95_s": pct(0.95), "latency_max_s": latency[-1],
            "retrieval_score_mean": statistics.mean(float(r["retrieval_score"]) for r in rows),
            "confidence_mean": statistics.mean(float(r["confidence"]) for r in rows),
            "abstention_rate": sum(bool(r["abstained"]) for r in rows) / len(rows),
            "backends": dict(Counter(r.get("backend", "?") for r in rows)),
            "first": min(times) if times else None, "last": max(times) if times else None}


def tune_retriever(trials: int, storage: Path, objective_fn, *, seed: int) -> dict:
    """Optuna over the retriever's learning rate, batch size and epochs (the source's search space, its LoRA rank
    replaced by epochs). The study lives in SQLite at `storage`: a second call resumes it and runs only the trials
    still missing. `objective_fn(lr, batch_size, epochs)` returns the validation score to maximise."""
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(study_name="retriever", storage=f"sqlite:///{storage}", load_if_exists=True,
                                direction="maximize", sampler=optuna.samplers.TPESampler(seed=seed))
    done = len([t for t in study.trials if t.state == optuna.trial.TrialState.COMPLETE])

    def objective(trial):
        return objective_fn(trial.suggest_float("learning_rate", 1e-5, 1e-3, log=True),
                            trial.suggest_categorical("batch_size", [4, 8, 16]), trial.suggest_int("epochs", 1, 5))
    if trials > done:
        study.optimize(objective, n_trials=trials - done)
    return {"best_params": study.best_params, "best_value": study.best_value, "trials": len(study.trials),
            "resumed_with": done, "storage": str(storage)}


def ab_test(run_a: Path, run_b: Path, out: Path, seed: int = 0) -> dict:
    """--mode ab: the two runs' predictions.jsonl compared question by question; the result is written to `out`."""
    from common.runs import write_json

    shared, results = compare_runs(*(read_jsonl(run / "predictions.jsonl") for run in (run_a, run_b)), seed=seed)
    write_json(out, {"run_a": str(run_a), "run_b": str(run_b), "questions": shared, **results})
    return results


def compare_runs(a: list[dict], b: list[dict], seed: int = 0) -> tuple[int, dict]:
    """A/B on two runs' predictions.jsonl: the questions both answered (by id), and for the answer score and the
    retrieval metrics a paired bootstrap of the per-question differences B − A."""
    a_by, b_by = {r["id"]: r for r in a}, {r["id"]: r for r in b}
    shared = sorted(set(a_by) & set(b_by))
    if not shared:
        raise UserError("the two runs share no test question; an A/B test needs the same questions")
    if len(shared) < max(len(a_by), len(b_by)):
        _warn(f"comparing the {len(shared)} questions both runs answered ({len(a_by)} vs {len(b_by)})")
    results = {}
    for metric in ("score", "recall@5", "mrr@10"):
        ids = [i for i in shared if a_by[i].get(metric) is not None and b_by[i].get(metric) is not None]
        if ids:
            results[metric] = paired_bootstrap([a_by[i][metric] for i in ids], [b_by[i][metric] for i in ids],
                                               seed=seed)
    return len(shared), results
