"""What the tiny Qwen3-family model learns from the 172 usable gold training meetings (full fine-tuning on
CPU), and proof that schema-constrained decoding (HF and GGUF) turns it into plans that always parse and validate.

Measured here (README, "Meeting minutes → project plan", the table): with 4 layers, batch 1 and lr 5e-3 (7 minutes of
training) free HF generation parses strictly on 80-85% of these 20 held-out meetings and 82% of all 44: below the
issue's 90% bar, which this CPU-sized model does not reach within CI's budget. The test asserts a margin below
what was measured (another CPU's bf16 arithmetic may differ) and 100% under the schema grammar on both backends."""
import json
import time

import pytest

from conftest import run_script


@pytest.mark.slow
def test_tiny_qwen3_learns_plans_and_constrained_gguf_output_is_always_valid(tmp_path):
    out = tmp_path / "run"
    started = time.perf_counter()
    # batch 1: twice the updates of batch 2 for the same compute, and no padding
    run_script("train_meeting.py", "--smoke", "--smoke_layers", "4", "--full_finetune", "--max_steps", "-1",
               "--epochs", "8", "--learning_rate", "5e-3", "--batch_size", "1", "--grad_accum", "1",
               "--neftune_alpha", "0", "--save_steps", "100000", "--eval_limit", "20", "--max_new_tokens", "1024",
               "--output_dir", str(out), timeout=2700)  # ~10 min alone on 2 cores; 4x for a busy machine
    metrics = json.loads((out / "metrics.json").read_text())
    base, tuned, constrained = metrics["base"], metrics["finetuned"], metrics["exports"]["gguf_schema_constrained"]
    print(f"{time.perf_counter() - started:.0f}s; HF free generation: {tuned}; GGUF with schema grammar: {constrained}")
    assert metrics["training"]["splits"]["train"] == 172
    assert constrained["n"] == 20
    assert constrained["strict_parse_rate"] == 1.0 and constrained["schema_valid_rate"] == 1.0
    assert constrained["key_f1"] >= 0.5
    # the same guarantee on the HF path (llguidance logits processor)
    hf_constrained = metrics["exports"]["decoding"]["HF, schema-constrained"]
    print(f"HF with schema grammar: {hf_constrained}")
    assert hf_constrained["strict_parse_rate"] == 1.0 and hf_constrained["schema_valid_rate"] == 1.0
    assert hf_constrained["key_f1"] >= 0.5
    # the grammar admits the indented layout the model was trained on, so the model keeps its own format
    outputs = [json.loads(line)["gguf_constrained"]
               for line in (out / "predictions_gguf_constrained.jsonl").read_text().splitlines()]
    assert len(outputs) == 20 and all(o.startswith('{\n  "project_name": "') for o in outputs)
    # training taught the structure: free generation (no grammar) parses; the random base model never does
    assert base["strict_parse_rate"] == 0.0
    assert tuned["strict_parse_rate"] >= 0.7 and tuned["lenient_parse_rate"] >= 0.85
    assert tuned["key_f1"] >= 0.6 and tuned["key_f1"] > base["key_f1"]
    losses = metrics["training"]["history"]["loss"]  # one entry per 5 single-meeting steps: average the last 50
    assert sum(losses[-10:]) / 10 < losses[0] / 4
