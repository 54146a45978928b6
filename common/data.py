"""Reading the user's data files: encodings, validation with line numbers, stratified splits."""
from __future__ import annotations

import csv
import io
import json
import random
from collections import defaultdict
from pathlib import Path


class DataError(ValueError):
    """Bad input data; the message names the file, the line and what is wrong."""


def _looks_like_mojibake(text: str) -> bool:
    """UTF-8 Korean that was once decoded as Latin-1/CP1252 reads as 'ì¡°í' runs and has no Hangul."""
    hangul = sum("\uac00" <= ch <= "\ud7a3" for ch in text)
    latin1_high = sum("\u00c0" <= ch <= "\u00ff" for ch in text)
    return latin1_high > 20 and latin1_high > 5 * hangul


def decode_text_file(path: Path) -> tuple[str, str]:
    """Returns (text, encoding). Accepts UTF-8, UTF-8 with BOM and CP949/EUC-KR; refuses damaged text."""
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        text, encoding = raw[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    else:
        try:
            text, encoding = raw.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as utf8_error:
            try:
                text, encoding = raw.decode("cp949"), "cp949"  # CP949 is a superset of EUC-KR
            except UnicodeDecodeError:
                line = raw[: utf8_error.start].count(b"\n") + 1
                raise DataError(
                    f"{path}:{line}: not valid UTF-8, UTF-8 with BOM, CP949 or EUC-KR "
                    f"(byte {raw[utf8_error.start]:#04x} at offset {utf8_error.start}); re-save it as UTF-8"
                ) from None
    for line_number, line in enumerate(text.splitlines(), start=1):
        if "\ufffd" in line:
            raise DataError(
                f"{path}:{line_number}: contains U+FFFD replacement characters: the text was already "
                f"damaged by an encoding error before it reached this file; restore it from the original"
            )
    if _looks_like_mojibake(text):
        raise DataError(
            f"{path}: looks like mojibake (UTF-8 Korean decoded as Latin-1/CP1252, e.g. 'ì', 'ë' runs and no "
            f"Hangul); decode it correctly (text.encode('cp1252').decode('utf-8')) before training on it"
        )
    return text, encoding


def _check_row(path: Path, line: int, row: dict, columns: list[str], allowed: dict[str, set[str]]) -> dict:
    clean = {}
    for column in columns:
        value = row.get(column)
        if value is None or not str(value).strip():
            raise DataError(f"{path}:{line}: column '{column}' is empty")
        value = str(value).strip()
        if column in allowed and value not in allowed[column]:
            raise DataError(
                f"{path}:{line}: column '{column}' has '{value}', expected one of {sorted(allowed[column])}"
            )
        clean[column] = value
    return clean


def read_rows(path: str | Path, columns: list[str], allowed: dict[str, set[str]] | None = None) -> list[dict]:
    """Reads a CSV (header row) or JSONL file into dicts holding `columns` plus `line` (1-based)."""
    path, allowed = Path(path), allowed or {}
    if not path.is_file():
        raise DataError(f"{path}: no such file")
    text, _ = decode_text_file(path)
    rows = []
    if path.suffix.lower() in {".jsonl", ".json"}:
        for line, raw_line in enumerate(text.splitlines(), start=1):
            if not raw_line.strip():
                continue
            try:
                obj = json.loads(raw_line)
            except json.JSONDecodeError as error:
                raise DataError(f"{path}:{line}: invalid JSON: {error.msg} (column {error.colno})") from None
            if not isinstance(obj, dict):
                raise DataError(f"{path}:{line}: expected a JSON object, got {type(obj).__name__}")
            rows.append({**_check_row(path, line, obj, columns, allowed), "line": line})
    else:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise DataError(f"{path}:1: missing column(s) {missing}; header is {reader.fieldnames}")
        for row in reader:
            line = reader.line_num  # physical line of the row's end; rows rarely span lines here
            if None in row:
                raise DataError(f"{path}:{line}: more cells than the header has columns")
            if all(not (v or "").strip() for v in row.values()):
                continue
            rows.append({**_check_row(path, line, row, columns, allowed), "line": line})
    if not rows:
        raise DataError(f"{path}: no data rows")
    return rows


def stratified_split(rows: list[dict], key: str, eval_fraction: float, seed: int) -> tuple[list, list]:
    """Splits each group of `key` separately so every category is in both halves (when it has 2+ rows)."""
    groups: dict[str, list] = defaultdict(list)
    for row in rows:
        groups[row[key]].append(row)
    rng = random.Random(seed)
    train, held_out = [], []
    for name in sorted(groups):
        group = groups[name][:]
        rng.shuffle(group)
        n_eval = max(1, round(len(group) * eval_fraction)) if len(group) > 1 else 0
        held_out += group[:n_eval]
        train += group[n_eval:]
    return train, held_out
