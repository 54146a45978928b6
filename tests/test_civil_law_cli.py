"""`python train_civil_law.py --smoke` end to end, then the test / batch / interactive modes on its output."""
import json

import pytest

from conftest import run_script


def run(*args, check=True, stdin=None):
    return run_script("train_civil_law.py", *args, check=check, stdin=stdin)


@pytest.fixture(scope="module")
def smoke_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("smoke") / "run"
    result = run("--smoke", "--output_dir", str(out))
    return out, result.stdout


def test_smoke_leaves_every_artifact(smoke_run):
    out, stdout = smoke_run
    assert "SMOKE RUN" in stdout and "meaningless" in stdout
    for path in ["adapter/adapter_model.safetensors", "adapter/adapter_config.json", "merged/model.safetensors",
                 "merged/config.json", "gguf/model.Q8_0.gguf", "gguf/Modelfile", "metrics.json", "loss.png",
                 "report.md", "config.json", "chat_template.jinja", "predictions.jsonl"]:
        assert (out / path).is_file(), path
    exported = [p for folder in ("adapter", "merged", "gguf") for p in (out / folder).rglob("*")]
    assert not [p for p in exported if p.suffix in {".bin", ".pt", ".pth", ".pkl"}]  # weights: safetensors only
    assert not list(out.rglob("*.partial"))  # every write finished and was renamed into place


def test_smoke_metrics_show_learning_and_a_verified_gguf(smoke_run):
    out, _ = smoke_run
    metrics = json.loads((out / "metrics.json").read_text())
    training = metrics["training"]
    assert training["final_train_loss"] < training["first_train_loss"]
    assert training["label_mask"]["supervised_tokens"] > 0
    q8 = metrics["exports"]["q8_0"]
    assert q8["passed"] and q8["min_cosine"] >= 0.995 and q8["tokenization_matches_hf"] and q8["answers_nonempty"]
    assert q8["chat_template_embedded"]
    for side in ("base", "finetuned"):
        assert {"exact_match", "char_f1", "rouge_l_char", "chrf", "tokens_per_second"} <= set(metrics[side])
    report = (out / "report.md").read_text()
    assert "Smoke run" in report and "verified" in report
    config = json.loads((out / "config.json").read_text())
    assert config["model"].endswith("tiny_base")


def test_a_run_is_never_overwritten_unless_asked(smoke_run):
    out, _ = smoke_run
    before = (out / "metrics.json").read_bytes()
    result = run("--smoke", "--output_dir", str(out), check=False)
    assert result.returncode == 2 and "already holds a run" in result.stdout
    assert (out / "metrics.json").read_bytes() == before


def test_mode_test_evaluates_the_trained_run(smoke_run):
    out, _ = smoke_run
    run("--smoke", "--mode", "test", "--run", str(out))
    metrics = json.loads((out / "test_metrics_hf.json").read_text())
    assert metrics["n"] > 0 and "char_f1" in metrics


def test_batch_inference_jsonl_to_jsonl(smoke_run, tmp_path):
    out, _ = smoke_run
    questions = tmp_path / "q.jsonl"
    questions.write_text('{"question": "전세 보증금을 못 받았어요."}\n{"question": "점유취득시효란?"}\n', encoding="utf-8")
    answers = tmp_path / "a.jsonl"
    run("--smoke", "--run", str(out), "--input_file", str(questions), "--output_file", str(answers))
    lines = [json.loads(line) for line in answers.read_text(encoding="utf-8").splitlines()]
    assert [l["question"] for l in lines] == ["전세 보증금을 못 받았어요.", "점유취득시효란?"]
    assert all(isinstance(l["answer"], str) for l in lines)


def test_gguf_backend_answers_with_llama_cpp(smoke_run):
    out, _ = smoke_run
    run("--smoke", "--mode", "test", "--run", str(out), "--backend", "gguf")
    metrics = json.loads((out / "test_metrics_gguf.json").read_text())
    assert metrics["backend"] == "llama.cpp" and metrics["n"] > 0


def test_interactive_mode_answers_and_exits(smoke_run):
    out, _ = smoke_run
    result = run("--smoke", "--mode", "interactive", "--run", str(out), stdin="보증금 질문입니다\n\n")
    assert "질문>" in result.stdout and "\ufffd" not in result.stdout


def test_bad_data_is_reported_with_file_and_line(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("question,answer,category,difficulty\n질문,답,전세사기,초급\n질문2,,전세사기,초급\n", encoding="utf-8")
    result = run("--smoke", "--data", str(bad), "--output_dir", str(tmp_path / "run"), check=False)
    assert result.returncode == 2
    assert "bad.csv:3: column 'answer' is empty" in result.stdout.replace("\n", "")
