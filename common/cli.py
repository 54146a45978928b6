"""The command line every trainer shares. Precedence: explicit flag > --preset > the script's defaults."""
from __future__ import annotations

import argparse

# Flags whose value can come from a preset or the script's defaults (parsed as None when not given).
OVERRIDABLE = ["epochs", "learning_rate", "batch_size", "grad_accum", "max_length", "lora_r", "lora_alpha",
               "lora_dropout", "neftune_alpha", "max_new_tokens", "max_steps", "save_steps"]


def build_parser(description: str, *, default_model: str, presets: dict | None = None) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=description, formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--mode", choices=["train", "test", "interactive", "batch"], default="train",
                   help="train (then evaluate and export), test (evaluate a trained run), interactive (chat), "
                        "batch (--input_file → --output_file)")
    p.add_argument("--model", default=default_model, help="hub id or local folder of the base model")
    p.add_argument("--smoke", action="store_true",
                   help="offline CPU run on a tiny random model built locally: proves the pipeline, not quality")
    p.add_argument("--smoke_layers", type=int, default=2, help="depth of the --smoke model (tests that must learn use more)")
    p.add_argument("--data", help="your own data file instead of the shipped one (same columns)")
    p.add_argument("--output_dir", help="run folder (default outputs/<task>/<timestamp>)")
    p.add_argument("--run", help="trained run folder for test/interactive/batch (default: the newest one)")
    p.add_argument("--overwrite", action="store_true", help="replace an existing run folder")
    p.add_argument("--resume", nargs="?", const="auto", help="auto (newest checkpoint of the run) or a checkpoint path")
    if presets:
        p.add_argument("--preset", choices=sorted(presets), help="; ".join(
            f"{name}: {', '.join(f'{k}={v}' for k, v in values.items())}" for name, values in presets.items()))
    p.add_argument("--epochs", type=float)
    p.add_argument("--learning_rate", type=float)
    p.add_argument("--batch_size", type=int)
    p.add_argument("--grad_accum", type=int, help="gradient accumulation steps")
    p.add_argument("--max_length", type=int, help="longest training sequence in tokens")
    p.add_argument("--max_steps", type=int, help="stop after this many optimizer steps (-1: use epochs)")
    p.add_argument("--save_steps", type=int, help="checkpoint (and eval) every N steps; the last 3 are kept")
    p.add_argument("--lora_r", type=int)
    p.add_argument("--lora_alpha", type=int)
    p.add_argument("--lora_dropout", type=float)
    p.add_argument("--neftune_alpha", type=float, help="NEFTune noise (0 turns it off)")
    p.add_argument("--max_new_tokens", type=int)
    p.add_argument("--load_in_4bit", action=argparse.BooleanOptionalAction, default=True,
                   help="QLoRA: 4-bit base weights (bitsandbytes)")
    p.add_argument("--full_finetune", action="store_true", help="train every weight instead of LoRA (tiny models)")
    p.add_argument("--backend", choices=["hf", "gguf"], default="hf",
                   help="test/interactive/batch on the merged model (hf) or the exported GGUF in llama.cpp")
    p.add_argument("--trust_remote_code", action="store_true", help="run the model repo's own Python code")
    p.add_argument("--gguf", default="q8_0", help="comma-separated GGUF types: q8_0, f16, bf16, q4_k_m, … or 'none'")
    p.add_argument("--eval_limit", type=int, help="evaluate on at most N held-out examples")
    p.add_argument("--seed", type=int, default=3407)
    p.add_argument("--wandb", action="store_true", help="log to Weights & Biases (needs `pip install wandb` and a login)")
    p.add_argument("--text", help="one input to answer (with --mode test/interactive/batch)")
    p.add_argument("--input_file", help="jsonl of inputs for --mode batch")
    p.add_argument("--output_file", help="jsonl of answers for --mode batch")
    return p


def resolve(args: argparse.Namespace, defaults: dict, presets: dict | None = None, smoke: dict | None = None,
            family: str = "") -> argparse.Namespace:
    """Fills unset flags from the preset, then the script's defaults (with --smoke: its smoke defaults)."""
    if args.smoke:
        defaults = {**defaults, **(smoke or {})}
        args.eval_limit = defaults.get("eval_limit") if args.eval_limit is None else args.eval_limit
        args.load_in_4bit = False  # Unsloth's CPU backend cannot merge LoRA into 4-bit weights
        from common.progress import console
        console.print(f"[bold yellow]SMOKE RUN: a tiny random-weight {family} model is built locally. Its answers "
                      f"are meaningless unless a test trains it long enough; this run proves the pipeline.")
    preset = (presets or {}).get(getattr(args, "preset", None) or defaults.get("preset"), {})
    for name in OVERRIDABLE:
        if getattr(args, name, None) is None:
            setattr(args, name, preset.get(name, defaults.get(name)))
    if args.input_file and args.mode == "train":
        args.mode = "batch"
    if args.mode == "batch" and not (args.input_file and args.output_file):
        raise SystemExit("--mode batch needs --input_file and --output_file")
    if args.wandb:
        try:
            import wandb  # noqa: F401
        except ImportError:
            raise SystemExit("--wandb: the wandb package is not installed (pip install wandb); it is optional") from None
    args.gguf_types = [] if args.gguf.strip().lower() == "none" else [t.strip().lower() for t in args.gguf.split(",")]
    return args


def run_main(main) -> None:
    """Runs a trainer's main(); bad input and missing tools end with one clear line and exit code 2."""
    import sys

    from common.data import DataError
    from common.export import ToolchainMissing
    from common.model import ModelLoadError
    from common.progress import console
    from common.runs import RunExists

    try:
        main()
    except (DataError, RunExists, ModelLoadError, ToolchainMissing) as error:
        console.print(f"[bold red]error:[/] {error}")
        sys.exit(2)
