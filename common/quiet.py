"""Quiet start-up: every trainer imports this module first, instead of `import unsloth`.

It silences third-party output a user cannot act on, then imports Unsloth (which must come before
transformers / TRL / PEFT, because it patches them on import). What stays: Unsloth's banner and its own
one-line messages (plain prints), Hugging Face Hub download bars (a multi-GB download needs one), and all
of our rich output.

    --verbose                        nothing is filtered: every warning and progress bar, as without this module
    train (the default mode)         the known start-up warnings below are filtered one by one, by logger and
                                     message; any other warning still shows. transformers' "Loading weights" /
                                     "Writing model shards" and datasets' "Tokenizing …" / "Map" bars are off:
                                     they are tqdm bars that break rich's layout, and our own steps time them.
    --mode test|interactive|batch,   the user asked for answers, not training diagnostics: no Python warnings
    --text, --input_file             and no log record below ERROR at all.

Everything here reads sys.argv, because it has to act before the trainer parses its flags (the parse imports
modules that import transformers).
"""
import logging
import os
import re
import sys
import warnings


def _flag_value(argv: list[str], name: str) -> str | None:
    """The value of `--name VALUE` or `--name=VALUE` in argv, '' for a bare `--name`, None if absent."""
    for i, arg in enumerate(argv):
        if arg == name:
            return argv[i + 1] if i + 1 < len(argv) else ""
        if arg.startswith(name + "="):
            return arg[len(name) + 1:]
    return None


def _is_verbose(argv: list[str]) -> bool:
    # argparse also accepts an unambiguous prefix ("--verb"); only --verbose starts with "--v".
    return any(len(arg) >= 3 and "--verbose".startswith(arg) for arg in argv)


def _is_answer_mode(argv: list[str]) -> bool:
    return (_flag_value(argv, "--mode") in ("test", "interactive", "batch")
            or _flag_value(argv, "--text") is not None or _flag_value(argv, "--input_file") is not None)


class DropMessages(logging.Filter):
    """Drops the records of one logger whose message matches a regex; every other record passes."""

    def __init__(self, pattern: str):
        super().__init__()
        self.pattern = re.compile(pattern)

    def filter(self, record: logging.LogRecord) -> bool:
        return not self.pattern.search(record.getMessage())


# logger name -> the message it may not print. A filter on the logger itself (not a handler) sees exactly the
# records that logger creates, whoever configured the handlers (torch's own, Unsloth's basicConfig on root).
KNOWN_LOG_NOISE = {
    # torchao registers its KernelPreference / ScaleCalculationMode enums with torch.utils._pytree at import,
    # which this torch deprecates; a version mismatch inside the pinned stack, nothing the user can change.
    "torch.utils._pytree": r"is an Enum subclass and is now natively supported by torch\.compile",
    # bitsandbytes tries, at import, to fetch an optional CPU 4-bit kernel from the Hub through the `kernels`
    # package. It only speeds up 4-bit inference on CPU; the built-in kernel works, and we download nothing
    # at run time.
    "bitsandbytes.backends.cpu.ops": r"Failed to load CPU gemm_4bit_forward from kernels-community",
    # TRL's trainer copies the tokenizer's PAD/BOS/EOS ids into the model config and says so; the chat template
    # decided those tokens, the alignment is what we want, and there is nothing to do about the message.
    "transformers.trainer_utils": r"The tokenizer has new PAD/BOS/EOS tokens that differ from the model config",
}


def _no_bar(factory, args, kwargs):
    """transformers' tqdm hook: builds the bar disabled (a plain pass-through iterator)."""
    return factory(*args, **{**kwargs, "disable": True})


def _quiet_before_import(answer_mode: bool) -> None:
    for name, pattern in KNOWN_LOG_NOISE.items():
        logging.getLogger(name).addFilter(DropMessages(pattern))
    if answer_mode:
        warnings.simplefilter("ignore")
        logging.disable(logging.WARNING)  # every record at WARNING or below, whichever logger or handler


def _quiet_after_import() -> None:
    import datasets
    import transformers.utils.logging as hf_logging

    # TRL prepares the data with datasets.map: "Tokenizing train dataset", "Building labels…", "Truncating…",
    # "Dropping fully masked examples…" bars, one line per stage and split. A call, not the environment
    # variable, so child processes keep their defaults; a user's own HF_DATASETS_DISABLE_PROGRESS_BARS wins.
    if "HF_DATASETS_DISABLE_PROGRESS_BARS" not in os.environ:
        datasets.disable_progress_bars()

    # "Loading weights" (core_model_loading) and "Writing model shards" (save_pretrained, also inside
    # Unsloth's merge and our GGUF export) are transformers.utils.logging.tqdm bars. The hook turns off only
    # those: disable_progress_bar() would also hide the Hub's download bars.
    hf_logging.set_tqdm_hook(_no_bar)


VERBOSE = _is_verbose(sys.argv[1:])
ANSWER_MODE = _is_answer_mode(sys.argv[1:])

if not VERBOSE:
    _quiet_before_import(ANSWER_MODE)

import unsloth  # noqa: E402,F401  (after the filters, so they see its import-time warnings)

if not VERBOSE:
    _quiet_after_import()
