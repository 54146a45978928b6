import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("WANDB_DISABLED", "true")
if "PYTEST_XDIST_WORKER_COUNT" in os.environ:
    # pytest-xdist (pytest.ini: -n 2): the workers share the cores, so each worker and the trainers it starts use
    # cores / workers threads; more threads than cores make torch's spinning threads wait on each other.
    THREADS = max(1, len(os.sched_getaffinity(0)) // int(os.environ["PYTEST_XDIST_WORKER_COUNT"]))
    for variable in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, str(THREADS))

from common import quiet  # noqa: E402,F401  (imports Unsloth before transformers/TRL, as in the trainers)

# Files whose tests share a session fixture run on one pytest-xdist worker, so the fixture runs once.
SHARED_SCOPE = {"tests/test_quiet.py": "tests/test_civil_law_cli.py"}  # the civil-law smoke run


def pytest_xdist_make_scheduler(config, log):
    """pytest.ini runs two workers. A worker takes a whole file, so a module fixture (a smoke run) runs once; its
    `--dist loadgroup` cannot group by marker under pytest 9, whose node ids xdist 3.8 can no longer rename."""
    from xdist.scheduler import LoadScopeScheduling

    class ByFile(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            file = nodeid.split("::", 1)[0]
            return SHARED_SCOPE.get(file, file)
    return ByFile(config, log)


def pytest_collection_modifyitems(items):
    """The slow learning tests go first, longest first: each is the longest piece of work on its worker."""
    def longest_first(item):
        slow = item.get_closest_marker("slow")
        return (0, -slow.kwargs.get("minutes", 1)) if slow else (1, 0)
    items.sort(key=longest_first)


CIVIL_LAW_CSV = REPO / "data" / "civil_law" / "civil_law_qa.csv"


@pytest.fixture(scope="session")
def civil_rows():
    from common.data import read_rows
    return read_rows(CIVIL_LAW_CSV, ["question", "answer", "category", "difficulty"])


@pytest.fixture(scope="session")
def tiny_llama(tmp_path_factory, civil_rows):
    """The smoke model: Llama architecture, random weights, tokenizer trained on the shipped data."""
    from common.tiny import build_tiny_model
    texts = [r["question"] for r in civil_rows] + [r["answer"] for r in civil_rows]
    return build_tiny_model("llama", texts, tmp_path_factory.mktemp("tiny_llama"), seed=0)


@pytest.fixture(scope="session")
def civil_law_smoke(tmp_path_factory):
    """One `train_civil_law.py --smoke` run shared by every test that reads it: (run folder, stdout + stderr)."""
    out = tmp_path_factory.mktemp("civil_law_smoke") / "run"
    result = run_script("train_civil_law.py", "--smoke", "--output_dir", str(out), timeout=1800)
    return out, result.stdout + result.stderr


def answer_after_prompt(stdout: str) -> str:
    """The text a chat (--text / interactive) printed after '답변: ', up to the next prompt: the answer itself."""
    return stdout.split("답변: ", 1)[1].split("질문>")[0].strip() if "답변: " in stdout else ""


def run_script(script: str, *args, check: bool = True, stdin: str | None = None, timeout: int = 1800):
    """Runs `python <script> args…` from the repository root, as a user would; fails with its output."""
    import subprocess
    result = subprocess.run([sys.executable, str(REPO / script), *args], capture_output=True, text=True, cwd=REPO,
                            input=stdin, timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"{script} exited {result.returncode}\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return result
