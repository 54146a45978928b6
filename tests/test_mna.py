"""M&A QA: the preprocessing table is right on the shipped fixture (each filter's count), and the
smoke pipeline runs end to end with a verified GGUF."""
import json
import re
import shutil
import sys
import zipfile

import pytest

from common.data import DataError
from conftest import REPO, answer_after_prompt, run_script

sys.path.insert(0, str(REPO))
import train_mna as mna  # noqa: E402

EXPECTED = json.loads((mna.AIHUB_DIR / "EXPECTED.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def stream():
    return mna.load_sources(mna.OWN_DATA, mna.AIHUB_DIR)


def test_each_filter_removes_exactly_what_the_fixture_was_built_with(stream):
    rows, stats = mna.preprocess(stream, min_quality=30, excluded=["예체능", "종교", "보건"])
    assert stats["aihub"] == EXPECTED["total_records"] and stats["own"] == EXPECTED["own_total"]
    assert stats["removed"] == EXPECTED["removed"]
    assert list(stats["removed"]) == EXPECTED["filter_order"]
    assert stats["kept_by_source"] == {"own": EXPECTED["own_kept"], "aihub": EXPECTED["kept"]}
    assert len(rows) == stats["kept"] == EXPECTED["own_kept"] + EXPECTED["kept"]


def test_kept_rows_have_no_duplicates_and_respect_every_limit(stream):
    rows, _ = mna.preprocess(stream, min_quality=30, excluded=["예체능", "종교", "보건"])
    assert len({(mna.normalise(r["question"]), mna.normalise(r["answer"])) for r in rows}) == len(rows)
    assert all(r.get("quality_score", 100) > 30 and r.get("category") not in {"예체능", "종교", "보건"} for r in rows)
    assert all(len(r["question"].strip()) >= 5 and 10 <= len(r["answer"].strip()) <= 2000 for r in rows)
    assert [r["source"] for r in rows[:177]] == ["own"] * 177  # own data first: it wins deduplication


def test_filters_are_configurable(stream):
    _, none_excluded = mna.preprocess(stream, min_quality=30, excluded=[])
    assert none_excluded["removed"]["excluded_category"] == 0
    assert none_excluded["kept"] > EXPECTED["own_kept"] + EXPECTED["kept"]
    _, strict = mna.preprocess(stream, min_quality=60, excluded=["예체능", "종교", "보건"])
    assert strict["removed"]["low_quality"] > EXPECTED["removed"]["low_quality"]


def test_normalisation_catches_width_case_space_and_punctuation():
    assert mna.normalise("Ｍ＆Ａ 란  무엇인가요?") == mna.normalise("m&a란 무엇인가요")
    assert mna.normalise("합병") != mna.normalise("분할")


def test_bad_layout_is_reported(tmp_path):
    (tmp_path / "Training").mkdir()
    with pytest.raises(DataError, match="no Validation/ folder"):
        mna.load_sources(mna.OWN_DATA, tmp_path)
    for split in ("Validation", "Other"):
        (tmp_path / split).mkdir()
    (tmp_path / "Training" / "bad.json").write_text('{"data": [{"question": "질문"}]}', encoding="utf-8")
    with pytest.raises(DataError, match=r"bad.json: data\[0\] lacks"):
        mna.load_sources(mna.OWN_DATA, tmp_path)


BOM = b"\xef\xbb\xbf"
KOREAN_MEMBER = "TL_fixture/라벨_06.json"  # sorts after TL_fixture_05.json, where TL_fixture_06.json was


def write_zip(path, members: dict[str, bytes], cp949_name: str | None = None):
    """A zip of `members`. Python flags every non-ASCII name as UTF-8, so the member named `cp949_name` is written
    as Korean Windows tools write it: CP949 bytes without the flag (an ASCII stand-in of the same length, patched)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    stand_in = "~" * len(cp949_name.encode("cp949")) if cp949_name else None
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(stand_in if name == cp949_name else name, data)
    if cp949_name:
        raw = path.read_bytes()
        assert raw.count(stand_in.encode()) == 2  # local header and central directory
        path.write_bytes(raw.replace(stand_in.encode(), cp949_name.encode("cp949")))
        with zipfile.ZipFile(path) as archive:
            assert not any(info.flag_bits & 0x800 for info in archive.infolist())


def build_aihub_download(root):
    """The shipped fixture as an AI Hub download arrives: zips in nested folders, members in sub-folders, a CP949
    member name, BOMs, a split folder named `1.validation`, and raw documents (원천데이터) beside the labels."""
    fixture = {split: sorted((mna.AIHUB_DIR / split).glob("*.json")) for split in mna.AIHUB_SPLITS}
    training = {f"TL_fixture/{p.name}": p.read_bytes() for p in fixture["Training"][:-1]}
    training[KOREAN_MEMBER] = fixture["Training"][-1].read_bytes()
    write_zip(root / "Training" / "02.라벨링데이터" / "TL_fixture.zip", training, cp949_name=KOREAN_MEMBER)
    write_zip(root / "Training" / "01.원천데이터" / "TS_fixture.zip",
              {"TS_fixture/원문_01.json": json.dumps({"document": "원문 텍스트"}).encode()})
    validation = fixture["Validation"]
    write_zip(root / "1.validation" / "02.라벨링데이터" / "VL_a" / "VL_a.zip",
              {p.name: BOM + p.read_bytes() for p in validation[:2]})
    write_zip(root / "1.validation" / "02.라벨링데이터" / "VL_b" / "VL_b.zip",
              {f"VL_b/{p.name}": p.read_bytes() for p in validation[2:]})
    other = fixture["Other"]
    (root / "Other" / "02.라벨링데이터").mkdir(parents=True)
    (root / "Other" / "02.라벨링데이터" / other[0].name).write_bytes(BOM + other[0].read_bytes())
    write_zip(root / "Other" / "02.라벨링데이터" / "OT_rest.zip", {f"OT/{p.name}": p.read_bytes() for p in other[1:]})
    return root


def aihub_records(stream):
    return [(r["question"], r["answer"], r["category"], r["quality_score"]) for r in stream if r["source"] == "aihub"]


def test_zipped_nested_download_gives_the_same_records_as_the_plain_fixture(tmp_path, stream):
    zipped = mna.load_sources(mna.OWN_DATA, build_aihub_download(tmp_path))
    assert aihub_records(zipped) == aihub_records(stream) and len(aihub_records(zipped)) == EXPECTED["total_records"]
    wheres = {r["where"] for r in zipped}
    assert f"Training/02.라벨링데이터/TL_fixture.zip:{KOREAN_MEMBER}[0]" in wheres
    assert "1.validation/02.라벨링데이터/VL_b/VL_b.zip:VL_b/VL_fixture_03.json[0]" in wheres
    assert "Other/02.라벨링데이터/OT_fixture_01.json[0]" in wheres


def test_a_split_without_records_is_an_error_naming_its_folder(tmp_path):
    build_aihub_download(tmp_path)
    shutil.rmtree(tmp_path / "1.validation")
    # only raw documents (not QA) left in Validation: today's download that trained on own data alone
    write_zip(tmp_path / "Validation" / "01.원천데이터" / "VS_fixture.zip", {"VS/원문.json": b'{"document": "x"}'})
    with pytest.raises(DataError, match=re.escape(f"{tmp_path / 'Validation'}: no AI Hub QA record found in *.json")):
        mna.load_sources(mna.OWN_DATA, tmp_path)
    second = build_aihub_download(tmp_path / "second")
    shutil.rmtree(second / "Other")
    (second / "Other").mkdir()
    with pytest.raises(DataError, match=re.escape(f"{second / 'Other'}: no AI Hub QA record found")):
        mna.load_sources(mna.OWN_DATA, second)


def test_a_bad_member_of_a_zip_is_an_error_naming_zip_and_member(tmp_path):
    build_aihub_download(tmp_path)
    broken = tmp_path / "Training" / "02.라벨링데이터" / "TL_zz.zip"
    write_zip(broken, {"TL_zz/깨진.json": b'{"data": [{"question": '})
    expected = "Training/02.라벨링데이터/TL_zz.zip:TL_zz/깨진.json:1: invalid JSON"
    with pytest.raises(DataError, match=re.escape(expected)):
        mna.load_sources(mna.OWN_DATA, tmp_path)
    write_zip(broken, {"TL_zz/b.json": json.dumps({"data": [{"question": "질문", "answer": "답"}]}).encode()})
    with pytest.raises(DataError, match=re.escape("TL_zz.zip:TL_zz/b.json: data[0] lacks ['category', 'quality_")):
        mna.load_sources(mna.OWN_DATA, tmp_path)
    write_zip(broken, {"TL_zz/b.json": b'{"document": "labels must be QA"}'})
    with pytest.raises(DataError, match=re.escape('TL_zz.zip:TL_zz/b.json: not an AI Hub QA file (no "data" list)')):
        mna.load_sources(mna.OWN_DATA, tmp_path)


def test_prompt_is_the_source_documents():
    messages = mna.prompt_for("합병이란?")
    assert messages[0]["content"].startswith("당신은 금융,법률 및 M&A 분야 전문가입니다.")
    assert messages[1]["content"] == "합병이란?/no_think"


def run_cli(*args):
    return run_script("train_mna.py", *args)


def test_preprocess_only_writes_jsonl_and_stats(tmp_path):
    run_cli("--preprocess_only", "--output_dir", str(tmp_path / "data"))
    stats = json.loads((tmp_path / "data" / "preprocess_stats.json").read_text())
    lines = (tmp_path / "data" / "processed.jsonl").read_text(encoding="utf-8").splitlines()
    assert stats["removed"] == EXPECTED["removed"] and len(lines) == stats["kept"]


def test_data_is_the_own_data_file_and_documented_in_help(tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")  # one help line per flag, so the text can be matched whole
    help_text = " ".join(run_cli("--help").stdout.split())
    data_help = "--data DATA our own M&A QA pairs (JSON list of {question, answer})"
    assert f"{data_help} (default: {mna.OWN_DATA})" in help_text
    assert "--own_data" not in help_text
    own = tmp_path / "own.json"
    pairs = [{"question": "합병이란 무엇인가요?", "answer": "두 회사가 하나로 합쳐지는 것입니다."},
             {"question": "분할이란 무엇인가요?", "answer": "한 회사가 둘 이상으로 나뉘는 것입니다."}]
    own.write_bytes(BOM + json.dumps(pairs, ensure_ascii=False).encode())
    run_cli("--preprocess_only", "--data", str(own), "--aihub_dir", str(build_aihub_download(tmp_path / "aihub")),
            "--output_dir", str(tmp_path / "data"))
    stats = json.loads((tmp_path / "data" / "preprocess_stats.json").read_text())
    assert (stats["own"], stats["aihub"]) == (2, EXPECTED["total_records"])


def test_smoke_end_to_end(tmp_path):
    out = tmp_path / "run"
    result = run_cli("--smoke", "--output_dir", str(out))
    assert "low_quality" in result.stdout and "near_duplicate" in result.stdout  # the printed table
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["exports"]["q8_0"]["passed"] and metrics["exports"]["q8_0"]["chat_template_embedded"]
    assert metrics["training"]["final_train_loss"] < metrics["training"]["first_train_loss"]
    assert {"exact_match", "char_f1", "rouge_l_char", "chrf"} <= set(metrics["finetuned"])
    for path in ["adapter/adapter_model.safetensors", "merged/model.safetensors", "gguf/Modelfile",
                 "processed.jsonl", "preprocess_stats.json", "report.md", "loss.png"]:
        assert (out / path).is_file(), path
    modelfile = (out / "gguf" / "Modelfile").read_text()
    assert "<think>\n\n</think>" in modelfile and 'PARAMETER stop "<|im_end|>"' in modelfile
    answer = run_cli("--smoke", "--run", str(out), "--text", "공개매수 의무는 언제 생기나요?", "--backend", "gguf")
    assert answer_after_prompt(answer.stdout), answer.stdout[-2000:]
