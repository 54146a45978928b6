"""What constrained decoding costs in tokens/s on the HF path (kept out of the tests' pass/fail: speed depends on
the machine and on what else it runs). Free and constrained greedy decoding of the same prompts on the tiny
random models, each capped at the same number of new tokens so both runs do the same amount of work.

    .venv/bin/python bench/constraint_cost.py
"""
import dataclasses
import json
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from common import quiet  # noqa: E402,F401  (Unsloth before transformers, as in the trainers)


def measure(name, model, tokenizer, prompts, grammar, max_new_tokens, **kwargs) -> None:
    from eval.generation import generate_batch

    # no budget of the grammar's own: both runs stop at max_new_tokens (a cut plan is fine for timing)
    capped = dataclasses.replace(grammar, max_new_tokens=None)
    generate_batch(model, tokenizer, prompts[:1], max_new_tokens=8, grammar=capped, **kwargs)  # warm-up
    for label, way in (("free", None), ("constrained", capped)):
        _, stats = generate_batch(model, tokenizer, prompts, max_new_tokens=max_new_tokens, grammar=way,
                                  batch_size=len(prompts), **kwargs)
        print(f"{name}, {label}: {stats['generated_tokens']} tokens in {stats['seconds']} s = "
              f"{stats['tokens_per_second']} tokens/s (batch {len(prompts)})")


def main() -> None:
    import train_maintenance as maintenance
    import train_meeting as meeting
    from common.families import MISTRAL, QWEN3
    from common.model import load_model
    from common.tiny import build_tiny_model
    from eval.fields import fields_output_grammar
    from eval.json_plan import schema_output_grammar, schema_validator

    schema = json.loads((meeting.DATA_DIR / "plan.schema.json").read_text(encoding="utf-8"))
    rows = meeting.load_gold(meeting.DATA_DIR / "gold", schema_validator(schema))[0]
    taxonomy = maintenance.load_taxonomy(maintenance.DATA_DIR / "taxonomy.json")
    requests = maintenance.load_split(maintenance.DATA_DIR / "test.jsonl", taxonomy)
    with tempfile.TemporaryDirectory() as tmp:
        texts = [r["minutes"] for r in rows[:60]] + [meeting.plan_text(r["plan"]) for r in rows[:60]]
        path = build_tiny_model("qwen3", texts, Path(tmp) / "qwen3", vocab_size=4000)
        model, tokenizer = load_model(str(path), max_length=4096, load_in_4bit=False, chat_template=QWEN3.chat_template)
        measure("meeting plan (tiny Qwen3, JSON Schema)", model, tokenizer,
                [meeting.prompt_for(r["minutes"][:300]) for r in rows[-4:]], schema_output_grammar(schema), 512,
                chat_template_kwargs=QWEN3.chat_template_kwargs)
        path = build_tiny_model("mistral", [r["input"] for r in requests] + [r["output"] for r in requests],
                                Path(tmp) / "mistral")
        model, tokenizer = load_model(str(path), max_length=512, load_in_4bit=False,
                                      chat_template=MISTRAL.chat_template)
        measure("maintenance answer (tiny Mistral, taxonomy)", model, tokenizer,
                [maintenance.prompt_for(r["input"], taxonomy) for r in requests[:32]],
                fields_output_grammar(maintenance.FIELDS, taxonomy), 48)


if __name__ == "__main__":
    main()
