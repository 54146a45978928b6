"""What the tiny Qwen3-family model learns from the 172 usable gold training meetings (full fine-tuning on
CPU), and proof that schema-constrained GGUF decoding turns it into plans that always parse and validate.

Measured here (README, "Meeting minutes → project plan", the table): free HF generation from this CPU-sized model does
NOT reach the issue's 90% strict-parse bar; 4 layers and 8 epochs (11 minutes of training, too long for CI)
reach 35% strict / 80% lenient. The test asserts what does hold within CI's budget."""
import json
import time

import pytest

from conftest import run_script


@pytest.mark.slow
def test_tiny_qwen3_learns_plans_and_constrained_gguf_output_is_always_valid(tmp_path):
    out = tmp_path / "run"
    started = time.perf_counter()
    run_script("train_meeting.py", "--smoke", "--full_finetune", "--max_steps", "-1", "--epochs", "8",
               "--learning_rate", "2e-3", "--batch_size", "2", "--grad_accum", "1", "--neftune_alpha", "0",
               "--save_steps", "100000", "--eval_limit", "20", "--max_new_tokens", "1024", "--output_dir", str(out))
    metrics = json.loads((out / "metrics.json").read_text())
    base, tuned, constrained = metrics["base"], metrics["finetuned"], metrics["exports"]["gguf_schema_constrained"]
    print(f"{time.perf_counter() - started:.0f}s; HF free generation: {tuned}; GGUF with schema grammar: {constrained}")
    assert metrics["training"]["train_rows"] == 172
    assert constrained["n"] == 20
    assert constrained["strict_parse_rate"] == 1.0 and constrained["schema_valid_rate"] >= 0.9
    assert constrained["key_f1"] >= 0.5
    # the grammar admits the indented layout the model was trained on, so the model keeps its own format
    outputs = [json.loads(line)["gguf_constrained"]
               for line in (out / "predictions_gguf_constrained.jsonl").read_text().splitlines()]
    assert len(outputs) == 20 and all(o.startswith('{\n  "project_name": "') for o in outputs)
    # training taught the structure: keys the random model never produced now appear
    assert tuned["key_f1"] > base["key_f1"] and tuned["lenient_parse_rate"] > base["lenient_parse_rate"]
    first, final = metrics["training"]["first_train_loss"], metrics["training"]["final_train_loss"]
    assert final < first / 4
