"""The CSV/JSONL loader: encodings, damaged text, validation errors that name the file and line."""
import pytest

from common.data import DataError, multiline_row_count, read_rows, stratified_split

COLUMNS = ["question", "answer", "category", "difficulty"]
ALLOWED = {"category": {"전세사기", "부동산물권"}, "difficulty": {"초급", "중급", "고급"}}
GOOD = ("question,answer,category,difficulty\n"
        "보증금을 못 받았어요,임차권등기명령을 신청하세요.,전세사기,초급\n"
        "\"점유취득시효란, 무엇인가요?\",민법 제245조 제1항의 제도입니다.,부동산물권,중급\n")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949", "euc-kr"])
def test_reads_every_korean_encoding(tmp_path, encoding):
    path = tmp_path / "qa.csv"
    path.write_bytes(GOOD.encode(encoding))
    rows = read_rows(path, COLUMNS, ALLOWED)
    assert [r["category"] for r in rows] == ["전세사기", "부동산물권"]
    assert rows[1]["question"] == "점유취득시효란, 무엇인가요?"
    assert rows[0]["line"] == 2 and rows[1]["line"] == 3


def test_bom_is_not_part_of_the_first_column(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(GOOD.encode("utf-8-sig"))
    assert "question" in read_rows(path, COLUMNS, ALLOWED)[0]


def test_mojibake_is_refused(tmp_path):
    path = tmp_path / "mangled.csv"
    path.write_text(GOOD.encode("utf-8").decode("cp1252", errors="replace").replace("\ufffd", "?"), encoding="utf-8")
    with pytest.raises(DataError, match="mojibake"):
        read_rows(path, COLUMNS, ALLOWED)


def test_replacement_characters_are_refused_with_line(tmp_path):
    path = tmp_path / "lost.csv"
    path.write_text(GOOD.replace("보증금을", "보�금을"), encoding="utf-8")
    with pytest.raises(DataError, match=r"lost.csv:2: contains U\+FFFD"):
        read_rows(path, COLUMNS, ALLOWED)


def test_undecodable_bytes_name_the_line(tmp_path):
    path = tmp_path / "binary.csv"
    path.write_bytes(GOOD.encode("utf-8") + b"\xff\xfe\xfa,\x80\n")
    with pytest.raises(DataError, match=r"binary.csv:4: not valid UTF-8"):
        read_rows(path, COLUMNS, ALLOWED)


@pytest.mark.parametrize("bad_line, message", [
    ("질문,,전세사기,초급", r"bad.csv:4: column 'answer' is empty"),
    ("질문,답,민사소송,초급", r"bad.csv:4: column 'category' has '민사소송'"),
    ("질문,답,전세사기,초급,덤", r"bad.csv:4: more cells"),
    ("질문,답 전세사기,초급", r"bad.csv:4: fewer cells than the header has columns \(3 cells, the header has 4\)"),
])
def test_bad_rows_are_reported_by_line(tmp_path, bad_line, message):
    path = tmp_path / "bad.csv"
    path.write_text(GOOD + bad_line + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=message):
        read_rows(path, COLUMNS, ALLOWED)


OPEN = "질문,\"답이 여기서 시작하고 닫히지 않아요,전세사기,초급\n"  # the quote opens a cell that never closes


@pytest.mark.parametrize("after", [
    "질문 둘,답 둘,전세사기,초급\n질문 셋,답 셋,부동산물권,고급\n",  # no quote after it: the cell runs to the end
    "질문 둘,답 둘,전세사기,초급\n\"질문, 셋\",답 셋,부동산물권,고급\n",  # the next quote closes it, then text
], ids=["runs-to-the-end", "closed-by-a-later-quote"])
def test_open_quote_in_the_middle_names_the_line_it_opened_on(tmp_path, after):
    path = tmp_path / "open.csv"
    path.write_text(GOOD + OPEN + after, encoding="utf-8")
    with pytest.raises(DataError, match=r"open.csv:4: a quoted cell opened on this line is never closed") as error:
        read_rows(path, COLUMNS, ALLOWED)
    assert '"답이 여기서 시작' in str(error.value)


@pytest.mark.parametrize("end", ["", "\n"], ids=["no-final-newline", "final-newline"])
def test_open_quote_on_the_last_row(tmp_path, end):
    path = tmp_path / "last.csv"
    path.write_text(GOOD + OPEN.rstrip("\n") + end, encoding="utf-8")
    with pytest.raises(DataError, match=r"last.csv:4: a quoted cell opened on this line is never closed"):
        read_rows(path, COLUMNS, ALLOWED)


def test_stray_quote_that_closes_before_a_comma_still_stops(tmp_path):
    # the merged row parses (4 cells, valid values) but it swallowed lines 5 and 6, which are rows of their own
    path = tmp_path / "stray.csv"
    path.write_text(GOOD + OPEN + "질문 둘,답 둘,전세사기,초급\n질문 셋,답 셋,부동산물권,고급\n"
                    "질문 넷,답 넷\",전세사기,초급\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"stray.csv:4: .*line 5, a row of its own"):
        read_rows(path, COLUMNS, ALLOWED)
    with pytest.raises(DataError, match=r"stray.csv:4: "):
        read_rows(path, ["question", "answer"])  # without allowed values: the cell count alone tells


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_real_multi_line_cells_are_kept_and_counted(tmp_path, capsys, newline):
    text = ("question,answer,category,difficulty\n"
            "보증금을 못 받았어요,\"첫째, 임차권등기명령을 신청하세요.\n"
            "둘째, 소송을 내세요.\n\"\"셋째\"\"는 없습니다.\",전세사기,초급\n"
            "\n"
            "\"점유취득시효란\n무엇인가요?\",민법 제245조 제1항의 제도입니다.,부동산물권,중급\n"
            "질문,답,전세사기,고급\n").replace("\n", newline)
    path = tmp_path / "multi.csv"
    path.write_text(text, encoding="utf-8", newline="")
    rows = read_rows(path, COLUMNS, ALLOWED)
    assert [(r["line"], r["lines"]) for r in rows] == [(2, 3), (6, 2), (8, 1)]
    assert rows[0]["answer"].replace("\r\n", "\n") == ("첫째, 임차권등기명령을 신청하세요.\n"
                                                      "둘째, 소송을 내세요.\n\"셋째\"는 없습니다.")
    assert rows[1]["question"].replace("\r\n", "\n") == "점유취득시효란\n무엇인가요?"
    assert multiline_row_count(rows) == 2
    assert "multi.csv: 2 of 3 rows span several lines" in capsys.readouterr().out


def test_missing_column(tmp_path):
    path = tmp_path / "cols.csv"
    path.write_text("question,answer,category\n질문,답,전세사기\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"cols.csv:1: missing column\(s\) \['difficulty'\]"):
        read_rows(path, COLUMNS, ALLOWED)


def test_jsonl_errors_name_the_line(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text('{"question": "질문 하나"}\n{"question": "질문 둘"\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"q.jsonl:2: invalid JSON"):
        read_rows(path, ["question"])
    path.write_text('{"question": "질문 하나"}\n{"answer": "답"}\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"q.jsonl:2: column 'question' is empty"):
        read_rows(path, ["question"])


def test_stratified_split_keeps_every_category_and_is_seeded():
    rows = [{"category": c, "i": i} for c in ("가", "나", "다") for i in range(10)]
    train, validation, test = stratified_split(rows, "category", 0.2, seed=1)
    for held_out in (validation, test):
        assert sorted({r["category"] for r in held_out}) == ["가", "나", "다"]
        assert len(held_out) == 6
    assert len(train) == 18 and not {id(r) for r in validation} & {id(r) for r in test}
    assert stratified_split(rows, "category", 0.2, seed=1) == (train, validation, test)
    assert stratified_split(rows, "category", 0.2, seed=2) != (train, validation, test)


def test_shipped_civil_law_data_is_valid(civil_rows):
    assert len(civil_rows) >= 120
    assert {"전세사기", "부동산물권"} <= {r["category"] for r in civil_rows}
    assert {r["difficulty"] for r in civil_rows} == {"초급", "중급", "고급"}
    assert len({r["question"] for r in civil_rows}) == len(civil_rows)
