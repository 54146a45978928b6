"""common/quiet.py: a trainer's own output without third-party noise, and the noise back with --verbose."""
import re

import pytest

from conftest import run_script

# What the stack printed before common/quiet.py existed, each a fragment of a line a user cannot act on.
NOISE = {
    "torch _pytree deprecation (torchao enums)": re.compile(r"_pytree"),
    "bitsandbytes CPU kernel download": re.compile(r"gemm_4bit_forward"),
    "transformers save bar": re.compile(r"Writing model shards"),
    "transformers load bar": re.compile(r"Loading weights"),
    "datasets map bar (TRL)": re.compile(r"Tokenizing train dataset|examples/s\]"),
    "any tqdm bar": re.compile(r"it/s\]|\d+%\|"),
    "TRL's PAD/BOS/EOS alignment note": re.compile(r"new PAD/BOS/EOS tokens"),
    "a Python warning": re.compile(r"Warning: |warn\("),
    "a logging warning (Unsloth's root format)": re.compile(r"\|WARNING\]"),
    "a torch glog warning line": re.compile(r"^W\d{4} ", re.MULTILINE),
}
# Unsloth's banner: "🦥 Unsloth: Will patch your computer…" on a GPU, "Unsloth <version>: no GPU found…" on CPU.
UNSLOTH_BANNER = re.compile(r"^(🦥 Unsloth: Will patch|Unsloth \d[\d.]*: )", re.MULTILINE)


def run(*args, stdin=None):
    result = run_script("train_civil_law.py", "--smoke", *args, stdin=stdin, timeout=1800)
    return result.stdout + result.stderr


def noise_in(output: str) -> dict[str, list[str]]:
    """Each kind of noise found, with up to two of its lines."""
    found = {}
    for name, pattern in NOISE.items():
        lines = [line[:160] for line in output.splitlines() if pattern.search(line)]
        if lines:
            found[name] = lines[:2]
    return found


@pytest.fixture(scope="module")
def smoke_run(civil_law_smoke):
    return civil_law_smoke


def test_smoke_training_run_prints_no_third_party_noise(smoke_run):
    _, output = smoke_run
    assert noise_in(output) == {}, output[-6000:]
    assert UNSLOTH_BANNER.search(output), output[:2000]
    for own in ("✓ data", "✓ model", "✓ train", "✓ export", "run folder:"):
        assert own in output, f"{own!r} is missing from the run's output:\n{output[-6000:]}"


def test_interactive_mode_prints_no_warnings(smoke_run):
    run_dir, _ = smoke_run
    output = run("--mode", "interactive", "--run", str(run_dir), stdin="보증금 질문\n\n")
    assert noise_in(output) == {}, output


def test_one_text_prints_no_warnings(smoke_run):
    run_dir, _ = smoke_run
    output = run("--run", str(run_dir), "--text", "보증금을 돌려받으려면?")
    assert noise_in(output) == {}, output


def test_verbose_brings_back_what_the_filter_hides(smoke_run):
    """The same command with and without --verbose: the filtered lines are really emitted and really filtered,
    not lost some other way. (bitsandbytes' gemm_4bit_forward warning is left out here: it appears only on
    CPUs with AVX512-BF16.)"""
    run_dir, _ = smoke_run
    quiet = run("--run", str(run_dir), "--text", "보증금을 돌려받으려면?")
    verbose = run("--run", str(run_dir), "--text", "보증금을 돌려받으려면?", "--verbose")
    expected = ["torch _pytree deprecation (torchao enums)", "transformers load bar", "any tqdm bar"]
    hidden = [name for name in expected if name in noise_in(verbose) and name not in noise_in(quiet)]
    assert hidden == expected, f"quiet:\n{quiet}\n\nverbose:\n{verbose}"


@pytest.mark.parametrize("argv, verbose, answer_mode", [
    ([], False, False),
    (["--smoke", "--epochs", "2"], False, False),
    (["--verbose"], True, False),
    (["--verb"], True, False),  # argparse accepts an unambiguous prefix
    (["--mode", "interactive"], False, True),
    (["--mode=batch", "--input_file", "q.jsonl"], False, True),
    (["--mode", "train"], False, False),
    (["--text", "질문"], False, True),
    (["--input_file=q.jsonl"], False, True),
    (["--mode", "test", "--verbose"], True, True),
])
def test_mode_is_read_from_argv(argv, verbose, answer_mode):
    from common import quiet
    assert (quiet._is_verbose(argv), quiet._is_answer_mode(argv)) == (verbose, answer_mode)
