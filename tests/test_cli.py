"""The shared command line: precedence of settings, `--help` showing the defaults each trainer really uses,
the README's flags table matching `--help`, and the one error policy."""
import re
from pathlib import Path

import pytest

from common import cli
from common.errors import UserError
from common.runs import RunExists, prepare_run_dir
from conftest import REPO, run_script

DEFAULTS = dict(preset="balanced", epochs=1.0, learning_rate=1e-4, batch_size=2, grad_accum=4, max_length=1024,
                lora_r=16, lora_alpha=32, lora_dropout=0.0, neftune_alpha=5.0, max_new_tokens=64, max_steps=-1,
                save_steps=50)
PRESETS = {"balanced": dict(epochs=4.0, learning_rate=2e-4), "fast": dict(epochs=2.0, batch_size=8)}
SMOKE = dict(learning_rate=2e-2, batch_size=16, max_steps=30, eval_limit=8)
TRAINERS = ["train_civil_law.py", "train_maintenance.py", "train_meeting.py", "train_mna.py"]


def resolved(*argv):
    parser = cli.build_parser("test", default_model="m", defaults=DEFAULTS, smoke=SMOKE, presets=PRESETS)
    return cli.resolve(parser.parse_args(list(argv)), DEFAULTS, PRESETS, smoke=SMOKE)


def test_precedence_flag_over_smoke_over_preset_over_defaults():
    args = resolved()
    assert (args.epochs, args.learning_rate, args.batch_size, args.eval_limit) == (4.0, 2e-4, 2, None)
    assert args.setting_sources["epochs"] == "preset balanced" and args.setting_sources["batch_size"] == "default"
    args = resolved("--preset", "fast")
    assert (args.epochs, args.batch_size) == (2.0, 8)
    args = resolved("--preset", "fast", "--smoke")  # the smoke's own settings beat the preset's
    assert (args.epochs, args.learning_rate, args.batch_size, args.max_steps) == (2.0, 2e-2, 16, 30)
    assert args.setting_sources["learning_rate"] == "smoke" and args.setting_sources["epochs"] == "preset fast"
    args = resolved("--preset", "fast", "--smoke", "--learning_rate", "3e-3", "--batch_size", "2")  # flags beat all
    assert (args.learning_rate, args.batch_size) == (3e-3, 2)
    assert args.setting_sources["learning_rate"] == "flag"


def test_a_flag_given_the_default_value_still_counts_as_given():
    args = resolved("--smoke", "--learning_rate", "1e-4")
    assert args.learning_rate == 1e-4 and args.setting_sources["learning_rate"] == "flag"


def test_bad_flag_combinations_are_user_errors():
    with pytest.raises(UserError, match="--input_file and --output_file"):
        resolved("--mode", "batch")
    with pytest.raises(UserError, match=r"--gguf: unsupported type\(s\) \['q3_weird'\]"):  # before any training
        resolved("--gguf", "q8_0,q3_weird")


def help_defaults(script: str) -> dict[str, str]:
    """{flag: the text inside '(default: …)'} parsed from `python script --help`, wrapped lines joined."""
    text = " ".join(run_script(script, "--help", timeout=600).stdout.split())
    found = {}
    for match in re.finditer(r"(--\w+)(?: [A-Z_]+)? (?:(?!--\w).)*?\(default: ([^()]*(?:\([^()]*\))?[^()]*)\)", text):
        found.setdefault(match.group(1), match.group(2).strip())
    return found


@pytest.fixture(scope="module")
def helps():
    return {script: help_defaults(script) for script in TRAINERS}


def test_help_shows_the_default_each_trainer_really_uses(helps):
    import train_civil_law
    import train_maintenance
    import train_meeting
    import train_mna
    for script, module in zip(TRAINERS, (train_civil_law, train_maintenance, train_meeting, train_mna)):
        shown = helps[script]
        presets = getattr(module, "PRESETS", {})
        for name in cli.OVERRIDABLE:
            assert f"--{name}" in shown, (script, name)
            args = cli.resolve(cli.build_parser("t", default_model="m", defaults=module.DEFAULTS, smoke=module.SMOKE,
                                                presets=presets or None).parse_args([]),
                               module.DEFAULTS, presets, smoke=module.SMOKE)
            value = getattr(args, name)
            if value is not None:  # what the trainer resolves is the number --help starts with
                assert shown[f"--{name}"].split()[0].rstrip(";") == str(value), (script, name, shown[f"--{name}"])
        assert shown["--grad_accum"] != "None" and "None" not in shown["--epochs"]


def test_readme_flags_table_matches_help(helps):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- flags table -->")[1]
    rows = [line.strip().strip("|").split("|") for line in table.splitlines() if line.startswith("| `--")]
    assert len(rows) == len(cli.OVERRIDABLE)
    for cells in rows:
        flag = cells[0].strip().strip("`")
        for script, cell in zip(TRAINERS, cells[1:5]):
            assert cell.strip() == helps[script][flag], (flag, script)


def test_resume_refuses_a_finished_run(tmp_path):
    run = tmp_path / "run"
    (run / "checkpoints" / "checkpoint-4").mkdir(parents=True)
    (run / "checkpoints" / "checkpoint-4" / "trainer_state.json").write_text("{}")
    assert prepare_run_dir("t", str(run), overwrite=False, resume="auto") == run  # unfinished: continue it
    (run / "metrics.json").write_text("{}")
    with pytest.raises(RunExists, match="finished run"):
        prepare_run_dir("t", str(run), overwrite=False, resume="auto")
    with pytest.raises(RunExists, match="finished run"):
        prepare_run_dir("t", None, overwrite=False, resume=str(run / "checkpoints" / "checkpoint-4"))


def test_common_never_imports_eval():
    for path in (REPO / "common").glob("*.py"):
        assert not re.search(r"^\s*(from|import) eval\b", path.read_text(), re.M), path.name


def test_no_system_exit_in_library_code():
    for path in [*(REPO / "common").glob("*.py"), *(REPO / "eval").glob("*.py")]:
        assert "SystemExit" not in path.read_text(), path.name


def test_common_stays_small():
    lines = sum(len(p.read_text().splitlines()) for p in Path(REPO / "common").glob("*.py"))
    assert lines < 1500, lines
