"""Civil-law QA (전세사기, 부동산물권, 일반민법): fine-tune Llama-3.2-1B-Instruct with 4-bit LoRA.

    python train_civil_law.py                       # train on data/civil_law, evaluate, export
    python train_civil_law.py --smoke               # the whole pipeline offline on CPU, tiny random model
    python train_civil_law.py --preset quality --categories 전세사기 부동산물권
    python train_civil_law.py --mode interactive    # chat with the newest trained run
    python train_civil_law.py --mode test           # evaluate the newest trained run
    python train_civil_law.py --input_file q.jsonl --output_file a.jsonl
"""
from common import quiet  # noqa: F401  (first: quiets third-party noise, then imports Unsloth before transformers)

from pathlib import Path

from common import cli
from common.data import read_rows, stratified_split
from common.export import check_toolchain, export_run
from common.families import LLAMA
from common.model import prepare_model
from common.progress import console, print_table, progress_bar, step
from common.report import finish_run, write_run_report
from common.runs import find_trained_run, is_main_process, prepare_run_dir, public_config, write_json, write_jsonl
from common.training import TrainSettings, train
from eval.generation import chat_loop, generate_batch, print_answer, render_prompts, trained_answerer
from eval.metrics import citation_recall, qa_scores

# ---------------------------------------------------------------- config
TASK = "civil_law"
DATA = Path(__file__).parent / "data" / "civil_law" / "civil_law_qa.csv"
COLUMNS = ["question", "answer", "category", "difficulty"]
CATEGORIES = {"전세사기", "부동산물권", "일반민법"}
DIFFICULTIES = {"초급", "중급", "고급"}
SYSTEM_PROMPTS = {  # one per category, as in the source project
    "전세사기": "당신은 전세사기 예방과 피해 구제를 돕는 한국 민법·주택임대차보호법 전문 상담가입니다. "
              "관련 조문을 근거로 임차인이 지금 할 수 있는 조치를 구체적으로 안내하세요.",
    "부동산물권": "당신은 한국 민법의 부동산 물권(소유권, 점유, 저당권, 전세권, 지상권 등) 전문가입니다. "
               "관련 조문을 근거로 정확하고 이해하기 쉽게 설명하세요.",
    "일반민법": "당신은 한국 민법 전문가입니다. 계약, 불법행위, 상속 등 일반 민법 질문에 조문을 근거로 답하세요.",
}
DEFAULT_CATEGORY = "일반민법"
PRESETS = {  # from the source project's table
    "fast": dict(epochs=2, learning_rate=2e-4, batch_size=4),
    "balanced": dict(epochs=4, learning_rate=1e-4, batch_size=2),
    "quality": dict(epochs=6, learning_rate=5e-5, batch_size=1),
    "memory_efficient": dict(epochs=3, learning_rate=1e-4, batch_size=1, grad_accum=8, max_length=768),
}
DEFAULTS = dict(preset="balanced", grad_accum=4, max_length=1024, lora_r=16, lora_alpha=32, lora_dropout=0.0,
                neftune_alpha=5.0, max_new_tokens=384, max_steps=-1, save_steps=50)
# --smoke: a random 2-layer model learns only if pushed hard; a few dozen steps show the loss falling.
SMOKE = dict(epochs=3, learning_rate=1e-2, batch_size=8, grad_accum=1, max_length=512, max_new_tokens=48,
             max_steps=150, save_steps=50, eval_limit=12)
HELD_OUT_FRACTION = 0.1  # per category, once for validation (checkpoint choice) and once for the test metrics


def split_rows(rows: list[dict], seed: int) -> tuple[list[dict], list[dict], list[dict]]:
    """train / validation / test, each stratified by category; the test split is never used to choose."""
    return stratified_split(rows, "category", HELD_OUT_FRACTION, seed)


def prompt_for(question: str, category: str) -> list[dict]:
    return [{"role": "system", "content": SYSTEM_PROMPTS.get(category, SYSTEM_PROMPTS[DEFAULT_CATEGORY])},
            {"role": "user", "content": question}]


def examples_for(rows: list[dict]) -> list[tuple[list[dict], str]]:
    return [(prompt_for(r["question"], r["category"]), r["answer"]) for r in rows]


def score(predictions: list[str], rows: list[dict]) -> dict:
    references = [r["answer"] for r in rows]
    metrics = {**qa_scores(predictions, references), "citation_recall": citation_recall(predictions, references)}
    for category in sorted({r["category"] for r in rows}):
        idx = [i for i, r in enumerate(rows) if r["category"] == category]
        sub = qa_scores([predictions[i] for i in idx], [references[i] for i in idx])
        metrics[f"char_f1/{category}"] = sub["char_f1"]
    return metrics


def main() -> None:
    parser = cli.build_parser(__doc__.splitlines()[0], default_model="unsloth/Llama-3.2-1B-Instruct",
                              defaults=DEFAULTS, smoke=SMOKE, presets=PRESETS)
    parser.add_argument("--categories", nargs="+", choices=sorted(CATEGORIES), help="train on these categories only")
    args = cli.resolve(parser.parse_args(), DEFAULTS, PRESETS, smoke=SMOKE, family="Llama")
    if args.mode != "train" or args.text:
        return use_trained(args)

    # ------------------------------------------------------------ data
    with step("data"):
        rows = read_rows(args.data or DATA, COLUMNS, {"category": CATEGORIES, "difficulty": DIFFICULTIES})
        if args.categories:
            rows = [r for r in rows if r["category"] in args.categories]
        train_rows, valid_rows, test_rows = split_rows(rows, args.seed)
        if args.eval_limit:
            valid_rows, test_rows = valid_rows[: args.eval_limit], test_rows[: args.eval_limit]
        splits = {"train": train_rows, "validation": valid_rows, "test": test_rows}
        print_table("rows per category", [{"category": c, **{s: sum(r["category"] == c for r in part)
                                                             for s, part in splits.items()}}
                                          for c in sorted({r["category"] for r in rows})])
        if args.gguf_types:
            check_toolchain()  # before hours of training, not after
        run = prepare_run_dir(TASK, args.output_dir, overwrite=args.overwrite, resume=args.resume)

    # ------------------------------------------------------------ model
    with step("model"):
        # the texts the --smoke model's tokenizer is trained on
        tiny_texts = [r["question"] for r in rows] + [r["answer"] for r in rows] + list(SYSTEM_PROMPTS.values())
        model, tokenizer = prepare_model(args, LLAMA, tiny_texts, run)
        config = public_config({**vars(args), "data": str(args.data or DATA), "run": str(run)})
        write_json(run / "config.json", config)

    test_prompts = [prompt_for(r["question"], r["category"]) for r in test_rows]
    if is_main_process():  # under DDP rank 0 evaluates; the other ranks go on to train
        with step("evaluate base model"), progress_bar() as bar:  # LoRA starts at zero: this is the base model
            base_answers, base_speed = generate_batch(model, tokenizer, test_prompts,
                                                      max_new_tokens=args.max_new_tokens, progress=bar)
            before = {**score(base_answers, test_rows), **base_speed}

    # ------------------------------------------------------------ train
    with step("train"):
        settings = TrainSettings.from_args(args, wandb_project="civil-law-qa", run_name=run.name)
        _, train_summary = train(model, tokenizer, examples_for(train_rows), examples_for(valid_rows), settings, run,
                                 resume=args.resume, title=f"{TASK}: {Path(args.model).name}",
                                 splits={name: len(part) for name, part in splits.items()})

    if not is_main_process():
        return  # DDP: rank 0 alone evaluates, reports and exports

    # ------------------------------------------------------------ evaluate
    with step("evaluate fine-tuned model"), progress_bar() as bar:
        tuned_answers, tuned_speed = generate_batch(model, tokenizer, test_prompts, max_new_tokens=args.max_new_tokens,
                                                    progress=bar)
        after = {**score(tuned_answers, test_rows), **tuned_speed}
        print_table("held-out metrics", [{"metric": k, "base": before.get(k), "fine-tuned": v}
                                         for k, v in after.items() if isinstance(v, float)])
        write_jsonl(run / "predictions.jsonl", ({**{k: r[k] for k in COLUMNS}, "base": b, "finetuned": t}
                                                for r, b, t in zip(test_rows, base_answers, tuned_answers)))

    # ------------------------------------------------------------ export
    with step("export"):
        exports = export_run(model, tokenizer, run, base_model=args.model, gguf_types=args.gguf_types, family=LLAMA,
                             system_prompt=SYSTEM_PROMPTS[DEFAULT_CATEGORY],
                             verify_prompts=render_prompts(tokenizer, test_prompts[:3]))
        samples = [{"question": r["question"], "reference": r["answer"], "base": b, "finetuned": t}
                   for r, b, t in list(zip(test_rows, base_answers, tuned_answers))[:3]]
        report = write_run_report(run, title=f"Civil-law QA fine-tune ({run.name})", smoke=args.smoke, config=config,
                                  train_summary=train_summary, before=before, after=after, exports=exports,
                                  samples=samples)
    finish_run(run, report, exports)


def use_trained(args) -> None:
    """--mode test / interactive / batch (and --text), on the merged model or (--backend gguf) the GGUF."""
    run = find_trained_run(TASK, args.run)
    answer, model, tokenizer = trained_answerer(run, backend=args.backend, chat_template=LLAMA.chat_template,
                                                max_length=args.max_length, load_in_4bit=args.load_in_4bit,
                                                max_new_tokens=args.max_new_tokens,
                                                trust_remote_code=args.trust_remote_code)
    category = (args.categories or [DEFAULT_CATEGORY])[0]
    if args.mode == "test":
        rows = read_rows(args.data or DATA, COLUMNS, {"category": CATEGORIES, "difficulty": DIFFICULTIES})
        _, _, test_rows = split_rows(rows, args.seed)
        test_rows = test_rows[: args.eval_limit] if args.eval_limit else test_rows
        with progress_bar() as bar:
            answers, speed = answer([prompt_for(r["question"], r["category"]) for r in test_rows], progress=bar)
        metrics = {**score(answers, test_rows), **speed}
        print_table(f"held-out metrics ({args.backend})", [{"metric": k, "value": v} for k, v in metrics.items()])
        write_json(run / f"test_metrics_{args.backend}.json", metrics)
    elif args.mode == "batch":
        questions = read_rows(args.input_file, ["question"])
        with progress_bar() as bar:
            answers, _ = answer([prompt_for(q["question"], category) for q in questions], progress=bar)
        write_jsonl(Path(args.output_file),
                    ({"question": q["question"], "answer": a} for q, a in zip(questions, answers)))
        console.print(f"wrote {len(answers)} answers to {args.output_file}")
    else:
        def respond(question: str) -> None:
            print_answer(prompt_for(question, category), answer, model, tokenizer, max_new_tokens=args.max_new_tokens)
        chat_loop(respond, f"민법 상담 ({category}) — 질문을 입력하세요. 빈 줄 또는 Ctrl-D로 종료.", once=args.text)


if __name__ == "__main__":
    cli.run_main(main)
