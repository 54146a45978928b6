"""Quiet start-up: every trainer imports this first, instead of `import unsloth`.

It silences third-party output a user cannot act on, then imports Unsloth (which must come before transformers, TRL
and PEFT: it patches them on import). Kept: Unsloth's banner, Hub download bars, all of our rich output. Training:
the known warnings below are dropped one by one (any other warning still shows), and transformers' and datasets' tqdm
bars, which break rich's layout, are off. Answer modes (--mode test|interactive|batch, --text, --input_file): no
warnings at all. --verbose: nothing is filtered. It reads sys.argv: it acts before the trainer parses its flags."""
import logging
import os
import re
import sys
import warnings

# logger name -> the message it may not print. A filter on the logger itself sees exactly the records that
# logger creates, whoever configured the handlers (torch's own, Unsloth's basicConfig on root).
KNOWN_LOG_NOISE = {
    # torchao registers its enums with torch.utils._pytree at import, which this torch deprecates: a version
    # mismatch inside the pinned stack, nothing the user can change.
    "torch.utils._pytree": r"is an Enum subclass and is now natively supported by torch\.compile",
    # bitsandbytes tries to fetch an optional CPU 4-bit kernel from the Hub at import; the built-in one works.
    "bitsandbytes.backends.cpu.ops": r"Failed to load CPU gemm_4bit_forward from kernels-community",
    # TRL aligns the model config with the tokenizer's PAD/BOS/EOS (the chat template's tokens) and says so.
    "transformers.trainer_utils": r"The tokenizer has new PAD/BOS/EOS tokens that differ from the model config",
    # padding-free on SDPA is exact under TRL's use_cache=False (tests/test_training.py checks it)
    "trl.trainer.sft_trainer": r"Padding-free training is enabled, but the attention implementation"}


def _flag_value(argv: list[str], name: str) -> str | None:
    """The value of `--name VALUE` or `--name=VALUE`, '' for a bare `--name`, None if absent."""
    for i, arg in enumerate(argv):
        if arg == name:
            return argv[i + 1] if i + 1 < len(argv) else ""
        if arg.startswith(name + "="):
            return arg[len(name) + 1:]
    return None


def _is_verbose(argv: list[str]) -> bool:
    return any(len(arg) >= 3 and "--verbose".startswith(arg) for arg in argv)  # argparse takes "--verb" too


def _is_answer_mode(argv: list[str]) -> bool:
    return (_flag_value(argv, "--mode") in ("test", "interactive", "batch")
            or _flag_value(argv, "--text") is not None or _flag_value(argv, "--input_file") is not None)


def _no_bar(factory, args, kwargs):
    """transformers' tqdm hook: "Loading weights" and "Writing model shards" built disabled. (Its
    disable_progress_bar() would also hide the Hub's download bars, which a multi-GB download needs.)"""
    return factory(*args, **{**kwargs, "disable": True})


VERBOSE, ANSWER_MODE = _is_verbose(sys.argv[1:]), _is_answer_mode(sys.argv[1:])
if not VERBOSE:
    for name, pattern in KNOWN_LOG_NOISE.items():  # a filter may be a plain callable: False drops the record
        logging.getLogger(name).addFilter(lambda record, p=re.compile(pattern): not p.search(record.getMessage()))
    if ANSWER_MODE:  # the user asked for answers, not training diagnostics
        warnings.simplefilter("ignore")
        logging.disable(logging.WARNING)

import unsloth  # noqa: E402,F401  (after the filters, so they see its import-time warnings)

if not VERBOSE:
    import datasets
    import transformers.utils.logging as hf_logging

    # TRL's datasets.map bars ("Tokenizing train dataset", …); a call, not the environment variable, so child
    # processes keep their defaults, and a user's own HF_DATASETS_DISABLE_PROGRESS_BARS wins.
    if "HF_DATASETS_DISABLE_PROGRESS_BARS" not in os.environ:
        datasets.disable_progress_bars()
    hf_logging.set_tqdm_hook(_no_bar)
