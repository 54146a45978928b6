"""Key:value extraction tasks: a tolerant parser of model output, field-level scores, error analysis and
the report files (evaluation_results.json, detailed_evaluation.csv, error_analysis.json,
performance_report.md with a per-field bar chart)."""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import Counter
from pathlib import Path

from common.runs import write_json, write_text


def normalize_value(value: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", value)).strip(" ,.;")


def parse_fields(text: str, keys: list[str]) -> dict[str, str]:
    """Finds `key: value` pairs in any order, with any spacing, ASCII or full-width colons (NFKC maps
    '：' to ':'), separated by commas, semicolons or newlines. Returns only the keys found."""
    text = unicodedata.normalize("NFKC", text)
    key_pattern = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
    found: dict[str, str] = {}
    for match in re.finditer(rf"({key_pattern})\s*[:=]\s*(.*?)(?=\s*[,;\n]\s*(?:{key_pattern})\s*[:=]|[\n]|$)", text):
        key, value = match.group(1), normalize_value(match.group(2))
        if key not in found and value:
            found[key] = value
    return found


def format_fields(fields: dict[str, str], keys: list[str]) -> str:
    return ", ".join(f"{k}: {fields[k]}" for k in keys)


def field_scores(parsed: list[dict], golds: list[dict], keys: list[str]) -> dict:
    """parse_rate: every key present; accuracy per field; overall: all fields right."""
    n = len(golds)
    correct = {k: sum(normalize_value(p.get(k, "")) == normalize_value(g[k]) for p, g in zip(parsed, golds))
               for k in keys}
    overall = sum(all(normalize_value(p.get(k, "")) == normalize_value(g[k]) for k in keys)
                  for p, g in zip(parsed, golds))
    return {"n": n, "parse_rate": sum(all(k in p for k in keys) for p in parsed) / n,
            "overall_accuracy": overall / n, **{f"accuracy/{k}": c / n for k, c in correct.items()}}


def error_analysis(parsed: list[dict], golds: list[dict], keys: list[str], top: int = 10) -> dict:
    """Per field, the most frequent (gold → predicted) confusions; a missing field counts as '(없음)'."""
    result = {}
    for key in keys:
        pairs = Counter((normalize_value(g[key]), normalize_value(p.get(key, "(없음)")))
                        for p, g in zip(parsed, golds) if normalize_value(p.get(key, "")) != normalize_value(g[key]))
        result[key] = {"errors": sum(pairs.values()),
                       "top_confusions": [{"gold": g, "predicted": p, "count": c} for (g, p), c in pairs.most_common(top)]}
    return result


def write_field_reports(out_dir: Path, *, inputs: list[str], golds: list[dict], outputs: dict[str, list[str]],
                        keys: list[str], labels: list[str], title: str, note: str = "") -> dict:
    """outputs: {'base': [...], 'finetuned': [...]} raw model answers. Writes the four report files and
    a bar chart; returns {side: scores}."""
    out_dir.mkdir(parents=True, exist_ok=True)
    parsed = {side: [parse_fields(text, keys) for text in texts] for side, texts in outputs.items()}
    scores = {side: field_scores(parsed[side], golds, keys) for side in outputs}
    write_json(out_dir / "evaluation_results.json", scores)
    write_json(out_dir / "error_analysis.json", {side: error_analysis(parsed[side], golds, keys) for side in outputs})

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    header = ["input"] + [f"gold_{k}" for k in keys]
    for side in outputs:
        header += [f"{side}_output", f"{side}_parsed"] + [f"{side}_{k}_correct" for k in keys] + [f"{side}_all_correct"]
    writer.writerow(header)
    for i, text in enumerate(inputs):
        row = [text] + [golds[i][k] for k in keys]
        for side in outputs:
            p = parsed[side][i]
            ok = [normalize_value(p.get(k, "")) == normalize_value(golds[i][k]) for k in keys]
            row += [outputs[side][i], all(k in p for k in keys)] + ok + [all(ok)]
        writer.writerow(row)
    write_text(out_dir / "detailed_evaluation.csv", "\ufeff" + buffer.getvalue())  # BOM: Excel opens Korean

    chart = _bar_chart(scores, keys, out_dir / "field_accuracy.png", labels)
    lines = [f"# {title}", "", note, "", "| metric | " + " | ".join(outputs) + " |",
             "|---|" + "---|" * len(outputs)]
    for metric in scores[next(iter(outputs))]:
        lines.append(f"| {metric} | " + " | ".join(
            f"{scores[s][metric]:.4f}" if isinstance(scores[s][metric], float) else str(scores[s][metric])
            for s in outputs) + " |")
    lines += ["", f"![per-field accuracy]({chart.name}) ({', '.join(f'{l} = {k}' for l, k in zip(labels, keys))})", "", "## Most frequent errors (fine-tuned)", ""]
    side = "finetuned" if "finetuned" in outputs else next(iter(outputs))
    for key, info in error_analysis(parsed[side], golds, keys, top=5).items():
        confusions = "; ".join(f"{c['gold']} → {c['predicted']} ×{c['count']}" for c in info["top_confusions"])
        lines.append(f"- **{key}** ({info['errors']} errors): {confusions or 'none'}")
    write_text(out_dir / "performance_report.md", "\n".join(lines) + "\n")
    return scores


def _bar_chart(scores: dict, keys: list[str], path: Path, labels: list[str]) -> Path:
    """Grouped bars per field. Labels are ASCII: a default matplotlib install has no Hangul glyphs."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(labels) + ["overall"]
    fig, ax = plt.subplots(figsize=(7, 4))
    width = 0.8 / len(scores)
    for i, (side, s) in enumerate(scores.items()):
        values = [s[f"accuracy/{k}"] for k in keys] + [s["overall_accuracy"]]
        bars = ax.bar([x + i * width for x in range(len(names))], values, width, label=side)
        ax.bar_label(bars, fmt="%.2f", fontsize=7)
    ax.set_xticks([x + width * (len(scores) - 1) / 2 for x in range(len(names))], names)
    ax.set_ylim(0, 1.1)
    ax.set_ylabel("accuracy")
    ax.set_title("per-field accuracy, held-out test split")
    ax.legend()
    fig.tight_layout()
    tmp = path.with_name(path.stem + ".partial.png")
    fig.savefig(tmp, dpi=120)
    plt.close(fig)
    tmp.replace(path)
    return path
