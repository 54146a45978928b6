"""Loading a model through Unsloth (GPU fast path, or its CPU backend) and adding LoRA."""
from __future__ import annotations

import os
from pathlib import Path

from common.errors import UserError
from common.progress import console

# Unsloth's names for the projections of every Llama-style block: attention and MLP.
ALL_PROJECTIONS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


def load_model(model_name: str, *, max_length: int, load_in_4bit: bool, chat_template: str,
               trust_remote_code: bool = False, full_finetuning: bool = False):
    """Returns (model, tokenizer). `chat_template` replaces the checkpoint's own, so training, evaluation,
    inference and export all use one template."""
    from unsloth import FastLanguageModel

    local = Path(model_name).expanduser()
    if local.exists() and not (local / "config.json").is_file() and not (local / "adapter_config.json").is_file():
        raise UserError(f"{local}: a folder with no config.json or adapter_config.json; not a model")
    try:
        model, tokenizer = FastLanguageModel.from_pretrained(
            model_name=str(local) if local.exists() else model_name, max_seq_length=max_length, dtype=None,
            load_in_4bit=load_in_4bit and not full_finetuning, full_finetuning=full_finetuning,
            trust_remote_code=trust_remote_code,  # off unless the user asks: remote code runs on this machine
            local_files_only=local.exists() or os.environ.get("HF_HUB_OFFLINE") == "1")
    except OSError as error:
        raise UserError(
            f"could not load '{model_name}': {error}\nIt is neither a local model folder nor reachable on the "
            f"Hugging Face Hub from here. Pass --model PATH to a downloaded model, or --smoke for the offline "
            f"tiny model.") from None
    tokenizer.chat_template = chat_template
    if tokenizer.pad_token is None or tokenizer.pad_token_id == tokenizer.eos_token_id:
        # pad == eos makes collators mask the EOS label, and the model never learns to stop.
        console.print("[yellow]pad token equals EOS; the EOS label would be masked. Set a distinct pad token.")
    return model, tokenizer


def check_16bit_base(model_name: str) -> None:
    """A QLoRA run's export re-reads the 16-bit base to merge into: fail now if it cannot, not after training."""
    local = Path(model_name).expanduser()
    if local.is_dir():
        quantized = "quantization_config" in (local / "config.json").read_text(encoding="utf-8")
        if quantized or not any(local.glob("*.safetensors")):
            raise UserError(f"{local}: {'already quantized' if quantized else 'no safetensors weights'}; "
                            f"the merged export needs the 16-bit base model's safetensors")
    elif model_name.lower().endswith(("-bnb-4bit", "-4bit")):
        raise UserError(f"--model {model_name} is pre-quantized; the merged 16-bit export re-reads the base "
                        f"model, so pass the 16-bit name (e.g. {model_name.rsplit('-bnb-4bit', 1)[0]})")


def add_lora(model, *, r: int, alpha: int, dropout: float, seed: int):
    from unsloth import FastLanguageModel

    model = FastLanguageModel.get_peft_model(
        model, r=r, lora_alpha=alpha, lora_dropout=dropout, target_modules=ALL_PROJECTIONS, bias="none",
        use_gradient_checkpointing="unsloth", random_state=seed)
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    total = sum(p.numel() for p in model.parameters())
    console.print(f"LoRA r={r} alpha={alpha} dropout={dropout}: {trainable:,} trainable of {total:,} parameters "
                  f"({100 * trainable / total:.2f}%)")
    return model


def end_of_turn_ids(model, tokenizer) -> list[int]:
    """Every token that ends an assistant turn: the tokenizer's EOS plus the generation config's list."""
    configured = getattr(getattr(model, "generation_config", None), "eos_token_id", None) if model else None
    ids = {tokenizer.eos_token_id, *(configured if isinstance(configured, list) else [configured])}
    return sorted(i for i in ids if i is not None)


def prepare_model(args, family, tiny_texts: list[str], run: Path, tiny_vocab_size: int = 2000):
    """The model step every trainer runs: the --smoke model if asked, Unsloth, LoRA, the template kept in `run`."""
    from common.runs import from_main_process, write_text

    if args.smoke:
        from common.tiny import build_tiny_model
        # LoRA cannot touch the embeddings: with the usual std 0.02 the frozen random head gives logits of std
        # ~0.3, a near-flat distribution LoRA can barely move (loss 7.6 → 7.3 in 120 steps). std 0.1 lets it.
        embedding_std = None if args.full_finetune else 0.1
        args.model = from_main_process(lambda: str(build_tiny_model(
            family.name, tiny_texts, run / "tiny_base", vocab_size=tiny_vocab_size, seed=args.seed,
            embedding_std=embedding_std, num_hidden_layers=args.smoke_layers)))
    if args.load_in_4bit and not args.full_finetune:
        check_16bit_base(args.model)
    model, tokenizer = load_model(args.model, max_length=args.max_length, load_in_4bit=args.load_in_4bit,
                                  chat_template=family.chat_template, trust_remote_code=args.trust_remote_code,
                                  full_finetuning=args.full_finetune)
    if not args.full_finetune:
        model = add_lora(model, r=args.lora_r, alpha=args.lora_alpha, dropout=args.lora_dropout, seed=args.seed)
    write_text(run / "chat_template.jinja", tokenizer.chat_template)
    return model, tokenizer
