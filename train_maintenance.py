"""Maintenance requests → `위치 / 설비유형 / 현상코드 / 우선순위`: fine-tune Mistral-7B-Instruct-v0.3 with QLoRA.

    python train_maintenance.py                                  # train, evaluate on test, export
    python train_maintenance.py --smoke                          # offline CPU pipeline, tiny random Mistral
    python train_maintenance.py --epochs 5 --batch_size 2 --learning_rate 1e-4 --lora_r 32 --lora_alpha 64
    python train_maintenance.py --resume outputs/maintenance/RUN/checkpoints/checkpoint-1000
    python train_maintenance.py --text "No.2 PP의 기타기기 CCTV에서 SHE 발생. 주기작업 필요."
    python train_maintenance.py --input_file requests.jsonl --output_file results.json [--backend gguf]
    python train_maintenance.py --mode interactive | --mode test
    python train_maintenance.py --text "..." --no-constrain      # free decoding instead of the taxonomy grammar
"""
from common import quiet  # noqa: F401  (first: quiets third-party noise, then imports Unsloth before transformers)

import json
from pathlib import Path

from common import cli
from common.data import DataError, read_rows
from common.export import check_toolchain, export_run
from common.families import MISTRAL
from common.model import prepare_model
from common.progress import console, print_table, progress_bar, step
from common.report import finish_run, write_run_report
from common.runs import find_trained_run, is_main_process, prepare_run_dir, public_config, write_json
from common.training import TrainSettings, train
from eval.constrained import decoding_table
from eval.fields import field_scores, fields_output_grammar, format_fields, parse_fields, write_field_reports
from eval.generation import chat_loop, generate_batch, render_prompts, trained_answerer

# ---------------------------------------------------------------- config
TASK = "maintenance"
DATA_DIR = Path(__file__).parent / "data" / "maintenance"
FIELDS = ["위치", "설비유형", "현상코드", "우선순위"]
FIELD_LABELS = ["location", "equipment", "code", "priority"]  # for the chart's axis
# Mistral v0.3's template puts a system message only into the last user turn (training rows would lose
# it), so the instruction lives inside the user message.
INSTRUCTION = ("다음 설비 유지보수 요청에서 위치, 설비유형, 현상코드, 우선순위를 찾아 "
               "'위치: ..., 설비유형: ..., 현상코드: ..., 우선순위: ...' 형식으로만 답하세요. "
               "우선순위가 없으면 {default}(으)로 답하세요.\n요청: {text}")
DEFAULTS = dict(epochs=3, learning_rate=2e-4, batch_size=4, grad_accum=4, max_length=256, lora_r=16, lora_alpha=32,
                lora_dropout=0.0, neftune_alpha=5.0, max_new_tokens=48, max_steps=-1, save_steps=100)
# The side-by-side table of free and constrained decoding reports these field scores.
DECODING_METRICS = ["parse_rate", "overall_accuracy"]
SMOKE = dict(learning_rate=2e-2, batch_size=16, grad_accum=1, max_steps=40, save_steps=20, eval_limit=32)


def load_taxonomy(path: Path) -> dict[str, set[str]]:
    taxonomy = json.loads(path.read_text(encoding="utf-8"))
    return {"위치": set(taxonomy["locations"]), "설비유형": {e["name"] for e in taxonomy["equipment_types"]},
            "현상코드": {c["code"] for c in taxonomy["phenomenon_codes"]}, "우선순위": set(taxonomy["priorities"]),
            "default_priority": taxonomy["default_priority"]}


def load_split(path: Path, taxonomy: dict) -> list[dict]:
    """jsonl rows {"input", "output"}; every output field parsed and checked against the taxonomy."""
    rows = read_rows(path, ["input", "output"])
    for row in rows:
        fields = parse_fields(row["output"], FIELDS)
        missing = [k for k in FIELDS if k not in fields]
        if missing:
            raise DataError(f"{path}:{row['line']}: output lacks {missing}: {row['output']!r}")
        unknown = [f"{k}={v!r}" for k, v in fields.items() if v not in taxonomy[k]]
        if unknown:
            raise DataError(f"{path}:{row['line']}: not in the taxonomy: {', '.join(unknown)}")
        row["fields"] = fields
    return rows


def prompt_for(text: str, taxonomy: dict) -> list[dict]:
    return [{"role": "user", "content": INSTRUCTION.format(default=taxonomy["default_priority"], text=text)}]


def check_prediction(answer: str, taxonomy: dict) -> dict:
    """Parsed fields plus warnings: a missing field, or a value (e.g. a code) that is not in the taxonomy."""
    fields = parse_fields(answer, FIELDS, vocab=taxonomy)  # "계획정비로 분류됩니다" → 계획정비
    warnings = [f"{k} missing" for k in FIELDS if k not in fields]
    warnings += [f"{k} '{v}' is not in the taxonomy" for k, v in fields.items() if v not in taxonomy[k]]
    return {"output": answer, "fields": fields, "warnings": warnings}


def main() -> None:
    parser = cli.build_parser(__doc__.splitlines()[0], default_model="unsloth/mistral-7b-instruct-v0.3-bnb-4bit",
                              defaults=DEFAULTS, smoke=SMOKE, data_help="folder with your own train/valid/test.jsonl")
    parser.add_argument("--no-constrain", dest="constrain", action="store_false",
                        help="test/interactive/batch: decode freely instead of under the taxonomy grammar (default: "
                             "constrained on both backends: four fields in order, every value from the taxonomy)")
    args = cli.resolve(parser.parse_args(), DEFAULTS, smoke=SMOKE, family="Mistral")
    taxonomy = load_taxonomy(DATA_DIR / "taxonomy.json")
    if args.mode != "train" or args.text:
        return use_trained(args, taxonomy)

    # ------------------------------------------------------------ data
    with step("data"):
        data_dir = Path(args.data) if args.data else DATA_DIR
        train_rows, valid_rows, test_rows = (load_split(data_dir / f"{split}.jsonl", taxonomy)
                                             for split in ("train", "valid", "test"))
        if args.eval_limit:
            valid_rows, test_rows = valid_rows[: args.eval_limit], test_rows[: args.eval_limit]
        print_table("rows", [{"split": s, "rows": len(r)} for s, r in
                             (("train", train_rows), ("valid", valid_rows), ("test", test_rows))])
        if args.gguf_types:
            check_toolchain()
        run = prepare_run_dir(TASK, args.output_dir, overwrite=args.overwrite, resume=args.resume)

    # ------------------------------------------------------------ model
    with step("model"):
        # the texts the --smoke model's tokenizer is trained on
        tiny_texts = [r["input"] for r in train_rows] + [r["output"] for r in train_rows] + [INSTRUCTION]
        model, tokenizer = prepare_model(args, MISTRAL, tiny_texts, run)
        config = public_config({**vars(args), "data": str(data_dir), "run": str(run)})
        write_json(run / "config.json", config)

    test_prompts = [prompt_for(r["input"], taxonomy) for r in test_rows]
    grammar = fields_output_grammar(FIELDS, taxonomy)
    if is_main_process():  # under DDP rank 0 evaluates; the other ranks go on to train
        with step("evaluate base model"), progress_bar() as bar:
            base_answers, base_speed = generate_batch(model, tokenizer, test_prompts,
                                                      max_new_tokens=args.max_new_tokens, batch_size=32, progress=bar)

    # ------------------------------------------------------------ train
    with step("train"):
        settings = TrainSettings.from_args(args, wandb_project="mistral-maintenance-parsing", run_name=run.name)
        examples = [[(prompt_for(r["input"], taxonomy), r["output"]) for r in part]
                    for part in (train_rows, valid_rows)]
        splits = {"train": len(train_rows), "validation": len(valid_rows), "test": len(test_rows)}
        _, train_summary = train(model, tokenizer, *examples, settings, run, resume=args.resume,
                                 title=f"{TASK}: {Path(args.model).name}", splits=splits)

    if not is_main_process():
        return  # DDP: rank 0 alone evaluates, reports and exports

    # ------------------------------------------------------------ evaluate
    with step("evaluate fine-tuned model"), progress_bar() as bar:
        tuned_answers, tuned_speed = generate_batch(model, tokenizer, test_prompts, max_new_tokens=args.max_new_tokens,
                                                    batch_size=32, progress=bar)
        # the same model under the taxonomy grammar: what serving returns, and what the constraint costs
        constrained_answers, constrained_speed = generate_batch(model, tokenizer, test_prompts, batch_size=32,
                                                                max_new_tokens=args.max_new_tokens, progress=bar,
                                                                grammar=grammar)
        scores = write_field_reports(run / "evaluation", inputs=[r["input"] for r in test_rows],
                                     golds=[r["fields"] for r in test_rows], keys=FIELDS, labels=FIELD_LABELS,
                                     outputs={"base": base_answers, "finetuned": tuned_answers,
                                              "finetuned_constrained": constrained_answers},
                                     title=f"Maintenance parsing ({run.name})",
                                     note="Smoke run: tiny random-weight model." if args.smoke else "")
        before, after = {**scores["base"], **base_speed}, {**scores["finetuned"], **tuned_speed}
        decoding = {"HF, free": after, "HF, taxonomy-constrained": {**scores["finetuned_constrained"],
                                                                      **constrained_speed}}
        print_table("test split", [{"metric": k, "base": before[k], "fine-tuned": v} for k, v in after.items()
                                   if isinstance(v, float)])

    # ------------------------------------------------------------ export
    with step("export"):
        exports = export_run(model, tokenizer, run, base_model=args.model, gguf_types=args.gguf_types, family=MISTRAL,
                             system_prompt=None,
                             verify_prompts=render_prompts(tokenizer, test_prompts[:3]))
        if args.gguf_types:  # the serving path in llama.cpp, free and under the taxonomy grammar (GBNF)
            answer, _, _ = trained_answerer(run, backend="gguf", chat_template=MISTRAL.chat_template,
                                            max_length=args.max_length, load_in_4bit=False,
                                            max_new_tokens=args.max_new_tokens)
            golds = [r["fields"] for r in test_rows]
            for name, way in (("GGUF, free", None), ("GGUF, taxonomy-constrained", grammar)):
                answers, speed = answer(test_prompts, grammar=way)
                decoding[name] = {**field_scores([parse_fields(a, FIELDS) for a in answers], golds, FIELDS), **speed}
        exports["decoding"] = decoding
        samples = [{"question": r["input"], "reference": r["output"], "base": b, "finetuned": t}
                   for r, b, t in list(zip(test_rows, base_answers, tuned_answers))[:5]]
        report = write_run_report(run, title=f"Maintenance request parsing ({run.name})", smoke=args.smoke,
                                  config=config, train_summary=train_summary, before=before, after=after,
                                  exports=exports, samples=samples,
                                  extra_sections=["Field-level reports: [evaluation/performance_report.md]"
                                                  "(evaluation/performance_report.md)", "",
                                                  "## Free vs taxonomy-constrained decoding (fine-tuned, greedy)", "",
                                                  "Constrained: four fields in order, every value from the taxonomy "
                                                  "(by construction). tokens/s is the cost of the constraint.", "",
                                                  decoding_table(decoding, DECODING_METRICS), ""])
    finish_run(run, report, exports)


def use_trained(args, taxonomy: dict) -> None:
    """--text / --mode interactive / --mode test / --input_file, on the merged model or (--backend gguf) the GGUF."""
    run = find_trained_run(TASK, args.run)
    answer, _, _ = trained_answerer(run, backend=args.backend, chat_template=MISTRAL.chat_template,
                                    max_length=args.max_length, load_in_4bit=args.load_in_4bit,
                                    max_new_tokens=args.max_new_tokens, trust_remote_code=args.trust_remote_code)
    grammar = fields_output_grammar(FIELDS, taxonomy) if args.constrain else None

    def predict(texts: list[str]) -> list[dict]:
        answers = answer([prompt_for(t, taxonomy) for t in texts], grammar=grammar)[0]
        return [check_prediction(a, taxonomy) for a in answers]

    def show(text: str) -> None:
        result = predict([text])[0]
        console.print("답변: " + (format_fields(result["fields"], [k for k in FIELDS if k in result["fields"]])
                                 or result["output"]), *(f"[yellow]⚠ {w}[/]" for w in result["warnings"]), sep="\n")
    if args.mode == "test":
        rows = load_split((Path(args.data) if args.data else DATA_DIR) / "test.jsonl", taxonomy)
        rows = rows[: args.eval_limit] if args.eval_limit else rows
        prompts = [prompt_for(r["input"], taxonomy) for r in rows]
        outputs, speeds = {}, {}
        outputs["finetuned"], speeds["finetuned"] = answer(prompts)
        if grammar:
            outputs["finetuned_constrained"], speeds["finetuned_constrained"] = answer(prompts, grammar=grammar)
        scores = write_field_reports(run / f"evaluation_{args.backend}", inputs=[r["input"] for r in rows],
                                     golds=[r["fields"] for r in rows], outputs=outputs, keys=FIELDS,
                                     labels=FIELD_LABELS, title=f"Maintenance parsing, {args.backend} backend")
        results = {name: {**scores[name], **speeds[name]} for name in outputs}
        print_table("test split", [{"metric": k, **{name: result[k] for name, result in results.items()}}
                                   for k in results["finetuned"]])
    elif args.mode == "batch":
        rows = read_rows(args.input_file, ["input"])
        results = [{"input": r["input"], **p} for r, p in zip(rows, predict([r["input"] for r in rows]))]
        write_json(Path(args.output_file), results)
        flagged = sum(bool(r["warnings"]) for r in results)
        console.print(f"wrote {len(results)} results to {args.output_file} ({flagged} flagged)")
    else:
        chat_loop(show, "유지보수 요청을 입력하세요. 빈 줄 또는 Ctrl-D로 종료.",
                  once=args.text)


if __name__ == "__main__":
    cli.run_main(main)
