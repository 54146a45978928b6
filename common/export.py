"""Export: LoRA adapter, merged 16-bit safetensors, GGUF with an Ollama Modelfile, and proof that the GGUF
loads in llama.cpp, agrees with the merged model and answers. Offline toolchain (scripts/setup.sh): llama.cpp's
converter from the pinned llama-cpp-python source package (one llama.cpp commit with the runtime); K-quants
through libllama's llama_model_quantize, since Unsloth's save_pretrained_gguf needs a llama-quantize binary."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

from common.errors import UserError
from common.progress import console
from common.runs import atomic_dir, write_text

REPO_ROOT = Path(__file__).resolve().parent.parent
DIRECT_TYPES = {"f32", "f16", "bf16", "q8_0"}      # written by the converter itself
QUANTIZED_TYPES = {"q4_k_m": "LLAMA_FTYPE_MOSTLY_Q4_K_M", "q5_k_m": "LLAMA_FTYPE_MOSTLY_Q5_K_M",
                   "q6_k": "LLAMA_FTYPE_MOSTLY_Q6_K", "q4_0": "LLAMA_FTYPE_MOSTLY_Q4_0"}
# Minimum cosine between llama.cpp's and transformers' logits (next-token, and mean over positions)
# (../shared/research/gguf.md measured f16 ≥ 0.99999, q8_0 ≥ 0.9989, q4_k_m ≥ 0.85 on random models).
COSINE_FLOOR = {"f32": 0.9999, "f16": 0.999, "bf16": 0.995, "q8_0": 0.995, "q6_k": 0.95, "q5_k_m": 0.9,
                "q4_k_m": 0.8, "q4_0": 0.8}


class ToolchainMissing(UserError):
    pass


def converter_dir() -> Path:
    return Path(os.environ.get("LLAMA_CPP_CONVERTER_DIR", REPO_ROOT / ".toolchain" / "llama.cpp"))


def check_toolchain() -> Path:
    """Fails fast, before training, with the command that fixes it; never downloads anything."""
    folder = converter_dir()
    if missing := [p for p in ("convert_hf_to_gguf.py", "conversion", "gguf-py") if not (folder / p).exists()]:
        raise ToolchainMissing(f"llama.cpp converter not found in {folder} (missing {', '.join(missing)}). "
                               f"Run `bash scripts/setup.sh` once (it builds and caches the GGUF toolchain), "
                               f"or point LLAMA_CPP_CONVERTER_DIR at a llama.cpp checkout.")
    try:
        import llama_cpp  # noqa: F401
    except (ImportError, OSError) as error:
        raise ToolchainMissing(f"llama-cpp-python is not importable ({error}). Run `bash scripts/setup.sh`.") from None
    return folder


def save_adapter(model, tokenizer, out_dir: Path) -> Path:
    with atomic_dir(out_dir) as tmp:
        model.save_pretrained_merged(str(tmp), tokenizer, save_method="lora")
    _assert_safetensors_only(out_dir)
    return out_dir


def save_merged(model, tokenizer, out_dir: Path, base_model: str, adapter_dir: Path | None = None) -> Path:
    """LoRA merged into 16-bit weights. A 4-bit (QLoRA) model is merged the way QLoRA users expect, the same on
    every machine: the 16-bit base (`--model`) is re-read on the CPU, the saved adapter applied with PEFT and
    merged. Merging into the 4-bit weights themselves would bake quantisation error into the export."""
    with atomic_dir(out_dir) as tmp:
        if adapter_dir is not None and any(type(m).__name__ == "Linear4bit" for m in model.modules()):
            from peft import PeftModel
            from transformers import AutoModelForCausalLM

            console.print(f"merging the adapter into the 16-bit base {base_model} (re-read on the CPU)")
            base = AutoModelForCausalLM.from_pretrained(base_model, dtype="auto", device_map="cpu")
            merged = PeftModel.from_pretrained(base, str(adapter_dir)).merge_and_unload()
            merged.save_pretrained(tmp, safe_serialization=True)
            tokenizer.save_pretrained(tmp)
        else:
            model.save_pretrained_merged(str(tmp), tokenizer, save_method="merged_16bit")
        _copy_sentencepiece_model(base_model, tmp)
    _assert_safetensors_only(out_dir)
    return out_dir


def _copy_sentencepiece_model(base_model: str, out_dir: Path) -> None:
    """transformers 5 saves only tokenizer.json. Without the SentencePiece model next to the weights,
    llama.cpp's converter falls back to a vocabulary with flat scores and tokenizes differently from
    training (Unsloth issue #1197 for Mistral v0.3). Copy it from the base model when it has one."""
    source = Path(base_model) / "tokenizer.model"
    if not Path(base_model).is_dir():
        try:
            from huggingface_hub import hf_hub_download
            source = Path(hf_hub_download(base_model, "tokenizer.model"))
        except Exception:  # BPE tokenizers (Llama 3, Qwen) have no tokenizer.model
            return
    if source.is_file():
        shutil.copy2(source, out_dir / "tokenizer.model")


def _assert_safetensors_only(folder: Path) -> None:
    if pickles := [p.name for p in folder.rglob("*") if p.suffix in {".bin", ".pt", ".pth", ".pkl"}]:
        raise RuntimeError(f"{folder}: pickle weight files were written ({pickles}); only safetensors are allowed")


# Runs llama.cpp's converter; for a tokenizer whose BPE pre-tokenizer hash llama.cpp does not know (only
# the tiny smoke models: every real Qwen3 checkpoint is known), it names the pre-tokenizer explicitly.
_CONVERTER = """
import runpy, sys
folder, fallback = sys.argv[1], sys.argv[2]
sys.path[:0] = [folder, folder + "/gguf-py"]
if fallback:
    from conversion import base
    known = base.TextModel.get_vocab_base_pre
    def get_vocab_base_pre(self, tokenizer):
        try:
            return known(self, tokenizer)
        except NotImplementedError:
            print(f"unknown BPE pre-tokenizer hash: using {fallback!r}", file=sys.stderr)
            return fallback
    base.TextModel.get_vocab_base_pre = get_vocab_base_pre
sys.argv = [folder + "/convert_hf_to_gguf.py"] + sys.argv[3:]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def check_gguf_types(types: list[str]) -> list[str]:
    known = DIRECT_TYPES | set(QUANTIZED_TYPES)
    if unknown := [t for t in types if t not in known]:
        raise UserError(f"--gguf: unsupported type(s) {unknown}; choose from {sorted(known)}")
    return types


def convert_to_gguf(merged_dir: Path, out_dir: Path, types: list[str], stem: str = "model",
                    pre_tokenizer_fallback: str | None = None) -> dict[str, Path]:
    """Writes out_dir/{stem}.{TYPE}.gguf for each requested type; returns {type: path}."""
    import llama_cpp

    folder = check_toolchain()
    out_dir.mkdir(parents=True, exist_ok=True)
    check_gguf_types(types)
    paths: dict[str, Path] = {}
    direct = [t for t in types if t in DIRECT_TYPES]
    if any(t in QUANTIZED_TYPES for t in types) and "f16" not in direct:
        direct.append("f16")  # K-quants are made from an f16 GGUF; llama.cpp will not requantize q8_0
    for outtype in direct + [t for t in types if t in QUANTIZED_TYPES]:  # the direct ones first: f16 feeds K-quants
        target = out_dir / f"{stem}.{outtype.upper()}.gguf"
        partial = target.with_suffix(".gguf.partial")
        if outtype in DIRECT_TYPES:
            command = [sys.executable, "-c", _CONVERTER, str(folder), pre_tokenizer_fallback or "", str(merged_dir),
                       "--outtype", outtype, "--outfile", str(partial)]
            result = subprocess.run(command, capture_output=True, text=True)
            if result.returncode != 0:
                raise RuntimeError(f"convert_hf_to_gguf.py failed for {outtype} (exit {result.returncode}):\n"
                                   f"{result.stderr[-3000:]}")
        else:
            params = llama_cpp.llama_model_quantize_default_params()
            params.ftype = getattr(llama_cpp, QUANTIZED_TYPES[outtype])
            params.nthread = os.cpu_count() or 2
            if llama_cpp.llama_model_quantize(str(paths["f16"]).encode(), str(partial).encode(), params) != 0:
                raise RuntimeError(f"llama_model_quantize failed for {outtype}")
        os.replace(partial, target)
        paths[outtype] = target
    for unrequested in set(paths) - set(types):
        paths.pop(unrequested).unlink()
    return paths


def gguf_metadata(path: Path) -> dict:
    """Chat template, tokenizer model and tensor types, read back from the file with gguf-py."""
    sys.path.insert(0, str(converter_dir() / "gguf-py"))
    from gguf import GGUFReader

    reader = GGUFReader(str(path))

    def field(name):
        f = reader.fields.get(name)
        if f is None:
            return None
        value = f.parts[f.data[0]]
        return bytes(value).decode("utf-8") if f.types and f.types[0].name == "STRING" else value.tolist()

    return {"chat_template": field("tokenizer.chat_template"), "tokenizer_model": field("tokenizer.ggml.model"),
            "tensor_types": dict(Counter(tensor.tensor_type.name for tensor in reader.tensors))}


def write_modelfile(gguf_path: Path, out_path: Path, ollama_template: str, stop_tokens: list[str],
                    system_prompt: str | None) -> Path:
    """Ollama Modelfile whose TEMPLATE and every stop token come from the training template."""
    lines = [f"FROM ./{gguf_path.name}", f'TEMPLATE """{ollama_template}"""']
    if system_prompt:
        lines.append(f'SYSTEM """{system_prompt}"""')
    lines += [f'PARAMETER stop "{token}"' for token in stop_tokens]
    lines += ["PARAMETER temperature 0", ""]
    return write_text(out_path, "\n".join(lines))


def load_reference(merged_dir: Path):
    """The merged model in fp32, the yardstick every GGUF type is compared with (loaded once per export)."""
    import torch
    from transformers import AutoModelForCausalLM

    return AutoModelForCausalLM.from_pretrained(merged_dir, dtype=torch.float32).eval()


def verify_gguf(gguf_path: Path, gguf_type: str, merged_dir: Path, tokenizer, prompts: list[str],
                stop_tokens: list[str], max_tokens: int = 48, reference=None) -> dict:
    """Loads the GGUF in llama.cpp, compares its logits with the merged HF model on the same token ids
    (cosine at every position), checks tokenization, and generates an answer from each prompt."""
    import numpy as np
    import torch
    from llama_cpp import Llama

    reference = reference if reference is not None else load_reference(merged_dir)
    threads = torch.get_num_threads()  # as many as torch uses (OMP_NUM_THREADS): more than the free cores stall
    llm = Llama(model_path=str(gguf_path), n_ctx=2048, logits_all=True, verbose=False, n_threads=threads,
                n_threads_batch=threads, seed=0)
    results = []
    for prompt in prompts:
        ids = tokenizer(prompt, add_special_tokens=False)["input_ids"][-1024:]
        gguf_ids = llm.tokenize(prompt.encode("utf-8"), add_bos=False, special=True)
        llm.reset()
        llm.eval(ids)
        ours = np.asarray(llm.scores[: len(ids)], dtype=np.float64)
        with torch.no_grad():
            theirs = reference(torch.tensor([ids])).logits[0].double().numpy()
        cosine = (ours * theirs).sum(-1) / (np.linalg.norm(ours, axis=-1) * np.linalg.norm(theirs, axis=-1))
        # token ids, not text: the prompt already starts with BOS and llama.cpp would add a second one
        completion = llm.create_completion(ids, max_tokens=max_tokens, temperature=0.0, stop=stop_tokens)
        results.append({"tokens": len(ids), "tokenization_matches_hf": gguf_ids == ids,
                        "min_cosine_any_position": float(cosine.min()), "mean_cosine": float(cosine.mean()),
                        "last_cosine": float(cosine[-1]), "max_abs_logit_diff": float(np.abs(ours - theirs).max()),
                        "answer": completion["choices"][0]["text"],
                        "answer_tokens": completion["usage"]["completion_tokens"]})
    del llm
    # The floors were measured on the next-token logits (last position); a few early positions with
    # near-flat logits can sit lower, so every prompt's mean over positions must clear the floor too.
    floor = COSINE_FLOOR.get(gguf_type, 0.8)
    worst = min(min(r["last_cosine"], r["mean_cosine"]) for r in results)
    summary = {"file": gguf_path.name, "type": gguf_type, "size_mb": round(gguf_path.stat().st_size / 2**20, 2),
               "prompts": len(results), "min_cosine": worst, "cosine_floor": floor,
               "tokenization_matches_hf": all(r["tokenization_matches_hf"] for r in results),
               "answers_nonempty": all(r["answer_tokens"] > 0 for r in results), "samples": results}
    summary["passed"] = bool(worst >= floor and summary["tokenization_matches_hf"] and summary["answers_nonempty"])
    verdict = "[green]passed" if summary["passed"] else "[red]FAILED"
    console.print(f"GGUF {gguf_path.name}: {verdict}[/] (cosine {worst:.5f} vs floor {floor}, tokenization "
                  f"{'matches' if summary['tokenization_matches_hf'] else 'DIFFERS'}, "
                  f"answered {sum(r['answer_tokens'] for r in results)} tokens)")
    return summary


def export_run(model, tokenizer, run: Path, *, base_model: str, gguf_types: list[str], family,
               system_prompt: str | None, verify_prompts: list[str], tiny: bool = False) -> dict:
    """Adapter, merged 16-bit, each GGUF type (verified in llama.cpp) and a Modelfile; returns the summary."""
    from common.model import end_of_turn_ids

    # LoRA; a full fine-tune has no adapter to save
    adapter = save_adapter(model, tokenizer, run / "adapter") if hasattr(model, "peft_config") else None
    results: dict = {"adapter": str(adapter)} if adapter else {}
    merged = save_merged(model, tokenizer, run / "merged", base_model, adapter)
    results["merged_16bit"] = str(merged)
    if not gguf_types:
        return results
    stop_tokens = tokenizer.convert_ids_to_tokens(end_of_turn_ids(model, tokenizer))
    fallback = family.tiny_pre_tokenizer if tiny else None
    reference = load_reference(merged)
    for gguf_type, path in convert_to_gguf(merged, run / "gguf", gguf_types, pre_tokenizer_fallback=fallback).items():
        meta = gguf_metadata(path)
        if meta["chat_template"] != tokenizer.chat_template:
            raise RuntimeError(f"{path}: the embedded chat template differs from the training template")
        results[gguf_type] = {**verify_gguf(path, gguf_type, merged, tokenizer, verify_prompts, stop_tokens,
                                                  reference=reference),
                              "chat_template_embedded": True, "tensor_types": meta["tensor_types"]}
    first = run / "gguf" / results[gguf_types[0]]["file"]
    results["modelfile"] = str(write_modelfile(first, run / "gguf" / "Modelfile", family.ollama_template,
                                               stop_tokens, system_prompt))
    console.print(f"Ollama: [bold]ollama create my-model -f {results['modelfile']}[/]")
    return results
