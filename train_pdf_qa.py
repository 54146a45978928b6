"""PDF QA: questions over your PDFs, a fine-tuned retriever and a LoRA generator that cites its pages.

    python train_pdf_qa.py                                  # data/pdf_qa: retriever + generator, evaluate, export
    python train_pdf_qa.py --smoke                          # offline CPU pipeline: tiny encoder, tiny Qwen3
    python train_pdf_qa.py --pdf_dir my_pdfs --qa my_qa.jsonl --hpo 20
    python train_pdf_qa.py --text "질문" --pdf_dir my_pdfs   # ask the newest run over a folder of PDFs
    python train_pdf_qa.py --mode interactive | batch --input_file q.jsonl --output_file a.jsonl | stats (request log)
    python train_pdf_qa.py --mode ab --run_a RUN --run_b RUN
"""
from common import quiet  # noqa: F401  (first: quiets third-party noise, then imports Unsloth before transformers)

import argparse
import json
import os
from pathlib import Path

from common import cli
from common.errors import UserError
from common.export import check_toolchain, export_run
from common.families import QWEN3
from common.model import prepare_model
from common.progress import console, print_table, progress_bar, step
from common.report import finish_run, write_run_report
from common.runs import (find_trained_run, from_main_process, is_main_process, prepare_run_dir, public_config,
                         write_json, write_jsonl)
from common.training import TrainSettings, train
from eval import retrieval as R
from eval.generation import chat_loop, generate_batch, render_prompts, trained_answerer

# ---------------------------------------------------------------- config
TASK = "pdf_qa"
DATA_DIR = Path(__file__).parent / "data" / "pdf_qa"
SYSTEM_PROMPT = ("당신은 주어진 문서만 근거로 답하는 문서 QA 도우미입니다. 답 끝에 근거가 된 문서와 쪽을 "
                 f"(출처: 파일 p.쪽) 형식으로 밝히고, 문서에 답이 없으면 '{R.ABSTAIN}'라고만 답하세요.")
USER_PROMPT = ("다음은 문서의 내용입니다:\n\n{context}\n\n질문: {question}\n\n"  # the source's prompt
               "위 문서 내용을 바탕으로 정확하고 도움이 되는 답변을 제공해주세요.")
NO_CONTEXT_PROMPT = "질문: {question}\n\n정확하고 도움이 되는 답변을 제공해주세요."
# the source's generator settings: LoRA r 8, alpha 32, dropout 0.1, lr 1e-4, batch 2 x 8; 2048 tokens hold 3 chunks
DEFAULTS = dict(epochs=3, learning_rate=1e-4, batch_size=2, grad_accum=8, max_length=2048, lora_r=8, lora_alpha=32,
                lora_dropout=0.1, neftune_alpha=5.0, max_new_tokens=256, max_steps=-1, save_steps=50)
SMOKE = dict(learning_rate=1e-2, batch_size=4, grad_accum=1, max_length=512, max_new_tokens=16, max_steps=12,
             save_steps=6, eval_limit=4)
# the retriever: the source's contrastive fine-tuning settings; --smoke trains a random encoder, so it pushes hard
RETRIEVER = dict(retriever="jhgan/ko-sroberta-multitask", retriever_loss="mnrl", retriever_lr=2e-5,
                 retriever_batch_size=16, retriever_epochs=3.0, retriever_warmup=100, retriever_max_length=512,
                 chunk_size=500, chunk_overlap=100, top_k=3)
SPLITS = ("train", "validation", "test")
RETRIEVER_SMOKE = dict(retriever_lr=2e-3, retriever_epochs=8.0, retriever_warmup=10, retriever_max_length=256,
                       chunk_size=300, chunk_overlap=60, top_k=1)


def add_flags(parser) -> None:
    parser.add_argument("--generator", dest="model", default=argparse.SUPPRESS, help="same as --model: any causal LM")
    mode = next(a for a in parser._actions if a.dest == "mode")  # a run is evaluated while it trains: no "test"
    mode.choices = [m for m in mode.choices if m != "test"] + ["ab", "stats"]
    parser.add_argument("--pdf_dir", help=f"folder of PDFs (default: {DATA_DIR / 'pdfs'}; for answers: the run's)")
    parser.add_argument("--qa", help=f"questions, jsonl (default: {DATA_DIR / 'qa.jsonl'}); fields: "
                                     f"{', '.join(R.QA_FIELDS)}")
    for name, value in RETRIEVER.items():
        smoke = f"; --smoke: {RETRIEVER_SMOKE[name]}" if name in RETRIEVER_SMOKE else ""
        kind = type(value) if name != "retriever_loss" else str
        parser.add_argument(f"--{name}", type=kind, choices=["mnrl", "cosine"] if name == "retriever_loss" else None,
                            help=f"(default: {value}{smoke})")
    parser.add_argument("--hpo", type=int, default=0, help="Optuna trials over the retriever's lr, batch size and "
                                                           "epochs before training (default: 0, off)")
    parser.add_argument("--run_a", help="--mode ab: the first run folder")
    parser.add_argument("--run_b", help="--mode ab: the second run folder")


def resolve_retriever(args) -> None:  # flag > --smoke > default, as common/cli.py resolves the shared flags
    for name, value in RETRIEVER.items():
        if getattr(args, name) is not None:
            args.setting_sources[name] = "flag"
            continue
        smoke = args.smoke and name in RETRIEVER_SMOKE
        setattr(args, name, RETRIEVER_SMOKE[name] if smoke else value)
        args.setting_sources[name] = "smoke" if smoke else "default"


def prompt_for(question: str, chunks: list[dict] | None) -> list[dict]:
    """The source's prompt; each retrieved chunk headed by its file and page, which the answer cites."""
    context = "\n\n".join(f"[{c['file']} p.{c['page']}]\n{c['text']}" for c in chunks or [])
    user = (NO_CONTEXT_PROMPT.format(question=question) if chunks is None
            else USER_PROMPT.format(context=context, question=question))
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]


def target_for(row: dict) -> str:
    return f"{row['answer']} (출처: {row['file']} p.{row['page']})" if row["answerable"] else R.ABSTAIN


def main() -> None:
    parser = cli.build_parser(__doc__.splitlines()[0], default_model="unsloth/Qwen3-4B", defaults=DEFAULTS,
                              smoke=SMOKE, data_help="not used: pass --pdf_dir and --qa")
    add_flags(parser)
    args = cli.resolve(parser.parse_args(), DEFAULTS, smoke=SMOKE, family="Qwen3")
    resolve_retriever(args)
    if args.mode != "train" or args.text:  # --mode ab | stats | interactive | batch, or --text
        return {"ab": ab_test, "stats": show_stats}.get(args.mode, use_trained)(args)

    # ------------------------------------------------------------ data
    with step("data"):
        pdf_dir, qa_path = Path(args.pdf_dir or DATA_DIR / "pdfs"), Path(args.qa or DATA_DIR / "qa.jsonl")
        pages = R.read_pdfs(pdf_dir)
        rows = R.read_qa(qa_path, {p["file"] for p in pages})
        chunks = R.chunk_pages(pages, args.chunk_size, args.chunk_overlap)
        relevant = R.relevant_ids(rows, chunks)
        if lost := [f"{qa_path}:{r['line']}" for r, rel in zip(rows, relevant) if r["answerable"] and not rel]:
            console.print(f"[yellow]{len(lost)} answerable question(s) whose evidence no chunk holds (kept out of the "
                          f"retrieval metrics): {', '.join(lost[:5])}", soft_wrap=True)
        split = {s: [i for i, r in enumerate(rows) if r["split"] == s] for s in SPLITS}
        if args.eval_limit:  # the generator's held-out rows; the retrieval metrics use the whole split
            split["gen_validation"] = split["validation"][: args.eval_limit]
            split["gen_test"] = ([i for i in split["test"] if rows[i]["answerable"]][: args.eval_limit]
                                 + [i for i in split["test"] if not rows[i]["answerable"]][: args.eval_limit])
        print_table(f"{len(pages)} pages, {len(chunks)} chunks; questions per split",
                    [{"split": s, "answerable": sum(rows[i]["answerable"] for i in split[s]),
                      "unanswerable": sum(not rows[i]["answerable"] for i in split[s])} for s in SPLITS])
        if args.gguf_types:
            check_toolchain()
        run = prepare_run_dir(TASK, args.output_dir, overwrite=args.overwrite, resume=args.resume)

    def part(name: str, ids=None):
        ids = split.get(f"gen_{name}", split[name]) if ids is None else ids
        return [rows[i] for i in ids], [relevant[i] for i in ids]
    chunk_ids, chunk_texts = [c["id"] for c in chunks], [c["text"] for c in chunks]

    # ------------------------------------------------------------ retriever
    with step("retriever"):
        if args.smoke:  # under DDP rank 0 builds it, the other ranks load it
            args.retriever = from_main_process(lambda: str(R.build_tiny_encoder(
                chunk_texts + [r["question"] for r in rows], run / "tiny_encoder", seed=args.seed)))
        base = R.load_encoder(args.retriever, max_length=args.retriever_max_length,
                              trust_remote_code=args.trust_remote_code)
        train_rows, train_rel = part("train", split["train"])
        valid_rows, valid_rel = part("validation", split["validation"])
        test_rows, test_rel = part("test", split["test"])

        def fine_tune(lr: float, batch_size: int, epochs: float):
            model = R.load_encoder(args.retriever, max_length=args.retriever_max_length,
                                   trust_remote_code=args.trust_remote_code)
            data = R.training_dataset(train_rows, chunks, train_rel, args.retriever_loss, base, seed=args.seed)
            return model, R.finetune_retriever(model, data, args.retriever_loss, learning_rate=lr,
                                               batch_size=batch_size, epochs=epochs, warmup_steps=args.retriever_warmup,
                                               seed=args.seed)

        def validation_ndcg(lr, batch_size, epochs) -> float:
            model, _ = fine_tune(lr, batch_size, epochs)
            scores = R.dense_scores(model, [r["question"] for r in valid_rows], R.encode(model, chunk_texts))
            return R.ranking_metrics(R.top_k(scores, chunk_ids, 10), valid_rel)["ndcg@10"]
        if args.hpo and os.environ.get("WORLD_SIZE", "1") != "1":
            raise UserError("--hpo runs its trials in one process; launch it without torchrun/accelerate")
        hpo = R.tune_retriever(args.hpo, run / "hpo.sqlite", validation_ndcg, seed=args.seed) if args.hpo else None
        if hpo:
            args.retriever_lr, args.retriever_batch_size, args.retriever_epochs = (
                hpo["best_params"]["learning_rate"], hpo["best_params"]["batch_size"], hpo["best_params"]["epochs"])
            print_table("Optuna (validation nDCG@10)", [{"setting": k, "best": v} for k, v in hpo.items()])
        tuned, retriever_summary = fine_tune(args.retriever_lr, args.retriever_batch_size, args.retriever_epochs)
        embeddings = R.encode(tuned, chunk_texts)
        if is_main_process():  # DDP: every rank fine-tuned the same retriever (its trainer is data-parallel too)
            R.save_encoder(tuned, run / "retriever")
            R.save_index(run / "index", chunks, embeddings, {"pdf_dir": str(pdf_dir), "chunk_size": args.chunk_size,
                                                              "overlap": args.chunk_overlap})
        retrieval, dense_tuned = R.compare_retrievers(base, tuned, chunks, embeddings, test_rows, test_rel)
        threshold = R.choose_threshold_for(tuned, embeddings, valid_rows)
        print_table("retrieval on the test split", [{"retriever": k, **{m: v[m] for m in R.RETRIEVAL_KEYS}}
                                                    for k, v in retrieval.items() if "evaluator" not in k])
        console.print(f"abstention threshold (validation): {threshold}")

    # ------------------------------------------------------------ generator
    with step("model"):
        tiny_texts = chunk_texts + [target_for(r) for r in rows] + [r["question"] for r in rows] + [SYSTEM_PROMPT]
        model, tokenizer = prepare_model(args, QWEN3, tiny_texts, run, tiny_vocab_size=3000)
        config = public_config({**vars(args), "pdf_dir": str(pdf_dir), "qa": str(qa_path), "run": str(run),
                                 "data": f"{pdf_dir} + {qa_path}"})
        write_json(run / "config.json", config)

    def contexts(part_rows, part_rel):
        retrieved, top = R.retrieve(tuned, chunks, embeddings, [r["question"] for r in part_rows], args.top_k)
        by_id = {c["id"]: c for c in chunks}
        gold = [[by_id[i] for i in sorted(rel)][: args.top_k] for rel in part_rel]
        return retrieved, gold, top

    def examples(part_rows, part_rel):  # retrieved chunks as served; the gold chunk swapped in if retrieval missed
        retrieved, gold, _ = contexts(part_rows, part_rel)
        return [(prompt_for(r["question"], ctx if not g or {c["id"] for c in g} & {c["id"] for c in ctx}
                            else ctx[:-1] + g[:1]), target_for(r)) for r, ctx, g in zip(part_rows, retrieved, gold)]
    gen_rows, gen_rel = part("test")
    retrieved, gold, top = contexts(gen_rows, gen_rel)

    def evaluate(bar):
        return R.evaluate_answers(prompt_for, lambda p: generate_batch(
            model, tokenizer, p, max_new_tokens=args.max_new_tokens, chat_template_kwargs=QWEN3.chat_template_kwargs,
            progress=bar), gen_rows, retrieved, gold, top, threshold["threshold"])
    if is_main_process():  # under DDP rank 0 evaluates; the other ranks go on to train
        with step("evaluate base generator"), progress_bar() as bar:
            before, base_answers = evaluate(bar)

    with step("train generator"):
        settings = TrainSettings.from_args(args, wandb_project="pdf-qa", run_name=run.name)
        _, train_summary = train(model, tokenizer, examples(*part("train", split["train"])),
                                 examples(*part("validation")), settings, run, resume=args.resume,
                                 title=f"{TASK}: {Path(args.model).name}",
                                 splits={s: len(part(s)[0]) for s in SPLITS},
                                 chat_template_kwargs=QWEN3.chat_template_kwargs)
        train_summary["retriever"] = retriever_summary
    if not is_main_process():
        return  # DDP: rank 0 alone evaluates, reports and exports

    with step("evaluate fine-tuned generator"), progress_bar() as bar:
        after, tuned_answers = evaluate(bar)
        print_table("answers on the test split", [{"metric": k, "base": before.get(k), "fine-tuned": v}
                                                  for k, v in after.items() if isinstance(v, float)])
        per_q = {r["id"]: R.per_question_metrics(R.top_k(dense_tuned[i:i + 1], chunk_ids, 10)[0], test_rel[i])
                 for i, r in enumerate(test_rows) if test_rel[i]}
        write_jsonl(run / "predictions.jsonl", (
            {"id": r["id"], "question": r["question"], "reference": r["answer"], "answerable": r["answerable"],
             "sources": [f"{c['file']} p.{c['page']}" for c in ctx], "base": b["served"], "finetuned": t["served"],
             "retrieval_score": t["retrieval_score"], "score": t["score"], "base_score": b["score"],
             **{k: per_q.get(r["id"], {}).get(k) for k in ("recall@5", "mrr@10")}}
            for r, ctx, b, t in zip(gen_rows, retrieved, base_answers, tuned_answers)))

    # ------------------------------------------------------------ export
    with step("export"):
        exports = export_run(model, tokenizer, run, base_model=args.model, gguf_types=args.gguf_types, family=QWEN3,
                             system_prompt=SYSTEM_PROMPT, tiny=args.smoke, verify_prompts=render_prompts(
                                 tokenizer, [prompt_for(r["question"], c) for r, c in zip(gen_rows[:2], retrieved)],
                                 QWEN3.chat_template_kwargs))
        exports.update(retriever=str(run / "retriever"), index=str(run / "index"))
        deploy = R.deployment_check(gen_rows, top, threshold["threshold"], after["abstention_rate"])
        sections = ["## Retrieval (test split, all questions with a relevant chunk)", "",
                    R.retrieval_table({k: v for k, v in retrieval.items() if "evaluator" not in k}), "",
                    f"Abstention threshold on the fine-tuned retriever's top-1 cosine, chosen on validation: "
                    f"{threshold['threshold']:.4f}. Deployment check (source: confidence > 0.5; here also at least "
                    f"half of the unanswerable test questions refused): "
                    f"**{'passed' if deploy['passed'] else 'failed'}** {deploy}", ""]
        samples = [{"question": r["question"], "reference": target_for(r), "base": b["served"],
                    "finetuned": t["served"]} for r, b, t in list(zip(gen_rows, base_answers, tuned_answers))[:3]]
        report = write_run_report(run, title=f"PDF QA ({run.name})", smoke=args.smoke, config=config,
                                  train_summary=train_summary, before=before, after=after, exports=exports,
                                  samples=samples, extra_sections=sections)
        metrics = json.loads((run / "metrics.json").read_text(encoding="utf-8"))
        write_json(run / "metrics.json", {**metrics, "retrieval": retrieval, "threshold": threshold,
                                          "deployment_check": deploy, "hpo": hpo})
    finish_run(run, report, exports)


def use_trained(args) -> None:
    """--text / --mode interactive / batch over a folder of PDFs (index cached in the run), each answer logged."""
    run = find_trained_run(TASK, args.run)
    config = json.loads((run / "config.json").read_text(encoding="utf-8"))
    threshold = json.loads((run / "metrics.json").read_text(encoding="utf-8"))["threshold"]["threshold"]
    retriever = R.load_encoder(str(run / "retriever"), max_length=config["retriever_max_length"])
    pdf_dir = Path(args.pdf_dir or config["pdf_dir"])
    chunks, embeddings, _, built = R.cached_index(pdf_dir, retriever, run / "index_cache",
                                                  chunk_size=config["chunk_size"], overlap=config["chunk_overlap"])
    console.print(f"index of {pdf_dir}: {len(chunks)} chunks ({'built and cached' if built else 'from the cache'})")
    answer, _, _ = trained_answerer(run, backend=args.backend, chat_template=QWEN3.chat_template,
                                    max_length=args.max_length, load_in_4bit=args.load_in_4bit,
                                    max_new_tokens=args.max_new_tokens, chat_template_kwargs=QWEN3.chat_template_kwargs,
                                    trust_remote_code=args.trust_remote_code)

    def ask(questions: list[str]) -> list[dict]:
        return R.answer_and_log(questions, retriever, chunks, embeddings, top_k=config["top_k"], threshold=threshold,
                                answer=lambda qs, ctxs: answer([prompt_for(q, c) for q, c in zip(qs, ctxs)])[0],
                                log=run / "requests.jsonl", backend=args.backend)
    if args.mode == "batch":
        questions = [row["question"] for row in R.read_jsonl(Path(args.input_file))]
        write_jsonl(Path(args.output_file), ask(questions))
        console.print(f"wrote {len(questions)} answers to {args.output_file}")
    else:
        def respond(question: str) -> None:
            result = ask([question])[0]
            print(f"답변: {result['answer']}")
            print(f"출처: {', '.join(result['sources'])} (검색 점수 {result['retrieval_score']:.3f}, "
                  f"신뢰도 {result['confidence']:.2f})")
        chat_loop(respond, "PDF 질문 — 질문을 입력하세요. 빈 줄 또는 Ctrl-D로 종료.", once=args.text)


def show_stats(args) -> None:
    """The source's performance monitor over a run's request log (or --input_file)."""
    path = Path(args.input_file) if args.input_file else find_trained_run(TASK, args.run) / "requests.jsonl"
    stats = R.monitor_stats(R.read_jsonl(path))
    print_table(f"requests in {path}", [{"statistic": k, "value": v} for k, v in stats.items()])
    write_json(path.with_name("request_stats.json"), stats)


def ab_test(args) -> None:
    """The same test questions in two runs: paired per-question differences, bootstrap CI and a verdict."""
    if not (args.run_a and args.run_b):
        raise UserError("--mode ab needs --run_a RUN and --run_b RUN")
    out = Path(args.output_file or Path(args.run_b) / "ab_test.json")
    results = R.ab_test(Path(args.run_a), Path(args.run_b), out, seed=args.seed)
    print_table(f"A/B: A={args.run_a} B={args.run_b}", [{"metric": k, **v} for k, v in results.items()])
    console.print(f"verdict (answer score): [bold]{results['score']['verdict']}[/]; written to {out}")


if __name__ == "__main__":
    cli.run_main(main)
