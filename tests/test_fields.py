"""eval.fields.parse_fields on what instruction models really write: markdown, JSON, quotes and brackets, bullets,
prose around the answer, Korean copulas and particles."""
import json
from pathlib import Path

import pytest

from eval.fields import parse_fields

KEYS = ["위치", "설비유형", "현상코드", "우선순위"]
EXPECTED = {"위치": "No.2 PP", "설비유형": "기타기기", "현상코드": "SHE", "우선순위": "주기작업"}
TAXONOMY_FILE = Path(__file__).resolve().parent.parent / "data" / "maintenance" / "taxonomy.json"


def taxonomy_vocab() -> dict[str, set[str]]:
    """The allowed values per key, as train_maintenance.load_taxonomy builds them (without importing the trainer)."""
    taxonomy = json.loads(TAXONOMY_FILE.read_text(encoding="utf-8"))
    return {"위치": set(taxonomy["locations"]), "설비유형": {e["name"] for e in taxonomy["equipment_types"]},
            "현상코드": {c["code"] for c in taxonomy["phenomenon_codes"]}, "우선순위": set(taxonomy["priorities"])}


# ---------------------------------------------------------------- markdown

def test_bold_keys_with_the_colon_outside():
    text = "**위치**: No.2 PP\n**설비유형**: 기타기기\n**현상코드**: SHE\n**우선순위**: 주기작업"
    assert parse_fields(text, KEYS) == EXPECTED


def test_bold_keys_with_the_colon_inside():
    text = "**위치:** 154kV 스위치야드\n**설비유형:** 차단기\n**현상코드:** TRP\n**우선순위:** 긴급"
    assert parse_fields(text, KEYS) == {"위치": "154kV 스위치야드", "설비유형": "차단기", "현상코드": "TRP",
                                        "우선순위": "긴급"}


def test_bulleted_bold_keys():
    text = "- **위치**: No.2 PP\n- **설비유형**: 기타기기\n- **현상코드**: SHE\n- **우선순위**: 주기작업"
    assert parse_fields(text, KEYS) == EXPECTED


def test_italic_and_code_spans():
    text = "*위치*: `No.2 PP`\n_설비유형_: *기타기기*\n***현상코드***: `SHE`\n우선순위: _주기작업_"
    assert parse_fields(text, KEYS) == EXPECTED


def test_headings_with_the_value_on_the_next_line():
    text = "### 위치\nNo.2 PP\n\n### 설비유형\n기타기기\n\n### 현상코드\n- SHE\n\n### 우선순위\n주기작업\n"
    assert parse_fields(text, KEYS) == EXPECTED


def test_key_alone_with_a_colon_and_the_value_below():
    text = "**위치:**\n연료유 저장소\n**설비유형:**\n배관\n현상코드:\nLEK\n우선순위:\n우선"
    assert parse_fields(text, KEYS) == {"위치": "연료유 저장소", "설비유형": "배관", "현상코드": "LEK",
                                        "우선순위": "우선"}


def test_table_of_key_value_rows():
    text = ("분석 결과는 아래 표와 같습니다.\n\n| 항목 | 값 |\n|------|-----|\n| 위치 | No.2 PP |\n"
            "| **설비유형** | 기타기기 |\n| 현상코드 | SHE |\n| 우선순위 | 주기작업 |\n")
    assert parse_fields(text, KEYS) == EXPECTED


def test_table_with_a_third_column_of_reasons():
    text = ("| 필드 | 값 | 근거 |\n|:---|:---:|---|\n| 위치 | 2호기 보일러동 | 요청문에 명시 |\n"
            "| 설비유형 | 밸브 | MOV는 밸브 |\n| 현상코드 | STK | 고착 |\n| 우선순위 | 일반 | 키워드 없음 → 기본값 |")
    assert parse_fields(text, KEYS) == {"위치": "2호기 보일러동", "설비유형": "밸브", "현상코드": "STK",
                                        "우선순위": "일반"}


def test_table_whose_header_row_names_the_keys():
    text = "| 위치 | 설비유형 | 현상코드 | 우선순위 |\n|---|---|---|---|\n| No.2 PP | 기타기기 | SHE | 주기작업 |"
    assert parse_fields(text, KEYS) == EXPECTED


# ---------------------------------------------------------------- JSON

def test_bare_json_object():
    assert parse_fields(json.dumps(EXPECTED, ensure_ascii=False), KEYS) == EXPECTED


def test_fenced_json_with_text_before_and_after():
    text = ("요청을 분석하여 JSON으로 정리했습니다.\n\n```json\n" + json.dumps(EXPECTED, ensure_ascii=False, indent=2)
            + "\n```\n\n위 결과를 참고하세요.")
    assert parse_fields(text, KEYS) == EXPECTED


def test_json_inside_a_wrapper_object():
    text = '{"result": {"위치": "No.2 PP", "설비유형": "기타기기", "현상코드": "SHE", "우선순위": "주기작업"}}'
    assert parse_fields(text, KEYS) == EXPECTED


def test_python_dict_with_single_quotes_and_a_trailing_comma():
    text = "결과: {'위치': 'No.2 PP', '설비유형': '기타기기', '현상코드': 'SHE', '우선순위': '주기작업',}"
    assert parse_fields(text, KEYS) == EXPECTED


def test_json_with_smart_quotes_falls_back_to_the_line_parser():
    text = "{“위치”: “No.2 PP”, “설비유형”: “기타기기”, “현상코드”: “SHE”, “우선순위”: “주기작업”}"
    assert parse_fields(text, KEYS) == EXPECTED


def test_json_values_are_cleaned_and_unknown_keys_ignored():
    text = ('{"위치": "No.2 PP", "설비유형": "기타기기 (CCTV)", "현상코드": ["SHE"], '
            '"우선순위": "주기작업", "비고": "없음"}')
    assert parse_fields(text, KEYS) == EXPECTED


# ---------------------------------------------------------------- quotes and brackets around values

@pytest.mark.parametrize("opening, closing", [
    ('"', '"'), ("'", "'"), ("“", "”"), ("‘", "’"), ("‘", "”"), ("「", "」"), ("『", "』"), ("《", "》"),
    ("〈", "〉"), ("«", "»"), ("[", "]"), ("(", ")"), ("【", "】"), ("<", ">"), ("＂", "＂"), ("（", "）"),
])
def test_wrapped_values(opening, closing):
    text = ", ".join(f"{key}: {opening}{value}{closing}" for key, value in EXPECTED.items())
    assert parse_fields(text, KEYS) == EXPECTED


def test_nested_wrappers_and_wrapped_keys():
    text = '"위치": **「No.2 PP」**, 【설비유형】: ["기타기기"], [현상코드]: 《SHE》, <우선순위>: "주기작업"'
    assert parse_fields(text, KEYS) == EXPECTED


# ---------------------------------------------------------------- bullets and numbering

@pytest.mark.parametrize("bullet", ["-", "*", "•", "·", "+", "1.", "1)", "(1)", ">"])
def test_bullets_before_keys(bullet):
    text = "\n".join(f"{bullet} {key}: {value}" for key, value in EXPECTED.items())
    assert parse_fields(text, KEYS) == EXPECTED


def test_numbered_list_without_spaces():
    text = "1.위치: No.2 PP\n2.설비유형: 기타기기\n3.현상코드: SHE\n4.우선순위: 주기작업"
    assert parse_fields(text, KEYS) == EXPECTED


# ---------------------------------------------------------------- prose around the answer

def test_sentences_before_and_after_on_their_own_lines():
    text = ("요청을 분석한 결과는 다음과 같습니다:\n\n"
            "위치: No.2 PP\n설비유형: 기타기기\n현상코드: SHE\n우선순위: 주기작업\n\n"
            "이상입니다. 추가 문의가 있으면 알려주세요.")
    assert parse_fields(text, KEYS) == EXPECTED


def test_a_realistic_chat_answer_with_glosses():
    text = ("네, 요청을 분석했습니다.\n\n- **위치**: No.2 PP\n- **설비유형**: 기타기기 (CCTV)\n"
            "- **현상코드**: SHE (신호 이상)\n- **우선순위**: 주기작업\n\n추가 문의가 있으면 알려주세요.")
    assert parse_fields(text, KEYS) == EXPECTED


def test_one_line_answer_after_a_lead_in():
    text = "분석 결과 위치: No.2 PP, 설비유형: 기타기기, 현상코드: SHE, 우선순위: 주기작업입니다."
    assert parse_fields(text, KEYS) == EXPECTED


def test_copula_on_the_last_value():
    text = "위치: No.2 PP\n설비유형: 기타기기\n현상코드: SHE\n우선순위: 주기작업입니다."
    assert parse_fields(text, KEYS) == EXPECTED


def test_sentence_after_the_last_value_on_its_line():
    text = "위치: No.2 PP, 설비유형: 기타기기, 현상코드: SHE, 우선순위: 주기작업. 추가 문의가 있으면 알려주세요."
    assert parse_fields(text, KEYS) == EXPECTED


def test_quoted_value_followed_by_a_copula():
    text = '위치: "No.2 PP", 설비유형: "기타기기", 현상코드: "SHE", 우선순위: "주기작업"입니다.'
    assert parse_fields(text, KEYS) == EXPECTED


def test_topic_particles_and_copulas():
    text = "위치는 No.2 PP이고, 설비유형은 기타기기이며, 현상코드는 SHE, 우선순위는 주기작업입니다."
    assert parse_fields(text, KEYS) == EXPECTED


def test_topic_particles_without_commas():
    text = "요청하신 건의 위치는 No.2 PP이고 설비유형은 기타기기이며 현상코드는 SHE이고 우선순위는 주기작업입니다."
    assert parse_fields(text, KEYS) == EXPECTED


def test_particle_ro_and_trailing_words_need_the_vocab():
    text = "위치는 1호기 터빈동이고, 설비유형은 펌프이며, 현상코드는 VIB, 우선순위는 계획정비로 분류됩니다."
    assert parse_fields(text, KEYS)["우선순위"] == "계획정비로 분류됩니다"  # no taxonomy: nothing to cut at
    assert parse_fields(text, KEYS, taxonomy_vocab()) == {"위치": "1호기 터빈동", "설비유형": "펌프",
                                                          "현상코드": "VIB", "우선순위": "계획정비"}


def test_vocab_snaps_to_the_longest_allowed_prefix_and_leaves_unknown_values():
    vocab = {"위치": {"No.2 PP", "No.2 PP 2층"}, "현상코드": {"SHE"}, "우선순위": {"긴급"}}
    text = "위치: No.2 PP 2층 배관실, 설비유형: 기타기기, 현상코드: SHE-신호이상, 우선순위: 보통"
    # 설비유형 has no vocabulary, 보통 starts with no allowed value: both kept as written (the caller warns)
    assert parse_fields(text, KEYS, vocab=vocab) == {"위치": "No.2 PP 2층", "설비유형": "기타기기", "현상코드": "SHE",
                                                     "우선순위": "보통"}


# ---------------------------------------------------------------- values keep their punctuation; keys in values

def test_values_keep_internal_punctuation():
    text = "위치: B-3동 2층, 설비유형: 공조설비, 현상코드: NOI, 우선순위: 일반"
    assert parse_fields(text, KEYS) == {"위치": "B-3동 2층", "설비유형": "공조설비", "현상코드": "NOI",
                                        "우선순위": "일반"}
    assert parse_fields("위치: No. 2 PP. 추가 확인 바랍니다.", KEYS) == {"위치": "No. 2 PP"}


def test_a_key_name_inside_a_value_is_just_text():
    text = "위치: 우선순위 대기구역, 설비유형: 기타기기 위치 표시등, 현상코드: ALM, 우선순위: 긴급"
    assert parse_fields(text, KEYS) == {"위치": "우선순위 대기구역", "설비유형": "기타기기 위치 표시등",
                                        "현상코드": "ALM", "우선순위": "긴급"}


def test_a_key_inside_a_longer_word_is_not_the_key():
    assert parse_fields("설치위치: 옥외, 위치: 냉각탑", KEYS) == {"위치": "냉각탑"}


def test_first_occurrence_wins():
    text = "위치: No.2 PP, 설비유형: 기타기기, 현상코드: SHE, 우선순위: 주기작업\n참고로 우선순위는 긴급이 아닙니다."
    assert parse_fields(text, KEYS) == EXPECTED
    assert parse_fields('{"위치": "취수장", "위치": "냉각탑"}', KEYS) == {"위치": "취수장"}


def test_only_the_keys_found_and_no_false_keys_in_prose():
    text = "요청에서 위치, 설비유형, 현상코드, 우선순위를 추출했습니다:\n위치: 취수장\n현상코드: LEK\n이상입니다."
    assert parse_fields(text, KEYS) == {"위치": "취수장", "현상코드": "LEK"}
    assert parse_fields("죄송하지만 요청 내용을 이해하지 못했습니다.", KEYS) == {}
    assert parse_fields("", KEYS) == {}


def test_every_shipped_output_parses_to_its_fields():
    data_dir = TAXONOMY_FILE.parent
    rows = [json.loads(line) for split in ("train", "valid", "test")
            for line in (data_dir / f"{split}.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    assert rows
    for row in rows:
        assert parse_fields(row["output"], KEYS) == row["fields"], row["output"]
