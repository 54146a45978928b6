"""Meeting minutes → Notion project-plan JSON: fine-tune Qwen3 with LoRA; output that is always schema-valid JSON.

    python train_meeting.py                                   # Qwen3-8B, gold standard in data/meeting/gold
    python train_meeting.py --smoke                           # offline CPU pipeline, tiny random Qwen3
    python train_meeting.py --text "$(cat minutes.txt)"       # plan for one meeting (merged model)
    python train_meeting.py --input_file minutes.jsonl --output_file plans.jsonl --backend gguf
    python train_meeting.py --mode interactive | --mode test
    python train_meeting.py --text "$(cat minutes.txt)" --no-constrain    # free decoding, then repair / retry
"""
from common import quiet  # noqa: F401  (first: quiets third-party noise, then imports Unsloth before transformers)

import json
from pathlib import Path

from common import cli
from common.data import DataError, read_rows
from common.export import check_toolchain, export_run
from common.families import QWEN3
from common.model import prepare_model
from common.progress import console, print_table, progress_bar, step
from common.report import finish_run, write_run_report
from common.runs import find_trained_run, is_main_process, prepare_run_dir, public_config, write_json, write_jsonl
from common.training import TrainSettings, train
from eval.constrained import decoding_table
from eval.generation import chat_loop, generate_batch, render_prompts, trained_answerer
from eval.json_plan import (parse_lenient, parse_strict, plan_scores, schema_errors, schema_output_grammar,
                             schema_validator)

# ---------------------------------------------------------------- config
TASK = "meeting"
DATA_DIR = Path(__file__).parent / "data" / "meeting"
MIN_QUALITY = 7  # the gold standard's own bar: plans scored below 7 are not trained on
TEXT_FIELDS = ["project_name", "purpose", "core_idea"]
# The project's real prompts (source document), unchanged.
SYSTEM_PROMPT = """당신은 회의록을 분석하여 체계적인 노션 프로젝트 기획안을 생성하는 전문가입니다. 
회의 내용을 정확히 분석하고 실무에서 바로 활용할 수 있는 구조화된 프로젝트 계획을 만들어주세요."""
USER_PROMPT = """다음 회의록을 바탕으로 노션에서 사용할 수 있는 체계적인 프로젝트 기획안을 JSON 형식으로 생성해주세요.

**요구사항:**
1. 프로젝트명과 목적을 명확히 정의
2. 핵심 아이디어와 실행 계획 수립  
3. 구체적인 목표와 기대 효과 도출
4. 실무진과 일정 계획 포함
5. JSON 형식으로 응답

**회의록:**
{meeting_content}

**응답 형식:**
JSON 형식으로 프로젝트 기획안을 생성해주세요."""
DEFAULTS = dict(epochs=3, learning_rate=2e-4, batch_size=1, grad_accum=8, max_length=2048, lora_r=16, lora_alpha=32,
                lora_dropout=0.1, neftune_alpha=5.0, max_new_tokens=1536, max_steps=-1, save_steps=20)
# The side-by-side table of free and constrained decoding reports these plan scores.
DECODING_METRICS = ["strict_parse_rate", "schema_valid_rate", "key_f1"]
SMOKE = dict(learning_rate=2e-2, batch_size=4, grad_accum=1, max_steps=16, save_steps=8, max_new_tokens=96,
             eval_limit=4)


def load_gold(root: Path, validator) -> tuple[list[dict], dict]:
    """train_*/result.json and val_*/result.json; returns the usable rows and what was dropped, and why."""
    rows, dropped = [], {"low_quality": [], "schema": []}
    folders = sorted(root.glob("train_*")) + sorted(root.glob("val_*"))
    if not folders:
        raise DataError(f"{root}: no train_*/result.json or val_*/result.json folders")
    for folder in folders:
        path = folder / "result.json"
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            raise DataError(f"{path}:{error.lineno}: invalid JSON: {error.msg} (column {error.colno})") from None
        missing = [k for k in ("meeting_content", "project_plan", "quality_score") if k not in record]
        if missing:
            raise DataError(f"{path}:1: missing key(s) {missing}")
        if record["quality_score"] < MIN_QUALITY:
            dropped["low_quality"].append(f"{folder.name} (score {record['quality_score']})")
        elif errors := schema_errors(record["project_plan"], validator):
            dropped["schema"].append(f"{folder.name}: {errors[0]}")
        else:
            rows.append({"id": folder.name, "split": folder.name.split("_")[0], "minutes": record["meeting_content"],
                         "plan": record["project_plan"]})
    return rows, dropped


def split_gold(rows: list[dict]) -> tuple[list[dict], list[dict], list[dict]]:
    """train_* meetings train; the val_* meetings alternate between validation (eval loss, checkpoint choice)
    and test (the reported metrics), so no reported meeting ever chose a checkpoint."""
    held_out = [r for r in rows if r["split"] == "val"]
    return [r for r in rows if r["split"] == "train"], held_out[0::2], held_out[1::2]


def prompt_for(minutes: str) -> list[dict]:
    return [{"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": USER_PROMPT.format(meeting_content=minutes)}]


def plan_text(plan: dict) -> str:
    # Indented, one value per line: each line's indent says where in the plan the model is, which a small
    # model (and the tiny test model) learns far more easily than nesting tracked across one long line.
    return json.dumps(plan, ensure_ascii=False, indent=2)


def generate_project_plan(minutes: str, answer, validator, grammar=None) -> dict:
    """One plan that is valid against the schema, and how it was obtained.

    With `grammar` (the schema's OutputGrammar, the default on both backends): 'grammar', decoding constrained
    by the schema, which cannot produce anything else; the answerer's budget covers the longest plan the schema
    admits, so it is never cut either. Without (--no-constrain): 'strict' (valid as generated), 'repaired'
    (json_repair fixed it) or 'retried' (a sampled second attempt); raises ValueError if none gives a valid plan.
    """
    if grammar:
        text = answer([prompt_for(minutes)], grammar=grammar)[0][0]
        plan = parse_strict(text)
        if plan is None or schema_errors(plan, validator):  # a broken grammar or constraint, never the model
            raise RuntimeError(f"schema-constrained decoding produced an invalid plan: {text[:200]!r}")
        return {"plan": plan, "method": "grammar"}
    attempts = [("strict", 0.0), ("retried", 0.7)]
    for method, temperature in attempts:
        text = answer([prompt_for(minutes)], grammar=grammar, temperature=temperature)[0][0]
        plan = parse_strict(text)
        if plan is not None and not schema_errors(plan, validator):
            return {"plan": plan, "method": method}
        repaired = parse_lenient(text)
        if repaired is not None and not schema_errors(repaired, validator):
            return {"plan": repaired, "method": "repaired"}
    raise ValueError(f"no schema-valid plan after {len(attempts)} attempt(s); last output: {text[:200]!r}")


def main() -> None:
    parser = cli.build_parser(__doc__.splitlines()[0], default_model="unsloth/Qwen3-8B-unsloth-bnb-4bit",
                              defaults=DEFAULTS, smoke=SMOKE,
                              data_help="your own gold standard: a folder of train_*/result.json and val_*/result.json")
    parser.add_argument("--no-constrain", dest="constrain", action="store_false",
                        help="test/interactive/batch: decode freely, then validate, repair (json_repair) or retry "
                             "(sampled) instead of decoding under the plan schema's grammar (default: constrained "
                             "on both backends)")
    args = cli.resolve(parser.parse_args(), DEFAULTS, smoke=SMOKE, family="Qwen3")
    schema = json.loads((DATA_DIR / "plan.schema.json").read_text(encoding="utf-8"))
    validator = schema_validator(schema)
    if args.mode != "train" or args.text:
        return use_trained(args, schema, validator)

    # ------------------------------------------------------------ data
    with step("data"):
        rows, dropped = load_gold(Path(args.data) if args.data else DATA_DIR / "gold", validator)
        if args.gguf_types:
            check_toolchain()
        run = prepare_run_dir(TASK, args.output_dir, overwrite=args.overwrite, resume=args.resume)

    # ------------------------------------------------------------ model
    with step("model"):
        # the texts the --smoke model's tokenizer is trained on
        tiny_texts = [r["minutes"] for r in rows] + [plan_text(r["plan"]) for r in rows] + [SYSTEM_PROMPT, USER_PROMPT]
        model, tokenizer = prepare_model(args, QWEN3, tiny_texts, run, tiny_vocab_size=4000)
        # never train on a plan cut in half: rows longer than max_length are dropped and reported
        for row in rows:
            text = render_prompts(tokenizer, [prompt_for(row["minutes"])], QWEN3.chat_template_kwargs)[0]
            row["tokens"] = len(tokenizer(text + plan_text(row["plan"]) + tokenizer.eos_token)["input_ids"])
        dropped["too_long"] = [f"{r['id']} ({r['tokens']} tokens)" for r in rows if r["tokens"] > args.max_length]
        rows = [r for r in rows if r["tokens"] <= args.max_length]
        train_rows, valid_rows, test_rows = split_gold(rows)
        if args.eval_limit:
            valid_rows, test_rows = valid_rows[: args.eval_limit], test_rows[: args.eval_limit]
        splits = {"train": len(train_rows), "validation": len(valid_rows), "test": len(test_rows)}
        print_table("gold standard", [{"split": s, "used": n} for s, n in splits.items()]
                    + [{"split": f"dropped: {why}", "used": f"{len(ids)} {ids}"} for why, ids in dropped.items()])
        config = public_config({**vars(args), "data": str(args.data or DATA_DIR), "run": str(run), "dropped": dropped})
        write_json(run / "config.json", config)

    test_prompts = [prompt_for(r["minutes"]) for r in test_rows]
    grammar = schema_output_grammar(schema)

    def generate(bar, grammar=None) -> tuple[list[str], dict]:
        return generate_batch(model, tokenizer, test_prompts, max_new_tokens=args.max_new_tokens, batch_size=4,
                              chat_template_kwargs=QWEN3.chat_template_kwargs, progress=bar, grammar=grammar)
    golds = [r["plan"] for r in test_rows]
    if is_main_process():  # under DDP rank 0 evaluates; the other ranks go on to train
        with step("evaluate base model"), progress_bar() as bar:
            base_answers, base_speed = generate(bar)
            before = {**plan_scores(base_answers, golds, validator, TEXT_FIELDS), **base_speed}

    # ------------------------------------------------------------ train
    with step("train"):
        settings = TrainSettings.from_args(args, wandb_project="qwen3-meeting-plan", run_name=run.name)
        examples = [[(prompt_for(r["minutes"]), plan_text(r["plan"])) for r in rs] for rs in (train_rows, valid_rows)]
        _, train_summary = train(model, tokenizer, *examples, settings, run, resume=args.resume,
                                 title=f"{TASK}: {Path(args.model).name}", splits=splits,
                                 chat_template_kwargs=QWEN3.chat_template_kwargs)
        train_summary["dropped"] = dropped

    if not is_main_process():
        return  # DDP: rank 0 alone evaluates, reports and exports

    # ------------------------------------------------------------ evaluate
    with step("evaluate fine-tuned model"), progress_bar() as bar:
        tuned_answers, tuned_speed = generate(bar)
        after = {**plan_scores(tuned_answers, golds, validator, TEXT_FIELDS), **tuned_speed}
        # the same model under the schema's grammar: what serving returns, and what the constraint costs
        constrained_answers, constrained_speed = generate(bar, grammar)
        decoding = {"HF, free": after,
                    "HF, schema-constrained": {**plan_scores(constrained_answers, golds, validator, TEXT_FIELDS),
                                               **constrained_speed}}
        print_table("held-out meetings", [{"metric": k, "base": before[k], "fine-tuned": v,
                                           "fine-tuned, constrained": decoding["HF, schema-constrained"][k]}
                                          for k, v in after.items() if isinstance(v, float)])
        write_jsonl(run / "predictions.jsonl", ({"id": r["id"], "base": b, "finetuned": t, "finetuned_constrained": c}
                                                for r, b, t, c in zip(test_rows, base_answers, tuned_answers,
                                                                      constrained_answers)))

    # ------------------------------------------------------------ export
    with step("export"):
        exports = export_run(model, tokenizer, run, base_model=args.model, gguf_types=args.gguf_types, family=QWEN3,
                             system_prompt=SYSTEM_PROMPT, tiny=args.smoke,
                             verify_prompts=render_prompts(tokenizer, test_prompts[:2], QWEN3.chat_template_kwargs))
        sections = [f"The source document's bar is a 95% JSON parse success rate; fine-tuned strict parse rate "
                    f"here: **{after['strict_parse_rate']:.0%}** (lenient {after['lenient_parse_rate']:.0%}, "
                    f"schema-valid {after['schema_valid_rate']:.0%}) on {len(test_rows)} held-out meetings.", ""]
        if args.gguf_types:  # the serving path in llama.cpp, free and constrained by the plan's JSON Schema
            answer, _, _ = trained_answerer(run, backend="gguf", chat_template=QWEN3.chat_template,
                                            max_length=args.max_length, load_in_4bit=False,
                                            max_new_tokens=args.max_new_tokens,
                                            chat_template_kwargs=QWEN3.chat_template_kwargs)
            free, free_speed = answer(test_prompts)
            constrained, constrained_speed = answer(test_prompts, grammar=grammar)
            exports["gguf_schema_constrained"] = plan_scores(constrained, golds, validator, TEXT_FIELDS)
            decoding["GGUF, free"] = {**plan_scores(free, golds, validator, TEXT_FIELDS), **free_speed}
            decoding["GGUF, schema-constrained"] = {**exports["gguf_schema_constrained"], **constrained_speed}
            write_jsonl(run / "predictions_gguf_constrained.jsonl",
                        ({"id": r["id"], "gguf_free": f, "gguf_constrained": c}
                         for r, f, c in zip(test_rows, free, constrained)))
        exports["decoding"] = decoding
        sections += ["## Free vs schema-constrained decoding (fine-tuned, greedy)", "",
                     "Free generation is the learning signal; constrained decoding is what serving returns (every "
                     "plan valid by construction). tokens/s is the cost of the constraint.", "",
                     decoding_table(decoding, DECODING_METRICS), ""]
        samples = [{"question": r["id"], "reference": plan_text(r["plan"])[:300], "base": b[:300], "finetuned": t[:300]}
                   for r, b, t in list(zip(test_rows, base_answers, tuned_answers))[:2]]
        report = write_run_report(run, title=f"Meeting minutes → project plan ({run.name})", smoke=args.smoke,
                                  config=config, train_summary=train_summary, before=before, after=after,
                                  exports=exports, samples=samples, extra_sections=sections)
    finish_run(run, report, exports)


def use_trained(args, schema: dict, validator) -> None:
    """--text / --input_file / --mode interactive / --mode test on the merged model or (--backend gguf) the GGUF."""
    run = find_trained_run(TASK, args.run)
    answer, _, _ = trained_answerer(run, backend=args.backend, chat_template=QWEN3.chat_template,
                                    max_length=args.max_length, load_in_4bit=args.load_in_4bit,
                                    max_new_tokens=args.max_new_tokens, chat_template_kwargs=QWEN3.chat_template_kwargs,
                                    trust_remote_code=args.trust_remote_code)
    # under the grammar the answerer raises the budget to the longest plan the schema admits
    grammar = schema_output_grammar(schema) if args.constrain else None

    def plan_for(minutes: str) -> dict:
        return generate_project_plan(minutes, answer, validator, grammar)
    if args.mode == "test":
        rows, _ = load_gold(Path(args.data) if args.data else DATA_DIR / "gold", validator)
        rows = split_gold(rows)[2][: args.eval_limit or None]
        prompts, golds = [prompt_for(r["minutes"]) for r in rows], [r["plan"] for r in rows]

        def scores(grammar=None) -> dict:
            answers, speed = answer(prompts, grammar=grammar)
            return {**plan_scores(answers, golds, validator, TEXT_FIELDS), **speed}
        results = {"free": scores(), **({"schema-constrained": scores(grammar)} if grammar else {})}
        print_table(f"held-out meetings ({args.backend})",
                    [{"metric": k, **{name: result.get(k) for name, result in results.items()}}
                     for k in results["free"]])
        write_json(run / f"test_metrics_{args.backend}.json", results)
    elif args.mode == "batch":
        rows = read_rows(args.input_file, ["meeting_content"])
        results = []
        for row in rows:
            try:
                results.append({"line": row["line"], **plan_for(row["meeting_content"])})
            except ValueError as error:
                results.append({"line": row["line"], "plan": None, "method": "failed", "error": str(error)})
        write_jsonl(Path(args.output_file), results)
        console.print(f"wrote {len(results)} plans to {args.output_file}: "
                      f"{ {m: sum(r['method'] == m for r in results) for m in {r['method'] for r in results}} }")
    else:
        def show(minutes):
            try:
                result = plan_for(minutes)
                console.print_json(json.dumps(result["plan"], ensure_ascii=False))
                console.print(f"[dim]({result['method']})[/]")
            except ValueError as error:
                console.print(f"[red]{error}")
        chat_loop(show, "회의록을 입력하세요 (한 줄). 빈 줄 또는 Ctrl-D로 종료.", once=args.text)


if __name__ == "__main__":
    cli.run_main(main)
