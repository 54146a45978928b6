"""Reading the user's data files: encodings, validation with line numbers, stratified splits."""
from __future__ import annotations

import csv
import io
import json
import random
from collections import defaultdict
from pathlib import Path

from common.errors import UserError


class DataError(UserError, ValueError):
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
                raise DataError(f"{path}:{line}: not valid UTF-8, UTF-8 with BOM, CP949 or EUC-KR "
                                f"(byte {raw[utf8_error.start]:#04x} at offset {utf8_error.start}); "
                                f"re-save it as UTF-8") from None
    for line_number, line in enumerate(text.splitlines(), start=1):
        if "\ufffd" in line:
            raise DataError(f"{path}:{line_number}: contains U+FFFD replacement characters: the text was "
                            f"already damaged by an encoding error before it reached this file; restore it "
                            f"from the original")
    if _looks_like_mojibake(text):
        raise DataError(f"{path}: looks like mojibake (UTF-8 Korean decoded as Latin-1/CP1252, e.g. 'ì', 'ë' runs "
                        f"and no Hangul); decode it correctly (text.encode('cp1252').decode('utf-8')) before "
                        f"training on it")
    return text, encoding


def _check_row(path: Path, line: int, row: dict, columns: list[str], allowed: dict[str, set[str]]) -> dict:
    clean = {column: "" if row.get(column) is None else str(row[column]).strip() for column in columns}
    for column, value in clean.items():
        if not value:
            raise DataError(f"{path}:{line}: column '{column}' is empty")
        if column in allowed and value not in allowed[column]:
            raise DataError(f"{path}:{line}: column '{column}' has '{value}', "
                            f"expected one of {sorted(allowed[column])}")
    return clean


def _quote_opened_on(lines: list[str], first: int, last: int) -> int:
    """The line where the quote still open at the end of line `last` opened, for a row starting on `first`."""
    # quote parity per physical line: doubled quotes ("") inside a cell come in pairs and change nothing
    opened, inside = first, False
    for number in range(first, last + 1):
        if lines[number - 1].count('"') % 2:
            inside = not inside
            opened = number if inside else opened
    return opened


def _looks_like_a_row(line: str, header: list[str], path: Path, columns: list[str], allowed: dict) -> bool:
    """A line inside a multi-line cell that is a valid row on its own was swallowed by a stray quote."""
    cells = next(csv.reader([line.rstrip("\r\n")]), [])
    try:
        return len(cells) == len(header) and _check_row(path, 0, dict(zip(header, cells)), columns, allowed) is not None
    except DataError:
        return False


def _open_quote_error(path: Path, lines: list[str], opened: int, why: str) -> DataError:
    line = lines[opened - 1].rstrip("\r\n")
    excerpt = line[max(0, line.find('"') - 20):][:60]  # from a little before the first quote: mostly the open one
    return DataError(f"{path}:{opened}: a quoted cell opened on this line is never closed properly ({why}): "
                     f"{excerpt!r}; close it, and double quotes that belong to the text (\"\")")


def multiline_row_count(rows: list[dict]) -> int:
    """How many rows read from a CSV have quoted cells spanning several physical lines."""
    return sum(row.get("lines", 1) > 1 for row in rows)


def read_rows(path: str | Path, columns: list[str], allowed: dict[str, set[str]] | None = None) -> list[dict]:
    """Reads a CSV (header row) or JSONL file into dicts holding `columns` plus `line` (1-based, where the row
    starts); CSV rows also hold `lines`, how many physical lines the row spans (quoted multi-line cells)."""
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
        lines = io.StringIO(text, newline="").readlines()  # split as the reader splits, so numbers agree
        # strict: a quote left open raises instead of silently merging the rows after it into one cell
        reader, end = csv.reader(io.StringIO(text, newline=""), strict=True), 0
        try:
            header, end = next(reader, []), reader.line_num  # left to right: line_num after the header
            if missing := [c for c in columns if c not in header]:
                raise DataError(f"{path}:1: missing column(s) {missing}; header is {header}")
            for cells in reader:
                start, end = end + 1, reader.line_num  # line_num is where the row ends; report where it starts
                swallowed = [n for n in range(start + 1, end) if _looks_like_a_row(lines[n - 1], header, path,
                                                                                  columns, allowed)]
                if swallowed:  # the stray quote closed right before a comma: the merged row still parsed
                    raise _open_quote_error(path, lines, _quote_opened_on(lines, start, swallowed[0] - 1),
                                            f"line {swallowed[0]}, a row of its own, became part of the cell")
                if all(not cell.strip() for cell in cells):
                    continue
                if len(cells) != len(header):
                    raise DataError(f"{path}:{start}: {'fewer' if len(cells) < len(header) else 'more'} cells than "
                                    f"the header has columns ({len(cells)} cells, the header has {len(header)})")
                row = _check_row(path, start, dict(zip(header, cells)), columns, allowed)
                rows.append({**row, "line": start, "lines": end - start + 1})
        except csv.Error as error:
            raise _open_quote_error(path, lines, _quote_opened_on(lines, end + 1, reader.line_num),
                                    f"{error} on line {reader.line_num}") from None
        if spanning := multiline_row_count(rows):
            from common.progress import console  # imports rich and transformers: only when there is news
            console.print(f"{path}: {spanning} of {len(rows)} rows span several lines "
                          f"(quoted multi-line cells, kept)", markup=False, soft_wrap=True)
    if not rows:
        raise DataError(f"{path}: no data rows")
    return rows


def stratified_split(rows: list[dict], key: str, held_out_fraction: float, seed: int) -> tuple[list, list, list]:
    """train / validation / test, each group of `key` split separately so every category is in all three (when
    it has 3+ rows): `held_out_fraction` of a group for validation (checkpoint choice) and as much for test (the
    reported metrics), so no reported row ever took part in a choice."""
    groups: dict[str, list] = defaultdict(list)
    for row in rows:
        groups[row[key]].append(row)
    rng = random.Random(seed)
    train, validation, test = [], [], []
    for name in sorted(groups):
        group = groups[name][:]
        rng.shuffle(group)
        n = max(1, round(len(group) * held_out_fraction)) if len(group) > 2 else 0
        validation += group[:n]
        test += group[n:2 * n]
        train += group[2 * n:]
    return train, validation, test
