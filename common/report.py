"""metrics.json and a short markdown report for every run."""
from __future__ import annotations

from pathlib import Path

from common.errors import VerificationFailed
from common.runs import write_json, write_text

SMOKE_WARNING = ("**Smoke run**: the model is a tiny random-weight model built locally. Its answers and scores "
                 "are meaningless; this run proves that the pipeline trains, evaluates, exports and serves.")


def _fmt(value) -> str:
    return f"{value:.4f}" if isinstance(value, float) else str(value)


def metrics_table(before: dict, after: dict) -> str:
    keys = [k for k in after if isinstance(after[k], (int, float)) and not isinstance(after[k], bool)]
    lines = ["| metric | base | fine-tuned | Δ |", "|---|---|---|---|"]
    for key in keys:
        b, a = before.get(key), after[key]
        delta = f"{a - b:+.4f}" if isinstance(b, (int, float)) and isinstance(a, float) else ""
        lines.append(f"| {key} | {_fmt(b)} | {_fmt(a)} | {delta} |")
    return "\n".join(lines)


def write_run_report(run: Path, *, title: str, smoke: bool, config: dict, train_summary: dict, before: dict,
                     after: dict, exports: dict, samples: list[dict], extra_sections: list[str] = ()) -> Path:
    write_json(run / "metrics.json", {"base": before, "finetuned": after, "training": train_summary,
                                      "exports": exports, "smoke": smoke})
    parts = [f"# {title}", "", *([SMOKE_WARNING, ""] if smoke else [])]
    splits = train_summary["splits"]
    parts += [f"- base model: `{config.get('model')}`", f"- data: `{config.get('data')}`",
              f"- splits: train {splits['train']} rows (trained on), validation {splits['validation']} (eval loss, "
              f"choice of the exported checkpoint), test {splits['test']} (the metrics below)",
              f"- training: {train_summary.get('steps')} steps, train loss "
              f"{_fmt(train_summary.get('first_train_loss'))}"
              f" → {_fmt(train_summary.get('final_train_loss'))}, best validation loss "
              f"{_fmt(train_summary.get('best_eval_loss'))}, "
              f"{train_summary.get('train_tokens_per_second')} tokens/s, "
              f"{100 * (train_summary.get('eval_share') or 0):.0f}% of the training time spent on the validation loss",
              "",
              "## Held-out evaluation (greedy)", "", metrics_table(before, after), "",
              "![loss curve](loss.png)", "", "## Exports", ""]
    for name, info in exports.items():
        if isinstance(info, dict) and "passed" in info:
            parts.append(f"- `{info['file']}` ({info['size_mb']} MiB): llama.cpp load + logits vs merged model "
                         f"cosine {info['min_cosine']:.5f} (floor {info['cosine_floor']}), tokenization "
                         f"{'identical' if info['tokenization_matches_hf'] else 'DIFFERENT'}, answers "
                         f"{'generated' if info['answers_nonempty'] else 'EMPTY'} → "
                         f"**{'verified' if info['passed'] else 'FAILED'}**")
        elif not isinstance(info, dict):  # scores (dicts) are the trainers' own sections
            parts.append(f"- {name}: `{info}`")
    parts += ["", *extra_sections, "## Samples", ""]
    for sample in samples:
        parts += [f"**Q:** {sample['question']}", "", f"- reference: {sample['reference']}",
                  f"- base: {sample['base']}", f"- fine-tuned: {sample['finetuned']}", ""]
    return write_text(run / "report.md", "\n".join(parts))


def finish_run(run: Path, report: Path, exports: dict) -> None:
    """Prints where the run is; a GGUF that failed verification fails the run (exit code 1)."""
    from common.progress import console

    console.print(f"[bold]run folder:[/] {run}\n[bold]report:[/] {report}")
    if failed := [k for k, v in exports.items() if isinstance(v, dict) and not v.get("passed", True)]:
        raise VerificationFailed(f"GGUF verification failed for {failed}; see {report}")
