"""Maintenance parsing: data validation, the tolerant parser, field metrics and report files, the CLI."""
import csv
import json
import sys

import pytest

from common.data import DataError
from conftest import REPO, answer_after_prompt, run_script
from eval.fields import error_analysis, field_scores, parse_fields, write_field_reports

sys.path.insert(0, str(REPO))
import train_maintenance as tm  # noqa: E402

KEYS = tm.FIELDS
TAXONOMY = tm.load_taxonomy(tm.DATA_DIR / "taxonomy.json")


@pytest.mark.parametrize("text", [
    "위치: No.2 PP, 설비유형: 기타기기, 현상코드: SHE, 우선순위: 주기작업",
    "우선순위：주기작업, 현상코드 ： SHE,위치:No.2 PP , 설비유형:기타기기",   # order, full-width colons, spacing
    "위치: No.2 PP\n설비유형: 기타기기\n현상코드: SHE\n우선순위: 주기작업\n",  # one per line
    "답: 위치 = No.2 PP; 설비유형 = 기타기기; 현상코드 = SHE; 우선순위 = 주기작업.",
])
def test_parser_is_tolerant_of_format(text):
    assert parse_fields(text, KEYS) == {"위치": "No.2 PP", "설비유형": "기타기기", "현상코드": "SHE",
                                        "우선순위": "주기작업"}


def test_parser_returns_only_what_is_there():
    assert parse_fields("위치: 취수장, 현상코드: LEK", KEYS) == {"위치": "취수장", "현상코드": "LEK"}
    assert parse_fields("모르겠습니다", KEYS) == {}


def test_field_scores_and_confusions():
    gold = {"위치": "취수장", "설비유형": "펌프", "현상코드": "LEK", "우선순위": "긴급"}
    parsed = [dict(gold), {**gold, "현상코드": "VIB"}, {"위치": "취수장"}]
    scores = field_scores(parsed, [gold] * 3, KEYS)
    assert scores["parse_rate"] == pytest.approx(2 / 3)
    assert scores["overall_accuracy"] == pytest.approx(1 / 3)
    assert scores["accuracy/위치"] == 1.0 and scores["accuracy/현상코드"] == pytest.approx(1 / 3)
    confusions = error_analysis(parsed, [gold] * 3, KEYS)["현상코드"]["top_confusions"]
    assert {"gold": "LEK", "predicted": "VIB", "count": 1} in confusions
    assert {"gold": "LEK", "predicted": "(없음)", "count": 1} in confusions


def test_report_files(tmp_path):
    gold = {"위치": "취수장", "설비유형": "펌프", "현상코드": "LEK", "우선순위": "긴급"}
    scores = write_field_reports(tmp_path, inputs=["취수장 펌프 LEK 긴급"] * 2, golds=[gold] * 2, keys=KEYS,
                                 labels=tm.FIELD_LABELS, title="t", outputs={
                                     "base": ["", "위치: 취수장"],
                                     "finetuned": ["위치: 취수장, 설비유형: 펌프, 현상코드: LEK, 우선순위: 긴급"] * 2})
    assert scores["finetuned"]["overall_accuracy"] == 1.0 and scores["base"]["overall_accuracy"] == 0.0
    for name in ["evaluation_results.json", "detailed_evaluation.csv", "error_analysis.json",
                 "performance_report.md", "field_accuracy.png"]:
        assert (tmp_path / name).is_file(), name
    rows = list(csv.DictReader((tmp_path / "detailed_evaluation.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == 2 and rows[0]["finetuned_all_correct"] == "True" and rows[1]["base_위치_correct"] == "True"


def test_shipped_splits_validate_against_the_taxonomy():
    rows = {s: tm.load_split(tm.DATA_DIR / f"{s}.jsonl", TAXONOMY) for s in ("train", "valid", "test")}
    assert len(rows["train"]) >= 2500 and len(rows["test"]) >= 250
    assert not {r["input"] for r in rows["test"]} & {r["input"] for r in rows["train"]}


@pytest.mark.parametrize("line, message", [
    ('{"input": "취수장 펌프 LEK", "output": "위치: 취수장, 설비유형: 펌프, 현상코드: LEK"', "invalid JSON"),
    ('{"input": "취수장 펌프 LEK"}', "column 'output' is empty"),
    ('{"input": "x", "output": "위치: 취수장, 설비유형: 펌프, 현상코드: ZZZ, 우선순위: 긴급"}', "현상코드='ZZZ'"),
    ('{"input": "x", "output": "위치: 취수장, 설비유형: 펌프"}', "output lacks"),
])
def test_bad_rows_name_file_and_line(tmp_path, line, message):
    good = '{"input": "취수장 펌프 누설", "output": "위치: 취수장, 설비유형: 펌프, 현상코드: LEK, 우선순위: 긴급"}'
    path = tmp_path / "train.jsonl"
    path.write_text(good + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=rf"train.jsonl:2: .*{message}"):
        tm.load_split(path, TAXONOMY)


def test_unknown_code_is_flagged_not_returned_silently():
    result = tm.check_prediction("위치: 취수장, 설비유형: 펌프, 현상코드: XYZ, 우선순위: 긴급", TAXONOMY)
    assert result["fields"]["현상코드"] == "XYZ"
    assert result["warnings"] == ["현상코드 'XYZ' is not in the taxonomy"]
    assert tm.check_prediction("위치: 취수장", TAXONOMY)["warnings"][:1] == ["설비유형 missing"]


def run_cli(*args, check=True):
    return run_script("train_maintenance.py", *args, check=check)


@pytest.fixture(scope="module")
def smoke_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("maintenance") / "run"
    run_cli("--smoke", "--output_dir", str(out))
    return out


def test_smoke_leaves_adapter_merged_gguf_and_the_four_evaluation_files(smoke_run):
    for path in ["adapter/adapter_model.safetensors", "merged/model.safetensors", "merged/tokenizer.model",
                 "gguf/model.Q8_0.gguf", "gguf/Modelfile", "report.md", "loss.png",
                 "evaluation/evaluation_results.json", "evaluation/detailed_evaluation.csv",
                 "evaluation/error_analysis.json", "evaluation/performance_report.md", "evaluation/field_accuracy.png"]:
        assert (smoke_run / path).is_file(), path
    metrics = json.loads((smoke_run / "metrics.json").read_text())
    assert metrics["exports"]["q8_0"]["passed"]
    decoding = metrics["exports"]["decoding"]  # free and constrained, side by side, on both backends
    assert list(decoding) == ["HF, free", "HF, taxonomy-constrained", "GGUF, free", "GGUF, taxonomy-constrained"]
    assert decoding["HF, taxonomy-constrained"]["parse_rate"] == 1.0
    assert decoding["GGUF, taxonomy-constrained"]["parse_rate"] == 1.0
    assert all(decoding[name]["tokens_per_second"] > 0 for name in decoding)
    assert "| HF, taxonomy-constrained | 100% |" in (smoke_run / "report.md").read_text()
    assert metrics["training"]["final_train_loss"] < metrics["training"]["first_train_loss"]
    assert "[INST]" in (smoke_run / "gguf" / "Modelfile").read_text()


@pytest.mark.parametrize("backend", ["hf", "gguf"])
def test_inference_text_and_batch_on_both_backends(smoke_run, tmp_path, backend):
    result = run_cli("--smoke", "--run", str(smoke_run), "--backend", backend,
                     "--text", "취수장 순환펌프 LEK 누설, 긴급")
    assert result.returncode == 0 and answer_after_prompt(result.stdout), result.stdout[-2000:]
    requests = tmp_path / "requests.jsonl"
    requests.write_text('{"input": "취수장 순환펌프 LEK 누설"}\n{"input": "No.2 PP CCTV SHE"}\n', encoding="utf-8")
    out = tmp_path / "results.json"
    run_cli("--smoke", "--run", str(smoke_run), "--backend", backend, "--input_file", str(requests),
            "--output_file", str(out))
    results = json.loads(out.read_text(encoding="utf-8"))
    assert [r["input"] for r in results] == ["취수장 순환펌프 LEK 누설", "No.2 PP CCTV SHE"]
    assert all({"output", "fields", "warnings"} <= set(r) for r in results)
    assert all(r["output"].strip() for r in results)  # an answer came back for every request
    # decoding under the taxonomy grammar (the default): four fields, every value in the taxonomy, even from
    # this barely trained random model
    assert all(list(r["fields"]) == KEYS and not r["warnings"] for r in results), results
    free = tmp_path / "free.json"
    run_cli("--smoke", "--run", str(smoke_run), "--backend", backend, "--input_file", str(requests),
            "--output_file", str(free), "--no-constrain")
    # free decoding: a random model's output lacks fields; that must be flagged, not returned as an answer
    assert all(r["warnings"] for r in json.loads(free.read_text(encoding="utf-8")) if len(r["fields"]) < 4)
