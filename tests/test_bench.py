"""The speed benchmark's arithmetic (bench/speed.py): the padding share and the FLOPs estimate behind MFU."""
import json
from pathlib import Path
from types import SimpleNamespace

from bench.speed import CONFIGS, padding_share, tokenize_example


def test_padding_share_of_hand_made_batches():
    # batches [3, 1] → 6 positions, 4 real; [2, 2] → 4 positions, 4 real; [5] → 5 of 5
    assert abs(padding_share([3, 1, 2, 2, 5], 2) - (1 - 13 / 15)) < 1e-12
    assert padding_share([4, 4, 4], 3) == 0.0
    assert padding_share([], 4) == 0.0


def test_flops_per_token_counts_llama_3_2_1b_parameters():
    from bench.speed import flops_per_token

    spec = json.loads((Path(CONFIGS) / "llama-3.2-1b.json").read_text())
    config = SimpleNamespace(**{k: v for k, v in spec.items() if not k.startswith("_")})
    # Llama-3.2-1B has 1,235,814,400 parameters: the matmuls (tied head counted once) plus 66k norm weights
    assert flops_per_token(config, 0) == 6 * 1_235_746_816
    assert flops_per_token(config, 100) - flops_per_token(config, 0) == 12 * 16 * 2048 * 100


def test_token_cache_masks_the_prompt_and_supervises_the_answer(tiny_llama):
    from transformers import AutoTokenizer

    from common.families import LLAMA

    tokenizer = AutoTokenizer.from_pretrained(tiny_llama)
    tokenizer.chat_template = LLAMA.chat_template
    prompt = [{"role": "user", "content": "전세 보증금은 어떻게 돌려받나요?"}]
    ids, labels = tokenize_example(tokenizer, prompt, "임차권등기명령을 신청하세요.", {})
    supervised = [t for t in labels if t != -100]
    assert len(ids) == len(labels) and 0 < len(supervised) < len(ids)
    assert tokenizer.convert_tokens_to_ids(LLAMA.eos) in supervised  # the end-of-turn token is learned
    assert "임차권등기명령" in tokenizer.decode(supervised)
