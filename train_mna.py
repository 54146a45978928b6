"""M&A / finance / law QA: fine-tune Qwen3-8B with LoRA on AI Hub Korean QA plus our own M&A QA.

    python train_mna.py                                    # preprocess, train, evaluate, export
    python train_mna.py --smoke                            # offline CPU pipeline, tiny random Qwen3
    python train_mna.py --aihub_dir /data/aihub_qa         # the real AI Hub download (Training/Validation/Other)
    python train_mna.py --preprocess_only --output_dir outputs/mna/data   # just the filtered jsonl + stats
    python train_mna.py --text "공개매수 의무는 언제 생기나요?"   |   --mode interactive   |   --mode test
    python train_mna.py --input_file questions.jsonl --output_file answers.jsonl [--backend gguf]
"""
from common import quiet  # noqa: F401  (first: quiets third-party noise, then imports Unsloth before transformers)

import json
import re
import unicodedata
import zipfile
from pathlib import Path

from common import cli
from common.data import DataError, read_rows, stratified_split
from common.export import check_toolchain, export_run
from common.families import QWEN3
from common.model import prepare_model
from common.progress import console, print_table, progress_bar, step
from common.report import finish_run, write_run_report
from common.runs import find_trained_run, is_main_process, prepare_run_dir, public_config, write_json, write_jsonl
from common.training import TrainSettings, train
from eval.generation import chat_loop, generate_batch, print_answer, render_prompts, trained_answerer
from eval.metrics import qa_scores

# ---------------------------------------------------------------- config
TASK = "mna"
OWN_DATA = Path(__file__).parent / "data" / "mna" / "own" / "mna_qa.json"
AIHUB_DIR = Path(__file__).parent / "data" / "mna" / "aihub_fixture"  # the layout of the real corpus
AIHUB_SPLITS = ("Training", "Validation", "Other")
AIHUB_FIELDS = ("question", "answer", "category", "quality_score")
# AI Hub puts each split's raw documents (01.원천데이터, TS_*/VS_*.zip) beside its labels (02.라벨링데이터, TL_/VL_):
# JSON there that has no "data" list is skipped; anywhere else it is an error.
AIHUB_RAW_DATA = re.compile(r"원천|(^|/)[TV]S_", re.IGNORECASE)
EXCLUDED_CATEGORIES = ["예체능", "종교", "보건"]  # the source document's exclusions
MIN_QUALITY = 30  # keep quality_score > 30
MIN_QUESTION, MIN_ANSWER, MAX_ANSWER = 5, 10, 2000  # characters, after strip()
# The source document's prompt: Korean-only system prompt, "/no_think" after the question, and (with
# enable_thinking=False) an empty think block before the answer, the same in training and serving.
SYSTEM_PROMPT = "당신은 금융,법률 및 M&A 분야 전문가입니다.\n사용자 질문에 대해 반드시 한국어로만 답변하세요."
DEFAULTS = dict(epochs=3, learning_rate=1e-4, batch_size=1, grad_accum=8, max_length=1024, lora_r=8, lora_alpha=32,
                lora_dropout=0.1, neftune_alpha=5.0, max_new_tokens=512, max_steps=-1, save_steps=200)
SMOKE = dict(learning_rate=2e-2, batch_size=8, grad_accum=1, max_steps=30, save_steps=15, max_new_tokens=48,
             eval_limit=8)
HELD_OUT_FRACTION = 0.1  # per source, once for validation (checkpoint choice) and once for the test metrics


def normalise(text: str) -> str:
    """For near-duplicates: NFKC, lower case, no whitespace, punctuation or symbols."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).lower()
                   if not ch.isspace() and unicodedata.category(ch)[0] not in "PSZ")


def find_split_dir(aihub_dir: Path, split: str) -> Path:
    """The split's folder in aihub_dir: `Training`, or a name ending in it such as `1.Training`, in any case."""
    pattern = re.compile(rf"(.*[^a-z])?{split}", re.IGNORECASE)  # `1.Training` matches, `PreTraining` does not
    found = [p for p in sorted(aihub_dir.iterdir()) if p.is_dir() and pattern.fullmatch(p.name)] \
        if aihub_dir.is_dir() else []
    if len(found) != 1:
        problem = f"several {split} folders {[p.name for p in found]}" if found else f"no {split}/ folder"
        raise DataError(f"{aihub_dir / split}: {problem} in {aihub_dir} (expected AI Hub's Training/Validation/Other)")
    return found[0]


def zip_member_name(info: zipfile.ZipInfo) -> str:
    """zipfile reads a name without the UTF-8 flag (0x800) as CP437; Korean Windows tools wrote it in CP949."""
    if info.flag_bits & 0x800:
        return info.filename
    raw = info.filename.encode("cp437")
    try:
        return raw.decode("utf-8")  # some tools write UTF-8 and leave the flag off
    except UnicodeDecodeError:
        return raw.decode("cp949", errors="replace")


def json_documents(split_dir: Path, aihub_dir: Path):
    """(label, bytes) of every *.json under split_dir, loose or inside a *.zip, at any depth, in sorted order;
    the label is the path from aihub_dir, plus `:member` inside a zip."""
    for path in sorted(p for p in split_dir.rglob("*") if p.suffix.lower() in (".json", ".zip") and p.is_file()):
        label = path.relative_to(aihub_dir).as_posix()
        if path.suffix.lower() == ".json":
            yield label, path.read_bytes()
            continue
        try:
            with zipfile.ZipFile(path) as archive:
                members = {zip_member_name(info): info for info in archive.infolist()}
                for name in sorted(n for n in members if n.lower().endswith(".json")):
                    yield f"{label}:{name}", archive.read(members[name])
        except zipfile.BadZipFile as error:
            raise DataError(f"{path}: not a readable zip archive ({error})") from None


def parse_json(where: str, raw: bytes):
    try:
        return json.loads(raw.decode("utf-8-sig"))  # AI Hub files often start with a UTF-8 BOM
    except UnicodeDecodeError as error:
        raise DataError(f"{where}: not UTF-8 ({error.reason} at byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise DataError(f"{where}:{error.lineno}: invalid JSON: {error.msg}") from None


def check_records(where: str, records, keys: tuple[str, ...], list_name: str = "") -> list[dict]:
    if not isinstance(records, list):
        raise DataError(f"{where}: expected a JSON list of objects with {list(keys)}")
    for i, record in enumerate(records):
        missing = [k for k in keys if not isinstance(record, dict) or k not in record]
        if missing:
            raise DataError(f"{where}: {list_name}[{i}] lacks {missing}")
    return records


def load_sources(own_path: Path, aihub_dir: Path) -> list[dict]:
    """Own data first (it wins deduplication), then AI Hub Training / Validation / Other, files by path.
    A split in which no QA record is found is an error: training without it would go unnoticed."""
    if not own_path.is_file():
        raise DataError(f"{own_path}: no such file")
    own = check_records(str(own_path), parse_json(str(own_path), own_path.read_bytes()), ("question", "answer"))
    stream = [{"source": "own", "where": f"{own_path.name}[{i}]", "question": r["question"], "answer": r["answer"]}
              for i, r in enumerate(own)]
    for split_dir in [find_split_dir(aihub_dir, split) for split in AIHUB_SPLITS]:  # the layout first, then the data
        found = 0
        for label, raw in json_documents(split_dir, aihub_dir):
            where = f"{aihub_dir / label}"
            document = parse_json(where, raw)
            records = document.get("data") if isinstance(document, dict) else None
            if not isinstance(records, list) and AIHUB_RAW_DATA.search(label):
                continue  # a raw document (원천데이터) beside the labels: not QA, nothing to train on
            if not isinstance(records, list):
                raise DataError(f'{where}: not an AI Hub QA file (no "data" list)')
            for i, r in enumerate(check_records(where, records, AIHUB_FIELDS, "data")):
                stream.append({"source": "aihub", "where": f"{label}[{i}]", "question": r["question"],
                               "answer": r["answer"], "category": r["category"], "quality_score": r["quality_score"]})
            found += len(records)
        if not found:
            raise DataError(f"{split_dir}: no AI Hub QA record found in *.json or *.zip under it")
    return stream


def preprocess(stream: list[dict], *, min_quality: int, excluded: list[str]) -> tuple[list[dict], dict]:
    """The source document's filters, stage by stage; a record counts under the first stage that drops it.
    Returns (kept rows, {stage: removed count} plus totals)."""
    alive, removed = list(stream), {}

    def stage(name, drop):
        nonlocal alive
        kept = [r for r in alive if not drop(r)]
        removed[name] = len(alive) - len(kept)
        alive = kept

    stage("low_quality", lambda r: r["source"] == "aihub" and r["quality_score"] <= min_quality)
    stage("excluded_category", lambda r: r["source"] == "aihub" and r["category"] in excluded)
    own_questions = {r["question"] for r in alive if r["source"] == "own"}
    stage("duplicate_of_own", lambda r: r["source"] == "aihub" and r["question"] in own_questions)
    seen_exact, seen_near = set(), set()
    stage("exact_duplicate", lambda r: (r["question"], r["answer"]) in seen_exact
          or seen_exact.add((r["question"], r["answer"])))
    stage("near_duplicate", lambda r: (normalise(r["question"]), normalise(r["answer"])) in seen_near
          or seen_near.add((normalise(r["question"]), normalise(r["answer"]))))
    stage("length", lambda r: not (len(r["question"].strip()) >= MIN_QUESTION
                                   and MIN_ANSWER <= len(r["answer"].strip()) <= MAX_ANSWER))
    stats = {"total": len(stream), **{s: sum(r["source"] == s for r in stream) for s in ("own", "aihub")},
             "removed": removed, "kept": len(alive),
             "kept_by_source": {s: sum(r["source"] == s for r in alive) for s in ("own", "aihub")}}
    return alive, stats


def prompt_for(question: str) -> list[dict]:
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": f"{question}/no_think"}]


def main() -> None:
    parser = cli.build_parser(__doc__.splitlines()[0], default_model="unsloth/Qwen3-8B-unsloth-bnb-4bit",
                              defaults=DEFAULTS, smoke=SMOKE,
                              data_help="our own M&A QA pairs (JSON list of {question, answer})",
                              data_default=str(OWN_DATA))
    parser.add_argument("--aihub_dir", default=str(AIHUB_DIR),
                        help="AI Hub QA download: Training/Validation/Other (or 1.Training …) with *.json or *.zip")
    parser.add_argument("--min_quality", type=int, default=MIN_QUALITY, help="keep AI Hub records scoring above this")
    parser.add_argument("--exclude_categories", nargs="*", default=EXCLUDED_CATEGORIES)
    parser.add_argument("--preprocess_only", action="store_true", help="write processed.jsonl + stats and stop")
    args = cli.resolve(parser.parse_args(), DEFAULTS, smoke=SMOKE, family="Qwen3")
    if args.mode != "train" or args.text:
        return use_trained(args)

    # ------------------------------------------------------------ data
    with step("data: merge and filter"):
        rows, stats = preprocess(load_sources(Path(args.data), Path(args.aihub_dir)),
                                 min_quality=args.min_quality, excluded=args.exclude_categories)
        print_table("preprocessing (each record counted at the first filter that drops it)",
                    [{"stage": "input", "records": f"{stats['total']} (own {stats['own']}, AI Hub {stats['aihub']})"}]
                    + [{"stage": f"− {name}", "records": n} for name, n in stats["removed"].items()]
                    + [{"stage": "kept", "records": f"{stats['kept']} {stats['kept_by_source']}"}])
        run = prepare_run_dir(TASK, args.output_dir, overwrite=args.overwrite, resume=args.resume)
        write_jsonl(run / "processed.jsonl",
                    ({k: r[k] for k in ("source", "where", "question", "answer")} for r in rows))
        write_json(run / "preprocess_stats.json", stats)
        if args.preprocess_only:
            return console.print(f"wrote {run / 'processed.jsonl'} and {run / 'preprocess_stats.json'}")
        train_rows, valid_rows, test_rows = stratified_split(rows, "source", HELD_OUT_FRACTION, args.seed)
        if args.eval_limit:
            valid_rows, test_rows = valid_rows[: args.eval_limit], test_rows[: args.eval_limit]
        splits = {"train": len(train_rows), "validation": len(valid_rows), "test": len(test_rows)}
        print_table("splits", [{"split": name, "rows": n} for name, n in splits.items()])
        if args.gguf_types:
            check_toolchain()

    # ------------------------------------------------------------ model
    with step("model"):
        # the texts the --smoke model's tokenizer is trained on
        tiny_texts = [r["question"] for r in rows] + [r["answer"] for r in rows] + [SYSTEM_PROMPT]
        model, tokenizer = prepare_model(args, QWEN3, tiny_texts, run)
        config = public_config({**vars(args), "run": str(run), "preprocess": stats})
        write_json(run / "config.json", config)

    test_prompts = [prompt_for(r["question"]) for r in test_rows]
    references = [r["answer"] for r in test_rows]

    def generate(bar) -> tuple[list[str], dict]:
        return generate_batch(model, tokenizer, test_prompts, max_new_tokens=args.max_new_tokens,
                              chat_template_kwargs=QWEN3.chat_template_kwargs, progress=bar)
    if is_main_process():  # under DDP rank 0 evaluates; the other ranks go on to train
        with step("evaluate base model"), progress_bar() as bar:
            base_answers, base_speed = generate(bar)
            before = {**qa_scores(base_answers, references), **base_speed}

    # ------------------------------------------------------------ train
    with step("train"):
        # the source document's optimiser settings: clip at 0.3, 3% warm-up, linear decay
        settings = TrainSettings.from_args(args, wandb_project="Qwen3-8B-M&A", run_name=run.name,
                                           max_grad_norm=0.3, warmup_ratio=0.03, scheduler="linear")
        examples = [[(prompt_for(r["question"]), r["answer"]) for r in rs] for rs in (train_rows, valid_rows)]
        _, train_summary = train(model, tokenizer, *examples, settings, run, resume=args.resume,
                                 title=f"{TASK}: {Path(args.model).name}", splits=splits,
                                 chat_template_kwargs=QWEN3.chat_template_kwargs)

    if not is_main_process():
        return  # DDP: rank 0 alone evaluates, reports and exports

    # ------------------------------------------------------------ evaluate
    with step("evaluate fine-tuned model"), progress_bar() as bar:
        tuned_answers, tuned_speed = generate(bar)
        after = {**qa_scores(tuned_answers, references), **tuned_speed}
        print_table("held-out QA", [{"metric": k, "base": before[k], "fine-tuned": v} for k, v in after.items()
                                    if isinstance(v, float)])
        write_jsonl(run / "predictions.jsonl",
                    ({"question": r["question"], "reference": r["answer"], "base": b, "finetuned": t}
                     for r, b, t in zip(test_rows, base_answers, tuned_answers)))

    # ------------------------------------------------------------ export
    with step("export"):
        exports = export_run(model, tokenizer, run, base_model=args.model, gguf_types=args.gguf_types, family=QWEN3,
                             system_prompt=SYSTEM_PROMPT, tiny=args.smoke,
                             verify_prompts=render_prompts(tokenizer, test_prompts[:3], QWEN3.chat_template_kwargs))
        samples = [{"question": r["question"], "reference": r["answer"], "base": b, "finetuned": t}
                   for r, b, t in list(zip(test_rows, base_answers, tuned_answers))[:5]]
        report = write_run_report(run, title=f"M&A / finance / law QA ({run.name})", smoke=args.smoke, config=config,
                                  train_summary=train_summary, before=before, after=after, exports=exports,
                                  samples=samples, extra_sections=[
                                      f"Preprocessing: {stats['total']} records in, removed {stats['removed']}, "
                                      f"{stats['kept']} kept ({stats['kept_by_source']}).", ""])
    finish_run(run, report, exports)


def use_trained(args) -> None:
    """--text / --mode interactive / --mode test / --input_file, on the merged model or (--backend gguf) the GGUF."""
    run = find_trained_run(TASK, args.run)
    answer, model, tokenizer = trained_answerer(
        run, backend=args.backend, chat_template=QWEN3.chat_template, max_length=args.max_length,
        load_in_4bit=args.load_in_4bit, max_new_tokens=args.max_new_tokens,
        chat_template_kwargs=QWEN3.chat_template_kwargs, trust_remote_code=args.trust_remote_code)
    if args.mode == "test":
        rows = [json.loads(line) for line in (run / "predictions.jsonl").read_text(encoding="utf-8").splitlines()]
        with progress_bar() as bar:
            answers, speed = answer([prompt_for(r["question"]) for r in rows], progress=bar)
        metrics = {**qa_scores(answers, [r["reference"] for r in rows]), **speed}
        print_table(f"held-out QA ({args.backend})", [{"metric": k, "value": v} for k, v in metrics.items()])
        write_json(run / f"test_metrics_{args.backend}.json", metrics)
    elif args.mode == "batch":
        questions = read_rows(args.input_file, ["question"])
        with progress_bar() as bar:
            answers, _ = answer([prompt_for(q["question"]) for q in questions], progress=bar)
        write_jsonl(Path(args.output_file),
                    ({"question": q["question"], "answer": a} for q, a in zip(questions, answers)))
        console.print(f"wrote {len(answers)} answers to {args.output_file}")
    else:
        def respond(question: str) -> None:
            print_answer(prompt_for(question), answer, model, tokenizer, max_new_tokens=args.max_new_tokens,
                         chat_template_kwargs=QWEN3.chat_template_kwargs)
        chat_loop(respond, "M&A·금융·법률 질문을 입력하세요. 빈 줄 또는 Ctrl-D로 종료.", once=args.text)


if __name__ == "__main__":
    cli.run_main(main)
