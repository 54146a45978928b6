"""A tiny random model of a real model family, built locally for offline CPU runs (`--smoke`, tests): the family's
architecture class, special tokens and chat template, hidden size 256 (so llama.cpp's K-quants really quantize) and a
tokenizer trained on the shipped data. Its answers mean nothing; that it trains, evaluates, exports and loads does."""
from __future__ import annotations

import io
import json
from pathlib import Path

from common.families import FAMILIES, Family


def _with_template_text(texts: list[str], family: Family) -> list[str]:
    import jinja2

    # The template's own scaffolding ("system", "Cutting Knowledge Date", ...) is text the model sees in
    # every example; render a few conversations so the tokenizer learns it as pieces, not bytes.
    template = jinja2.Environment().from_string(family.chat_template)
    scaffolding = [template.render(messages=[{"role": "system", "content": texts[i % len(texts)]},
                                             {"role": "user", "content": texts[(i + 1) % len(texts)]},
                                             {"role": "assistant", "content": texts[(i + 2) % len(texts)]}],
                                   bos_token="", eos_token="", add_generation_prompt=False) for i in range(20)]
    for special in [family.bos, *family.control_tokens]:
        scaffolding = [s.replace(special, "\n") for s in scaffolding]
    return texts + scaffolding


def _train_sentencepiece(texts: list[str], family: Family, vocab_size: int) -> bytes:
    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(_with_template_text(texts, family)), model_writer=model, model_type="bpe",
        vocab_size=vocab_size, hard_vocab_limit=False, character_coverage=1.0, split_digits=True,
        byte_fallback=True,            # any Hangul syllable the data lacks still round-trips via bytes
        normalization_rule_name="identity",  # llama.cpp does not NFKC-normalise; keep both sides equal
        remove_extra_whitespaces=False, add_dummy_prefix=False, unk_id=0, bos_id=1, eos_id=2, pad_id=-1,
        bos_piece=family.bos, eos_piece=family.end_of_text, user_defined_symbols=["\n"],
        control_symbols=[t for t in family.control_tokens if t not in (family.bos, family.end_of_text)],
        num_threads=2, minloglevel=2)
    return model.getvalue()


# Qwen2/Qwen3's pre-tokenizer split (from their tokenizer.json), so llama.cpp's "qwen2" pre-tokenizer
# splits text exactly as the tiny tokenizer does.
QWEN2_SPLIT = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|"
               r"\s*[\r\n]+|\s+(?!\S)|\s+")


def _train_byte_level_bpe(texts: list[str], family: Family, vocab_size: int):
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers

    tokenizer = Tokenizer(models.BPE())
    tokenizer.normalizer = normalizers.NFC()
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(QWEN2_SPLIT), behavior="isolated", invert=False),
        pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=False, use_regex=False)])
    tokenizer.decoder = decoders.ByteLevel(add_prefix_space=False, trim_offsets=False, use_regex=False)
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=family.control_tokens, show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tokenizer.train_from_iterator(_with_template_text(texts, family), trainer)
    return tokenizer


def build_tiny_model(family_name: str, texts: list[str], out_dir: str | Path, vocab_size: int = 2000,
                     seed: int = 0, embedding_std: float | None = None, **config_overrides) -> Path:
    """Writes config, random safetensors weights and a trained tokenizer to out_dir; returns it. `config_overrides`
    (e.g. num_hidden_layers=4) change the shape, never the architecture; `embedding_std`: see prepare_model."""
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer, GenerationConfig, PreTrainedTokenizerFast

    family = FAMILIES[family_name]
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if family.tokenizer_kind == "bpe":
        fast = PreTrainedTokenizerFast(tokenizer_object=_train_byte_level_bpe(texts, family, vocab_size),
                                       eos_token=family.eos, pad_token=family.pad, unk_token=None,
                                       additional_special_tokens=[t for t in family.control_tokens
                                                                  if t not in (family.eos, family.pad)])
        fast.save_pretrained(out_dir)  # tokenizer.json
        tokenizer_config = {**json.loads((out_dir / "tokenizer_config.json").read_text()),
                            "tokenizer_class": "Qwen2Tokenizer", "bos_token": None, "add_bos_token": False,
                            "add_prefix_space": False, "model_max_length": 40960, "chat_template": family.chat_template}
    else:
        (out_dir / "tokenizer.model").write_bytes(_train_sentencepiece(texts, family, vocab_size))
        tokenizer_config = {
            "tokenizer_class": "LlamaTokenizer", "bos_token": family.bos, "eos_token": family.eos,
            "pad_token": family.pad, "unk_token": "<unk>", "add_bos_token": family.add_bos, "add_eos_token": False,
            "add_prefix_space": False, "legacy": False,
            "additional_special_tokens": [t for t in family.control_tokens
                                          if t not in (family.eos, family.pad, family.end_of_text)],
            "model_max_length": 131072, "chat_template": family.chat_template}
    (out_dir / "tokenizer_config.json").write_text(json.dumps(tokenizer_config, ensure_ascii=False, indent=2))
    tokenizer = AutoTokenizer.from_pretrained(out_dir)
    tokenizer.chat_template = family.chat_template
    tokenizer.save_pretrained(out_dir)  # adds tokenizer.json, the form fast tokenizers and TRL use

    torch.manual_seed(seed)
    eos_ids = sorted({tokenizer.convert_tokens_to_ids(t) for t in (family.eos, family.end_of_text)})
    bos_id = tokenizer.convert_tokens_to_ids(family.bos)
    config = AutoConfig.for_model(
        **{**family.config, **config_overrides}, vocab_size=len(tokenizer), architectures=[family.architecture],
        bos_token_id=bos_id, eos_token_id=eos_ids, pad_token_id=tokenizer.pad_token_id, dtype="bfloat16")
    model = AutoModelForCausalLM.from_config(config)
    if embedding_std:
        for layer in {id(m): m for m in (model.get_input_embeddings(), model.get_output_embeddings())}.values():
            torch.nn.init.normal_(layer.weight, std=embedding_std)
    model.generation_config = GenerationConfig(bos_token_id=bos_id, eos_token_id=eos_ids,
                                               pad_token_id=tokenizer.pad_token_id, do_sample=False)
    model.to(torch.bfloat16).save_pretrained(out_dir, safe_serialization=True)
    (out_dir / "SMOKE_MODEL_README.txt").write_text(
        "Random weights, built locally for an offline smoke run. Its answers are meaningless.\n")
    return out_dir
