"""Rich terminal output shared by every trainer: one console, progress bars, a training callback."""
from __future__ import annotations

import os
import time
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn,
                           TimeElapsedColumn, TimeRemainingColumn)
from rich.table import Table
from transformers import TrainerCallback

console = Console(highlight=False, quiet=os.environ.get("RANK", "0") != "0")  # DDP: rank 0 alone prints


def progress_bar() -> Progress:
    return Progress(SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), TimeRemainingColumn(), TextColumn("{task.fields[status]}"),
                    console=console, transient=False)


@contextmanager
def step(title: str):
    """A named pipeline stage: prints its start, its duration, and re-raises failures with its name."""
    console.rule(f"[bold cyan]{title}")
    started = time.perf_counter()
    try:
        yield
    except BaseException as error:
        if not getattr(error, "step", None):  # the innermost step names it; run_main prints it
            error.step = title
        console.print(f"[bold red]✗ {title} failed[/] ({time.perf_counter() - started:.1f}s)")
        raise
    console.print(f"[green]✓ {title}[/] ({time.perf_counter() - started:.1f}s)")


def print_table(title: str, rows: list[dict]) -> None:
    if not rows:
        return
    table = Table(*map(str, rows[0]), title=title)
    for row in rows:
        table.add_row(*(f"{v:.4f}" if isinstance(v, float) else str(v) for v in row.values()))
    console.print(table)


class RichTrainingProgress(TrainerCallback):
    """A progress bar over optimizer steps showing loss, learning rate and training tokens per second."""

    def __init__(self):
        self.progress, self.task, self.started, self.tokens_at_start = None, None, None, 0

    def on_train_begin(self, args, state, control, **kwargs):
        if not state.is_world_process_zero:
            return
        self.progress = progress_bar()
        self.progress.start()
        self.task = self.progress.add_task("training", total=state.max_steps, completed=state.global_step, status="")
        self.started = time.perf_counter()
        self.tokens_at_start = state.num_input_tokens_seen or 0

    def on_step_end(self, args, state, control, **kwargs):
        if self.progress is not None:
            self.progress.update(self.task, completed=state.global_step)

    def on_log(self, args, state, control, logs=None, **kwargs):
        if self.progress is None or not logs:
            return
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        tokens_per_second = ((state.num_input_tokens_seen or 0) - self.tokens_at_start) / elapsed
        formats = {"loss": "loss {:.4f}", "eval_loss": "eval_loss {:.4f}", "learning_rate": "lr {:.2e}"}
        parts = [text.format(logs[key]) for key, text in formats.items() if key in logs]
        parts.append(f"{tokens_per_second:,.0f} tok/s")
        self.progress.update(self.task, status=" · ".join(parts))

    def on_train_end(self, args, state, control, **kwargs):
        if self.progress is not None:
            self.progress.update(self.task, completed=state.global_step)
            self.progress.stop()
            self.progress = None
