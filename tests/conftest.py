import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("WANDB_DISABLED", "true")

import unsloth  # noqa: E402,F401  (before transformers/TRL, as in the trainers)

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
