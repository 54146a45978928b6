"""Constrained decoding on the HF path: a transformers LogitsProcessor that lets `model.generate` pick only
tokens that keep the output inside a grammar (a JSON Schema, a Lark grammar or a regex), built on llguidance.

An OutputGrammar carries one output language in both backends' forms: the llguidance grammar used here and
the llama.cpp GBNF used by the GGUF path (eval/json_plan.schema_output_grammar for a JSON Schema,
eval/fields.fields_output_grammar for the maintenance answer). The processor is batched (a matcher per row)
and works under greedy decoding and sampling alike: transformers applies it before temperature and top-p.
"""
from __future__ import annotations

import json
import weakref
from dataclasses import dataclass

import torch
from transformers import LogitsProcessor

# JSON whitespace between tokens: nothing, one space, or a newline and an indent of at most 20 spaces. That
# admits the indented layout the plans are trained on (json.dumps(indent=2)) and compact JSON, and it is
# bounded, so a model cannot spend its whole budget on whitespace: the schema bounds every string and list,
# so every constrained document has a finite maximum length and decoding always ends.
JSON_WHITESPACE = r"(\n {0,20}| )"
# String escapes allowed inside JSON strings: every short one, but not \uXXXX (six characters for one, and
# the plans are trained with ensure_ascii=False, so a model never writes one).
JSON_ESCAPES = "\"\\bfnrt"


@dataclass(frozen=True)
class OutputGrammar:
    """One output language in the two forms the backends need. An answerer (eval/generation.trained_answerer)
    compiles it for its backend; `max_new_tokens` is a budget no output of the grammar can exceed, so
    decoding under it always ends with the grammar accepted (None: the caller's budget)."""
    name: str
    llguidance: str             # for HF generate, through GrammarLogitsProcessor
    gbnf: str                   # for llama.cpp, through llama_cpp.LlamaGrammar.from_string
    max_new_tokens: int | None = None


def json_schema_grammar(schema: dict) -> str:
    """An llguidance grammar that admits only JSON documents valid under `schema`, indented or not."""
    import llguidance

    return llguidance.LLMatcher.grammar_from_json_schema(
        schema, overrides={"whitespace_pattern": JSON_WHITESPACE, "json_allowed_escapes": JSON_ESCAPES})


def lark_grammar(lark: str) -> str:
    import llguidance

    return llguidance.LLMatcher.grammar_from_lark(lark)


# The longest whitespace JSON_WHITESPACE admits, in bytes.
LONGEST_WHITESPACE = 21
# A character of a JSON string in UTF-8: at most 4 bytes, and every allowed escape (\n, \") is 2.
LONGEST_CHARACTER = 4


def json_max_bytes(schema: dict) -> int:
    """The longest document, in UTF-8 bytes, that the schema admits under JSON_WHITESPACE and JSON_ESCAPES.
    Every token the grammar allows is at least one byte, so this many new tokens always suffice to reach the
    end. Only what the schema can bound: closed objects, arrays with maxItems, strings with maxLength or a date."""
    gap = 2 * LONGEST_WHITESPACE + 1  # whitespace, a separator (',' or ':'), whitespace
    kind = schema.get("type")
    if kind == "object":
        if schema.get("additionalProperties") is not False:
            raise ValueError("an open object (additionalProperties not false) has no longest form")
        members = [len(json.dumps(key, ensure_ascii=False).encode()) + gap + json_max_bytes(value) + gap
                   for key, value in schema.get("properties", {}).items()]
        return 2 + sum(members) + LONGEST_WHITESPACE
    if kind == "array":
        if "maxItems" not in schema:
            raise ValueError("an array without maxItems has no longest form")
        return 2 + schema["maxItems"] * (json_max_bytes(schema["items"]) + gap) + LONGEST_WHITESPACE
    if kind == "string":
        if schema.get("format") == "date":
            return len('"2025-01-31"')
        if "maxLength" not in schema:
            raise ValueError("a string without maxLength has no longest form")
        return 2 + schema["maxLength"] * LONGEST_CHARACTER
    raise ValueError(f"json_max_bytes: type {kind!r} is not supported")


class Constraint:
    """A grammar compiled for one tokenizer: make one, then pass `logits_processor()` to each generate()
    call. `stop_ids` are every token that ends a turn in this family: once the grammar has accepted the
    output, only they may follow; a grammar that accepts must be able to end on any of them."""

    def __init__(self, tokenizer, grammar: str, stop_ids: list[int], name: str = "grammar"):
        import llguidance

        self.name = name
        self.grammar = grammar
        self.tokenizer = _llguidance_tokenizer(tokenizer, tuple(sorted(stop_ids)))
        error = llguidance.LLMatcher.validate_grammar(grammar, self.tokenizer)
        if error:
            raise ValueError(f"{name}: llguidance rejects the grammar: {error}")

    def logits_processor(self) -> "GrammarLogitsProcessor":
        return GrammarLogitsProcessor(self)

    def accepts(self, text: str) -> bool:
        """Whether the grammar admits `text` as a whole output (tokenized as the model would write it)."""
        import llguidance

        matcher = llguidance.LLMatcher(self.tokenizer, self.grammar, log_level=0)
        return matcher.consume_tokens(self.tokenizer.tokenize_str(text)) and matcher.is_accepting()


_LLGUIDANCE_TOKENIZERS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _llguidance_tokenizer(tokenizer, stop_ids: tuple[int, ...]):
    import llguidance.hf

    built = _LLGUIDANCE_TOKENIZERS.setdefault(tokenizer, {})
    if stop_ids not in built:
        built[stop_ids] = llguidance.hf.from_tokenizer(tokenizer, eos_token=list(stop_ids))
    return built[stop_ids]


class GrammarLogitsProcessor(LogitsProcessor):
    """Masks every token the grammar does not allow next, for each row of the batch (each with its own
    matcher). One instance per generate() call: it remembers where the prompt ended on its first call."""

    def __init__(self, constraint: Constraint):
        self.constraint = constraint
        self.matchers = None
        self.prompt_length = 0

    def _start(self, batch_size: int, prompt_length: int) -> None:
        import llguidance

        self.matchers = [llguidance.LLMatcher(self.constraint.tokenizer, self.constraint.grammar, log_level=0)
                         for _ in range(batch_size)]
        self.prompt_length = prompt_length

    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
        from llguidance.torch import allocate_token_bitmask, fill_next_token_bitmask

        if self.matchers is None:
            self._start(input_ids.shape[0], input_ids.shape[1])
        elif input_ids.shape[1] > self.prompt_length:
            for matcher, token in zip(self.matchers, input_ids[:, -1].tolist()):
                # A row that has ended keeps receiving padding from generate(); its matcher has stopped.
                if not matcher.is_stopped() and not matcher.consume_token(token):
                    raise RuntimeError(f"the grammar rejected token {token}, which it had allowed: "
                                       f"{matcher.get_error()}")
        vocab_size = self.constraint.tokenizer.vocab_size
        bitmask = allocate_token_bitmask(len(self.matchers), vocab_size)
        for row, matcher in enumerate(self.matchers):
            # Always fill, even for a stopped matcher: a stopped or accepting one allows only the stop tokens.
            fill_next_token_bitmask(matcher, bitmask, row)
        return scores.masked_fill(~allowed_tokens(bitmask, scores.shape[1]).to(scores.device), float("-inf"))


def allowed_tokens(bitmask: torch.Tensor, vocab_size: int) -> torch.Tensor:
    """llguidance's packed bitmask (32 tokens per int32) as a bool (batch, vocab_size) tensor. Unpacked here
    in plain torch: llguidance.torch.apply_token_bitmask_inplace is torch.compile'd, which costs seconds of
    compilation on CPU. Token ids past the tokenizer's vocabulary (a padded embedding matrix) are never allowed."""
    bits = (bitmask.unsqueeze(-1) >> torch.arange(32, dtype=torch.int32)) & 1
    allowed = bits.reshape(bitmask.shape[0], -1).bool()
    if allowed.shape[1] >= vocab_size:
        return allowed[:, :vocab_size]
    padding = torch.zeros(bitmask.shape[0], vocab_size - allowed.shape[1], dtype=torch.bool)
    return torch.cat([allowed, padding], dim=1)


def constraint_for(tokenizer, grammar: OutputGrammar, stop_ids: list[int]) -> Constraint:
    """`grammar` compiled for an HF tokenizer; the llguidance view of a tokenizer takes a second or so to
    build for a real vocabulary, so it is made once per tokenizer and set of stop tokens."""
    return Constraint(tokenizer, grammar.llguidance, stop_ids, name=grammar.name)


def decoding_table(results: dict[str, dict], metrics: list[str]) -> str:
    """Markdown: one row per way of decoding ({'HF, free': scores, ...}), the given metrics and tokens/s."""
    lines = ["| decoding | " + " | ".join(metrics) + " | tokens/s |", "|---" * (len(metrics) + 2) + "|"]
    for name, scores in results.items():
        values = [f"{scores[m]:.0%}" if isinstance(scores.get(m), float) else str(scores.get(m, "")) for m in metrics]
        lines.append(f"| {name} | " + " | ".join(values) + f" | {scores.get('tokens_per_second', '')} |")
    return "\n".join(lines)
