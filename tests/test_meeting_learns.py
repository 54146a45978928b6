"""What the tiny Qwen3-family model learns from 46 gold meetings (full fine-tuning on CPU), and proof
that schema-constrained GGUF decoding turns it into plans that always parse and validate.

Measured here (see the closing note of the issue): free HF generation from this tiny model does NOT yet
reach the 90% strict-parse bar (0% strict, 30-40% lenient); the test asserts what does hold."""
import json
import time

import pytest

from conftest import run_script


@pytest.mark.slow
def test_tiny_qwen3_learns_plans_and_constrained_gguf_output_is_always_valid(tmp_path):
    out = tmp_path / "run"
    started = time.perf_counter()
    run_script("train_meeting.py", "--smoke", "--full_finetune", "--max_steps", "-1", "--epochs", "25",
               "--learning_rate", "1e-3", "--batch_size", "2", "--grad_accum", "1", "--neftune_alpha", "0",
               "--save_steps", "100000", "--eval_limit", "0", "--max_new_tokens", "1024", "--output_dir", str(out))
    metrics = json.loads((out / "metrics.json").read_text())
    base, tuned, constrained = metrics["base"], metrics["finetuned"], metrics["exports"]["gguf_schema_constrained"]
    print(f"{time.perf_counter() - started:.0f}s; HF free generation: {tuned}; GGUF with schema grammar: {constrained}")
    assert constrained["n"] == 10  # every usable held-out meeting
    assert constrained["strict_parse_rate"] == 1.0 and constrained["schema_valid_rate"] >= 0.9
    assert constrained["key_f1"] >= 0.5
    # training taught the structure: keys the random model never produced now appear
    assert tuned["key_f1"] > base["key_f1"] and tuned["lenient_parse_rate"] > base["lenient_parse_rate"]
    assert metrics["training"]["final_train_loss"] < 0.5
