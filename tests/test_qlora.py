"""The user's real path, on the tiny model: 4-bit load → LoRA → merge by re-reading the 16-bit base → GGUF."""
import json

import torch
from safetensors.torch import load_file

from conftest import run_script


def test_4bit_run_merges_into_the_16bit_base_and_the_gguf_matches(tmp_path):
    run = tmp_path / "run"
    result = run_script("train_civil_law.py", "--smoke", "--load_in_4bit", "--max_steps", "4", "--eval_limit", "2",
                        "--max_new_tokens", "8",
                        "--output_dir", str(run), timeout=1800)
    output = result.stdout + result.stderr
    assert "4-bit = True" in output  # Unsloth really loaded bitsandbytes 4-bit weights
    assert json.loads((run / "config.json").read_text())["load_in_4bit"] is True
    assert "merging the adapter into the 16-bit base" in output
    metrics = json.loads((run / "metrics.json").read_text())
    assert metrics["exports"]["q8_0"]["passed"]  # llama.cpp agrees with the merged model

    def weights(folder):
        return {k: v for f in sorted(folder.glob("*.safetensors")) for k, v in load_file(f).items()}
    base, merged = weights(run / "tiny_base"), weights(run / "merged")
    assert base.keys() == merged.keys()  # a plain 16-bit checkpoint: no quantisation state, no LoRA tensors
    assert all(v.dtype in (torch.float16, torch.bfloat16, torch.float32) for v in merged.values())
    changed = [k for k in base if not torch.equal(base[k].float(), merged[k].float())]
    assert changed and all("proj" in k for k in changed)  # the LoRA deltas landed in the projections only


def test_a_prequantized_base_is_refused_before_training(tmp_path):
    model = tmp_path / "model-bnb-4bit"
    model.mkdir()
    (model / "config.json").write_text(json.dumps({"model_type": "llama", "quantization_config": {"quant_method":
                                                                                                  "bitsandbytes"}}))
    result = run_script("train_civil_law.py", "--model", str(model), "--max_steps", "2", "--output_dir",
                        str(tmp_path / "run"), check=False, timeout=600)
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert "already quantized" in output and "16-bit" in output
    assert "error in step 'model'" in output and "evaluate base model" not in output
    assert not (tmp_path / "run" / "checkpoints").exists()
