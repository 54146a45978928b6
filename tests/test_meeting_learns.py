"""What the tiny Qwen3-family model learns from the 172 usable gold training meetings (full fine-tuning on CPU) in
CI's budget, and proof that schema-constrained decoding (HF and GGUF) turns it into plans that always parse and
validate.

The test trains 3 epochs and scores the first 10 test meetings: measured with one thread (as CI's two pytest workers
run it), free generation parses leniently on 100% and strictly on 40%, key F1 0.29; under the schema grammar 100%,
key F1 0.78. The 8-epoch run in the README's table (free: 80-85% strict here, 65% on CI's CPU) is the longer
measurement; it took 17 minutes on CI's machine, more than half of CI's budget. Free generation from an
undertrained model is chaotic (another CPU's arithmetic changes which meetings parse), so the bars are far below
what was measured; the grammar's guarantee is asserted exactly."""
import json
import time

import pytest

from conftest import run_script


@pytest.mark.slow(minutes=13)
def test_tiny_qwen3_learns_plans_and_constrained_gguf_output_is_always_valid(tmp_path):
    out = tmp_path / "run"
    started = time.perf_counter()
    # batch 1: twice the updates of batch 2 for the same compute, and no padding; 800 new tokens: the longest gold
    # plan is 763 tokens of the tiny tokenizer
    run_script("train_meeting.py", "--smoke", "--smoke_layers", "4", "--full_finetune", "--max_steps", "-1",
               "--epochs", "3", "--learning_rate", "5e-3", "--batch_size", "1", "--grad_accum", "1",
               "--neftune_alpha", "0", "--save_steps", "100000", "--eval_limit", "10", "--max_new_tokens", "800",
               "--output_dir", str(out), timeout=3600)  # 14-15.5 min with one thread; ~4x for a busy machine
    metrics = json.loads((out / "metrics.json").read_text())
    base, tuned, constrained = metrics["base"], metrics["finetuned"], metrics["exports"]["gguf_schema_constrained"]
    print(f"{time.perf_counter() - started:.0f}s; HF free generation: {tuned}; GGUF with schema grammar: {constrained}")
    assert metrics["training"]["splits"]["train"] == 172
    # the grammar's guarantee, on the GGUF (llama.cpp grammar) and the HF path (llguidance logits processor)
    hf_constrained = metrics["exports"]["decoding"]["HF, schema-constrained"]
    print(f"HF with schema grammar: {hf_constrained}")
    for scores in (constrained, hf_constrained):
        assert scores["n"] == 10
        assert scores["strict_parse_rate"] == 1.0 and scores["schema_valid_rate"] == 1.0
        assert scores["key_f1"] >= 0.5
    # the grammar admits the indented layout the model was trained on, so the model keeps its own format
    outputs = [json.loads(line)["gguf_constrained"]
               for line in (out / "predictions_gguf_constrained.jsonl").read_text().splitlines()]
    assert len(outputs) == 10 and all(o.startswith('{\n  "project_name": "') for o in outputs)
    # training taught the structure: free generation (no grammar) yields plans; the random base model never does
    assert base["lenient_parse_rate"] == 0.0 and base["key_f1"] == 0.0
    assert tuned["lenient_parse_rate"] >= 0.7 and tuned["strict_parse_rate"] >= 0.1
    assert tuned["key_f1"] >= 0.15
    losses = metrics["training"]["history"]["loss"]  # one entry per 5 single-meeting steps: average the last 50
    assert sum(losses[-10:]) / 10 < losses[0] / 3  # measured: 7.84 → 2.14
