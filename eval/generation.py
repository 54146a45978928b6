"""Batched generation (free, or constrained by a grammar) with speed measurement on both backends, and a
streamer that never splits a Hangul syllable."""
from __future__ import annotations

import time

import torch

from common.model import end_of_turn_ids
from eval.constrained import OutputGrammar, constraint_for


def render_prompts(tokenizer, prompts: list[list[dict]], chat_template_kwargs: dict | None = None) -> list[str]:
    return [tokenizer.apply_chat_template(p, tokenize=False, add_generation_prompt=True,
                                          **(chat_template_kwargs or {})) for p in prompts]


def generation_budget(max_new_tokens: int, grammar: OutputGrammar | None) -> int:
    """Under a grammar, at least its longest output: a constrained answer is never cut short."""
    return max(max_new_tokens, grammar.max_new_tokens or 0) if grammar else max_new_tokens


@torch.inference_mode()
def generate_batch(model, tokenizer, prompts: list[list[dict]], *, max_new_tokens: int, batch_size: int = 8,
                   chat_template_kwargs: dict | None = None, progress=None, temperature: float = 0.0,
                   grammar: OutputGrammar | None = None) -> tuple[list[str], dict]:
    """Answers for chat prompts (lists of messages): greedy, or sampled when temperature > 0; with `grammar`,
    every answer is in the grammar's language (eval/constrained.py). Returns (answers, speed stats)."""
    from unsloth import FastLanguageModel

    was_training = model.training
    FastLanguageModel.for_inference(model)
    tokenizer.padding_side = "left"  # decoder-only models continue from the right edge
    stop_ids = end_of_turn_ids(model, tokenizer)
    constraint = constraint_for(tokenizer, grammar, stop_ids) if grammar else None
    max_new_tokens = generation_budget(max_new_tokens, grammar)
    texts = render_prompts(tokenizer, prompts, chat_template_kwargs)
    answers, new_tokens, seconds = [], 0, 0.0
    task = progress.add_task("generating", total=len(texts), status="") if progress else None
    sampling = dict(do_sample=True, temperature=temperature, top_p=0.95) if temperature > 0 else dict(do_sample=False)
    for start in range(0, len(texts), batch_size):
        chunk = texts[start:start + batch_size]
        inputs = tokenizer(chunk, return_tensors="pt", padding=True, add_special_tokens=False).to(model.device)
        # a new processor for each call: it holds one grammar matcher per row of this batch
        processors = [constraint.logits_processor()] if constraint else []
        started = time.perf_counter()
        output = model.generate(**inputs, max_new_tokens=max_new_tokens, eos_token_id=stop_ids,
                                pad_token_id=tokenizer.pad_token_id, use_cache=True, logits_processor=processors,
                                **sampling)
        seconds += time.perf_counter() - started
        generated = output[:, inputs["input_ids"].shape[1]:]
        for row in generated:
            ids = row.tolist()
            length = next((i + 1 for i, t in enumerate(ids) if t in stop_ids), len(ids))
            new_tokens += length
            answers.append(tokenizer.decode(ids[:length], skip_special_tokens=True).strip())
        if progress:
            progress.update(task, advance=len(chunk),
                            status=f"{new_tokens / max(seconds, 1e-9):,.1f} tok/s")
    if was_training:
        FastLanguageModel.for_training(model)
    tokenizer.padding_side = "right"
    return answers, {"generated_tokens": new_tokens, "seconds": round(seconds, 3),
                     "tokens_per_second": round(new_tokens / max(seconds, 1e-9), 2), "batch_size": batch_size,
                     "constraint": grammar.name if grammar else "none"}


class Utf8SafeStreamer:
    """Streams decoded text as tokens arrive. Byte-fallback tokenizers emit a Hangul syllable as 3 byte
    tokens; decoding after each one would print U+FFFD. We decode everything so far and emit only the
    new text once it no longer ends in an incomplete character."""

    def __init__(self, tokenizer, emit, skip_prompt_tokens: int = 0):
        self.tokenizer, self.emit = tokenizer, emit
        self.ids: list[int] = []
        self.printed = 0
        self.skip = skip_prompt_tokens

    def put(self, value):
        ids = value.reshape(-1).tolist() if hasattr(value, "reshape") else list(value)
        if self.skip:  # generate() first hands the streamer the prompt
            dropped = min(self.skip, len(ids))
            ids, self.skip = ids[dropped:], self.skip - dropped
        self.ids.extend(ids)
        text = self.tokenizer.decode(self.ids, skip_special_tokens=True)
        if text.endswith("\ufffd"):
            return
        if len(text) > self.printed:
            self.emit(text[self.printed:])
            self.printed = len(text)

    def end(self):
        text = self.tokenizer.decode(self.ids, skip_special_tokens=True)
        if len(text) > self.printed:
            self.emit(text[self.printed:].replace("\ufffd", ""))
        self.printed = len(text)


def generate_gguf(gguf_path, tokenizer, prompts: list[list[dict]], *, max_new_tokens: int, stop: list[str],
                  chat_template_kwargs: dict | None = None, grammar: OutputGrammar | None = None, progress=None
                  ) -> tuple[list[str], dict]:
    """The same prompts through llama.cpp (the exported GGUF). Prompts are rendered with the training
    template and tokenized by the HF tokenizer, so both backends see identical token ids. `grammar`
    constrains decoding (its GBNF form, a llama.cpp grammar)."""
    import torch
    from llama_cpp import Llama, LlamaGrammar

    max_new_tokens = generation_budget(max_new_tokens, grammar)
    prompt_ids = [tokenizer(text, add_special_tokens=False)["input_ids"]
                  for text in render_prompts(tokenizer, prompts, chat_template_kwargs)]
    # llama.cpp cuts an answer at the end of its context: room for the longest prompt and the whole budget
    n_ctx = max([8192] + [len(ids) + max_new_tokens for ids in prompt_ids])
    # as many threads as torch uses (it follows OMP_NUM_THREADS): llama.cpp's spinning threads slow down ~3x when
    # they outnumber the free cores (measured: 119 vs 390 tok/s with one of two cores busy)
    threads = torch.get_num_threads()
    llm = Llama(model_path=str(gguf_path), n_ctx=n_ctx, verbose=False, n_threads=threads, n_threads_batch=threads,
                seed=0)
    llama_grammar = LlamaGrammar.from_string(grammar.gbnf, verbose=False) if grammar else None
    answers, new_tokens, started = [], 0, time.perf_counter()
    task = progress.add_task("generating (llama.cpp)", total=len(prompts), status="") if progress else None
    for ids in prompt_ids:
        out = llm.create_completion(ids, max_tokens=max_new_tokens, temperature=0.0, stop=stop,
                                    grammar=llama_grammar)
        answers.append(out["choices"][0]["text"].strip())
        new_tokens += out["usage"]["completion_tokens"]
        if progress:
            progress.update(task, advance=1)
    seconds = time.perf_counter() - started
    return answers, {"generated_tokens": new_tokens, "seconds": round(seconds, 3),
                     "tokens_per_second": round(new_tokens / max(seconds, 1e-9), 2), "backend": "llama.cpp",
                     "constraint": grammar.name if grammar else "none"}


def stream_answer(model, tokenizer, messages: list[dict], *, max_new_tokens: int,
                  chat_template_kwargs: dict | None = None) -> str:
    """Greedy answer printed as it is generated (whole characters only); returns the full text."""
    from unsloth import FastLanguageModel

    FastLanguageModel.for_inference(model)
    text = render_prompts(tokenizer, [messages], chat_template_kwargs)[0]
    inputs = tokenizer(text, return_tensors="pt", add_special_tokens=False).to(model.device)
    pieces: list[str] = []

    def emit(piece):
        pieces.append(piece)
        print(piece, end="", flush=True)

    streamer = Utf8SafeStreamer(tokenizer, emit, skip_prompt_tokens=inputs["input_ids"].shape[1])
    model.generate(**inputs, max_new_tokens=max_new_tokens, do_sample=False, streamer=streamer,
                   eos_token_id=end_of_turn_ids(model, tokenizer), pad_token_id=tokenizer.pad_token_id)
    print()
    return "".join(pieces)


def print_answer(messages: list[dict], answer, model, tokenizer, *, max_new_tokens: int,
                 chat_template_kwargs: dict | None = None) -> str:
    """One chat answer on the terminal after '답변: ': streamed from the HF model, or at once from llama.cpp
    (model None, `answer` from trained_answerer)."""
    print("답변: ", end="", flush=True)
    if model is not None:
        return stream_answer(model, tokenizer, messages, max_new_tokens=max_new_tokens,
                             chat_template_kwargs=chat_template_kwargs)
    text = answer([messages])[0][0]
    print(text)
    return text


def chat_loop(respond, banner: str, once: str | None = None) -> None:
    """Reads questions until an empty line or EOF (or answers `once` and returns)."""
    print(banner)
    while True:
        try:
            question = once or input("\n질문> ").strip()
        except EOFError:
            break
        if not question:
            break
        respond(question)
        if once:
            break


def trained_answerer(run, *, backend: str, chat_template: str, max_length: int, load_in_4bit: bool,
                     max_new_tokens: int, chat_template_kwargs: dict | None = None, trust_remote_code: bool = False):
    """A trained run as a function prompts → (answers, stats), on its merged model (hf) or its GGUF
    (gguf, llama.cpp); its `grammar` (an eval.constrained.OutputGrammar) constrains decoding on either
    backend. Also returns (model or None, tokenizer) for streaming chat."""
    from pathlib import Path

    from common.errors import UserError
    from common.model import load_model

    run = Path(run)
    if backend == "gguf":
        from types import SimpleNamespace

        from transformers import AutoTokenizer, GenerationConfig

        files = sorted((run / "gguf").glob("*.gguf"))
        if not files:
            raise UserError(f"{run / 'gguf'}: no GGUF file; train with --gguf q8_0 (the default)")
        tokenizer = AutoTokenizer.from_pretrained(run / "merged")
        tokenizer.chat_template = chat_template
        saved = SimpleNamespace(generation_config=GenerationConfig.from_pretrained(run / "merged"))
        stop = tokenizer.convert_ids_to_tokens(end_of_turn_ids(saved, tokenizer))
        print(f"llama.cpp: {files[0]}")

        def answer_with_llama_cpp(prompts, progress=None, grammar=None, temperature=0.0):
            return generate_gguf(files[0], tokenizer, prompts, max_new_tokens=max_new_tokens, stop=stop,
                                 chat_template_kwargs=chat_template_kwargs, grammar=grammar, progress=progress)
        return answer_with_llama_cpp, None, tokenizer
    model, tokenizer = load_model(str(run / "merged"), max_length=max_length, load_in_4bit=load_in_4bit,
                                  chat_template=chat_template, trust_remote_code=trust_remote_code)

    def answer_with_transformers(prompts, progress=None, grammar=None, temperature=0.0):
        return generate_batch(model, tokenizer, prompts, max_new_tokens=max_new_tokens,
                              chat_template_kwargs=chat_template_kwargs, progress=progress, temperature=temperature,
                              grammar=grammar)
    return answer_with_transformers, model, tokenizer
