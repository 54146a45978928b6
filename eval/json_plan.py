"""Structured JSON output: strict and lenient parsing, JSON Schema validity, key-level P/R/F1 over
flattened paths, character F1 per text field."""
from __future__ import annotations

import json
import re

import jsonschema
from json_repair import repair_json

from eval.constrained import OutputGrammar, json_max_bytes, json_schema_grammar
from eval.metrics import char_f1

_FENCE = re.compile(r"^\s*```(?:json)?\s*|\s*```\s*$")


def parse_strict(text: str):
    """json.loads of the whole answer (a ```json fence around it is allowed); None if it fails."""
    try:
        value = json.loads(_FENCE.sub("", text))
    except (json.JSONDecodeError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def parse_lenient(text: str):
    """Strict first, else json_repair (closes brackets, fixes quotes and commas); None if still no object."""
    value = parse_strict(text)
    if value is not None:
        return value
    try:
        repaired = repair_json(text, return_objects=True)
    except Exception:  # json_repair raises on some inputs
        return None
    return repaired if isinstance(repaired, dict) and repaired else None


def schema_validator(schema: dict):
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


# llama.cpp's own schema converter (json-schema-to-grammar.cpp) lets JSON whitespace be a newline and an
# indent; llama-cpp-python's Python port still allows one space only, which would force a model trained on
# indented JSON off its own format. Bounded, so constrained decoding still always ends; the same whitespace
# as the HF constraint (eval/constrained.JSON_WHITESPACE).
GRAMMAR_SPACE_RULE = 'space ::= | " " | "\\n" " "{0,20}'
# The port's string character is [^"\\], which admits a raw newline or tab inside a string: JSON forbids
# control characters there, and a model used to line breaks produces them. llama.cpp's own rule, less the
# \uXXXX escape, as on the HF side (eval/constrained.JSON_ESCAPES):
GRAMMAR_CHAR_RULE = 'char ::= [^"\\\\\\x7F\\x00-\\x1F] | [\\\\] ["\\\\bfnrt]'


def schema_gbnf(schema: dict) -> str:
    """A llama.cpp grammar (GBNF text) that admits only JSON documents valid under `schema`, indented or not."""
    from llama_cpp.llama_grammar import json_schema_to_gbnf

    rules = json_schema_to_gbnf(json.dumps(schema)).splitlines()
    for replacement in (GRAMMAR_SPACE_RULE, GRAMMAR_CHAR_RULE):
        name = replacement.split("::=")[0]
        at = [i for i, rule in enumerate(rules) if rule.startswith(name)]
        if len(at) != 1:  # a converter that renamed its rules must not silently bring the bugs back
            raise RuntimeError(f"llama_cpp's schema grammar has {len(at)} '{name.strip()}' rules; expected one")
        rules[at[0]] = replacement
    return "\n".join(rules)


def schema_output_grammar(schema: dict) -> OutputGrammar:
    """The schema as a grammar for both backends, with a token budget that always lets decoding finish."""
    return OutputGrammar(name="json-schema", llguidance=json_schema_grammar(schema), gbnf=schema_gbnf(schema),
                         max_new_tokens=json_max_bytes(schema))


def schema_errors(value, validator) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
            for e in sorted(validator.iter_errors(value), key=lambda e: list(e.absolute_path))]


def flatten(value, prefix: str = "") -> dict[str, str]:
    """{'members[0].name': '김민수', ...}: one entry per leaf, the unit of key-level P/R/F1."""
    out: dict[str, str] = {}
    if isinstance(value, dict):
        for key, item in value.items():
            out.update(flatten(item, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out.update(flatten(item, f"{prefix}[{i}]"))
    else:
        out[prefix] = "" if value is None else str(value)
    return out


def key_prf(predicted: dict | None, gold: dict) -> tuple[float, float, float]:
    pred_keys, gold_keys = set(flatten(predicted or {})), set(flatten(gold))
    hit = len(pred_keys & gold_keys)
    p = hit / len(pred_keys) if pred_keys else 0.0
    r = hit / len(gold_keys) if gold_keys else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def plan_scores(answers: list[str], golds: list[dict], validator, text_fields: list[str]) -> dict:
    """Means over examples; a field missing from an unparseable answer scores 0."""
    n = len(golds)
    strict = [parse_strict(a) for a in answers]
    lenient = [parse_lenient(a) for a in answers]
    prf = [key_prf(v, g) for v, g in zip(lenient, golds)]
    scores = {
        "n": n,
        "strict_parse_rate": sum(v is not None for v in strict) / n,
        "lenient_parse_rate": sum(v is not None for v in lenient) / n,
        "schema_valid_rate": sum(v is not None and not schema_errors(v, validator) for v in strict) / n,
        "key_precision": sum(p for p, _, _ in prf) / n,
        "key_recall": sum(r for _, r, _ in prf) / n,
        "key_f1": sum(f for _, _, f in prf) / n,
    }
    for field in text_fields:
        scores[f"char_f1/{field}"] = sum(char_f1(str((v or {}).get(field, "")), str(g[field]))
                                         for v, g in zip(lenient, golds)) / n
    return scores
