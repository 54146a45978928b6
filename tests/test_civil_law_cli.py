"""`python train_civil_law.py --smoke` end to end, then the test / batch / interactive modes on its output."""
import json

import pytest

from common.data import read_rows
from conftest import answer_after_prompt, run_script

COLUMNS = ["question", "answer", "category", "difficulty"]


def run(*args, check=True, stdin=None):
    return run_script("train_civil_law.py", *args, check=check, stdin=stdin)


@pytest.fixture(scope="module")
def smoke_run(civil_law_smoke):
    return civil_law_smoke  # one smoke run for this module and tests/test_quiet.py (conftest.py)


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
    # the smoke's own settings (not the preset's 1e-4) make the loss fall clearly, on held-out rows too
    assert training["final_train_loss"] < training["first_train_loss"] / 2, training["history"]["loss"]
    eval_losses = training["history"]["eval_loss"]
    assert len(eval_losses) >= 2 and eval_losses[-1] < eval_losses[0]
    assert training["label_mask"]["supervised_tokens"] > 0
    q8 = metrics["exports"]["q8_0"]
    assert q8["passed"] and q8["min_cosine"] >= 0.995 and q8["tokenization_matches_hf"] and q8["answers_nonempty"]
    assert q8["chat_template_embedded"]
    for side in ("base", "finetuned"):
        assert {"exact_match", "char_f1", "rouge_l_char", "chrf", "tokens_per_second"} <= set(metrics[side])
    report = (out / "report.md").read_text()
    assert "Smoke run" in report and "verified" in report
    # the validation loss's share of training time is measured and reported (3 evaluations of ≤ 12 rows here)
    assert 0 < training["eval_share"] < 0.5
    assert f"{100 * training['eval_share']:.0f}% of the training time spent on the validation loss" in report
    config = json.loads((out / "config.json").read_text())
    assert config["model"].endswith("tiny_base")


def test_config_records_every_setting_the_trainer_ran_with(smoke_run):
    out, _ = smoke_run
    config = json.loads((out / "config.json").read_text())
    settings = config["training_settings"]
    for key in ("max_grad_norm", "warmup_steps", "lr_scheduler_type", "neftune_noise_alpha", "packing",
                "learning_rate", "per_device_train_batch_size", "gradient_accumulation_steps", "max_steps",
                "weight_decay", "optim", "seed"):
        assert settings[key] is not None or key == "weight_decay", key
    assert settings["learning_rate"] == config["learning_rate"] == 1e-2  # the smoke's value, not the preset's
    assert config["setting_sources"]["learning_rate"] == "smoke"
    assert config["setting_sources"]["lora_r"] == "default"


def test_checkpoint_is_chosen_on_validation_rows_and_metrics_come_from_test_rows(smoke_run):
    from train_civil_law import split_rows

    out, _ = smoke_run
    config = json.loads((out / "config.json").read_text())
    rows = read_rows(config["data"], COLUMNS)
    train_rows, valid_rows, test_rows = split_rows(rows, config["seed"])
    valid, test = {r["question"] for r in valid_rows}, {r["question"] for r in test_rows}
    assert valid and test and not valid & test and not {r["question"] for r in train_rows} & (valid | test)
    predicted = [json.loads(line)["question"] for line in (out / "predictions.jsonl").read_text().splitlines()]
    assert predicted and set(predicted) <= test
    splits = json.loads((out / "metrics.json").read_text())["training"]["splits"]
    assert splits == {"train": len(train_rows), "validation": 12, "test": 12}  # --smoke: eval_limit 12
    report = (out / "report.md").read_text()
    assert f"train {len(train_rows)} rows" in report and "validation 12" in report and "test 12" in report


def test_resume_auto_refuses_a_finished_run(smoke_run):
    out, _ = smoke_run
    before = {name: (out / name).read_bytes() for name in ("metrics.json", "report.md", "config.json")}
    result = run("--smoke", "--output_dir", str(out), "--resume", "auto", check=False)
    assert result.returncode == 2 and "finished run" in result.stdout
    assert "train" not in [line.strip("─ ") for line in result.stdout.splitlines()]  # no training step started
    assert {name: (out / name).read_bytes() for name in before} == before


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
    questions.write_text('{"question": "전세 보증금을 못 받았어요."}\n{"question": "점유취득시효란?"}\n',
                         encoding="utf-8")
    answers = tmp_path / "a.jsonl"
    run("--smoke", "--run", str(out), "--input_file", str(questions), "--output_file", str(answers))
    lines = [json.loads(line) for line in answers.read_text(encoding="utf-8").splitlines()]
    assert all(line["answer"].strip() for line in lines)  # an answer came back, not just a file
    assert [line["question"] for line in lines] == ["전세 보증금을 못 받았어요.", "점유취득시효란?"]


def test_gguf_backend_answers_with_llama_cpp(smoke_run):
    out, _ = smoke_run
    run("--smoke", "--mode", "test", "--run", str(out), "--backend", "gguf")
    metrics = json.loads((out / "test_metrics_gguf.json").read_text())
    assert metrics["backend"] == "llama.cpp" and metrics["n"] > 0


def test_interactive_mode_answers_and_exits(smoke_run):
    out, _ = smoke_run
    result = run("--smoke", "--mode", "interactive", "--run", str(out), stdin="보증금 질문입니다\n\n")
    assert "질문>" in result.stdout and "\ufffd" not in result.stdout
    assert answer_after_prompt(result.stdout)


def test_text_mode_answers_once(smoke_run):
    out, _ = smoke_run
    for backend in ("hf", "gguf"):
        result = run("--smoke", "--run", str(out), "--backend", backend, "--text", "전세 보증금을 못 받았어요.")
        assert answer_after_prompt(result.stdout), (backend, result.stdout[-2000:])


def test_bad_data_is_reported_with_file_and_line(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("question,answer,category,difficulty\n질문,답,전세사기,초급\n질문2,,전세사기,초급\n",
                   encoding="utf-8")
    result = run("--smoke", "--data", str(bad), "--output_dir", str(tmp_path / "run"), check=False)
    assert result.returncode == 2
    assert "bad.csv:3: column 'answer' is empty" in result.stdout.replace("\n", "")
