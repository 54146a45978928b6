"""How long the learning proofs take on this machine (kept out of the tests' pass/fail: wall-clock time
depends on what else the machine is doing). Runs the maintenance learning test's exact command and prints
the training time, the whole run's time and the accuracy reached.

    .venv/bin/python bench/learning_time.py
"""
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COMMAND = ["train_maintenance.py", "--smoke", "--full_finetune", "--max_steps", "-1", "--epochs", "8",
           "--learning_rate", "1e-3", "--batch_size", "32", "--grad_accum", "1", "--neftune_alpha", "0",
           "--save_steps", "10000", "--eval_limit", "0", "--gguf", "none"]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "run"
        started = time.perf_counter()
        subprocess.run([sys.executable, *COMMAND, "--output_dir", str(out)], cwd=REPO, check=True,
                       capture_output=True)
        elapsed = time.perf_counter() - started
        metrics = json.loads((out / "metrics.json").read_text())
    print(f"maintenance learning run: {elapsed:.0f} s in all, {metrics['training']['seconds']:.0f} s training, "
          f"overall accuracy {metrics['finetuned']['overall_accuracy']:.3f} on {metrics['finetuned']['n']} test rows "
          f"(the test asserts >= 0.90; it took <= 300 s on an idle 2-core machine)")


if __name__ == "__main__":
    main()
