"""Model families: the real architecture, special tokens and chat template of each task's base model.

The same Family drives the tiny offline model (common/tiny.py), the template every trainer trains and serves with,
and the Ollama Modelfile's TEMPLATE and stop tokens."""
from __future__ import annotations

from dataclasses import dataclass, field

from common.templates import (LLAMA3_OLLAMA_TEMPLATE, LLAMA3_TEMPLATE, MISTRAL_V3_OLLAMA_TEMPLATE, MISTRAL_V3_TEMPLATE,
                              QWEN3_NO_THINK_OLLAMA_TEMPLATE, QWEN3_TEMPLATE)


@dataclass(frozen=True)
class Family:
    name: str
    architecture: str           # transformers class name, as in the real checkpoint's config.json
    chat_template: str
    bos: str
    eos: str                    # the token that ends an assistant turn (EOT for instruct models)
    pad: str
    end_of_text: str            # SentencePiece's document end (base-model EOS)
    control_tokens: list[str]   # special tokens the template writes
    add_bos: bool
    ollama_template: str = ""
    tokenizer_kind: str = "spm"  # spm: SentencePiece (Llama 2/Mistral style); bpe: byte-level BPE (Qwen)
    chat_template_kwargs: dict = field(default_factory=dict)  # passed wherever the template is rendered
    tiny_pre_tokenizer: str | None = None  # llama.cpp pre-tokenizer for the tiny model's unknown BPE hash
    config: dict = field(default_factory=dict)


# The tiny model's shape, the same for every family: GQA like the real ones, hidden size a multiple of 256.
TINY_SHAPE = dict(hidden_size=256, intermediate_size=512, num_hidden_layers=2, num_attention_heads=4,
                  num_key_value_heads=2, head_dim=64, hidden_act="silu")

LLAMA = Family(
    name="llama", architecture="LlamaForCausalLM", chat_template=LLAMA3_TEMPLATE,
    ollama_template=LLAMA3_OLLAMA_TEMPLATE,
    bos="<|begin_of_text|>", eos="<|eot_id|>", pad="<|finetune_right_pad_id|>", end_of_text="<|end_of_text|>",
    control_tokens=["<|end_of_text|>", "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>",
                    "<|finetune_right_pad_id|>", "<|eom_id|>", "<|python_tag|>"], add_bos=True,
    # Llama-3.2-1B's shape, scaled down: llama3 RoPE scaling, tied embeddings.
    config=dict(model_type="llama", **TINY_SHAPE, max_position_embeddings=131072, rms_norm_eps=1e-5,
                tie_word_embeddings=True, rope_theta=500000.0,
                rope_scaling={"rope_type": "llama3", "factor": 32.0, "low_freq_factor": 1.0,
                              "high_freq_factor": 4.0, "original_max_position_embeddings": 8192}))

MISTRAL = Family(
    name="mistral", architecture="MistralForCausalLM", chat_template=MISTRAL_V3_TEMPLATE,
    ollama_template=MISTRAL_V3_OLLAMA_TEMPLATE, bos="<s>", eos="</s>", end_of_text="</s>",
    pad="[control_768]",  # what Unsloth's Mistral v0.3 tokenizers use, so EOS is never masked as padding
    control_tokens=["[INST]", "[/INST]", "[TOOL_CALLS]", "[AVAILABLE_TOOLS]", "[/AVAILABLE_TOOLS]",
                    "[TOOL_RESULTS]", "[/TOOL_RESULTS]", "[control_768]"], add_bos=True,
    # Mistral-7B-v0.3's shape, scaled down: RoPE theta 1e6, no sliding window, untied head.
    config=dict(model_type="mistral", **TINY_SHAPE, max_position_embeddings=32768, rms_norm_eps=1e-5,
                tie_word_embeddings=False, rope_theta=1000000.0, sliding_window=None))

QWEN3 = Family(
    name="qwen3", architecture="Qwen3ForCausalLM", chat_template=QWEN3_TEMPLATE,
    ollama_template=QWEN3_NO_THINK_OLLAMA_TEMPLATE, eos="<|im_end|>", pad="<|endoftext|>", end_of_text="<|endoftext|>",
    bos="<|endoftext|>",  # Qwen3 adds no BOS; this only names the document separator
    control_tokens=["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<tool_call>", "</tool_call>",
                    "<tool_response>", "</tool_response>", "<think>", "</think>"],
    add_bos=False, tokenizer_kind="bpe", chat_template_kwargs={"enable_thinking": False}, tiny_pre_tokenizer="qwen2",
    # Qwen3-8B's shape, scaled down: q/k RMSNorm, RoPE theta 1e6, untied head.
    config=dict(model_type="qwen3", **TINY_SHAPE, max_position_embeddings=40960, rms_norm_eps=1e-6,
                tie_word_embeddings=False, rope_theta=1000000.0, attention_bias=False, use_sliding_window=False))

FAMILIES = {"llama": LLAMA, "mistral": MISTRAL, "qwen3": QWEN3}
