"""Constrained decoding: the llguidance logits processor on the HF path and the llama.cpp grammar on the GGUF
path admit only what the plan's JSON Schema or the maintenance taxonomy allow. A random model is the hardest
case (it follows no format of its own), so the tiny random models must still always answer validly: batched,
greedy and sampled, on both backends."""
import json
import re
import sys

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO))
import train_maintenance as maintenance  # noqa: E402
import train_meeting as meeting  # noqa: E402
from common.families import MISTRAL, QWEN3  # noqa: E402
from eval.constrained import Constraint, json_max_bytes  # noqa: E402
from eval.fields import fields_output_grammar, parse_fields  # noqa: E402
from eval.json_plan import parse_strict, schema_errors, schema_output_grammar, schema_validator  # noqa: E402

SCHEMA = json.loads((meeting.DATA_DIR / "plan.schema.json").read_text(encoding="utf-8"))
VALIDATOR = schema_validator(SCHEMA)
PLAN_GRAMMAR = schema_output_grammar(SCHEMA)
TAXONOMY = maintenance.load_taxonomy(maintenance.DATA_DIR / "taxonomy.json")
FIELDS_GRAMMAR = fields_output_grammar(maintenance.FIELDS, TAXONOMY)
# the one answer form the taxonomy grammar admits (after the optional leading space, which answers lose)
ANSWER = re.compile("위치: (.+), 설비유형: (.+), 현상코드: (.+), 우선순위: (.+)")


@pytest.fixture(scope="module")
def gold_plans():
    return [r["plan"] for r in meeting.load_gold(meeting.DATA_DIR / "gold", VALIDATOR)[0]]


@pytest.fixture(scope="module")
def tiny_qwen3(tmp_path_factory):
    """The meeting smoke model: random Qwen3 with a tokenizer trained on meetings and indented plans."""
    from common.model import load_model
    from common.tiny import build_tiny_model

    rows = meeting.load_gold(meeting.DATA_DIR / "gold", VALIDATOR)[0][:60]
    texts = [r["minutes"] for r in rows] + [meeting.plan_text(r["plan"]) for r in rows]
    path = build_tiny_model("qwen3", texts + [meeting.SYSTEM_PROMPT, meeting.USER_PROMPT],
                            tmp_path_factory.mktemp("tiny_qwen3"), vocab_size=4000)
    model, tokenizer = load_model(str(path), max_length=8192, load_in_4bit=False, chat_template=QWEN3.chat_template)
    return path, model, tokenizer


@pytest.fixture(scope="module")
def tiny_mistral(tmp_path_factory):
    from common.model import load_model
    from common.tiny import build_tiny_model

    rows = maintenance.load_split(maintenance.DATA_DIR / "train.jsonl", TAXONOMY)[:500]
    path = build_tiny_model("mistral", [r["input"] for r in rows] + [r["output"] for r in rows],
                            tmp_path_factory.mktemp("tiny_mistral"))
    model, tokenizer = load_model(str(path), max_length=512, load_in_4bit=False, chat_template=MISTRAL.chat_template)
    return path, model, tokenizer


def meeting_prompts(n: int) -> list[list[dict]]:
    rows = meeting.load_gold(meeting.DATA_DIR / "gold", VALIDATOR)[0]
    return [meeting.prompt_for(r["minutes"][:300]) for r in rows[-n:]]


def maintenance_prompts(n: int) -> list[list[dict]]:
    rows = maintenance.load_split(maintenance.DATA_DIR / "test.jsonl", TAXONOMY)[:n]
    return [maintenance.prompt_for(r["input"], TAXONOMY) for r in rows]


def assert_valid_plans(answers: list[str]) -> None:
    for answer in answers:
        plan = parse_strict(answer)
        assert plan is not None, answer[-300:]
        assert not schema_errors(plan, VALIDATOR), schema_errors(plan, VALIDATOR)


def assert_taxonomy_answers(answers: list[str]) -> None:
    for answer in answers:
        match = ANSWER.fullmatch(answer)
        assert match, answer
        fields = parse_fields(answer, maintenance.FIELDS)
        assert list(fields) == maintenance.FIELDS, answer
        assert all(fields[k] in TAXONOMY[k] for k in maintenance.FIELDS), answer


def test_schema_grammar_admits_every_gold_layout_and_nothing_the_schema_forbids(tiny_qwen3, gold_plans):
    _, model, tokenizer = tiny_qwen3
    constraint = Constraint(tokenizer, PLAN_GRAMMAR.llguidance, [tokenizer.eos_token_id])
    for plan in gold_plans[:10]:  # the trained layout, compact, and json.dumps' default spacing
        assert constraint.accepts(json.dumps(plan, ensure_ascii=False, indent=2))
        assert constraint.accepts(json.dumps(plan, ensure_ascii=False, separators=(",", ":")))
        assert constraint.accepts(json.dumps(plan, ensure_ascii=False))
    plan = json.loads(json.dumps(gold_plans[0]))

    def variant(**changes) -> str:
        return json.dumps({**plan, **changes}, ensure_ascii=False, indent=2)

    step = plan["execution_plan"][0]
    task = plan["schedule"][0]
    accepted = {
        "80 characters (maxLength)": variant(project_name="가" * 80),
        "an escaped newline": variant(purpose="첫 줄\n둘째 줄"),
        "6 goals (maxItems)": variant(goals=["목표"] * 6),
        "28 February": variant(schedule=[{**task, "start": "2025-02-28"}]),
    }
    rejected = {
        "81 characters": variant(project_name="가" * 81),
        "an empty string (minLength)": variant(project_name=""),
        "a raw tab in a string": variant(purpose="탭").replace("탭", "\t"),
        "a raw newline in a string": variant(purpose="줄").replace("줄", "\n"),
        "a \\u escape": variant(purpose="x").replace('"x"', '"\\u0041"'),
        "7 goals": variant(goals=["목표"] * 7),
        "no goals (minItems)": variant(goals=[]),
        "9 execution steps": variant(execution_plan=[step] * 9),
        "a date with slashes": variant(schedule=[{**task, "start": "2025/03/01"}]),
        "29 February": variant(schedule=[{**task, "start": "2025-02-29"}]),
        "31 April": variant(schedule=[{**task, "end": "2025-04-31"}]),
        "a key the schema lacks": variant(budget="1억"),
        "a missing required key": json.dumps({k: v for k, v in plan.items() if k != "members"}, ensure_ascii=False),
        "an indent of 21 spaces": variant().replace('\n  "purpose"', '\n' + " " * 21 + '"purpose"'),
        "a blank line": variant().replace('\n  "purpose"', '\n\n  "purpose"'),
        "text after the plan": variant() + "\n끝",
    }
    for name, text in accepted.items():
        assert not schema_errors(json.loads(text), VALIDATOR), name
        assert constraint.accepts(text), name
    for name, text in rejected.items():
        assert not constraint.accepts(text), name


def test_token_budget_covers_the_longest_plan_the_schema_admits(gold_plans):
    longest_gold = max(len(json.dumps(p, ensure_ascii=False, indent=2).encode()) for p in gold_plans)
    assert longest_gold < PLAN_GRAMMAR.max_new_tokens
    # a field at its maximum: 80 four-byte characters
    assert json_max_bytes({"type": "string", "maxLength": 80}) == 2 + 80 * 4
    with pytest.raises(ValueError, match="maxLength"):
        json_max_bytes({"type": "string"})
    with pytest.raises(ValueError, match="open object"):
        json_max_bytes({"type": "object", "properties": {}})


@pytest.mark.parametrize("temperature", [0.0, 1.0])
def test_random_qwen3_under_the_schema_always_writes_valid_plans_on_hf(tiny_qwen3, temperature):
    """2 meetings in one batch: rows finish at different steps, so finished rows keep receiving padding."""
    import torch

    from eval.generation import generate_batch

    _, model, tokenizer = tiny_qwen3
    torch.manual_seed(1)
    answers, stats = generate_batch(model, tokenizer, meeting_prompts(2), max_new_tokens=64, batch_size=2,
                                    chat_template_kwargs=QWEN3.chat_template_kwargs, temperature=temperature,
                                    grammar=PLAN_GRAMMAR)
    print(f"temperature {temperature}: {stats}")
    assert len(answers) == 2 and stats["constraint"] == "json-schema"
    assert_valid_plans(answers)
    assert any(re.search(r"\n +\"", a) for a in answers)  # newline-and-indent layout is admitted


def test_free_generation_is_unchanged_without_a_grammar(tiny_qwen3):
    from eval.generation import generate_batch

    _, model, tokenizer = tiny_qwen3
    answers, stats = generate_batch(model, tokenizer, meeting_prompts(2), max_new_tokens=24, batch_size=2,
                                    chat_template_kwargs=QWEN3.chat_template_kwargs)
    assert stats["constraint"] == "none" and stats["generated_tokens"] <= 48
    assert all(parse_strict(a) is None for a in answers)  # the random model writes no JSON on its own


def test_random_qwen3_under_the_schema_always_writes_valid_plans_on_gguf(tiny_qwen3, tmp_path):
    from common.export import convert_to_gguf
    from eval.generation import generate_gguf

    path, _, tokenizer = tiny_qwen3
    gguf = convert_to_gguf(path, tmp_path, ["q8_0"], pre_tokenizer_fallback=QWEN3.tiny_pre_tokenizer)["q8_0"]
    answers, stats = generate_gguf(gguf, tokenizer, meeting_prompts(2), max_new_tokens=64,
                                   stop=[QWEN3.eos, QWEN3.end_of_text], chat_template_kwargs=QWEN3.chat_template_kwargs,
                                   grammar=PLAN_GRAMMAR)
    print(stats)
    assert_valid_plans(answers)


def test_taxonomy_grammar_lists_every_value_in_field_order():
    assert FIELDS_GRAMMAR.gbnf.startswith('root ::= " "? "위치: " value0 ", 설비유형: " value1 ')
    assert '"No.2 PP"' in FIELDS_GRAMMAR.gbnf and '"154kV 스위치야드"' in FIELDS_GRAMMAR.gbnf
    longest = " 위치: 154kV 스위치야드, 설비유형: 기타기기, 현상코드: SHE, 우선순위: 주기작업"
    assert len(longest.encode()) <= FIELDS_GRAMMAR.max_new_tokens


def test_random_mistral_under_the_taxonomy_grammar_always_answers_with_taxonomy_values(tiny_mistral, tmp_path):
    import torch

    from common.export import convert_to_gguf
    from eval.generation import generate_batch, generate_gguf

    path, model, tokenizer = tiny_mistral
    prompts = maintenance_prompts(6)
    constraint = Constraint(tokenizer, FIELDS_GRAMMAR.llguidance, [tokenizer.eos_token_id])
    assert constraint.accepts(" 위치: No.2 PP, 설비유형: 기타기기, 현상코드: SHE, 우선순위: 주기작업")
    assert not constraint.accepts(" 위치: No.9 PP, 설비유형: 기타기기, 현상코드: SHE, 우선순위: 주기작업")
    assert not constraint.accepts(" 설비유형: 기타기기, 위치: No.2 PP, 현상코드: SHE, 우선순위: 주기작업")
    free, _ = generate_batch(model, tokenizer, prompts, max_new_tokens=16, batch_size=6)
    assert not any(ANSWER.fullmatch(a) for a in free)  # untrained: free output is noise
    for temperature in (0.0, 1.0):
        torch.manual_seed(0)
        answers, stats = generate_batch(model, tokenizer, prompts, max_new_tokens=16, batch_size=6,
                                        temperature=temperature, grammar=FIELDS_GRAMMAR)
        print(f"HF, temperature {temperature}: {answers[:2]} {stats}")
        assert_taxonomy_answers(answers)
    gguf = convert_to_gguf(path, tmp_path, ["q8_0"])["q8_0"]
    answers, stats = generate_gguf(gguf, tokenizer, prompts, max_new_tokens=16, stop=[MISTRAL.eos],
                                   grammar=FIELDS_GRAMMAR)
    print(f"GGUF: {answers[:2]} {stats}")
    assert_taxonomy_answers(answers)
