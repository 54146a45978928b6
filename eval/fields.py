"""Key:value extraction tasks: a tolerant parser of model output, field-level scores, error analysis and
the report files (evaluation_results.json, detailed_evaluation.csv, error_analysis.json,
performance_report.md with a per-field bar chart)."""
from __future__ import annotations

import ast
import csv
import functools
import io
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

from common.runs import write_json, write_text
from eval.constrained import OutputGrammar, lark_grammar


def normalize_value(value: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", value)).strip(" ,.;")


# Quotes pair loosely (models mix “…" and ‘…”); brackets and markdown emphasis pair exactly.
_QUOTES = "\"'“”‘’"
_BRACKET_PAIRS = {"「": "」", "『": "』", "《": "》", "〈": "〉", "«": "»", "[": "]", "(": ")", "【": "】", "<": ">",
                  "*": "*", "_": "_"}
# What may wrap a key: `"위치":`, `【위치】:`, `*위치*:`.
_KEY_WRAPPERS = r"[\"'“”‘’「」『』《》〈〉«»\[\]()【】<>*_]*"
# A key is followed by a colon or equals sign, or by the topic particle as in `위치는 No.2 PP이고`.
_KEY_MARKER = r"(?:\s*[:=]|[은는](?=\s))"
# Line starts: blockquote `>`, heading `###`, bullets `- * + • · ・ ▪ ●`, numbering `1.` `1)` `(1)`.
_LEADING_MARKUP = re.compile(r"^\s*(?:>\s*)*(?:#{1,6}\s*)?(?:(?:[-*+•·・▪●◦‣]|\d{1,2}[.)]|\(\d{1,2}\))\s*)?")
# A sentence that goes on after the value: `주기작업. 추가 문의가 있으면 알려주세요.` Only before Hangul, so that
# `No. 2 PP` stays whole.
_SENTENCE_BREAK = re.compile(r"[.!?。]\s+(?=[가-힣])")
# Korean copula or particle glued to the value: `주기작업입니다`, `No.2 PP이고`, `기타기기이며`, `긴급으로`.
# A bare `로` (`계획정비로`) is left to vocab snapping: too many nouns end in 로.
_COPULA_ENDING = re.compile(r"\s*(?:입니다|이에요|예요|이며|이고|이다|으로)$")
# A gloss after the value: `SHE (신호 이상)`, `기타기기(CCTV)`.
_TRAILING_GLOSS = re.compile(r"\s*\([^()]*\)$")
# A JSON object or Python dict without nested braces; a nested answer's inner object is still one.
_FLAT_OBJECT = re.compile(r"\{[^{}]*\}")


def parse_fields(text: str, keys: list[str], vocab: dict[str, set[str]] | None = None) -> dict[str, str]:
    """Finds the keys' values in a model's answer; returns only the keys found, the first occurrence of each.

    Reads a JSON object or Python dict (bare, fenced or among prose), then line by line: `key: value` or
    `key = value` pairs in any order (ASCII or full-width colons, NFKC maps '：' to ':'), separated by commas,
    semicolons, pipes, slashes or newlines; markdown bold, bullets, numbering, headings with the value on the
    next line and tables (`| 위치 | No.2 PP |` rows, or a header row of keys over a row of values); values in
    quotes or brackets; `위치는 No.2 PP이고 …` with the copula stripped; prose before and after.
    vocab: allowed values per key; a value that is not allowed but starts with one (`계획정비로 분류됩니다`)
    becomes that one (the longest)."""
    text = unicodedata.normalize("NFKC", text)
    found = _object_fields(text, keys)
    for key, value in _line_fields(text, keys).items():
        found.setdefault(key, value)
    if vocab:
        found = {key: _snap_to_vocab(value, vocab.get(key)) for key, value in found.items()}
    return found


def _object_fields(text: str, keys: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for match in _FLAT_OBJECT.finditer(text):
        for key, value in _object_pairs(match.group()):
            key = str(key).strip()
            if key in keys and value is not None and not isinstance(value, (dict, list)):
                value = _clean_value(str(value))
                if value:
                    found.setdefault(key, value)
    return found


def _object_pairs(candidate: str) -> list[tuple]:
    """(key, value) pairs in order, duplicates kept (the first one wins); [] when it is not an object."""
    try:
        return json.loads(candidate, object_pairs_hook=list)
    except ValueError:
        pass
    try:  # Python-dict style: single quotes, trailing commas
        parsed = ast.literal_eval(candidate)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return []
    return list(parsed.items()) if isinstance(parsed, dict) else []


@functools.lru_cache(maxsize=16)
def _key_patterns(keys: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern]:
    """(a `key: value` pair within a line, a line that is only a key: a heading whose value is on the next line)."""
    names = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
    # Not inside a word, so that `설치위치:` is not 위치, and a key is only a key when a marker follows it,
    # so that a key's name inside a value (`기타기기(위치 표시등)`) is just text.
    key = rf"(?<!\w){_KEY_WRAPPERS}({names}){_KEY_WRAPPERS}{_KEY_MARKER}"
    next_key = rf"(?<!\w){_KEY_WRAPPERS}(?:{names}){_KEY_WRAPPERS}{_KEY_MARKER}"
    pair = re.compile(rf"{key}\s*(.*?)(?=\s*[,;|/]?\s*{next_key}|\s*$)")
    key_alone = re.compile(rf"{_KEY_WRAPPERS}({names}){_KEY_WRAPPERS}\s*[:=]?")
    return pair, key_alone


def _line_fields(text: str, keys: list[str]) -> dict[str, str]:
    pair_pattern, key_alone_pattern = _key_patterns(tuple(keys))
    found: dict[str, str] = {}

    def add(key: str, raw_value: str) -> None:
        value = _clean_value(raw_value)
        if value:
            found.setdefault(key, value)

    heading_key = None  # a key alone on its line (`### 위치`, `**위치**`, `위치:`): its value is the next line
    header_keys = None  # a table's header row naming the keys: its next row holds their values
    for raw_line in text.splitlines():
        line = _strip_markup(raw_line)
        if not line:
            continue
        if line.startswith("|"):
            heading_key = None
            if "-" in line and set(line) <= set("|:- \t"):  # the |---|---| rule under a header
                continue
            cells = [_strip_markup(cell) for cell in line.strip("|").split("|")]
            cell_keys = [m.group(1) if (m := key_alone_pattern.fullmatch(cell)) else None for cell in cells]
            if sum(k is not None for k in cell_keys) >= 2:
                header_keys = cell_keys
            elif header_keys:
                for key, cell in zip(header_keys, cells):
                    if key:
                        add(key, cell)
                header_keys = None
            elif cell_keys[0] and len(cells) >= 2:
                add(cell_keys[0], cells[1])
            continue
        alone = key_alone_pattern.fullmatch(line)
        if heading_key and not alone and not pair_pattern.search(line):
            add(heading_key, line)
        heading_key = alone.group(1) if alone else None
        for match in pair_pattern.finditer(line):
            add(match.group(1), match.group(2))
    return found


def _strip_markup(line: str) -> str:
    """Drops bold/code markers anywhere and bullets, numbering, headings and `>` at the start."""
    line = re.sub(r"\*\*|__|`", "", line)
    return _LEADING_MARKUP.sub("", line).strip()


def _clean_value(value: str) -> str:
    """Strips what a model puts around a value (quotes, brackets, emphasis, a copula, a gloss, a sentence after
    it) and keeps its own punctuation (`No.2 PP`, `B-3동 2층`)."""
    value = _SENTENCE_BREAK.split(value, maxsplit=1)[0]
    previous = None
    while value != previous:  # layers come in any order: `"주기작업"입니다.`, `**「No.2 PP」**`
        previous = value
        value = value.strip().strip(",.;:!?。{}").strip()
        value = _COPULA_ENDING.sub("", value)
        if len(value) >= 2 and ((value[0] in _QUOTES and value[-1] in _QUOTES)
                                or _BRACKET_PAIRS.get(value[0]) == value[-1]):
            value = value[1:-1]
        value = _TRAILING_GLOSS.sub("", value) or value
    return normalize_value(value)


def _snap_to_vocab(value: str, allowed: set[str] | None) -> str:
    if not allowed or value in allowed:
        return value
    prefixes = [a for a in allowed if value.startswith(unicodedata.normalize("NFKC", a))]
    return max(prefixes, key=len) if prefixes else value


def fields_output_grammar(keys: list[str], allowed: dict[str, set[str]]) -> OutputGrammar:
    """The answer `key: value, key: value, …` with the keys in this order and every value one of
    `allowed[key]`, as an llguidance Lark grammar and a llama.cpp GBNF. An optional space may come first:
    Mistral's template puts one before every answer it trains on. Both grammar languages spell literals as
    double-quoted strings with backslash escapes, so JSON's string syntax serves both."""
    def literal(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)

    sequence = ['" "?']
    value_rules = {}
    for i, key in enumerate(keys):
        sequence += [literal((", " if i else "") + key + ": "), f"value{i}"]
        value_rules[f"value{i}"] = " | ".join(literal(value) for value in sorted(allowed[key]))
    lark = "\n".join([f"start: {' '.join(sequence)}"] + [f"{name}: {body}" for name, body in value_rules.items()])
    gbnf = "\n".join([f"root ::= {' '.join(sequence)}"] + [f"{name} ::= {body}" for name, body in value_rules.items()])
    longest = " " + format_fields({k: max(allowed[k], key=lambda v: len(v.encode())) for k in keys}, keys)
    return OutputGrammar(name="taxonomy", llguidance=lark_grammar(lark), gbnf=gbnf,
                         max_new_tokens=len(longest.encode()))  # every token is at least one byte


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
                       "top_confusions": [{"gold": g, "predicted": p, "count": c}
                                          for (g, p), c in pairs.most_common(top)]}
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
    legend = ", ".join(f"{label} = {k}" for label, k in zip(labels, keys))
    lines += ["", f"![per-field accuracy]({chart.name}) ({legend})", "", "## Most frequent errors (fine-tuned)", ""]
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
