"""Data-parallel training (torchrun, two CPU processes on gloo) matches one process with the same global batch."""
import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

# a short civil-law smoke run; NEFTune off because its noise is drawn per process
ARGS = ["--smoke", "--max_steps", "10", "--save_steps", "5", "--neftune_alpha", "0", "--gguf", "none",
        "--eval_limit", "2"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def launch(cwd: Path, *command: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "OMP_NUM_THREADS": "1", "HF_HUB_OFFLINE": "1"}
    result = subprocess.run(list(command), cwd=cwd, env=env, capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return result


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """(one process, batch 8) and (torchrun 2 processes, batch 4 each), both in a fresh working folder so the
    default run folder outputs/civil_law/<timestamp> is chosen by the trainer itself."""
    single, ddp = tmp_path_factory.mktemp("single"), tmp_path_factory.mktemp("ddp")
    script = str(REPO / "train_civil_law.py")
    launch(single, sys.executable, script, *ARGS, "--batch_size", "8")
    result = launch(ddp, sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", "2",
                    "--master_port", str(free_port()), script, *ARGS, "--batch_size", "4")
    return single, ddp, result.stdout + result.stderr


def only_run(root: Path) -> Path:
    folders = list((root / "outputs" / "civil_law").iterdir())
    assert len(folders) == 1, folders  # both ranks agreed on one run folder
    return folders[0]


def test_two_processes_give_the_loss_curve_of_one(runs):
    single, ddp, _ = runs
    one = json.loads((only_run(single) / "metrics.json").read_text())["training"]
    two = json.loads((only_run(ddp) / "metrics.json").read_text())["training"]
    assert two["steps"] == one["steps"] == 10
    for key in ("loss", "eval_loss"):  # measured: equal to 1e-7; the tolerance allows other reduction orders
        assert two["history"][key] == pytest.approx(one["history"][key], rel=1e-4), key
    assert one["history"]["loss"][-1] < one["history"]["loss"][0]  # and the curve is a learning one


def test_rank_zero_alone_writes_one_set_of_outputs(runs):
    single, ddp, output = runs
    def outputs(run: Path) -> list[str]:  # checkpoints aside: they keep each rank's RNG state for --resume
        return sorted(str(p.relative_to(run)) for p in run.rglob("*") if p.is_file() and "checkpoints" not in p.parts)
    files = outputs(only_run(ddp))
    assert files == outputs(only_run(single))
    assert {p.name for p in (only_run(ddp) / "checkpoints" / "checkpoint-10").glob("rng_state*")} == {
        "rng_state_0.pth", "rng_state_1.pth"}
    assert not [f for f in files if f.endswith(".partial")]
    assert output.count("✓ export") == 1 and output.count("✓ evaluate base model") == 1  # rank 0 only


def test_resume_after_a_crash_ends_on_the_uninterrupted_curve(runs, tmp_path):
    _, ddp, _ = runs
    run = tmp_path / "crashed"  # the DDP run as a crash after step 5 leaves it: no step-10 checkpoint, no outputs
    shutil.copytree(only_run(ddp), run)
    shutil.rmtree(run / "checkpoints" / "checkpoint-10")
    for path in run.iterdir():
        if path.name not in ("config.json", "tiny_base", "chat_template.jinja", "checkpoints"):
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    result = launch(tmp_path, sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", "2", "--master_port",
                    str(free_port()), str(REPO / "train_civil_law.py"), *ARGS, "--batch_size", "4",
                    "--output_dir", str(run), "--resume", "auto")
    assert "resume: from" in result.stdout + result.stderr
    resumed = json.loads((run / "metrics.json").read_text())["training"]
    uninterrupted = json.loads((only_run(ddp) / "metrics.json").read_text())["training"]
    assert resumed["steps"] == 10
    for key in ("loss", "eval_loss"):  # steps 6-10 ran again on both ranks from the step-5 optimizer and RNG state
        assert resumed["history"][key] == pytest.approx(uninterrupted["history"][key], rel=1e-4), key
