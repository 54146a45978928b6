"""PDF QA (train_pdf_qa.py, eval/retrieval.py): the relevance rule, IR metrics, BM25, the bootstrap, the loaders'
errors, the A/B test and the request monitor on hand-made inputs, then one `--smoke` run end to end, which is also
the proof that the retriever learns (tiny random encoder, held-out recall@5 against the untrained one)."""
import json
from argparse import Namespace
from pathlib import Path

import numpy as np
import pytest

from common.data import DataError
from conftest import answer_after_prompt, run_script
from eval import retrieval as R

EVIDENCE = "임차인은 계약이 끝나면 보증금을 돌려받을 권리가 있습니다."


def make_pdf(path: Path, pages: list[str | None], password: str | None = None) -> Path:
    """A Korean PDF with NanumGothic embedded; a None page is image-only (a filled rectangle, no text layer)."""
    import koreanize_matplotlib
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = next(Path(koreanize_matplotlib.__file__).parent.rglob("NanumGothic.ttf"))
    pdfmetrics.registerFont(TTFont("Nanum", str(font)))
    c = canvas.Canvas(str(path), encrypt=password)
    for text in pages:
        if text is None:
            c.rect(100, 100, 300, 300, fill=1)
        else:
            c.setFont("Nanum", 11)
            for i, line in enumerate(text.split("\n")):
                c.drawString(50, 780 - 16 * i, line)
        c.showPage()
    c.save()
    return path


def test_two_column_pages_are_read_column_by_column_and_one_column_pages_as_they_are(tmp_path):
    import koreanize_matplotlib
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = next(Path(koreanize_matplotlib.__file__).parent.rglob("NanumGothic.ttf"))
    pdfmetrics.registerFont(TTFont("Nanum", str(font)))
    left = ["왼쪽 단의 첫째 줄은", "보증금 반환에 관한", "설명으로 이어집니다.", "왼쪽 넷째 줄", "왼쪽 다섯째 줄",
            "왼쪽 여섯째 줄"]
    right = ["오른쪽 단의 첫째 줄은", "전입신고 절차를", "다룹니다.", "오른쪽 넷째 줄", "오른쪽 다섯째 줄",
             "오른쪽 여섯째 줄"]
    path = tmp_path / "two.pdf"
    c = canvas.Canvas(str(path))
    c.setFont("Nanum", 11)
    c.drawString(50, 800, "소식지 제1호: 두 단으로 된 쪽의 제목 줄은 가운데를 가로질러 씁니다")
    for i, (a, b) in enumerate(zip(left, right)):
        c.drawString(50, 760 - 16 * i, a)
        c.drawString(320, 760 - 16 * i, b)
    c.showPage()
    c.save()
    text = R.read_pdf(path)[0]["text"]
    assert R.squash("왼쪽 단의 첫째 줄은 보증금 반환에 관한 설명으로 이어집니다.") in R.squash(text)
    assert R.squash("오른쪽 단의 첫째 줄은 전입신고 절차를 다룹니다.") in R.squash(text)
    assert text.index("소식지") < text.index("왼쪽") < text.index("오른쪽")  # the title first, in place
    lines = [f"한 단으로 된 쪽은 줄마다 가운데를 지나는 긴 문장으로 되어 있습니다 {i}" for i in range(8)]
    one = make_pdf(tmp_path / "one.pdf", ["\n".join(lines)])
    import pdfplumber
    with pdfplumber.open(one) as pdf:
        assert R.read_pdf(one)[0]["text"] == pdf.pages[0].extract_text()


# ---------------------------------------------------------------- the relevance rule and chunking
def chunk(text, file="a.pdf", page=3):
    return {"id": "x", "file": file, "page": page, "text": text}


def test_relevance_rule_is_whitespace_insensitive_and_tolerates_a_cut_by_the_overlap():
    wrapped = "앞 문장. 임차인은 계약이\n끝나면 보증금을 돌려 받을 권리가 있습니다. 뒤"
    assert R.is_relevant(chunk(wrapped), "a.pdf", 3, EVIDENCE)
    assert not R.is_relevant(chunk(EVIDENCE, page=4), "a.pdf", 3, EVIDENCE)       # another page
    assert not R.is_relevant(chunk(EVIDENCE, file="b.pdf"), "a.pdf", 3, EVIDENCE)  # another file
    squashed = R.squash(EVIDENCE)
    assert R.is_relevant(chunk("서두 " + squashed[: int(len(squashed) * 0.7)]), "a.pdf", 3, EVIDENCE)  # 70% kept
    assert not R.is_relevant(chunk("서두 " + squashed[: int(len(squashed) * 0.4)]), "a.pdf", 3, EVIDENCE)
    assert not R.is_relevant(chunk(EVIDENCE), None, None, None)  # an unanswerable question has no relevant chunk


def test_chunks_stay_on_their_page_overlap_and_cover_it():
    words = " ".join(f"단어{i}" for i in range(200))
    pages = [{"file": "a.pdf", "page": 1, "text": words}, {"file": "a.pdf", "page": 2, "text": "짧은 쪽"},
             {"file": "a.pdf", "page": 3, "text": ""}]
    chunks = R.chunk_pages(pages, size=120, overlap=30)
    first = [c for c in chunks if c["page"] == 1]
    assert len(first) > 5 and [c["page"] for c in chunks].count(2) == 1 and 3 not in [c["page"] for c in chunks]
    assert all(len(c["text"]) <= 120 for c in chunks)
    for a, b in zip(first, first[1:]):
        assert a["text"].split()[-1] in b["text"]  # the windows overlap
    assert {w for c in first for w in c["text"].split()} == set(words.split())  # nothing lost
    assert len({c["id"] for c in chunks}) == len(chunks)


# ---------------------------------------------------------------- metrics, BM25, fusion, threshold, bootstrap
def test_ranking_metrics_on_hand_made_rankings():
    ranked = [["a", "b", "c", "d", "e"], ["x", "y", "q", "z", "w"], ["m", "n", "o", "p", "r"]]
    relevant = [{"a", "c"}, {"q"}, {"nothing-retrieved"}]
    m = R.ranking_metrics(ranked, relevant)
    assert m["precision@5"] == pytest.approx((2 / 5 + 1 / 5 + 0) / 3)
    assert m["recall@5"] == pytest.approx((1 + 1 + 0) / 3)
    assert m["recall@1"] == pytest.approx((1 / 2 + 0 + 0) / 3) and m["hit@1"] == pytest.approx(1 / 3)
    assert m["mrr@10"] == pytest.approx((1 + 1 / 3 + 0) / 3)
    ndcg_first = (1 + 1 / np.log2(4)) / (1 + 1 / np.log2(3))
    assert m["ndcg@10"] == pytest.approx((ndcg_first + 1 / np.log2(4) + 0) / 3)
    p, r = m["precision@5"], m["recall@5"]
    assert m["f1@5"] == pytest.approx(2 * p * r / (p + r))
    with pytest.raises(DataError, match="no question has a relevant chunk"):
        R.ranking_metrics(ranked, [set(), set(), set()])


def test_bm25_over_character_bigrams_finds_korean_words_with_particles():
    texts = ["전세보증금을 돌려받는 절차", "근저당권의 설정과 말소", "관리비 정산 방법"]
    bm25 = R.BM25(texts)
    assert int(np.argmax(bm25.scores("전세보증금은 어떻게 돌려받나요"))) == 0  # 은 vs 을: bigrams still match
    assert int(np.argmax(bm25.scores("근저당권 말소"))) == 1
    assert bm25.scores("ZZZ").sum() == 0


def test_rrf_rewards_agreement_between_retrievers():
    dense = np.array([[0.9, 0.8, 0.1]])
    lexical = np.array([[1.0, 9.0, 0.0]])
    fused = R.rrf(dense, lexical)
    assert fused.argmax() == 1 or fused[0, 0] == fused[0, 1]  # each is first once: a tie, both above the third
    assert fused[0, 2] < fused[0, 0]


def test_threshold_separates_answerable_from_unanswerable_on_validation():
    t = R.choose_threshold([0.8, 0.9, 0.7], [0.2, 0.3, 0.75])
    assert 0.3 < t["threshold"] <= 0.7 and t["balanced_accuracy"] == pytest.approx((1 + 2 / 3) / 2)
    assert R.choose_threshold([0.5], [])["threshold"] < 0.5


def test_paired_bootstrap_names_a_winner_only_when_the_interval_excludes_zero():
    rng = np.random.default_rng(0)
    a = rng.uniform(0, 0.5, 60)
    better = R.paired_bootstrap(list(a), list(a + 0.2 + rng.normal(0, 0.05, 60)))
    assert better["verdict"] == "B is better" and 0.15 < better["ci_low"] < better["mean_diff"] < better["ci_high"]
    noise = R.paired_bootstrap(list(a), list(a + rng.normal(0, 0.2, 60)))
    assert noise["verdict"] == "no significant difference" and noise["ci_low"] < 0 < noise["ci_high"]
    assert R.paired_bootstrap([0.9] * 10, [0.1] * 10)["verdict"] == "A is better"


def test_hpo_study_lives_in_sqlite_and_resumes_with_the_missing_trials(tmp_path):
    seen = []

    def objective(lr, batch_size, epochs):  # stands in for training: best at the largest epochs, smallest lr
        seen.append((lr, batch_size, epochs))
        assert 1e-5 <= lr <= 1e-3 and batch_size in (4, 8, 16) and 1 <= epochs <= 5
        return epochs - lr * 100
    first = R.tune_retriever(3, tmp_path / "hpo.sqlite", objective, seed=0)
    assert first["trials"] == 3 and first["resumed_with"] == 0 and (tmp_path / "hpo.sqlite").is_file()
    again = R.tune_retriever(5, tmp_path / "hpo.sqlite", objective, seed=0)
    assert again["resumed_with"] == 3 and again["trials"] == 5 and len(seen) == 5  # only the 2 missing trials ran
    assert again["best_value"] == max(e - lr * 100 for lr, _, e in seen)
    assert set(again["best_params"]) == {"learning_rate", "batch_size", "epochs"}


# ---------------------------------------------------------------- loaders
def qa_row(**overrides):
    row = {"id": "q1", "question": "보증금은?", "answer": "돌려받습니다.", "file": "a.pdf", "page": 1,
           "evidence": EVIDENCE, "section": "s1", "domain": "부동산", "difficulty": "easy", "type": "factual",
           "split": "train", "answerable": True}
    return json.dumps({**row, **overrides}, ensure_ascii=False)


@pytest.mark.parametrize("line, message", [
    ("{not json", "qa.jsonl:2: invalid JSON"),
    (qa_row(id="q2", split="dev"), "qa.jsonl:2: split is 'dev'"),
    (qa_row(id="q2", page=0), "qa.jsonl:2: page must be a 1-based page number"),
    (qa_row(id="q2", file="missing.pdf"), "qa.jsonl:2: file 'missing.pdf' is not among the PDFs"),
    (qa_row(id="q1"), "qa.jsonl:2: id 'q1' already used on line 1"),
    (json.dumps({"id": "q2", "question": "?"}), "qa.jsonl:2: missing field(s)"),
])
def test_bad_questions_are_named_by_file_and_line(tmp_path, line, message):
    path = tmp_path / "qa.jsonl"
    path.write_text(qa_row() + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=message.replace("(", r"\(").replace(")", r"\)")):
        R.read_qa(path, {"a.pdf"})


def test_pdf_loader_names_encrypted_broken_and_image_only(tmp_path, capsys):
    folder = tmp_path / "pdfs"
    folder.mkdir()
    with pytest.raises(DataError, match="no .pdf files"):
        R.read_pdfs(folder)
    make_pdf(folder / "good.pdf", ["첫 쪽입니다. " + EVIDENCE, None])
    pages = R.read_pdfs(folder)
    assert [(p["file"], p["page"]) for p in pages] == [("good.pdf", 1), ("good.pdf", 2)]
    assert R.squash(EVIDENCE) in R.squash(pages[0]["text"]) and not pages[1]["text"].strip()
    assert "good.pdf page 2: no text layer" in " ".join(capsys.readouterr().out.split())
    make_pdf(folder / "locked.pdf", ["비밀 문서"], password="secret")
    with pytest.raises(DataError, match=r"locked\.pdf: the PDF is encrypted"):
        R.read_pdfs(folder)
    (folder / "locked.pdf").unlink()
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\nthis is not really a pdf")
    with pytest.raises(DataError, match=r"broken\.pdf: not a readable PDF"):
        R.read_pdfs(folder)


def test_a_broken_pdf_ends_the_trainer_with_one_red_line_and_exit_2(tmp_path, capsys, monkeypatch):
    import train_pdf_qa
    from common import cli
    folder = tmp_path / "pdfs"
    folder.mkdir()
    (folder / "broken.pdf").write_bytes(b"not a pdf")
    monkeypatch.setattr("sys.argv", ["train_pdf_qa.py", "--smoke", "--pdf_dir", str(folder),
                                     "--output_dir", str(tmp_path / "run")])
    with pytest.raises(SystemExit) as stop:
        cli.run_main(train_pdf_qa.main)  # in process: the same path as the command line, without a second start-up
    out = " ".join(capsys.readouterr().out.split())
    assert stop.value.code == 2 and "error in step 'data'" in out and "broken.pdf: not a readable PDF" in out
    assert not (tmp_path / "run").exists()  # nothing was started


# ---------------------------------------------------------------- --mode ab and --mode stats, in process
def trainer_args(*argv) -> Namespace:
    import sys

    import train_pdf_qa
    from common import cli
    old, sys.argv = sys.argv, ["train_pdf_qa.py", *argv]
    try:
        parser = cli.build_parser("t", default_model="m", defaults=train_pdf_qa.DEFAULTS, smoke=train_pdf_qa.SMOKE)
        train_pdf_qa.add_flags(parser)
        args = cli.resolve(parser.parse_args(), train_pdf_qa.DEFAULTS, smoke=train_pdf_qa.SMOKE)
        train_pdf_qa.resolve_retriever(args)
    finally:
        sys.argv = old
    return args


def write_predictions(run: Path, scores: list[float]) -> Path:
    run.mkdir()
    (run / "predictions.jsonl").write_text("".join(
        json.dumps({"id": f"q{i}", "score": s, "recall@5": 1.0, "mrr@10": 0.5}) + "\n" for i, s in enumerate(scores)))
    return run


def test_mode_ab_pairs_the_same_questions_and_gives_a_verdict(tmp_path):
    import train_pdf_qa
    rng = np.random.default_rng(1)
    a = rng.uniform(0.2, 0.6, 40)
    run_a = write_predictions(tmp_path / "a", list(a))
    run_b = write_predictions(tmp_path / "b", list(a + 0.15))
    train_pdf_qa.ab_test(trainer_args("--mode", "ab", "--run_a", str(run_a), "--run_b", str(run_b)))
    result = json.loads((run_b / "ab_test.json").read_text())
    assert result["questions"] == 40 and result["score"]["verdict"] == "B is better"
    assert result["score"]["mean_diff"] == pytest.approx(0.15) and result["recall@5"]["verdict"].startswith("no ")
    other = write_predictions(tmp_path / "c", [])
    with pytest.raises(Exception, match="share no test question"):
        train_pdf_qa.ab_test(trainer_args("--mode", "ab", "--run_a", str(run_a), "--run_b", str(other)))


def test_mode_stats_summarises_a_hand_made_request_log(tmp_path):
    import train_pdf_qa
    log = tmp_path / "requests.jsonl"
    rows = [{"time": f"2026-12-07T10:00:0{i}", "question": "?", "answer": "!", "retrieval_score": s, "confidence": c,
             "abstained": ab, "latency_s": lat, "backend": "hf"}
            for i, (s, c, ab, lat) in enumerate([(0.9, 0.9, False, 1.0), (0.2, 0.1, True, 3.0),
                                                 (0.7, 0.6, False, 2.0), (0.8, 0.8, False, 10.0)])]
    log.write_text("".join(json.dumps(r) + "\n" for r in rows))
    train_pdf_qa.show_stats(trainer_args("--mode", "stats", "--input_file", str(log)))
    stats = json.loads((tmp_path / "request_stats.json").read_text())
    assert stats["requests"] == 4 and stats["abstention_rate"] == 0.25
    assert stats["latency_mean_s"] == 4.0 and stats["latency_p50_s"] in (2.0, 3.0) and stats["latency_max_s"] == 10.0
    assert stats["retrieval_score_mean"] == pytest.approx(0.65) and stats["first"] == "2026-12-07T10:00:00"
    log.write_text('{"latency_s": 1}\n{broken\n')
    with pytest.raises(DataError, match=r"requests.jsonl:2: invalid JSON"):
        R.read_jsonl(log)


# ---------------------------------------------------------------- one --smoke run end to end
@pytest.fixture(scope="module")
def smoke(tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf_qa_smoke") / "run"
    result = run_script("train_pdf_qa.py", "--smoke", "--output_dir", str(out), timeout=1200)
    return out, result.stdout + result.stderr


def test_smoke_leaves_retriever_index_generator_exports_metrics_and_report(smoke):
    from sentence_transformers import SentenceTransformer

    out, stdout = smoke
    assert "SMOKE RUN" in stdout and "product_faq.pdf page 7: no text layer" in " ".join(stdout.split())
    for path in ["retriever/model.safetensors", "retriever/modules.json", "index/chunks.jsonl", "index/embeddings.npy",
                 "adapter/adapter_model.safetensors", "merged/model.safetensors", "gguf/model.Q8_0.gguf",
                 "gguf/Modelfile", "metrics.json", "report.md", "predictions.jsonl", "config.json"]:
        assert (out / path).is_file(), path
    exported = [p for d in ("retriever", "index", "adapter", "merged", "gguf") for p in (out / d).rglob("*")]
    assert not [p for p in exported if p.suffix in {".bin", ".pt", ".pth", ".pkl"}]
    chunks, embeddings, meta = R.load_index(out / "index")
    retriever = SentenceTransformer(str(out / "retriever"), local_files_only=True)
    assert embeddings.shape == (len(chunks), retriever.get_embedding_dimension()) == (meta["chunks"], meta["dimension"])
    assert np.allclose(R.encode(retriever, [chunks[0]["text"]])[0], embeddings[0], atol=1e-4)  # the saved retriever
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["exports"]["q8_0"]["passed"]
    for name in ("base", "fine-tuned", "BM25 (char bigrams)", "hybrid (fine-tuned + BM25, RRF)"):
        assert set(R.RETRIEVAL_KEYS) <= set(metrics["retrieval"][name]), name
    for side in ("base", "finetuned"):
        assert {"retrieved/char_f1", "gold/char_f1", "none/char_f1", "retrieved/rouge_l_char", "abstention_rate",
                "citation_accuracy"} <= set(metrics[side])
        assert metrics[side]["unanswerable"] > 0 and 0 <= metrics[side]["abstention_rate"] <= 1
    assert 0 < metrics["threshold"]["threshold"] < 1
    training = metrics["training"]  # the generator trained: its loss fell, on the validation rows too
    assert training["final_train_loss"] < training["first_train_loss"] and training["retriever"]["loss"] == "mnrl"
    assert training["history"]["eval_loss"][-1] < training["history"]["eval_loss"][0]
    report = (out / "report.md").read_text()
    assert "Smoke run" in report and "| BM25 (char bigrams) |" in report and "verified" in report


def test_retriever_learns_held_out_recall_at_5_far_above_the_untrained_encoder(smoke):
    """The proof that it learns: the tiny random encoder, fine-tuned on the train split's questions, against itself
    untrained, on the test split's questions (other sections of the documents). Measured: see README."""
    out, _ = smoke
    retrieval = json.loads((out / "metrics.json").read_text())["retrieval"]
    base, tuned = retrieval["base"], retrieval["fine-tuned"]
    assert tuned["recall@5"] >= base["recall@5"] + 0.2, (base, tuned)  # measured +0.33
    assert tuned["mrr@10"] >= base["mrr@10"] + 0.12  # measured +0.24
    # sentence-transformers' own evaluator agrees with our metrics on the same questions and chunks
    theirs = retrieval["fine-tuned (sentence-transformers evaluator)"]
    assert theirs["test_cosine_mrr@10"] == pytest.approx(tuned["mrr@10"], abs=1e-6)
    assert theirs["test_cosine_recall@5"] == pytest.approx(tuned["recall@5"], abs=1e-6)
    print({name: round(m["recall@5"], 3) for name, m in retrieval.items() if "recall@5" in m})  # BM25's standing


def test_ask_over_pdfs_caches_the_index_and_logs_each_answer(smoke, tmp_path):
    from sentence_transformers import SentenceTransformer

    out, _ = smoke
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    make_pdf(pdfs / "lease.pdf", ["전세 계약 안내. " + EVIDENCE, "둘째 쪽: 관리비는 매달 정산합니다."])
    result = run_script("train_pdf_qa.py", "--run", str(out), "--pdf_dir", str(pdfs), "--text",
                        "보증금을 돌려받을 권리가 있나요?", timeout=600)
    assert "built and cached" in result.stdout and answer_after_prompt(result.stdout)
    assert "출처: lease.pdf p." in result.stdout  # the sources are shown
    log = [json.loads(line) for line in (out / "requests.jsonl").read_text().splitlines()]
    assert len(log) == 1 and {"latency_s", "retrieval_score", "confidence", "abstained", "sources"} <= set(log[0])
    assert log[0]["abstained"] == (log[0]["confidence"] < 0.5) and log[0]["sources"][0].startswith("lease.pdf p.")
    config = json.loads((out / "config.json").read_text())
    retriever = SentenceTransformer(str(out / "retriever"), local_files_only=True)
    chunks, _, _, built = R.cached_index(pdfs, retriever, out / "index_cache", chunk_size=config["chunk_size"],
                                         overlap=config["chunk_overlap"])
    assert not built and {c["file"] for c in chunks} == {"lease.pdf"}  # the second ask reuses the cached index
