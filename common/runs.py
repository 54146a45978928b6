"""The run folder: where a run's outputs live, written atomically, never overwriting an earlier run."""
from __future__ import annotations

import json
import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

from common.errors import UserError

SECRET_MARKERS = ("token", "key", "secret", "password")


class RunExists(UserError):
    pass


def write_json(path: Path, data) -> Path:
    return write_text(path, json.dumps(data, ensure_ascii=False, indent=2, default=str))


def write_jsonl(path: Path, rows) -> Path:
    """One JSON object per line, Korean kept readable; written atomically like every run file."""
    return write_text(path, "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows))


def is_main_process() -> bool:
    """Under DDP (torchrun / accelerate launch) rank 0 alone evaluates, writes and exports."""
    return os.environ.get("RANK", "0") == "0"


def from_main_process(make):
    """make() on rank 0; every rank gets its result (or its UserError), e.g. the run folder's name."""
    if os.environ.get("WORLD_SIZE", "1") == "1":
        return make()
    import torch
    import torch.distributed as dist

    if not dist.is_initialized():  # the launcher's process group, which the Trainer then reuses
        if torch.cuda.is_available():
            torch.cuda.set_device(int(os.environ.get("LOCAL_RANK", "0")))
        else:  # --resume: transformers loads the optimizer with map_location="cpu:<rank>", which torch cannot place
            torch.serialization.register_package(90, lambda obj: None,
                                                 lambda obj, where: obj if where.startswith("cpu:") else None)
        dist.init_process_group("nccl" if torch.cuda.is_available() else "gloo")
    box = [None]
    if is_main_process():
        try:
            box = [("ok", make())]
        except UserError as error:
            box = [("error", str(error))]
    dist.broadcast_object_list(box, src=0)
    if box[0][0] == "error":
        raise UserError(box[0][1])
    return box[0][1]


def write_text(path: Path, text: str) -> Path:
    if not is_main_process():
        return path
    tmp = path.with_name(path.name + ".partial")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path


@contextmanager
def atomic_dir(target: Path):
    """Yields a temporary sibling folder; on success it replaces `target` in one rename."""
    tmp = target.with_name(target.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if target.exists():
        shutil.rmtree(target)
    os.replace(tmp, target)


def public_config(config: dict) -> dict:
    """The config as saved and logged: anything that looks like a credential is dropped."""
    return {k: v for k, v in config.items() if not any(m in k.lower() for m in SECRET_MARKERS)
            or k in {"max_new_tokens", "max_tokens"}}


FINISHED_MARKER = "metrics.json"  # written last, by write_run_report: its presence means the run finished


def prepare_run_dir(task: str, output_dir: str | None, *, overwrite: bool, resume: str | None) -> Path:
    """Default: outputs/<task>/<timestamp>. An existing non-empty folder is only reused with --resume
    (continue it, if it is unfinished) or --overwrite (delete it first). Under DDP rank 0 decides."""
    return from_main_process(lambda: _prepare_run_dir(task, output_dir, overwrite=overwrite, resume=resume))


def _prepare_run_dir(task: str, output_dir: str | None, *, overwrite: bool, resume: str | None) -> Path:
    run = None
    if output_dir is None and resume == "auto":
        run = latest_run(task, require="checkpoints")
    elif output_dir is None and resume:  # RUN/checkpoints/checkpoint-N → RUN
        if not (Path(resume) / "trainer_state.json").is_file():
            raise UserError(f"--resume {resume}: not a checkpoint folder; give its full path, or --output_dir RUN "
                            f"with --resume checkpoints/checkpoint-N")
        run = Path(resume).resolve().parent.parent
    if run is None:
        run = Path(output_dir) if output_dir else Path("outputs") / task / time.strftime("%Y%m%d-%H%M%S")
    if resume and not overwrite and (run / FINISHED_MARKER).is_file():
        # resuming would train 0 steps and then rewrite the finished run's metrics, report and exports
        raise RunExists(f"{run} is a finished run (it has {FINISHED_MARKER}); there is nothing to resume. Start a "
                        f"new run without --resume, or pass --overwrite to train it again from scratch.")
    if run.exists() and any(run.iterdir()):
        if overwrite:
            shutil.rmtree(run)
        elif not resume:
            raise RunExists(f"{run} already holds a run. Pass --resume auto to continue it, --overwrite to "
                            f"replace it, or another --output_dir.")
    run.mkdir(parents=True, exist_ok=True)
    return run


def latest_run(task: str, require: str) -> Path | None:
    """The newest outputs/<task>/* folder that contains `require` (e.g. a finished adapter)."""
    root = Path("outputs") / task
    candidates = sorted((p for p in root.glob("*") if (p / require).exists()), key=lambda p: p.stat().st_mtime)
    return candidates[-1] if candidates else None


def find_trained_run(task: str, run: str | None) -> Path:
    """--run, or the newest outputs/<task>/* with a merged model."""
    found = Path(run) if run else latest_run(task, require="merged")
    if found is None or not (found / "merged").is_dir():
        raise UserError(f"no trained run found ({run or f'outputs/{task}/*/merged'}); train first or pass --run")
    return found


def plot_loss(history: dict, path: Path, title: str) -> Path:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(history["step"], history["loss"], label="train loss", marker=".")
    if history["eval_step"]:
        ax.plot(history["eval_step"], history["eval_loss"], label="eval loss", marker="o")
    ax.set(xlabel="optimizer step", ylabel="loss (answer tokens)", title=title)
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    tmp = path.with_name(path.stem + ".partial.png")
    fig.savefig(tmp, dpi=120)
    plt.close(fig)
    os.replace(tmp, path)
    return path
