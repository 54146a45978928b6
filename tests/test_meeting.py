"""Meeting minutes → plan JSON: gold-standard loading and its drops, the JSON metrics, plans that are
always schema-valid (grammar; repair / retry with --no-constrain), and the smoke pipeline with free and
schema-constrained output on both backends."""
import json
import sys

import pytest

from common.data import DataError
from conftest import REPO, run_script
from eval.json_plan import flatten, key_prf, parse_lenient, parse_strict, plan_scores, schema_errors, schema_validator

sys.path.insert(0, str(REPO))
import train_meeting as tm  # noqa: E402

SCHEMA = json.loads((tm.DATA_DIR / "plan.schema.json").read_text(encoding="utf-8"))
VALIDATOR = schema_validator(SCHEMA)


@pytest.fixture(scope="module")
def gold():
    return tm.load_gold(tm.DATA_DIR / "gold", VALIDATOR)


def test_gold_standard_drops_low_scores_and_schema_violations(gold):
    rows, dropped = gold
    assert [d.split(" ")[0] for d in dropped["low_quality"]] == [
        "train_010", "train_021", "train_033", "train_045", "train_061", "train_072", "train_080", "train_094",
        "train_104", "train_117", "train_127", "train_140", "train_150", "train_163", "train_173", "train_186",
        "val_009", "val_022", "val_039"]
    assert [d.split(":")[0] for d in dropped["schema"]] == ["train_017", "train_038", "val_011"]
    assert "'schedule' is a required property" in dropped["schema"][0]
    assert len(rows) == 216 and sum(r["split"] == "val" for r in rows) == 44
    assert all(not schema_errors(r["plan"], VALIDATOR) for r in rows)


def test_broken_result_json_names_the_file_and_line(tmp_path):
    (tmp_path / "train_001").mkdir()
    (tmp_path / "train_001" / "result.json").write_text('{\n  "meeting_content": "회의",\n  "plan": }',
                                                        encoding="utf-8")
    with pytest.raises(DataError, match=r"train_001/result.json:3: invalid JSON"):
        tm.load_gold(tmp_path, VALIDATOR)


def test_schema_rejects_what_the_gold_standard_must_not_contain(gold):
    plan = gold[0][0]["plan"]
    assert not schema_errors(plan, VALIDATOR)
    assert schema_errors({**plan, "budget": "1억"}, VALIDATOR)
    bad_date = json.loads(json.dumps(plan))
    bad_date["schedule"][0]["start"] = "2025/03/01"
    assert schema_errors(bad_date, VALIDATOR)


def test_parsers_and_key_scores(gold):
    plan = gold[0][0]["plan"]
    text = json.dumps(plan, ensure_ascii=False)
    assert parse_strict(text) == plan and parse_strict("```json\n" + text + "\n```") == plan
    assert parse_strict(text[:-1]) is None and parse_lenient(text[:-1]) == plan  # a missing brace is repaired
    assert parse_lenient("계획을 만들 수 없습니다") is None
    assert key_prf(plan, plan) == (1.0, 1.0, 1.0)
    partial = {k: plan[k] for k in ("project_name", "goals")}
    p, r, f = key_prf(partial, plan)
    assert p == 1.0 and 0 < r < 1 and "members[0].name" in flatten(plan)
    scores = plan_scores([text, text[:-1], "없음"], [plan] * 3, VALIDATOR, tm.TEXT_FIELDS)
    assert scores["strict_parse_rate"] == pytest.approx(1 / 3)
    assert scores["lenient_parse_rate"] == pytest.approx(2 / 3)
    assert scores["schema_valid_rate"] == pytest.approx(1 / 3)
    assert scores["char_f1/project_name"] == pytest.approx(2 / 3)


def fake_answerer(outputs):
    calls = []

    def answer(prompts, grammar=None, temperature=0.0, progress=None):
        calls.append(temperature)
        return [outputs[min(len(calls) - 1, len(outputs) - 1)]], {}
    return answer, calls


def test_generate_project_plan_says_how_it_got_a_valid_plan(gold):
    plan = gold[0][0]["plan"]
    text = json.dumps(plan, ensure_ascii=False)
    answer, calls = fake_answerer([text])
    assert tm.generate_project_plan("회의록", answer, VALIDATOR) == {"plan": plan, "method": "strict"}
    answer, _ = fake_answerer([text[:-2]])
    assert tm.generate_project_plan("회의록", answer, VALIDATOR)["method"] == "repaired"
    answer, calls = fake_answerer(["{}", text])  # invalid, then valid on the sampled retry
    assert tm.generate_project_plan("회의록", answer, VALIDATOR)["method"] == "retried" and calls == [0.0, 0.7]
    answer, _ = fake_answerer(["{}"])
    with pytest.raises(ValueError, match="no schema-valid plan"):
        tm.generate_project_plan("회의록", answer, VALIDATOR)


def test_under_the_schema_grammar_a_plan_comes_from_one_constrained_answer(gold):
    """The default on both backends: the answerer decodes under the grammar; no repair, no retry."""
    from eval.json_plan import schema_output_grammar
    plan = gold[0][0]["plan"]
    grammar = schema_output_grammar(SCHEMA)
    seen = []

    def answer(prompts, grammar=None, temperature=0.0, progress=None):
        seen.append(grammar)
        return [tm.plan_text(plan)], {}
    assert tm.generate_project_plan("회의록", answer, VALIDATOR, grammar) == {"plan": plan, "method": "grammar"}
    assert seen == [grammar]
    broken, _ = fake_answerer(['{"project_name": "x"'])  # only a broken constraint could produce this
    with pytest.raises(RuntimeError, match="schema-constrained decoding produced an invalid plan"):
        tm.generate_project_plan("회의록", broken, VALIDATOR, grammar)


def test_prompts_are_the_projects_real_prompts():
    messages = tm.prompt_for("회의 내용")
    assert messages[0]["content"].startswith("당신은 회의록을 분석하여 체계적인 "
                                             "노션 프로젝트 기획안을 생성하는 전문가입니다.")
    assert "**회의록:**\n회의 내용\n\n**응답 형식:**" in messages[1]["content"]


def test_training_and_inference_templates_agree_on_the_empty_think_block(tmp_path, gold):
    """Thinking off: the generation prompt ends in an empty think block, and the trained completion is
    exactly the plan after that same block."""
    from common.families import QWEN3
    from common.tiny import build_tiny_model
    from transformers import AutoTokenizer
    texts = [r["minutes"] for r in gold[0]]
    tokenizer = AutoTokenizer.from_pretrained(build_tiny_model("qwen3", texts, tmp_path / "tiny"))
    prompt = tokenizer.apply_chat_template(tm.prompt_for("회의"), tokenize=False, add_generation_prompt=True,
                                           **QWEN3.chat_template_kwargs)
    full = tokenizer.apply_chat_template(tm.prompt_for("회의") + [{"role": "assistant", "content": "{}"}],
                                         tokenize=False, **QWEN3.chat_template_kwargs)
    assert prompt.endswith("<|im_start|>assistant\n<think>\n\n</think>\n\n")
    assert full == prompt + "{}<|im_end|>\n"


def run_cli(*args):
    return run_script("train_meeting.py", *args)


def test_smoke_end_to_end_and_schema_constrained_gguf_always_parses(tmp_path):
    out = tmp_path / "run"
    run_cli("--smoke", "--output_dir", str(out))  # free decoding: the smoke's 96 tokens; the grammar has its own budget
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["exports"]["q8_0"]["passed"]
    assert metrics["training"]["dropped"]["low_quality"] and metrics["training"]["dropped"]["schema"]
    constrained = metrics["exports"]["gguf_schema_constrained"]
    assert constrained["n"] == 4 and constrained["strict_parse_rate"] == 1.0  # even from an untrained model
    for path in ["adapter/adapter_model.safetensors", "merged/model.safetensors", "gguf/model.Q8_0.gguf",
                 "gguf/Modelfile", "metrics.json", "report.md", "loss.png"]:
        assert (out / path).is_file(), path
    requests = tmp_path / "minutes.jsonl"
    requests.write_text(json.dumps({"meeting_content": "김민수: 다음 주 월요일까지 API 설계 마무리합시다."},
                                   ensure_ascii=False) + "\n", encoding="utf-8")
    plans = tmp_path / "plans.jsonl"
    run_cli("--smoke", "--run", str(out), "--backend", "gguf", "--max_new_tokens", "2048",
            "--input_file", str(requests), "--output_file", str(plans))
    result = json.loads(plans.read_text(encoding="utf-8"))
    assert result["method"] == "grammar" and not schema_errors(result["plan"], VALIDATOR)
