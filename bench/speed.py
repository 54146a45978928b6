"""Training and inference speed, ours against the source projects' recipe, measured side by side in one run on
one machine (kept out of the tests' pass/fail: absolute times depend on the machine and what else it runs; every
figure reported is a ratio of two measurements taken here, now).

    .venv/bin/python -m bench                    # CPU: tiny random models of each task's family, ~5-8 min on 2 cores
    .venv/bin/python -m bench --quick            # fewer steps and prompts (a check that it runs, not a measurement)
    .venv/bin/python -m bench --tasks civil_law maintenance
    .venv/bin/python -m bench --device cuda      # random-weight models of the real shapes (bench/configs), 4-bit

Writes bench/results/<machine>/results.json, results.md and results.png, and prints the table.

What is measured, per task (civil_law: Llama, maintenance: Mistral, mna and meeting: Qwen3), on the same model
weights, the same rows in the same order, the same batch size and number of steps:
- training, in supervised tokens (labels != -100) per second over the steps after the first WARMUP_STEPS, and the
  memory it took: (a) the source projects' recipe, plain transformers.Trainer + peft.get_peft_model (+ bitsandbytes
  4-bit on CUDA), padded batches (DataCollatorForSeq2Seq), in a process that never imports Unsloth; (b) ours,
  common.model.load_model + add_lora + common.training.make_trainer (Unsloth, TRL), with padding_free off and on.
  Both recipes see identical token sequences: a neutral step tokenises every row once (as TRL does) and the
  "ours" worker checks that its SFTTrainer produced exactly those tokens.
- the share of padding each data set carries in padded batches of the benchmark's batch size.
- inference on the same prompts, greedy, every answer forced to exactly the same number of new tokens (EOS
  suppressed: a random model would otherwise stop at arbitrary points): the source projects' one-prompt-at-a-time
  model.generate loop, our eval.generation.generate_batch, and llama.cpp on the GGUF (q8_0, q4_k_m) exported with
  common.export.convert_to_gguf (CPU only).
Each configuration runs in its own subprocess: importing Unsloth patches transformers and TRL globally.
"""
from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

TASKS = ["civil_law", "maintenance", "mna", "meeting"]
FAMILY = {"civil_law": "llama", "maintenance": "mistral", "mna": "qwen3", "meeting": "qwen3"}
REAL_CONFIG = {"llama": "llama-3.2-1b", "mistral": "mistral-7b-v0.3", "qwen3": "qwen3-8b"}
CONFIGS = Path(__file__).resolve().parent / "configs"
SEED = 3407
WARMUP_STEPS = 1          # steps not timed: the first ones pay for lazy initialisation and allocator growth
LEARNING_RATE = 1e-4
NEFTUNE_ALPHA = 5.0       # the trainers' default, in both recipes
IGNORE = -100
# Benchmark shape per task: batch size, longest row kept (tokens), timed steps; CPU and CUDA.
SHAPE = {
    "cpu": {"civil_law": dict(batch=8, max_length=512, steps=6), "maintenance": dict(batch=16, max_length=256, steps=6),
            "mna": dict(batch=8, max_length=512, steps=6), "meeting": dict(batch=2, max_length=2048, steps=3)},
    "cuda": {"civil_law": dict(batch=8, max_length=1024, steps=10), "maintenance": dict(batch=16, max_length=256,
                                                                                        steps=10),
             "mna": dict(batch=8, max_length=1024, steps=10), "meeting": dict(batch=4, max_length=2048, steps=6)},
}
PROMPTS = {"cpu": 16, "cuda": 8}  # CPU: two batches of generate_batch's default 8; CUDA: the 4-bit loop is slow
NEW_TOKENS = {"cpu": 64, "cuda": 32}
# --device cuda builds one real-shape model per task (Qwen3-8B is 16 GB of random bf16 weights on disk): by default
# one task per model; --tasks adds meeting (a second Qwen3-8B).
CUDA_TASKS = ["civil_law", "maintenance", "mna"]
GGUF_TYPES = ["q8_0", "q4_k_m"]
# bf16 dense peak of the GPU (no sparsity), for MFU; matched against torch.cuda.get_device_name().
BF16_PEAK_TFLOPS = [("H200", 989.0), ("H100 PCIe", 756.0), ("H100", 989.0), ("GH200", 989.0), ("A100", 312.0),
                    ("L40S", 362.0), ("L4", 121.0), ("A10", 125.0), ("RTX 4090", 165.0), ("T4", 65.0)]


# ------------------------------------------------------------------------------------------------ helpers

def write_json(path: Path, data) -> None:
    tmp = path.with_name(path.name + ".partial")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    os.replace(tmp, path)


def write_text(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".partial")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def padded_batches(lengths: list[int], batch: int) -> list[list[int]]:
    return [lengths[i:i + batch] for i in range(0, len(lengths), batch)]


def padding_share(lengths: list[int], batch: int) -> float:
    """The fraction of positions that are padding when rows (in this order) are padded to the longest of each batch."""
    real = sum(lengths)
    total = sum(max(b) * len(b) for b in padded_batches(lengths, batch))
    return 1 - real / total if total else 0.0


def shuffled(items: list, seed: int = SEED) -> list:
    items = list(items)
    random.Random(seed).shuffle(items)
    return items


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def rss_mb() -> float:
    import psutil
    return psutil.Process().memory_info().rss / 2**20


class PeakMemory:
    """Peak memory of one phase: on CUDA torch's max_memory_allocated; on CPU the process's resident set, sampled
    every 20 ms, minus what it was when the phase began (the phase's own growth: model, optimiser, activations)."""

    def __init__(self, device: str):
        self.device = device

    def __enter__(self):
        gc.collect()
        if self.device == "cuda":
            import torch
            torch.cuda.empty_cache()
            torch.cuda.reset_peak_memory_stats()
            self.start = torch.cuda.memory_allocated() / 2**20
        else:
            self.start = self.peak = rss_mb()
            self.stop = threading.Event()
            self.thread = threading.Thread(target=self._sample, daemon=True)
            self.thread.start()
        return self

    def _sample(self):
        while not self.stop.wait(0.02):
            self.peak = max(self.peak, rss_mb())

    def __exit__(self, *exc):
        if self.device == "cuda":
            import torch
            self.peak = torch.cuda.max_memory_allocated() / 2**20
        else:
            self.stop.set()
            self.thread.join()
            self.peak = max(self.peak, rss_mb())
        self.result = {"peak_mb": round(self.peak, 1), "growth_mb": round(self.peak - self.start, 1)}


# ------------------------------------------------------------------------------------------------ task data

def task_data(task: str) -> dict:
    """The task's own rows, prompts and LoRA settings, through the trainer module's own functions."""
    from common.families import FAMILIES

    if task == "civil_law":
        import train_civil_law as m
        from common.data import read_rows
        rows = read_rows(m.DATA, m.COLUMNS, {"category": m.CATEGORIES, "difficulty": m.DIFFICULTIES})
        train, _, test = m.split_rows(rows, SEED)
        examples, prompts = m.examples_for(train), [m.prompt_for(r["question"], r["category"]) for r in test]
        texts = [r["question"] for r in rows] + [r["answer"] for r in rows] + list(m.SYSTEM_PROMPTS.values())
        vocab = 2000
    elif task == "maintenance":
        import train_maintenance as m
        taxonomy = m.load_taxonomy(m.DATA_DIR / "taxonomy.json")
        train, test = (m.load_split(m.DATA_DIR / f"{s}.jsonl", taxonomy) for s in ("train", "test"))
        examples = [(m.prompt_for(r["input"], taxonomy), r["output"]) for r in train]
        prompts = [m.prompt_for(r["input"], taxonomy) for r in test]
        texts, vocab = [r["input"] for r in train] + [r["output"] for r in train] + [m.INSTRUCTION], 2000
    elif task == "mna":
        import train_mna as m
        from common.data import stratified_split
        rows, _ = m.preprocess(m.load_sources(m.OWN_DATA, m.AIHUB_DIR), min_quality=m.MIN_QUALITY,
                               excluded=m.EXCLUDED_CATEGORIES)
        train, _, test = stratified_split(rows, "source", m.HELD_OUT_FRACTION, SEED)
        examples = [(m.prompt_for(r["question"]), r["answer"]) for r in train]
        prompts = [m.prompt_for(r["question"]) for r in test]
        texts, vocab = [r["question"] for r in rows] + [r["answer"] for r in rows] + [m.SYSTEM_PROMPT], 2000
    elif task == "meeting":
        import train_meeting as m
        from eval.json_plan import schema_validator
        schema = json.loads((m.DATA_DIR / "plan.schema.json").read_text(encoding="utf-8"))
        rows, _ = m.load_gold(m.DATA_DIR / "gold", schema_validator(schema))
        train, _, test = m.split_gold(rows)
        examples = [(m.prompt_for(r["minutes"]), m.plan_text(r["plan"])) for r in train]
        prompts = [m.prompt_for(r["minutes"]) for r in test]
        texts = [r["minutes"] for r in rows] + [m.plan_text(r["plan"]) for r in rows] + [m.SYSTEM_PROMPT,
                                                                                         m.USER_PROMPT]
        vocab = 4000
    else:
        raise ValueError(f"unknown task {task!r}")
    family = FAMILIES[FAMILY[task]]
    return {"examples": examples, "prompts": prompts, "texts": texts, "vocab": vocab, "family": family,
            "lora": {"r": m.DEFAULTS["lora_r"], "alpha": m.DEFAULTS["lora_alpha"],
                     "dropout": m.DEFAULTS["lora_dropout"]}}


def tokenize_example(tokenizer, prompt: list[dict], answer: str, chat_kwargs: dict) -> tuple[list[int], list[int]]:
    """What TRL's SFTTrainer does with a conversational prompt-completion row: the prompt rendered with the
    generation prompt, the whole conversation rendered, the completion = what the second adds to the first."""
    def ids(messages, **kw):
        out = tokenizer.apply_chat_template(messages, tokenize=True, **kw, **chat_kwargs)
        return list(out["input_ids"] if hasattr(out, "keys") else out)
    prompt_ids = ids(prompt, add_generation_prompt=True)
    full = ids(prompt + [{"role": "assistant", "content": answer}])
    if full[:len(prompt_ids)] != prompt_ids:
        raise AssertionError("the rendered conversation does not start with the rendered prompt")
    return full, [IGNORE] * len(prompt_ids) + full[len(prompt_ids):]


def build_real_shape_model(family, tiny_dir: Path, out_dir: Path) -> Path:
    """Random weights in the public config's shape (bench/configs), with the tiny model's tokenizer (its ids fit
    in the real vocabulary; texts become more tokens than with the real tokenizer). Built on the GPU."""
    import shutil

    import torch
    from transformers import AutoConfig, AutoModelForCausalLM, GenerationConfig

    spec = json.loads((CONFIGS / f"{REAL_CONFIG[family.name]}.json").read_text())
    spec = {k: v for k, v in spec.items() if not k.startswith("_")}
    tiny = json.loads((tiny_dir / "config.json").read_text())
    ids = {k: tiny.get(k) for k in ("bos_token_id", "eos_token_id", "pad_token_id")}
    config = AutoConfig.for_model(**spec, **ids, dtype="bfloat16")
    torch.manual_seed(SEED)
    with torch.device("cuda"):
        model = AutoModelForCausalLM.from_config(config, dtype=torch.bfloat16)
    model.generation_config = GenerationConfig(**ids, do_sample=False)
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out_dir, safe_serialization=True)
    del model
    torch.cuda.empty_cache()
    for f in tiny_dir.iterdir():
        if f.name.startswith("tokenizer") or f.name in ("special_tokens_map.json", "chat_template.jinja"):
            shutil.copy2(f, out_dir / f.name)
    return out_dir


def prepare(spec: dict) -> dict:
    """Neutral step: tiny model (and on CUDA the real-shape one), the token cache both recipes train on, prompts."""
    from transformers import AutoTokenizer

    from common.tiny import build_tiny_model

    device, task, work = spec["device"], spec["task"], Path(spec["work"])
    if (work / "prepared.json").is_file():  # a second worker of the same task (CUDA: ours without xformers)
        return json.loads((work / "prepared.json").read_text())
    shape = spec["shape"]
    data = task_data(task)
    family = data["family"]
    tiny_dir = build_tiny_model(family.name, data["texts"], work / "tiny", vocab_size=data["vocab"], seed=SEED,
                                embedding_std=0.1)  # as prepare_model builds it for LoRA smoke runs
    model_dir = build_real_shape_model(family, tiny_dir, work / "real") if device == "cuda" else tiny_dir
    tokenizer = AutoTokenizer.from_pretrained(tiny_dir)
    tokenizer.chat_template = family.chat_template
    rows = []
    for index, (prompt, answer) in enumerate(data["examples"]):
        input_ids, labels = tokenize_example(tokenizer, prompt, answer, family.chat_template_kwargs)
        rows.append({"example": index, "input_ids": input_ids, "labels": labels})
    kept = [r for r in rows if len(r["input_ids"]) <= shape["max_length"]]
    order = shuffled(kept)
    needed = shape["batch"] * (shape["steps"] + WARMUP_STEPS)
    if len(order) < needed:  # a small data set: go round it again (a second epoch), in the same order
        order = (order * (needed // max(len(order), 1) + 1))
    lengths_all = [len(r["input_ids"]) for r in shuffled(kept)]
    used = order[:needed]
    write_text(work / "tokens.jsonl", "".join(json.dumps(r) + "\n" for r in used))
    prompts = shuffled(data["prompts"])[:spec["prompts_n"]]
    write_json(work / "prompts.json", prompts)
    lengths_used = [len(r["input_ids"]) for r in used]
    prepared = {"task": task, "family": family.name, "model_dir": str(model_dir), "tiny_dir": str(tiny_dir),
            "lora": data["lora"], **shape, "warmup_steps": WARMUP_STEPS,
            "rows": len(rows), "rows_kept": len(kept), "rows_dropped_too_long": len(rows) - len(kept),
            "padding_share": round(padding_share(lengths_all, shape["batch"]), 4),
            "padding_share_timed_batches": round(padding_share(lengths_used[WARMUP_STEPS * shape["batch"]:],
                                                               shape["batch"]), 4),
            "mean_tokens_per_row": round(sum(lengths_all) / max(len(lengths_all), 1), 1),
            "supervised_tokens_timed": sum(sum(1 for t in r["labels"] if t != IGNORE)
                                           for r in used[WARMUP_STEPS * shape["batch"]:]),
            "prompts": len(prompts)}
    write_json(work / "prepared.json", prepared)
    return prepared


# ------------------------------------------------------------------------------------------------ training

class StepClock:
    """Counts the tokens each optimizer step processes (from the inputs compute_loss sees) and when it ended."""

    def __init__(self):
        self.supervised = self.real = 0
        self.marks: list[tuple[float, float, int, int]] = []
        self.first_batch: dict | None = None

    def wrap(self, compute_loss):
        def counted(model, inputs, *args, **kwargs):
            labels = inputs["labels"]
            self.supervised += int((labels != IGNORE).sum())
            mask = inputs.get("attention_mask")
            self.real += int(mask.sum()) if mask is not None else int(inputs["input_ids"].numel())
            if self.first_batch is None:
                self.first_batch = {"input_ids_shape": list(inputs["input_ids"].shape),
                                    "has_attention_mask": mask is not None,
                                    "has_position_ids": "position_ids" in inputs}
            return compute_loss(model, inputs, *args, **kwargs)
        return counted

    def callback(self):
        from transformers import TrainerCallback

        clock = self

        class Marks(TrainerCallback):
            def on_step_end(self, args, state, control, **kwargs):
                if clock.device == "cuda":
                    import torch
                    torch.cuda.synchronize()
                clock.marks.append((time.perf_counter(), time.process_time(), clock.supervised, clock.real))
        return Marks()

    def result(self, warmup: int, basis: str) -> dict:
        (t0, c0, s0, r0), (t1, c1, s1, r1) = self.marks[warmup - 1], self.marks[-1]
        seconds = (c1 - c0) if basis == "cpu" else (t1 - t0)
        return {"timed_steps": len(self.marks) - warmup, "wall_seconds": round(t1 - t0, 3),
                "cpu_seconds": round(c1 - c0, 3), "time_basis": basis, "supervised_tokens": s1 - s0,
                "real_tokens": r1 - r0, "supervised_tokens_per_second": round((s1 - s0) / seconds, 1),
                "real_tokens_per_second": round((r1 - r0) / seconds, 1), "first_batch": self.first_batch}


def time_basis(spec: dict) -> str:
    """CPU seconds of the process where it runs one thread on a CPU: on a shared machine they count the work done,
    not the time other processes held the core (wall time there is mostly noise). Otherwise wall seconds."""
    return "cpu" if spec["device"] == "cpu" and spec.get("threads") == 1 else "wall"


class Stopwatch:
    def __init__(self, basis: str):
        self.basis = basis

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall_seconds = time.perf_counter() - self.wall
        self.cpu_seconds = time.process_time() - self.cpu
        self.seconds = self.cpu_seconds if self.basis == "cpu" else self.wall_seconds

    def rate(self, tokens: int) -> dict:
        return {"generated_tokens": tokens, "wall_seconds": round(self.wall_seconds, 3),
                "cpu_seconds": round(self.cpu_seconds, 3), "time_basis": self.basis,
                "tokens_per_second": round(tokens / self.seconds, 2)}


def run_trainer(trainer, spec: dict, device: str) -> dict:
    """Sequential order (the cache is already shuffled): both recipes see the same batches in the same order."""
    from torch.utils.data import SequentialSampler

    clock = StepClock()
    clock.device = device
    trainer._get_train_sampler = lambda *a, **k: SequentialSampler(trainer.train_dataset)
    trainer.compute_loss = clock.wrap(trainer.compute_loss)
    trainer.add_callback(clock.callback())
    with PeakMemory(device) as memory:
        trainer.train()
    return {**clock.result(spec["warmup_steps"], time_basis(spec)), **memory.result}


def flops_per_token(config, mean_length: float) -> float:
    """Training FLOPs per token, the usual 6·N over the matmul parameters (attention and MLP projections, output
    head) plus the attention scores 12·L·(heads·head_dim)·seq (PaLM's estimate)."""
    config = getattr(config, "text_config", config)
    d, layers, heads = config.hidden_size, config.num_hidden_layers, config.num_attention_heads
    head_dim = getattr(config, "head_dim", None) or d // heads
    kv = config.num_key_value_heads
    per_layer = d * heads * head_dim * 2 + d * kv * head_dim * 2 + 3 * d * config.intermediate_size
    n = layers * per_layer + d * config.vocab_size
    return 6 * n + 12 * layers * heads * head_dim * mean_length


def gpu_peak_flops() -> float | None:
    import torch
    name = torch.cuda.get_device_name()
    return next((tflops * 1e12 for key, tflops in BF16_PEAK_TFLOPS if key in name), None)


def with_mfu(result: dict, model, spec: dict, device: str) -> dict:
    if device != "cuda":
        return result
    mean_length = result["real_tokens"] / max(result["timed_steps"] * spec["batch"], 1)
    peak = gpu_peak_flops()
    achieved = flops_per_token(model.config, mean_length) * result["real_tokens_per_second"]
    return {**result, "model_tflops_per_second": round(achieved / 1e12, 2),
            "mfu": round(achieved / peak, 4) if peak else None}


def read_tokens(spec: dict) -> list[dict]:
    lines = (Path(spec["work"]) / "tokens.jsonl").read_text().splitlines()
    return [json.loads(line) for line in lines]


def source_train(spec: dict, device: str, dtype) -> tuple[dict, object, object]:
    """(a) The source projects' recipe: transformers + PEFT (+ bitsandbytes 4-bit on CUDA), padded batches."""
    import torch
    from datasets import Dataset
    from peft import LoraConfig, get_peft_model, prepare_model_for_kbit_training
    from transformers import (AutoModelForCausalLM, AutoTokenizer, BitsAndBytesConfig, DataCollatorForSeq2Seq,
                              Trainer, TrainingArguments)

    from common.model import ALL_PROJECTIONS

    tokenizer = AutoTokenizer.from_pretrained(spec["model_dir"])
    if device == "cuda":
        quant = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_use_double_quant=True,
                                   bnb_4bit_compute_dtype=torch.bfloat16)
        model = AutoModelForCausalLM.from_pretrained(spec["model_dir"], quantization_config=quant,
                                                     dtype=torch.bfloat16, device_map={"": 0})
        model = prepare_model_for_kbit_training(model, use_gradient_checkpointing=True)
    else:
        model = AutoModelForCausalLM.from_pretrained(spec["model_dir"], dtype=dtype)
    lora = spec["lora"]
    model = get_peft_model(model, LoraConfig(r=lora["r"], lora_alpha=lora["alpha"], lora_dropout=lora["dropout"],
                                             target_modules=ALL_PROJECTIONS, bias="none", task_type="CAUSAL_LM"))
    rows = read_tokens(spec)
    dataset = Dataset.from_list([{"input_ids": r["input_ids"], "attention_mask": [1] * len(r["input_ids"]),
                                  "labels": r["labels"]} for r in rows])
    args = TrainingArguments(
        output_dir=str(Path(spec["work"]) / "source_checkpoints"), max_steps=spec["steps"] + spec["warmup_steps"],
        per_device_train_batch_size=spec["batch"], gradient_accumulation_steps=1, learning_rate=LEARNING_RATE,
        lr_scheduler_type="linear", warmup_steps=0.03, neftune_noise_alpha=NEFTUNE_ALPHA, gradient_checkpointing=True,
        gradient_checkpointing_kwargs={"use_reentrant": False}, bf16=spec.get("bf16", False),
        save_strategy="no", eval_strategy="no", logging_steps=10**6, report_to="none", seed=SEED, data_seed=SEED,
        disable_tqdm=True, remove_unused_columns=False, dataloader_num_workers=0)
    collator = DataCollatorForSeq2Seq(tokenizer, padding=True, label_pad_token_id=IGNORE)
    trainer = Trainer(model=model, args=args, train_dataset=dataset, data_collator=collator)
    result = with_mfu(run_trainer(trainer, spec, device), model, spec, device)
    return result, model, tokenizer


def labels_of(row: dict) -> list[int]:
    """The supervised positions of a row of the trainer's tokenized dataset (labels, or TRL's completion mask)."""
    if "labels" in row:
        return list(row["labels"])
    return [t if m else IGNORE for t, m in zip(row["input_ids"], row["completion_mask"])]


def ours_train(spec: dict, model, tokenizer, padding_free: bool | None) -> dict:
    """(b) Ours: common.training.make_trainer (TRL SFTTrainer under Unsloth) on the task's own examples."""
    from common.families import FAMILIES
    from common.training import TrainSettings, make_trainer, recorded_settings

    family = FAMILIES[spec["family"]]
    settings_fields = {f.name for f in dataclasses.fields(TrainSettings)}
    extra = {}
    if padding_free is not None:
        if "padding_free" not in settings_fields:
            return {"skipped": "common.training.TrainSettings has no padding_free field yet"}
        extra["padding_free"] = padding_free
    settings = TrainSettings(epochs=1, learning_rate=LEARNING_RATE, batch_size=spec["batch"], grad_accum=1,
                             max_length=spec["max_length"], neftune_alpha=NEFTUNE_ALPHA, save_steps=10**6,
                             logging_steps=10**6, max_steps=spec["steps"] + spec["warmup_steps"], seed=SEED, **extra)
    # the same rows, in the same order, as the cache the source recipe reads
    examples = spec["examples"]
    trainer = make_trainer(model, tokenizer, examples, examples[:2], settings,
                           Path(spec["work"]) / f"ours_checkpoints_{padding_free}",
                           chat_template_kwargs=family.chat_template_kwargs or None)
    trainer.args.save_strategy = trainer.args.eval_strategy = "no"  # no final checkpoint + eval (not timed anyway)
    cache = read_tokens(spec)
    dataset = trainer.train_dataset
    same = len(dataset) == len(cache) and all(
        list(d["input_ids"]) == c["input_ids"] and labels_of(d) == c["labels"] for d, c in zip(dataset, cache))
    result = run_trainer(trainer, spec, spec["device"])
    settings_used = recorded_settings(trainer)
    return {**with_mfu(result, model, spec, spec["device"]), "tokens_identical_to_source": same,
            "padding_free_requested": padding_free, "padding_free_setting": settings_used.get("padding_free"),
            "padding_free_effective": bool(result["first_batch"] and result["first_batch"]["input_ids_shape"][0] == 1
                                           and not result["first_batch"]["has_attention_mask"]),
            "bf16": settings_used.get("bf16")}


# ------------------------------------------------------------------------------------------------ inference

def one_by_one(model, tokenizer, prompts: list, chat_kwargs: dict, new_tokens: int, basis: str) -> dict:
    """The source projects' evaluation loop: one prompt, one model.generate, greedy."""
    import torch

    stop = model.generation_config.eos_token_id

    def generate(messages, n):
        text = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True, **chat_kwargs)
        inputs = tokenizer(text, return_tensors="pt", add_special_tokens=False).to(model.device)
        with torch.inference_mode():
            out = model.generate(**inputs, max_new_tokens=n, min_new_tokens=n, do_sample=False, eos_token_id=stop,
                                 pad_token_id=tokenizer.pad_token_id)
        return out.shape[1] - inputs["input_ids"].shape[1]

    model.eval()
    generate(prompts[0], 4)  # warm-up
    tokens = 0
    with Stopwatch(basis) as watch:
        for messages in prompts:
            tokens += generate(messages, new_tokens)
    return {**watch.rate(tokens), "batch_size": 1}


def batched(model, tokenizer, prompts: list, chat_kwargs: dict, new_tokens: int, basis: str) -> dict:
    """Ours: eval.generation.generate_batch as the trainers call it (default batch size), EOS held off by
    min_new_tokens in the generation config so every answer has exactly `new_tokens` tokens."""
    from eval.generation import generate_batch

    model.generation_config.min_new_tokens = new_tokens
    generate_batch(model, tokenizer, prompts[:1], max_new_tokens=4, chat_template_kwargs=chat_kwargs)  # warm-up
    with Stopwatch(basis) as watch:
        _, stats = generate_batch(model, tokenizer, prompts, max_new_tokens=new_tokens,
                                  chat_template_kwargs=chat_kwargs)
    model.generation_config.min_new_tokens = None
    return {**watch.rate(stats["generated_tokens"]), "batch_size": stats["batch_size"],
            "generate_batch_stats": stats}


def quantize_from_f16(f16: Path, types: list[str]) -> dict[str, Path]:
    """Each type quantized from the f16 GGUF by libllama, as common.export does for K-quants (one converter run
    instead of one per type: the converter's start-up is most of an export of a tiny model)."""
    import llama_cpp

    paths = {}
    for gguf_type in types:
        target = f16.with_name(f"model.{gguf_type.upper()}.gguf")
        params = llama_cpp.llama_model_quantize_default_params()
        params.ftype = getattr(llama_cpp, f"LLAMA_FTYPE_MOSTLY_{gguf_type.upper()}")
        if llama_cpp.llama_model_quantize(str(f16).encode(), str(target).encode(), params) != 0:
            raise RuntimeError(f"llama_model_quantize failed for {gguf_type}")
        paths[gguf_type] = target
    return paths


def gguf_speed(spec: dict, chat_kwargs: dict, prompts: list, new_tokens: int, threads: int, basis: str) -> dict:
    """llama.cpp on the GGUF exported by common.export.convert_to_gguf, prompts tokenized by the HF tokenizer
    (as eval.generation.generate_gguf does), one prompt at a time, EOS suppressed by a logit bias."""
    from llama_cpp import Llama
    from transformers import AutoTokenizer, GenerationConfig

    from common.export import convert_to_gguf
    from common.families import FAMILIES

    family = FAMILIES[spec["family"]]
    tokenizer = AutoTokenizer.from_pretrained(spec["model_dir"])
    tokenizer.chat_template = family.chat_template
    eos = GenerationConfig.from_pretrained(spec["model_dir"]).eos_token_id
    eos = set(eos if isinstance(eos, list) else [eos]) | {tokenizer.eos_token_id}
    texts = [tokenizer.apply_chat_template(p, tokenize=False, add_generation_prompt=True, **chat_kwargs)
             for p in prompts]
    ids = [tokenizer(t, add_special_tokens=False)["input_ids"] for t in texts]
    started = time.perf_counter()
    paths = quantize_from_f16(convert_to_gguf(Path(spec["model_dir"]), Path(spec["work"]) / "gguf", ["f16"],
                                              pre_tokenizer_fallback=family.tiny_pre_tokenizer)["f16"], GGUF_TYPES)
    results = {"export_seconds": round(time.perf_counter() - started, 1)}
    bias = {int(t): float("-inf") for t in eos if t is not None}
    for gguf_type, path in paths.items():
        llm = Llama(model_path=str(path), n_ctx=max(len(i) for i in ids) + new_tokens + 8, verbose=False,
                    n_threads=threads, n_threads_batch=threads, seed=0)
        llm.create_completion(ids[0], max_tokens=4, temperature=0.0, logit_bias=bias)  # warm-up
        tokens = 0
        with Stopwatch(basis) as watch:
            for prompt_ids in ids:
                out = llm.create_completion(prompt_ids, max_tokens=new_tokens, temperature=0.0, stop=[],
                                            logit_bias=bias)
                tokens += out["usage"]["completion_tokens"]
        results[gguf_type] = {**watch.rate(tokens), "size_mb": round(path.stat().st_size / 2**20, 2)}
        del llm
    return results


# ------------------------------------------------------------------------------------------------ workers

def set_threads(spec: dict) -> None:
    import torch
    if spec["device"] == "cpu":
        torch.set_num_threads(spec["threads"])


def choose_threads(requested: str) -> tuple[int, str]:
    """CPU threads for every configuration (torch and llama.cpp alike). `auto`: all cores on an idle machine;
    on a busy one, the cores left over (at least 1): OpenMP threads spin-wait for each other, and against other
    processes a tiny model's generation ran 6-30x slower with 2 threads than with 1 on this 2-core box."""
    if requested != "auto":
        return int(requested), "--threads"
    busy = os.getloadavg()[0]
    free = max(1, round(cores() - busy))
    if free >= cores():
        return cores(), f"auto: load average {busy:.1f} on {cores()} cores, all cores"
    return free, f"auto: load average {busy:.1f} on {cores()} cores (a busy machine), {free} thread(s)"


def worker_source(spec: dict) -> dict:
    """Never imports Unsloth: transformers + PEFT as the source projects ran them."""
    import torch

    from common.families import FAMILIES

    device = spec["device"]
    set_threads(spec)
    dtype = getattr(torch, spec.get("dtype", "float32"))
    family = FAMILIES[spec["family"]]
    chat_kwargs = family.chat_template_kwargs
    out: dict = {}
    out["train"], model, tokenizer = source_train(spec, device, dtype)
    tokenizer.chat_template = family.chat_template
    prompts = json.loads((Path(spec["work"]) / "prompts.json").read_text())
    out["one_by_one"] = one_by_one(model, tokenizer, prompts, chat_kwargs, NEW_TOKENS[device], time_basis(spec))
    del model
    gc.collect()
    if device == "cpu":
        out["gguf"] = gguf_speed(spec, chat_kwargs, prompts, NEW_TOKENS[device], spec["threads"], time_basis(spec))
    out["unsloth_imported"] = "unsloth" in sys.modules
    if out["unsloth_imported"]:
        raise AssertionError("the source recipe's process imported Unsloth")
    return out


def worker_ours(spec: dict) -> dict:
    """Our code path: Unsloth loading, LoRA, make_trainer; padding_free off and on; then generate_batch."""
    if spec.get("block_xformers"):
        sys.modules["xformers"] = None  # import xformers → ImportError: Unsloth takes its other attention paths
    from common import quiet  # noqa: F401  (Unsloth first, as in the trainers)
    from common.families import FAMILIES
    from common.model import add_lora, load_model

    device = spec["device"]
    set_threads(spec)
    spec.update(prepare(spec))  # the token cache and prompts, written before Unsloth loads anything
    out: dict = {"prepare": {k: v for k, v in spec.items() if k not in ("shape",)}}
    family = FAMILIES[spec["family"]]
    model, tokenizer = load_model(spec["model_dir"], max_length=spec["max_length"], load_in_4bit=device == "cuda",
                                  chat_template=family.chat_template)
    lora = spec["lora"]
    model = add_lora(model, r=lora["r"], alpha=lora["alpha"], dropout=lora["dropout"], seed=SEED)
    examples = task_data(spec["task"])["examples"]
    spec["examples"] = [examples[r["example"]] for r in read_tokens(spec)]  # the cache's rows, in its order
    out.update({"dtype": str(next(model.parameters()).dtype).replace("torch.", ""),
                "xformers": _xformers_version()})
    for padding_free in spec["padding_free"]:
        out[f"train_padding_free_{padding_free}"] = ours_train(spec, model, tokenizer, padding_free)
    if spec.get("inference", True):
        prompts = json.loads((Path(spec["work"]) / "prompts.json").read_text())
        out["batched"] = batched(model, tokenizer, prompts, family.chat_template_kwargs, NEW_TOKENS[device],
                                 time_basis(spec))
    return out


def _xformers_version() -> str | None:
    module = sys.modules.get("xformers")
    return getattr(module, "__version__", None) if module else None


WORKERS = {"source": worker_source, "ours": worker_ours}


def run_worker(kind: str, spec: dict, log: Path, timeout: float) -> dict:
    """One configuration in its own process; returns its result, or {"error": ...} with the log's tail."""
    spec_path = Path(spec["work"]) / f"{spec['name']}.spec.json"
    result_path = spec_path.with_suffix(".result.json")
    write_json(spec_path, spec)
    threads = str(spec.get("threads") or cores())
    env = {**os.environ, "OMP_NUM_THREADS": threads, "MKL_NUM_THREADS": threads, "TOKENIZERS_PARALLELISM": "false",
           "HF_HUB_OFFLINE": "1", "WANDB_DISABLED": "true", "PYTHONHASHSEED": "0"}
    started = time.perf_counter()
    with log.open("a") as handle:
        handle.write(f"\n===== {spec['name']} ({kind})\n")
        handle.flush()
        try:
            code = subprocess.run([sys.executable, "-m", "bench.speed", "--worker", kind, str(spec_path)], cwd=REPO,
                                  env=env, stdout=handle, stderr=subprocess.STDOUT, timeout=timeout).returncode
        except subprocess.TimeoutExpired:
            code = "timeout"
    wall = round(time.perf_counter() - started, 1)
    if code == 0 and result_path.is_file():
        return {**json.loads(result_path.read_text()), "process_seconds": wall}
    tail = log.read_text(errors="replace").splitlines()[-25:]
    return {"error": f"{kind} worker failed ({code})", "log_tail": tail, "process_seconds": wall}


def worker_main(kind: str, spec_path: str) -> None:
    spec = json.loads(Path(spec_path).read_text())
    result = WORKERS[kind](spec)
    write_json(Path(spec_path).with_suffix(".result.json"), result)


# ------------------------------------------------------------------------------------------------ machine, report

def machine_info(device: str) -> dict:
    from importlib.metadata import PackageNotFoundError, version

    cpu = platform.processor()
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    try:
        import psutil
        ram = round(psutil.virtual_memory().total / 2**30, 1)
    except ImportError:
        ram = None
    gpu = None
    if device == "cuda":
        import torch
        props = torch.cuda.get_device_properties(0)
        gpu = {"name": props.name, "memory_gb": round(props.total_memory / 2**30, 1),
               "bf16_peak_tflops": (gpu_peak_flops() or 0) / 1e12 or None}
    packages = {}
    for name in ["torch", "transformers", "trl", "peft", "accelerate", "bitsandbytes", "unsloth", "unsloth_zoo",
                 "llama_cpp_python", "xformers", "datasets"]:
        try:
            packages[name] = version(name.replace("_", "-")) if name != "unsloth_zoo" else version("unsloth_zoo")
        except PackageNotFoundError:
            packages[name] = None
    return {"cpu": cpu, "cores": cores(), "ram_gb": ram, "gpu": gpu, "device": device,
            "python": platform.python_version(), "platform": platform.platform(), "packages": packages,
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}


def machine_slug(info: dict) -> str:
    name = info["gpu"]["name"] if info["gpu"] else f"{info['cpu']}-{info['cores']}c"
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "machine"


def ratio(a, b):
    return round(a / b, 2) if a and b else None


def summarise(task: str, prep: dict, ours: dict, source: dict, extra: dict) -> dict:
    """The task's row: tokens/s and memory of each configuration and the ratios the issue asks for."""
    def tps(run):
        return run.get("supervised_tokens_per_second") if isinstance(run, dict) else None

    src = source.get("train", {})
    off, on = ours.get("train_padding_free_False", {}), ours.get("train_padding_free_True", {})
    best = on if tps(on) else off
    row = {"task": task, "family": prep.get("family"), "batch": prep.get("batch"),
           "padding_share": prep.get("padding_share"), "padding_share_timed": prep.get("padding_share_timed_batches"),
           "train_source_tps": tps(src), "train_ours_padded_tps": tps(off), "train_ours_padding_free_tps": tps(on),
           "train_ratio": ratio(tps(best), tps(src)), "train_ratio_padded": ratio(tps(off), tps(src)),
           "padding_free_effective": on.get("padding_free_effective") if on else None,
           "tokens_identical": (on or off).get("tokens_identical_to_source"),
           "memory_source_mb": src.get("growth_mb"), "memory_ours_mb": best.get("growth_mb"),
           "peak_source_mb": src.get("peak_mb"), "peak_ours_mb": best.get("peak_mb"),
           "mfu_source": src.get("mfu"), "mfu_ours": best.get("mfu")}
    loop, batch = source.get("one_by_one", {}), ours.get("batched", {})
    gguf = source.get("gguf", {})
    row.update({"infer_one_by_one_tps": loop.get("tokens_per_second"), "infer_batched_tps": batch.get(
        "tokens_per_second"), "infer_ratio": ratio(batch.get("tokens_per_second"), loop.get("tokens_per_second"))})
    for t in GGUF_TYPES:
        speed = gguf.get(t, {}).get("tokens_per_second")
        row[f"gguf_{t}_tps"] = speed
        row[f"gguf_{t}_vs_one_by_one"] = ratio(speed, loop.get("tokens_per_second"))
        row[f"gguf_{t}_vs_batched"] = ratio(speed, batch.get("tokens_per_second"))
    nox = extra.get("train_padding_free_True", {}) if extra else {}
    if nox:
        row["train_ours_no_xformers_tps"] = tps(nox)
        row["xformers_ratio"] = ratio(tps(on), tps(nox))
    return row


def fmt(value, suffix="") -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and suffix == "%":
        return f"{100 * value:.0f}%"
    if isinstance(value, float):
        return f"{value:,.2f}{suffix}" if value < 100 else f"{value:,.0f}{suffix}"
    return f"{value}{suffix}"


def table_rows(rows: list[dict], device: str) -> tuple[list[str], list[list[str]]]:
    head = ["task (family)", "padding", "train tok/s source", "ours padded", "ours padding-free",
            "**train ours / source**", "ours padded / source", "train memory source / ours (MB)",
            "infer tok/s one-by-one", "batched", "**batched / one-by-one**"]
    if device == "cpu":
        head += ["GGUF q8_0", "q4_k_m", "**GGUF q8_0 / HF one-by-one**", "GGUF q8_0 / HF batched"]
    else:
        head += ["MFU source / ours", "ours without xformers", "xformers gain"]
    body = []
    for r in rows:
        line = [f"{r['task']} ({r['family']})", fmt(r["padding_share"], "%"), fmt(r["train_source_tps"]),
                fmt(r["train_ours_padded_tps"]), fmt(r["train_ours_padding_free_tps"]), fmt(r["train_ratio"], "×"),
                fmt(r["train_ratio_padded"], "×"),
                f"{fmt(r['memory_source_mb'])} / {fmt(r['memory_ours_mb'])}", fmt(r["infer_one_by_one_tps"]),
                fmt(r["infer_batched_tps"]), fmt(r["infer_ratio"], "×")]
        if device == "cpu":
            line += [fmt(r["gguf_q8_0_tps"]), fmt(r["gguf_q4_k_m_tps"]), fmt(r["gguf_q8_0_vs_one_by_one"], "×"),
                     fmt(r["gguf_q8_0_vs_batched"], "×")]
        else:
            mfu = [f"{100 * m:.1f}%" if m is not None else "–" for m in (r["mfu_source"], r["mfu_ours"])]
            line += [" / ".join(mfu), fmt(r.get("train_ours_no_xformers_tps")), fmt(r.get("xformers_ratio"), "×")]
        body.append(line)
    return head, body


def markdown(results: dict) -> str:
    info, rows = results["machine"], results["rows"]
    head, body = table_rows(rows, info["device"])
    gpu = info["gpu"]["name"] if info["gpu"] else "none"
    p = info["packages"]
    basis = ("CPU seconds of each process (1 thread on a shared machine: the work done, not the time other processes "
             "held the core)" if info["threads"] == 1 and info["device"] == "cpu" else "wall seconds")
    lines = [f"# Speed: ours vs the source projects' recipe ({info['device']})", "",
             f"Machine: {info['cpu']}, {info['cores']} cores, {info['ram_gb']} GB RAM, GPU: {gpu}; {info['threads']} "
             f"thread(s) per configuration ({info['threads_reason']}); times are "
             f"{basis}; load average "
             f"{info['load_average_at_start']} at start, {results['load_average_at_end']} at end. Python "
             f"{info['python']}, " + ", ".join(f"{k} {v}" for k, v in p.items() if v) + ".",
             f"Command: `{results['command']}`, {results['total_seconds']:.0f} s in all.", "",
             "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(line) + " |" for line in body]
    lines += ["", *results["notes"]]
    return "\n".join(lines) + "\n"


NOTES = {
    "cpu": ["Training: supervised (answer) tokens per second over the timed steps, the same rows in the same order, "
            "batch size and steps in both recipes; memory is the process's resident-set growth during training "
            "(CPU). 'padding' is the share of positions that are padding when the data set's rows are padded "
            "to the longest of each batch (random order, seed 3407).",
            "Models: tiny random models of each task's family (common/tiny.py, 2 layers, hidden 256), in the dtype "
            "Unsloth's CPU backend loads them in (float32 where the CPU has no native bf16), the source recipe in the "
            "same; no 4-bit on CPU for either recipe.",
            "Inference: the same prompts, greedy, every answer exactly the same number of new tokens (EOS "
            "suppressed: random models stop anywhere); HF on the LoRA model after the training steps; GGUF: the "
            "tiny model exported with common.export.convert_to_gguf, one prompt at a time in llama.cpp.",
            "xformers: not applicable on CPU (the GPU benchmark measures ours with and without it)."],
    "cuda": ["Models: random weights in the real shapes of Llama-3.2-1B, Mistral-7B-v0.3 and Qwen3-8B "
             "(bench/configs, the public config.json values), loaded in 4-bit (bitsandbytes NF4) by both recipes; "
             "the tokenizer is the tiny one trained on the task's data (ids fit in the real vocabulary; a text "
             "becomes more tokens than with the real tokenizer).",
             "MFU: model FLOPs per real token (6·N over the matmul parameters + 12·L·d·seq for attention scores) "
             "times real (non-padding) tokens/s, over the GPU's dense bf16 peak. Memory: torch's peak allocation.",
             "xformers: ours again in a process where `import xformers` fails, so Unsloth takes its other "
             "attention paths."],
}


def plot(results: dict, path: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = results["rows"]
    series = [("training ours / source", "train_ratio"), ("training ours padded / source", "train_ratio_padded"),
              ("inference batched / one-by-one", "infer_ratio")]
    if results["machine"]["device"] == "cpu":
        series.append(("GGUF q8_0 / HF one-by-one", "gguf_q8_0_vs_one_by_one"))
    else:
        series.append(("xformers on / off", "xformers_ratio"))
    fig, ax = plt.subplots(figsize=(9, 4.5))
    width = 0.8 / len(series)
    for i, (label, key) in enumerate(series):
        values = [r.get(key) or 0 for r in rows]
        bars = ax.bar([x + i * width for x in range(len(rows))], values, width, label=label)
        ax.bar_label(bars, labels=[f"{v:.1f}×" if v else "–" for v in values], fontsize=8)
    ax.axhline(1.0, color="gray", linewidth=0.8)
    ax.set_xticks([x + width * (len(series) - 1) / 2 for x in range(len(rows))], [r["task"] for r in rows])
    ax.set_ylabel("speed-up (×)")
    ax.set_title(f"speed ratios, same machine, one run ({results['machine']['device']}: "
                 f"{results['machine']['gpu']['name'] if results['machine']['gpu'] else results['machine']['cpu']})")
    ax.legend(fontsize=8)
    fig.tight_layout()
    tmp = path.with_name(path.name + ".partial.png")
    fig.savefig(tmp, dpi=110)
    plt.close(fig)
    os.replace(tmp, path)


def print_table(results: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    head, body = table_rows(results["rows"], results["machine"]["device"])
    table = Table(title=f"speed ({results['machine']['device']}, {results['total_seconds']:.0f} s)")
    for h in head:
        table.add_column(h.replace("**", ""), justify="right")
    for line in body:
        table.add_row(*line)
    Console().print(table)


# ------------------------------------------------------------------------------------------------ main

def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    parser.add_argument("--tasks", nargs="+", choices=TASKS,
                        help=f"default: all on CPU, {' '.join(CUDA_TASKS)} on CUDA (one per model)")
    parser.add_argument("--quick", action="store_true", help="2 timed steps and 4 prompts: checks that it runs")
    parser.add_argument("--out", type=Path, help="results folder (default bench/results/<machine>)")
    parser.add_argument("--threads", default="auto",
                        help="CPU threads per configuration (default auto: the cores the load average leaves free)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (models, GGUFs, logs)")
    parser.add_argument("--worker", nargs=2, metavar=("KIND", "SPEC"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return worker_main(*args.worker)

    if args.device == "cuda":
        import torch
        if not torch.cuda.is_available():
            sys.exit(f"--device cuda: no CUDA device is visible to torch {torch.__version__} "
                     f"(CUDA build: {torch.version.cuda or 'no, a CPU build'}). Run it on a GPU machine with the CUDA "
                     f"torch that scripts/setup.sh installs there, or leave --device out for the CPU benchmark.")
    args.tasks = args.tasks or (CUDA_TASKS if args.device == "cuda" else TASKS)
    if args.quick:
        for shape in SHAPE[args.device].values():
            shape["steps"] = 2
        PROMPTS[args.device] = 4
    started = time.perf_counter()
    info = machine_info(args.device)
    threads, why = choose_threads(args.threads) if args.device == "cpu" else (cores(), "CUDA run")
    info.update({"threads": threads, "threads_reason": why})
    out = args.out or REPO / "bench" / "results" / machine_slug(info)
    out.mkdir(parents=True, exist_ok=True)
    work_root = Path(tempfile.mkdtemp(prefix="bench-speed-"))
    log = work_root / "bench.log"  # every worker's output; copied next to the results if one fails
    log.write_text("")
    print(f"speed benchmark ({args.device}, tasks {', '.join(args.tasks)}, {threads} thread(s): {why})",
          flush=True)
    timeout = 600 if args.device == "cpu" else 900
    rows, raw = [], {}
    for task in args.tasks:
        work = work_root / task
        work.mkdir(parents=True)
        base = {"device": args.device, "task": task, "work": str(work), "quick": args.quick,
                "shape": SHAPE[args.device][task], "prompts_n": PROMPTS[args.device], "threads": threads}
        begun = time.perf_counter()
        ours = run_worker("ours", {**base, "name": "ours", "padding_free": [True, False]}, log, timeout)
        prep = ours.pop("prepare", {})
        entry = {"prepare": prep, "ours": ours}
        if "error" not in ours:
            spec = {**base, **prep}
            dtype = ours.get("dtype", "float32")
            bf16 = bool(ours.get("train_padding_free_False", {}).get("bf16"))
            source = run_worker("source", {**spec, "name": "source", "dtype": dtype, "bf16": bf16}, log, timeout)
            extra = {}
            if args.device == "cuda" and ours.get("xformers"):
                extra = run_worker("ours", {**base, "name": "ours_no_xformers", "padding_free": [True],
                                            "inference": False, "block_xformers": True}, log, timeout)
            entry.update({"source": source, "ours_no_xformers": extra or None})
            rows.append(summarise(task, prep, ours, source, extra))
        raw[task] = entry
        if not args.keep:  # models (CUDA: up to 16 GB each) and GGUFs of this task
            import shutil
            shutil.rmtree(work, ignore_errors=True)
        errors = [k for k, v in entry.items() if isinstance(v, dict) and "error" in v]
        print(f"  {task}: {time.perf_counter() - begun:.0f} s" + (f", FAILED: {errors} (see {log})" if errors else ""),
              flush=True)
    notes = list(NOTES[args.device])
    if args.device == "cuda" and not any(r.get("xformers_ratio") for r in rows):
        notes.append("xformers is not importable here: ours was measured once, with what Unsloth picks.")
    command = " ".join(["python -m bench", *(argv if argv is not None else sys.argv[1:])])
    results = {"machine": info, "command": command,
               "total_seconds": round(time.perf_counter() - started, 1),
               "load_average_at_end": [round(x, 2) for x in os.getloadavg()], "rows": rows, "notes": notes,
               "settings": {"shape": SHAPE[args.device], "prompts": PROMPTS[args.device],
                            "new_tokens": NEW_TOKENS[args.device], "warmup_steps": WARMUP_STEPS,
                            "learning_rate": LEARNING_RATE, "neftune_alpha": NEFTUNE_ALPHA, "seed": SEED},
               "raw": raw}
    write_json(out / "results.json", results)
    write_text(out / "results.md", markdown(results))
    if rows:
        plot(results, out / "results.png")
    print_table(results)
    print(f"wrote {out / 'results.json'}, {out / 'results.md'}, {out / 'results.png'}")
    failed = any("error" in v for entry in raw.values() for v in entry.values() if isinstance(v, dict))
    if failed:
        import shutil
        shutil.copy2(log, out / "bench.log")
        print(f"a configuration failed: its output is in {out / 'bench.log'}")
    if args.keep:
        print(f"work folder kept: {work_root}")
    else:
        import shutil
        shutil.rmtree(work_root, ignore_errors=True)
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
