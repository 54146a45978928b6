"""M&A QA: the preprocessing table is right on the shipped fixture (each filter's count), and the
smoke pipeline runs end to end with a verified GGUF."""
import json
import sys

import pytest

from common.data import DataError
from conftest import REPO, run_script

sys.path.insert(0, str(REPO))
import train_mna as mna  # noqa: E402

EXPECTED = json.loads((mna.AIHUB_DIR / "EXPECTED.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def stream():
    return mna.load_sources(mna.OWN_DATA, mna.AIHUB_DIR)


def test_each_filter_removes_exactly_what_the_fixture_was_built_with(stream):
    rows, stats = mna.preprocess(stream, min_quality=30, excluded=["예체능", "종교", "보건"])
    assert stats["aihub"] == EXPECTED["total_records"] and stats["own"] == EXPECTED["own_total"]
    assert stats["removed"] == EXPECTED["removed"]
    assert list(stats["removed"]) == EXPECTED["filter_order"]
    assert stats["kept_by_source"] == {"own": EXPECTED["own_kept"], "aihub": EXPECTED["kept"]}
    assert len(rows) == stats["kept"] == EXPECTED["own_kept"] + EXPECTED["kept"]


def test_kept_rows_have_no_duplicates_and_respect_every_limit(stream):
    rows, _ = mna.preprocess(stream, min_quality=30, excluded=["예체능", "종교", "보건"])
    assert len({(mna.normalise(r["question"]), mna.normalise(r["answer"])) for r in rows}) == len(rows)
    assert all(r.get("quality_score", 100) > 30 and r.get("category") not in {"예체능", "종교", "보건"} for r in rows)
    assert all(len(r["question"].strip()) >= 5 and 10 <= len(r["answer"].strip()) <= 2000 for r in rows)
    assert [r["source"] for r in rows[:177]] == ["own"] * 177  # own data first: it wins deduplication


def test_filters_are_configurable(stream):
    _, none_excluded = mna.preprocess(stream, min_quality=30, excluded=[])
    assert none_excluded["removed"]["excluded_category"] == 0
    assert none_excluded["kept"] > EXPECTED["own_kept"] + EXPECTED["kept"]
    _, strict = mna.preprocess(stream, min_quality=60, excluded=["예체능", "종교", "보건"])
    assert strict["removed"]["low_quality"] > EXPECTED["removed"]["low_quality"]


def test_normalisation_catches_width_case_space_and_punctuation():
    assert mna.normalise("Ｍ＆Ａ 란  무엇인가요?") == mna.normalise("m&a란 무엇인가요")
    assert mna.normalise("합병") != mna.normalise("분할")


def test_bad_layout_is_reported(tmp_path):
    (tmp_path / "Training").mkdir()
    with pytest.raises(DataError, match="no Validation/ folder"):
        mna.load_sources(mna.OWN_DATA, tmp_path)
    for split in ("Validation", "Other"):
        (tmp_path / split).mkdir()
    (tmp_path / "Training" / "bad.json").write_text('{"data": [{"question": "질문"}]}', encoding="utf-8")
    with pytest.raises(DataError, match=r"bad.json: data\[0\] lacks"):
        mna.load_sources(mna.OWN_DATA, tmp_path)


def test_prompt_is_the_source_documents():
    messages = mna.prompt_for("합병이란?")
    assert messages[0]["content"].startswith("당신은 금융,법률 및 M&A 분야 전문가입니다.")
    assert messages[1]["content"] == "합병이란?/no_think"


def run_cli(*args):
    return run_script("train_mna.py", *args)


def test_preprocess_only_writes_jsonl_and_stats(tmp_path):
    run_cli("--preprocess_only", "--output_dir", str(tmp_path / "data"))
    stats = json.loads((tmp_path / "data" / "preprocess_stats.json").read_text())
    lines = (tmp_path / "data" / "processed.jsonl").read_text(encoding="utf-8").splitlines()
    assert stats["removed"] == EXPECTED["removed"] and len(lines) == stats["kept"]


def test_smoke_end_to_end(tmp_path):
    out = tmp_path / "run"
    result = run_cli("--smoke", "--output_dir", str(out))
    assert "low_quality" in result.stdout and "near_duplicate" in result.stdout  # the printed table
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["exports"]["q8_0"]["passed"] and metrics["exports"]["q8_0"]["chat_template_embedded"]
    assert metrics["training"]["final_train_loss"] < metrics["training"]["first_train_loss"]
    assert {"exact_match", "char_f1", "rouge_l_char", "chrf"} <= set(metrics["finetuned"])
    for path in ["adapter/adapter_model.safetensors", "merged/model.safetensors", "gguf/Modelfile",
                 "processed.jsonl", "preprocess_stats.json", "report.md", "loss.png"]:
        assert (out / path).is_file(), path
    modelfile = (out / "gguf" / "Modelfile").read_text()
    assert "<think>\n\n</think>" in modelfile and 'PARAMETER stop "<|im_end|>"' in modelfile
    answer = run_cli("--smoke", "--run", str(out), "--text", "공개매수 의무는 언제 생기나요?", "--backend", "gguf")
    assert answer.stdout.strip()
