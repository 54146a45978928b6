"""Text metrics that are correct for Korean.

Korean is agglutinative: particles stick to words, so word-level overlap undercounts agreement, and
rouge_score's default tokenizer keeps only [a-z0-9] and scores every Hangul string 0. Everything here
works on characters (KorQuAD 1.0's convention), after Unicode NFKC so full-width and half-width forms
compare equal.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter

from sacrebleu.metrics import CHRF

_PUNCT_OR_SPACE = re.compile(r"[\s\W_]+", re.UNICODE)


def normalize(text: str) -> str:
    """NFKC, lower case, and drop punctuation and whitespace (KorQuAD's normalisation, per character)."""
    return _PUNCT_OR_SPACE.sub("", unicodedata.normalize("NFKC", text).lower())


def exact_match(prediction: str, reference: str) -> float:
    return float(normalize(prediction) == normalize(reference))


def char_f1(prediction: str, reference: str) -> float:
    """KorQuAD-style F1 over the multiset of normalised characters."""
    pred, ref = normalize(prediction), normalize(reference)
    if not pred or not ref:
        return float(pred == ref)
    common = sum((Counter(pred) & Counter(ref)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(pred), common / len(ref)
    return 2 * precision * recall / (precision + recall)


def _lcs_length(a: str, b: str) -> int:
    previous = [0] * (len(b) + 1)
    for ca in a:
        current = [0]
        for j, cb in enumerate(b):
            current.append(previous[j] + 1 if ca == cb else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


def rouge_l_char(prediction: str, reference: str) -> float:
    """ROUGE-L F1 with characters as tokens (longest common subsequence of normalised characters)."""
    pred, ref = normalize(prediction), normalize(reference)
    if not pred or not ref:
        return float(pred == ref)
    lcs = _lcs_length(pred, ref)
    if lcs == 0:
        return 0.0
    precision, recall = lcs / len(pred), lcs / len(ref)
    return 2 * precision * recall / (precision + recall)


def chrf(predictions: list[str], references: list[str]) -> float:
    """Corpus chrF (sacrebleu: character 6-grams, beta 2), on a 0-100 scale as sacrebleu reports it."""
    return CHRF().corpus_score(list(predictions), [list(references)]).score


def qa_scores(predictions: list[str], references: list[str]) -> dict[str, float]:
    """The QA metric set every QA trainer reports: means over examples, chrF over the corpus."""
    if len(predictions) != len(references):
        raise ValueError(f"{len(predictions)} predictions for {len(references)} references")
    if not predictions:
        raise ValueError("no examples to score")
    n = len(predictions)
    pairs = list(zip(predictions, references))
    return {
        "exact_match": sum(exact_match(p, r) for p, r in pairs) / n,
        "char_f1": sum(char_f1(p, r) for p, r in pairs) / n,
        "rouge_l_char": sum(rouge_l_char(p, r) for p, r in pairs) / n,
        "chrf": chrf(predictions, references),
        "n": n,
    }


_ARTICLE = re.compile(r"제\s*(\d+)\s*조(?:\s*의\s*(\d+))?")


def cited_articles(text: str) -> set[str]:
    """Article references such as 제618조 or 제3조의2, normalised to '618' / '3-2'."""
    return {f"{m.group(1)}-{m.group(2)}" if m.group(2) else m.group(1) for m in _ARTICLE.finditer(text)}


def citation_recall(predictions: list[str], references: list[str]) -> float:
    """Of the articles each reference cites, the share the prediction cites too (references without
    citations are skipped; 0.0 if none cites anything)."""
    recalls = [len(cited_articles(p) & cited_articles(r)) / len(cited_articles(r))
               for p, r in zip(predictions, references) if cited_articles(r)]
    return sum(recalls) / len(recalls) if recalls else 0.0
