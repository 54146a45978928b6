"""TRL SFTTrainer setup shared by every trainer: NEFTune, loss on the answer only, checkpoints, resume."""
from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from common.errors import UserError
from common.progress import RichTrainingProgress, console


@dataclass
class TrainSettings:
    epochs: float
    learning_rate: float
    batch_size: int
    grad_accum: int
    max_length: int
    neftune_alpha: float = 5.0
    warmup_ratio: float = 0.03
    scheduler: str = "linear"
    max_grad_norm: float = 1.0
    weight_decay: float = 0.0
    save_steps: int = 50
    eval_rows: int = 256            # the validation loss is measured on at most this many rows (a fixed subset)
    padding_free: bool | None = None  # None: Unsloth decides per device (README "Training"; bench/speed.py)
    save_total_limit: int = 3
    logging_steps: int = 5
    max_steps: int = -1
    seed: int = 3407
    report_to: list[str] = field(default_factory=list)  # "wandb", "tensorboard"
    wandb_project: str = "korean-finetune"
    run_name: str | None = None

    @classmethod
    def from_args(cls, args, *, wandb_project: str, run_name: str, **overrides) -> "TrainSettings":
        """The CLI's resolved values (common/cli.py) plus a task's own fixed choices."""
        return cls(epochs=args.epochs, learning_rate=args.learning_rate, batch_size=args.batch_size,
                   grad_accum=args.grad_accum, max_length=args.max_length, max_steps=args.max_steps,
                   neftune_alpha=args.neftune_alpha, save_steps=args.save_steps, seed=args.seed,
                   report_to=list(args.report_to), wandb_project=wandb_project, run_name=run_name, **overrides)


def conversation_dataset(examples: list[tuple[list[dict], str]], chat_template_kwargs: dict | None = None):
    """[(prompt messages, answer)] → TRL's conversational prompt-completion format. TRL then masks the
    prompt and trains on the completion only (`completion_only_loss`), the answer and its end-of-turn token.
    `chat_template_kwargs` (e.g. Qwen3's enable_thinking=False) rides on every row, where TRL applies it."""
    from datasets import Dataset

    extra = {"chat_template_kwargs": chat_template_kwargs} if chat_template_kwargs else {}
    return Dataset.from_list([{"prompt": prompt, "completion": [{"role": "assistant", "content": answer}], **extra}
                              for prompt, answer in examples])


# The SFTConfig fields a run records in its config.json: every setting that shapes training.
RECORDED_SETTINGS = ["num_train_epochs", "max_steps", "per_device_train_batch_size", "gradient_accumulation_steps",
                     "learning_rate", "lr_scheduler_type", "warmup_steps", "max_grad_norm", "weight_decay", "optim",
                     "max_length", "neftune_noise_alpha", "completion_only_loss", "packing", "padding_free",
                     "eval_steps", "save_steps", "save_total_limit", "load_best_model_at_end", "metric_for_best_model",
                     "logging_steps", "seed", "data_seed", "bf16", "fp16", "gradient_checkpointing", "report_to",
                     "run_name"]


def truncate_row(row: dict, length: int) -> dict:
    return {"input_ids": row["input_ids"][:length], "labels": row["labels"][:length]}


def has_labels(row: dict) -> bool:
    return any(label != -100 for label in row["labels"])


def recorded_settings(trainer) -> dict:
    """What the trainer really runs with (read back from its arguments, after TRL and Unsloth adjusted them)."""
    return {name: getattr(trainer.args, name, None) for name in RECORDED_SETTINGS}


def make_trainer(model, tokenizer, train_examples, eval_examples, settings: TrainSettings, checkpoint_dir: Path,
                 chat_template_kwargs: dict | None = None):
    from transformers.trainer_callback import PrinterCallback, ProgressCallback
    from trl import SFTConfig, SFTTrainer

    train_dataset = conversation_dataset(train_examples, chat_template_kwargs)
    # the eval loss only chooses the checkpoint: a fixed subset keeps evaluation a small share of the run
    eval_dataset = conversation_dataset(eval_examples, chat_template_kwargs)
    if len(eval_dataset) > settings.eval_rows:
        eval_dataset = eval_dataset.shuffle(seed=settings.seed).select(range(settings.eval_rows))
    # transformers' callbacks read these from the environment only (transformers 5 has no logging_dir argument)
    if "wandb" in settings.report_to:
        os.environ["WANDB_PROJECT"] = settings.wandb_project
    if "tensorboard" in settings.report_to:
        os.environ["TENSORBOARD_LOGGING_DIR"] = str(checkpoint_dir.parent / "logs")
    config = SFTConfig(
        output_dir=str(checkpoint_dir), num_train_epochs=settings.epochs, max_steps=settings.max_steps,
        per_device_train_batch_size=settings.batch_size, per_device_eval_batch_size=settings.batch_size,
        gradient_accumulation_steps=settings.grad_accum, learning_rate=settings.learning_rate,
        lr_scheduler_type=settings.scheduler, max_grad_norm=settings.max_grad_norm, weight_decay=settings.weight_decay,
        warmup_steps=settings.warmup_ratio,   # transformers 5: a float in [0, 1) is a ratio
        max_length=settings.max_length,       # TRL's default (1024) would silently truncate long answers
        neftune_noise_alpha=settings.neftune_alpha or None, completion_only_loss=True,
        packing=False,                        # one example per batch slot: steps and LR mean what they say
        padding_free=settings.padding_free,
        eval_strategy="steps", eval_steps=settings.save_steps, save_strategy="steps", save_steps=settings.save_steps,
        save_total_limit=settings.save_total_limit,
        load_best_model_at_end=True,          # the exported adapter is the one with the lowest eval loss
        metric_for_best_model="eval_loss", greater_is_better=False,
        logging_steps=settings.logging_steps, include_num_input_tokens_seen=True,
        report_to=settings.report_to or "none", run_name=settings.run_name, seed=settings.seed, data_seed=settings.seed,
        dataset_num_proc=1, disable_tqdm=True,
        ddp_find_unused_parameters=False,     # every LoRA weight gets a gradient; the search breaks checkpointing
        ddp_timeout=6 * 3600)                 # DDP: the other ranks wait while rank 0 evaluates the base model
    # Unsloth's CPU backend turns padding-free off, fearing SDPA attends across the flattened examples; with TRL's
    # use_cache=False transformers keeps them apart (tests/test_training.py), so an explicit True wins everywhere.
    config.padding_free = config.padding_free if settings.padding_free is None else settings.padding_free  # None: auto
    flat = bool(config.padding_free)
    config.max_length = None if flat else settings.max_length  # TRL refuses both together; truncated below
    trainer = SFTTrainer(model=model, processing_class=tokenizer, args=config, train_dataset=train_dataset,
                         eval_dataset=eval_dataset)
    if flat:  # TRL's own truncation (keep the start), then drop rows with no answer left
        config.max_length = settings.max_length
        trainer.train_dataset, trainer.eval_dataset = (
            d.map(truncate_row, fn_kwargs={"length": settings.max_length}).filter(has_labels)
            for d in (trainer.train_dataset, trainer.eval_dataset))
    trainer.remove_callback(ProgressCallback)
    trainer.remove_callback(PrinterCallback)
    trainer.add_callback(RichTrainingProgress())
    return trainer


def check_label_mask(trainer, tokenizer) -> dict:
    """Prints the first training example with its label mask and asserts that the loss sees the answer:
    some but not all tokens supervised, and the end-of-turn token among them (or the model never stops)."""
    batch = trainer.data_collator([trainer.train_dataset[0]])
    input_ids, labels = batch["input_ids"][0].tolist(), batch["labels"][0].tolist()
    supervised = [i for i, label in enumerate(labels) if label != -100]
    from rich.markup import escape

    shown = "".join(  # escape: tokens such as [INST] would otherwise be read as markup
        (f"[green]{escape(tok)}[/]" if labels[i] != -100 else f"[dim]{escape(tok)}[/]")
        for i, tok in enumerate(tokenizer.convert_ids_to_tokens(input_ids)))
    console.print("[bold]first training example[/] ([green]green[/] = supervised, [dim]dim[/] = masked):")
    console.print(shown.replace("\n", "\\n"), markup=True, soft_wrap=True)
    if not supervised or len(supervised) == len(labels):
        raise AssertionError(f"label mask is wrong: {len(supervised)} of {len(labels)} tokens supervised")
    if tokenizer.eos_token_id not in [input_ids[i] for i in supervised]:
        raise AssertionError(f"the end-of-turn token {tokenizer.eos_token!r} is not supervised; the model "
                             f"would never learn to stop")
    answer = tokenizer.decode([input_ids[i] for i in supervised], skip_special_tokens=True)
    console.print(f"supervised {len(supervised)}/{len(labels)} tokens; answer decodes to: {answer[:80]!r}…")
    return {"supervised_tokens": len(supervised), "total_tokens": len(labels), "supervised_text": answer}


def resolve_resume(resume: str | None, checkpoint_dir: Path) -> str | None:
    """--resume auto → the newest checkpoint in this run (None if there is none yet); PATH → that checkpoint."""
    from transformers.trainer_utils import get_last_checkpoint

    if not resume:
        return None
    if resume == "auto":
        last = get_last_checkpoint(str(checkpoint_dir)) if checkpoint_dir.is_dir() else None
        console.print(f"resume: {'from ' + last if last else 'no checkpoint yet, starting fresh'}")
        return last
    path = Path(resume)
    if not path.exists() and (checkpoint_dir.parent / path).exists():  # "checkpoints/checkpoint-N" inside the run
        path = checkpoint_dir.parent / path
    if not (path / "trainer_state.json").is_file():
        raise UserError(f"--resume {resume}: not a checkpoint folder (no trainer_state.json in it)")
    console.print(f"resume: from {path}")
    return str(path)


def loss_history(trainer) -> dict[str, list]:
    log = trainer.state.log_history
    return {"step": [e["step"] for e in log if "loss" in e], "loss": [e["loss"] for e in log if "loss" in e],
            "eval_step": [e["step"] for e in log if "eval_loss" in e],
            "eval_loss": [e["eval_loss"] for e in log if "eval_loss" in e]}


def train(model, tokenizer, train_examples, eval_examples, settings: TrainSettings, run: Path, *, resume: str | None,
          title: str, splits: dict[str, int], chat_template_kwargs: dict | None = None):
    """The training step every trainer runs; returns (trainer, summary for metrics.json and the report).
    `eval_examples` is the validation split (eval loss, checkpoint choice), never the test split."""
    from common.runs import is_main_process, plot_loss, write_json

    trainer = make_trainer(model, tokenizer, train_examples, eval_examples, settings, run / "checkpoints",
                           chat_template_kwargs=chat_template_kwargs)
    config_path = run / "config.json"  # the trainer wrote the CLI's view; add what the trainer really runs with
    config = json.loads(config_path.read_text(encoding="utf-8")) if config_path.is_file() else {}
    write_json(config_path, {**config, "training_settings": recorded_settings(trainer)})
    mask = check_label_mask(trainer, tokenizer)
    started = time.perf_counter()
    trainer.train(resume_from_checkpoint=resolve_resume(resume, run / "checkpoints"))
    seconds = time.perf_counter() - started
    history = loss_history(trainer)
    if is_main_process():
        plot_loss(history, run / "loss.png", title)
    summary = {"steps": trainer.state.global_step, "splits": splits,
               "first_train_loss": history["loss"][0] if history["loss"] else None,
               "final_train_loss": history["loss"][-1] if history["loss"] else None,
               "best_eval_loss": trainer.state.best_metric, "best_checkpoint": trainer.state.best_model_checkpoint,
               "train_tokens_per_second": round(trainer.state.num_input_tokens_seen / seconds, 1),
               "eval_share": round(sum(e.get("eval_runtime", 0) for e in trainer.state.log_history) / seconds, 3),
               "seconds": round(seconds, 1), "label_mask": mask, "history": history}
    return trainer, summary
