"""The command line every trainer shares.

Precedence, highest first: an explicit flag > the `--smoke` settings > the `--preset` > the trainer's DEFAULTS. Those
flags parse as None when not given, so `resolve` can tell "not given" from "given the default value"; `--help` still
shows the value each trainer really uses."""
from __future__ import annotations

import argparse
import sys

from common.errors import UserError, VerificationFailed

# Flags whose value comes from the trainer's DEFAULTS, a preset or --smoke unless given; their help text.
OVERRIDABLE = {
    "epochs": "passes over the training data",
    "learning_rate": "peak learning rate",
    "batch_size": "rows per device and step",
    "grad_accum": "gradient accumulation steps",
    "max_length": "longest training sequence in tokens",
    "lora_r": "LoRA rank",
    "lora_alpha": "LoRA alpha (scale = alpha / r)",
    "lora_dropout": "dropout on the LoRA input",
    "neftune_alpha": "NEFTune embedding noise (0 turns it off)",
    "max_new_tokens": "longest generated answer in tokens",
    "max_steps": "stop after this many optimizer steps (-1: train for all epochs)",
    "save_steps": "checkpoint and evaluate every N steps; the last 3 are kept",
    "eval_limit": "evaluate on at most N rows of each held-out split (0 or unset: all)"}


def _default_text(name: str, defaults: dict, presets: dict, smoke: dict) -> str:
    preset = defaults.get("preset")
    if name in presets.get(preset, {}):
        text = f"{presets[preset][name]} from preset '{preset}'"
    else:
        text = "all" if name == "eval_limit" and defaults.get(name) is None else str(defaults.get(name))
    return f"{text}; --smoke: {smoke[name]}" if name in smoke else text


def build_parser(description: str, *, default_model: str, defaults: dict, smoke: dict, presets: dict | None = None,
                 data_help: str | None = None, data_default: str | None = None) -> argparse.ArgumentParser:
    presets = presets or {}
    p = argparse.ArgumentParser(description=description)  # each help text names its own default
    p.add_argument("--mode", choices=["train", "test", "interactive", "batch"], default="train",
                   help="train (the default; then evaluate and export), test (evaluate a trained run), interactive, "
                        "batch (--input_file → --output_file)")
    p.add_argument("--model", default=default_model, help=f"hub id or local folder of the base model (default: "
                                                          f"{default_model})")
    p.add_argument("--smoke", action="store_true",
                   help="offline CPU run on a tiny random model built locally: proves the pipeline, not quality")
    p.add_argument("--smoke_layers", type=int, default=2, help="depth of the --smoke model (default: 2)")
    p.add_argument("--data", default=data_default, help=(data_help or "your own data file instead of the shipped one")
                   + (f" (default: {data_default})" if data_default else ""))
    p.add_argument("--output_dir", help="run folder (default: outputs/<task>/<timestamp>)")
    p.add_argument("--run", help="trained run folder for test/interactive/batch (default: the newest one)")
    p.add_argument("--overwrite", action="store_true", help="replace an existing run folder")
    p.add_argument("--resume", nargs="?", const="auto",
                   help="continue an unfinished run: auto (its newest checkpoint) or a checkpoint path")
    if presets:
        p.add_argument("--preset", choices=sorted(presets), help=f"default: {defaults.get('preset')}; " + "; ".join(
            f"{name}: {', '.join(f'{k}={v}' for k, v in values.items())}" for name, values in presets.items()))
    for name, text in OVERRIDABLE.items():
        p.add_argument(f"--{name}", type=float if name in ("epochs", "learning_rate", "lora_dropout", "neftune_alpha")
                       else int,
                       help=f"{text} (default: {_default_text(name, defaults, presets, smoke)})")
    p.add_argument("--load_in_4bit", action=argparse.BooleanOptionalAction,
                   help="QLoRA: 4-bit base weights (bitsandbytes; default: on, off with --smoke unless given)")
    p.add_argument("--full_finetune", action="store_true", help="train every weight instead of LoRA (tiny models)")
    p.add_argument("--backend", choices=["hf", "gguf"], default="hf",
                   help="test/interactive/batch on the merged model (hf, the default) or the GGUF in llama.cpp")
    p.add_argument("--trust_remote_code", action="store_true", help="run the model repo's own Python code")
    p.add_argument("--gguf", default="q8_0", help="comma-separated GGUF types: q8_0 (default), f16, bf16, q4_k_m, … "
                                                  "or none")
    p.add_argument("--seed", type=int, default=3407, help="(default: 3407)")
    p.add_argument("--report_to", nargs="+", choices=["none", "wandb", "tensorboard"], default=["none"],
                   help="experiment trackers (default: none); tensorboard writes RUN/logs/")
    p.add_argument("--wandb", action="store_true", help="same as --report_to wandb (needs `pip install wandb`)")
    p.add_argument("--verbose", action="store_true", help="show third-party warnings and progress bars")
    p.add_argument("--text", help="one input to answer (with --mode test/interactive/batch)")
    p.add_argument("--input_file", help="jsonl of inputs for --mode batch")
    p.add_argument("--output_file", help="jsonl of answers for --mode batch")
    return p


def resolve(args: argparse.Namespace, defaults: dict, presets: dict | None = None, smoke: dict | None = None,
            family: str = "") -> argparse.Namespace:
    """Fills every unset overridable flag by the precedence above; `args.setting_sources` says where each
    value came from (flag, smoke, preset NAME or default), and goes into the run's config.json."""
    preset_name = getattr(args, "preset", None) or defaults.get("preset")
    layers = [("default", defaults), (f"preset {preset_name}", (presets or {}).get(preset_name, {})),
              ("smoke", (smoke or {}) if args.smoke else {})]
    args.setting_sources = {}
    for name in OVERRIDABLE:
        if getattr(args, name) is not None:
            args.setting_sources[name] = "flag"
            continue
        for source, values in layers:
            if name in values:
                setattr(args, name, values[name])
                args.setting_sources[name] = source
    if args.load_in_4bit is None:  # the tiny model trains in 16 bits unless asked; 4-bit works on CPU too
        args.load_in_4bit = not args.smoke
    if args.smoke:
        from common.progress import console
        console.print(f"[bold yellow]SMOKE RUN: a tiny random-weight {family} model is built locally. Its answers "
                      f"are meaningless unless a test trains it long enough; this run proves the pipeline.")
    if args.input_file and args.mode == "train":
        args.mode = "batch"
    if args.mode == "batch" and not (args.input_file and args.output_file):
        raise UserError("--mode batch needs --input_file and --output_file")
    args.report_to = sorted({r for r in args.report_to if r != "none"} | ({"wandb"} if args.wandb else set()))
    for tracker, module in (("wandb", "wandb"), ("tensorboard", "tensorboardX")):
        if tracker in args.report_to:
            try:
                __import__(module)
            except ImportError:
                raise UserError(f"--report_to {tracker}: the {module} package is not installed "
                                f"(pip install -r requirements.txt)") from None
    from common.export import check_gguf_types  # an unknown type fails here, before training, not after it
    args.gguf_types = check_gguf_types([] if args.gguf.strip().lower() == "none"
                                       else [t.strip().lower() for t in args.gguf.split(",")])
    return args


def run_main(main) -> None:
    """Runs a trainer's main() under the error policy of common/errors.py (a failed export check: exit code 1)."""
    from rich.markup import escape

    from common.progress import console

    try:
        main()
    except UserError as error:
        where = f" in step '{error.step}'" if getattr(error, "step", None) else ""
        console.print(f"[bold red]error{where}:[/] {escape(str(error))}", soft_wrap=True)  # one line, any width
        sys.exit(2)
    except VerificationFailed as error:
        console.print(f"[bold red]export check failed:[/] {escape(str(error))}", soft_wrap=True)
        sys.exit(1)
