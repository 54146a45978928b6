"""Korean text metrics on fixed strings (values checked by hand; see ../shared/research/peers.md §4.2)."""
import pytest

from eval.metrics import char_f1, chrf, citation_recall, cited_articles, exact_match, normalize, qa_scores, rouge_l_char

REF = "임차인은 보증금 반환을 청구할 수 있습니다."
PRED = "임차인은 보증금의 반환을 청구할 수 있다."


def test_normalize_drops_space_punctuation_and_unifies_width():
    assert normalize("  민법 제618조！ ") == "민법제618조"
    assert normalize("ＡＢＣ abc") == "abcabc"


def test_exact_match_ignores_spacing_and_punctuation_only():
    assert exact_match("보증금 반환.", "보증금반환") == 1.0
    assert exact_match("보증금 반환", "보증금의 반환") == 0.0


def test_char_f1_korquad_style():
    # PRED normalises to 17 characters, REF to 18; 16 in common (임차인은 보증금 반환을 청구할 수 있 다)
    p, r = 16 / 17, 16 / 18
    assert char_f1(PRED, REF) == pytest.approx(2 * p * r / (p + r))
    assert char_f1(REF, REF) == 1.0
    assert char_f1("가나다", "라마바") == 0.0
    assert char_f1("", "") == 1.0 and char_f1("", REF) == 0.0


def test_rouge_l_char_scores_hangul_not_zero():
    # rouge_score's default tokenizer would give 0.0 here; over characters the LCS has 16 characters.
    p, r = 16 / 17, 16 / 18
    assert rouge_l_char(PRED, REF) == pytest.approx(2 * p * r / (p + r))
    # order matters for ROUGE-L, not for char F1
    assert rouge_l_char("다나가", "가나다") < char_f1("다나가", "가나다") == 1.0


def test_chrf_matches_sacrebleu_scale():
    assert chrf([REF], [REF]) == pytest.approx(100.0)
    assert 40.0 < chrf([PRED], [REF]) < 90.0
    assert chrf(["완전히 다른 문장"], [REF]) < 15.0


def test_citations():
    assert cited_articles("민법 제618조와 주택임대차보호법 제3조의2, 제 3 조 의 3") == {"618", "3-2", "3-3"}
    assert citation_recall(["제618조에 따라"], ["민법 제618조, 제621조"]) == 0.5
    assert citation_recall(["아무 조문 없음"], ["조문 없는 답"]) == 0.0


def test_qa_scores_aggregates():
    scores = qa_scores([REF, "엉뚱한 답"], [REF, REF])
    assert scores["n"] == 2 and scores["exact_match"] == 0.5
    assert scores["char_f1"] == pytest.approx(0.5)  # 1.0 and 0.0 (no character in common)
    with pytest.raises(ValueError):
        qa_scores(["a"], ["a", "b"])
