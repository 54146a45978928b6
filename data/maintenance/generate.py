#!/usr/bin/env python3
"""Synthetic Korean maintenance-request data set generator.

Input : one free-form Korean maintenance request, as a plant worker types it,
        e.g. "No.2 PP의 기타기기 CCTV에서 SHE 발생. 주기작업 필요."
Output: "위치: No.2 PP, 설비유형: 기타기기, 현상코드: SHE, 우선순위: 주기작업"

Standard library only, fully deterministic for a given --seed and sizes.

    python3 generate.py                 # writes train/valid/test.jsonl (+ README counts)
    python3 generate.py --check         # regenerates in memory, verifies files; exit 1 on violation

Held out for valid/test (never used in train):
  * HELDOUT_TEMPLATE_IDS  - about 20% of the phrasing templates
  * ~10% of all (location, equipment type, phenomenon code) combinations,
    split half/half into disjoint valid and test combination pools.
"""

import argparse
import hashlib
import json
import os
import random
import re
import sys
import tempfile
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
FIELD_KEYS = ("위치", "설비유형", "현상코드", "우선순위")
SPLITS = ("train", "valid", "test")

MIN_LEN, MAX_LEN = 15, 80
P_PRIORITY = 0.8          # request mentions a priority
P_PRIORITY_PHRASE = 0.6   # ... for {prip} slots: paraphrase instead of the bare canonical word
P_CHAT = 0.5              # chatter rendered (when the template has a chatter slot)
P_TYPO = 0.35             # chatter carries a one-character typo
P_NOSPACE_LOC = 0.35      # location written with its spaces removed
P_DEVICE_NUM = 0.3        # device carries a unit number / suffix
HELDOUT_COMBO_FRAC = 0.10

# ---------------------------------------------------------------------------
# Phrasing templates.
#   {loc} {eq} {ph}        location / equipment mention / phenomenon mention
#   {pri}                  canonical priority word (긴급, 주기작업, ...)
#   {prip}                 priority expression (canonical word or a paraphrase)
#   {chat}                 chatter ("야간조 발견", "어제부터 계속", ... possibly with a typo)
#   ‹a|b|c›                pick one literal alternative
#   «...»                  optional group: rendered iff the priority (group holds
#                          {pri}/{prip}) or the chatter (group holds {chat}) is present
# Every template has exactly one priority slot, always inside an optional group,
# so every template can also produce a request without a priority.
# ---------------------------------------------------------------------------
TEMPLATES = [
    ("T01", "{loc}‹의| ›{eq}에서 {ph} 발생.« {pri} ‹필요|처리 요망›.»« {chat}»"),
    ("T02", "«[{pri}] »{loc} {eq} {ph}« {chat}»"),
    ("T03", "{loc} {eq} {ph} 발생«, {prip}»"),
    ("T04", "{eq} {ph} 발생 ({loc})« {pri}»"),
    ("T05", "«{chat}. »{loc} {eq} {ph} 확인« - {pri}»"),
    ("T06", "{loc}‹에서|쪽› {eq} {ph}‹ 있음| 발생함| 확인됨›«, {prip}»"),
    ("T07", "{ph} / {loc} / {eq}« / {pri}»"),
    ("T08", "{loc}-{eq}-{ph}«-{pri}»"),
    ("T09", "위치 {loc}, {eq} {ph}«, {pri}»« {chat}»"),
    ("T10", "{eq}({loc}) {ph} 발생«. {prip}»"),
    ("T11", "«{pri}) »{loc} {eq} {ph} 조치 바랍니다"),
    ("T12", "{loc} {eq} {ph} 현상« {chat}»« {pri}건»"),
    ("T13", "{eq} {ph}, 위치는 {loc}«, {pri}»"),
    ("T14", "«{prip}. »{loc} 소재 {eq} {ph}"),
    ("T15", "{loc} 현장 {eq}‹에서|에› {ph} 발견« {chat}»«. {pri}»"),
    ("T16", "{loc} {eq} 상태: {ph}« 요청등급: {pri}»"),
    ("T17", "[{loc}] {eq} {ph}« ({pri})»"),
    ("T18", "{loc} {eq} {ph} 점검 요청«, 등급 {pri}»"),
    ("T19", "{ph} 발생함. {loc} {eq}« {prip}»"),
    ("T20", "{loc} {eq}: {ph}« / {pri}»"),
    ("T21", "{loc}  {eq} {ph}..« {chat}»« {pri}»"),
    ("T22", "요청) {loc} {eq} {ph}«, {pri}»"),
    ("T23", "{eq} @ {loc} : {ph}« [{pri}]»"),
    ("T24", "{loc} {eq} {ph} 조치 요망« {pri}»"),
    ("T25", "{loc} 내 {eq} {ph}«. {prip}»"),
    ("T26", "«{chat}, »{eq} {ph} 발생 위치 {loc}«, {pri}»"),
    ("T27", "{loc}/{eq}/{ph}«/{pri}»"),
    ("T28", "{ph} 떴음 {loc} {eq}« {pri}»"),
    ("T29", "{loc} {eq} 쪽 {ph} 보임« {chat}»« {prip}»"),
    ("T30", "«{pri} 요청: »{loc} {eq} {ph} 건"),
    ("T31", "설비 {eq}, 장소 {loc}, 현상 {ph}«, 등급 {pri}»"),
    ("T32", "{loc}에 있는 {eq} {ph}«, {prip}»"),
    ("T33", "{eq} {ph} 확인 ({loc})«. {chat}»«. {pri}»"),
    ("T34", "** {loc} {eq} {ph} **« {pri}»"),
    ("T35", "{loc} {eq} {ph}!« {pri}!»"),
    ("T36", "오늘 {loc} {eq}에서 {ph} 확인됨«. {pri}»"),
    ("T37", "{loc} | {eq} | {ph}« | {pri}»« | {chat}»"),
    ("T38", "{eq}에서 {ph} 남. 위치: {loc}«. {pri}»"),
    ("T39", "{loc} {eq} 이상 - {ph}«, {prip}»"),
    ("T40", "«{chat} / »{loc} {eq} {ph} 조치 부탁«, {prip}»"),
]
# ~20% of the templates; only ever used for valid/test.
HELDOUT_TEMPLATE_IDS = ("T04", "T10", "T16", "T23", "T28", "T31", "T37", "T39")

CHATTER = [
    "확인 부탁드립니다", "야간조 발견", "어제부터 계속", "순찰 중 발견", "현장 확인 요망",
    "조치 부탁드립니다", "운전원 보고", "사진 첨부함", "재발함", "지난주에도 같은 증상",
    "교대 근무자 인계사항", "간헐적으로 발생", "작업허가 필요", "부품 수급 확인 필요",
    "담당자 연락 바랍니다", "주간조 발견", "계속 반복됨", "임시 조치 완료", "운전 중 확인",
    "협력사 통보 요망", "방금 발견", "오늘 아침부터", "순회점검 중 확인", "점검 바랍니다",
    "확인 좀 해주세요",
]
DEVICE_SUFFIXES = [" #1", " #2", " #3", " 1번", " 2번", " 3번", " A", " B", "-1", "-2"]

# Hangul jamo neighbours used for one-character typos (indices per Unicode composition).
_JUNG_NEIGHBOURS = {0: [2, 4], 1: [5], 2: [0], 4: [8, 0], 5: [1], 8: [4, 13], 13: [17, 18, 8],
                    17: [13], 18: [13, 20], 20: [18, 19], 19: [20], 6: [7], 7: [6]}
_JONG_NEIGHBOURS = {0: [4, 21], 1: [21, 0], 4: [21, 0, 8], 8: [4, 0], 16: [17, 0, 4], 17: [16, 0],
                    19: [20, 0], 20: [19, 0], 21: [4, 0], 27: [0]}


# ---------------------------------------------------------------------------
# Taxonomy
# ---------------------------------------------------------------------------
class Taxonomy:
    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            d = json.load(f)
        self.raw = d
        self.locations = list(d["locations"])
        self.types = [e["name"] for e in d["equipment_types"]]
        self.examples = {e["name"]: list(e["examples"]) for e in d["equipment_types"]}
        self.codes = [p["code"] for p in d["phenomenon_codes"]]
        self.meaning = {p["code"]: p["meaning"] for p in d["phenomenon_codes"]}
        self.priorities = list(d["priorities"])
        self.default_priority = d["default_priority"]
        self.pri_keywords = {p: list(v["keywords"]) for p, v in d["priority_expressions"].items()}
        self.pri_phrases = {p: list(v["phrases"]) for p, v in d["priority_expressions"].items()}
        # equipment "terms": the type name and all of its examples -> type
        self.eq_terms = {}
        for t in self.types:
            for term in [t] + self.examples[t]:
                self.eq_terms[term] = t

    def location_variants(self, loc):
        v = [loc]
        ns = loc.replace(" ", "")
        if ns != loc:
            v.append(ns)
        return v

    # --- the scanners define what "the mapping is learnable" means -------------
    def scan_locations(self, text):
        t = re.sub(r"\s+", "", text)
        return sorted({loc for loc in self.locations if loc.replace(" ", "") in t})

    def scan_types(self, text):
        return sorted({t for term, t in self.eq_terms.items() if term in text})

    def scan_codes(self, text):
        return sorted({c for c in self.codes if c in text})

    def scan_priorities(self, text):
        return sorted({p for p, kws in self.pri_keywords.items() for k in kws if k in text})

    def validate(self):
        """Static consistency of the taxonomy itself. Returns a list of problems."""
        errs = []
        def dup(name, xs):
            c = Counter(xs)
            for k, n in c.items():
                if n > 1:
                    errs.append(f"duplicate {name}: {k!r}")
        dup("location", self.locations)
        dup("equipment type", self.types)
        dup("equipment term", [x for t in self.types for x in [t] + self.examples[t]])
        dup("code", self.codes)
        dup("meaning", list(self.meaning.values()))
        dup("priority", self.priorities)
        for c in self.codes:
            if not re.fullmatch(r"[A-Z]{3}", c):
                errs.append(f"code not 3 uppercase letters: {c!r}")
        if self.default_priority not in self.priorities:
            errs.append("default_priority not in priorities")
        if sorted(self.pri_keywords) != sorted(self.priorities):
            errs.append("priority_expressions keys != priorities")
        for p in self.priorities:
            if p not in self.pri_keywords.get(p, []):
                errs.append(f"priority {p!r} is not among its own keywords")
            for ph in self.pri_phrases.get(p, []):
                if self.scan_priorities(ph) != [p]:
                    errs.append(f"priority phrase {ph!r} of {p!r} scans as {self.scan_priorities(ph)}")
        # equipment terms: a term of type A must not contain a term of type B
        for a, ta in self.eq_terms.items():
            for b, tb in self.eq_terms.items():
                if ta != tb and b in a:
                    errs.append(f"equipment term {a!r} ({ta}) contains {b!r} ({tb})")
        for loc in self.locations:
            if self.scan_locations(loc) != [loc]:
                errs.append(f"location {loc!r} scans as {self.scan_locations(loc)}")
        # no other vocabulary item may trigger a scanner of another field
        vocab = ([("location", x) for x in self.locations]
                 + [("equipment", x) for x in self.eq_terms]
                 + [("meaning", x) for x in self.meaning.values()]
                 + [("priority phrase", x) for p in self.priorities for x in self.pri_phrases[p]]
                 + [("chatter", x) for x in CHATTER]
                 + [("device suffix", x) for x in DEVICE_SUFFIXES])
        for kind, x in vocab:
            if kind != "location" and self.scan_locations(x):
                errs.append(f"{kind} {x!r} contains a location")
            if kind != "equipment" and self.scan_types(x):
                errs.append(f"{kind} {x!r} contains an equipment term")
            if self.scan_codes(x):
                errs.append(f"{kind} {x!r} contains a phenomenon code")
            if kind != "priority phrase" and self.scan_priorities(x):
                errs.append(f"{kind} {x!r} contains a priority keyword")
        return errs


def format_output(fields):
    return ", ".join(f"{k}: {fields[k]}" for k in FIELD_KEYS)


# ---------------------------------------------------------------------------
# Template parsing / rendering / matching
# ---------------------------------------------------------------------------
def parse_template(text):
    """-> list of nodes: ('lit', s) | ('slot', name) | ('choice', [s...]) | ('group', [nodes])"""
    def parse_seq(s, i, close):
        nodes, buf = [], []
        def flush():
            if buf:
                nodes.append(("lit", "".join(buf)))
                buf.clear()
        while i < len(s):
            c = s[i]
            if close and c == close:
                flush()
                return nodes, i + 1
            if c == "«":
                flush()
                sub, i = parse_seq(s, i + 1, "»")
                nodes.append(("group", sub))
                continue
            if c == "‹":
                flush()
                j = s.index("›", i)
                nodes.append(("choice", s[i + 1:j].split("|")))
                i = j + 1
                continue
            if c == "{":
                flush()
                j = s.index("}", i)
                nodes.append(("slot", s[i + 1:j]))
                i = j + 1
                continue
            buf.append(c)
            i += 1
        if close:
            raise ValueError(f"unclosed group in {s!r}")
        flush()
        return nodes, i
    nodes, _ = parse_seq(text, 0, None)
    return nodes


def _slots(nodes):
    out = []
    for n in nodes:
        if n[0] == "slot":
            out.append(n[1])
        elif n[0] == "group":
            out.extend(_slots(n[1]))
    return out


def group_kind(sub):
    s = set(_slots(sub))
    if s & {"pri", "prip"}:
        return "pri"
    if "chat" in s:
        return "chat"
    raise ValueError("optional group without pri/chat slot")


class Template:
    def __init__(self, tid, text):
        self.id, self.text = tid, text
        self.nodes = parse_template(text)
        slots = _slots(self.nodes)
        top = [n[1] for n in self.nodes if n[0] == "slot"]
        for s in ("loc", "eq", "ph"):
            if slots.count(s) != 1 or s not in top:
                raise ValueError(f"{tid}: slot {s} must occur exactly once, outside groups")
        if slots.count("pri") + slots.count("prip") != 1 or "pri" in top or "prip" in top:
            raise ValueError(f"{tid}: exactly one priority slot, inside an optional group")
        if slots.count("chat") > 1 or "chat" in top:
            raise ValueError(f"{tid}: at most one chatter slot, inside an optional group")
        for n in self.nodes:
            if n[0] == "group":
                group_kind(n[1])
        self.has_chat = "chat" in slots
        self.pri_slot = "pri" if "pri" in slots else "prip"
        self._regex = None

    def render(self, values, rng):
        def walk(nodes):
            out = []
            for n in nodes:
                if n[0] == "lit":
                    out.append(n[1])
                elif n[0] == "choice":
                    out.append(rng.choice(n[1]))
                elif n[0] == "slot":
                    out.append(values[n[1]])
                else:
                    if values.get(group_kind(n[1])) is not None:
                        out.append(walk(n[1]))
            return "".join(out)
        return walk(self.nodes)

    def regex(self, slot_res):
        if self._regex is None:
            def walk(nodes):
                out = []
                for n in nodes:
                    if n[0] == "lit":
                        out.append(re.escape(n[1]))
                    elif n[0] == "choice":
                        out.append("(?:" + "|".join(re.escape(x) for x in n[1]) + ")")
                    elif n[0] == "slot":
                        out.append("(?:" + slot_res[n[1]] + ")")
                    else:
                        out.append("(?:" + walk(n[1]) + ")?")
                return "".join(out)
            self._regex = re.compile(walk(self.nodes))
        return self._regex

    def required_literals(self):
        return [n[1].strip() for n in self.nodes if n[0] == "lit" and n[1].strip()]


TEMPLATE_OBJS = [Template(tid, txt) for tid, txt in TEMPLATES]
TEMPLATE_BY_ID = {t.id: t for t in TEMPLATE_OBJS}


def _alt(strings):
    return "|".join(re.escape(s) for s in sorted(set(strings), key=lambda s: (-len(s), s)))


# ---------------------------------------------------------------------------
# Typos (one character, Hangul syllables of chatter only)
# ---------------------------------------------------------------------------
def _compose(cho, jung, jong):
    return chr(0xAC00 + (cho * 21 + jung) * 28 + jong)


def typo_variants(phrase):
    """All one-character typos of a chatter phrase: drop / double a syllable or
    swap one vowel / final consonant for a neighbouring one. Sorted -> deterministic."""
    out = set()
    for i, ch in enumerate(phrase):
        o = ord(ch) - 0xAC00
        if not 0 <= o < 11172:
            continue
        cho, jung, jong = o // 588, (o % 588) // 28, o % 28
        out.add(phrase[:i] + phrase[i + 1:])
        out.add(phrase[:i] + ch + ch + phrase[i + 1:])
        for j2 in _JUNG_NEIGHBOURS.get(jung, []):
            out.add(phrase[:i] + _compose(cho, j2, jong) + phrase[i + 1:])
        for k2 in _JONG_NEIGHBOURS.get(jong, []):
            out.add(phrase[:i] + _compose(cho, jung, k2) + phrase[i + 1:])
    out.discard(phrase)
    return sorted(x for x in out if x.strip() and "  " not in x and x == x.strip())


# ---------------------------------------------------------------------------
# Generator
# ---------------------------------------------------------------------------
class Generator:
    def __init__(self, tax):
        self.tax = tax
        self.typos = {c: typo_variants(c) for c in CHATTER}
        all_chat = set(CHATTER)
        for v in self.typos.values():
            all_chat.update(v)
        types_re = _alt(tax.types)
        dev_re = _alt([x for t in tax.types for x in tax.examples[t]])
        suf_re = _alt(DEVICE_SUFFIXES)
        dev_s = f"(?:{dev_re})(?:{suf_re})?"
        meanings = _alt(tax.meaning.values())
        codes = _alt(tax.codes)
        self.slot_res = {
            "loc": _alt([v for loc in tax.locations for v in tax.location_variants(loc)]),
            "eq": (f"(?:{types_re}) {dev_s}|(?:{types_re})\\({dev_s}\\)|{dev_s}\\((?:{types_re})\\)"
                   f"|{dev_s}|(?:{types_re})"),
            "ph": (f"(?:{codes})\\((?:{meanings})\\)|(?:{meanings})\\((?:{codes})\\)"
                   f"|(?:{codes}) (?:{meanings})|(?:{meanings}) (?:{codes})|(?:{codes})"),
            "pri": _alt(tax.priorities),
            "prip": _alt([x for p in tax.priorities for x in tax.pri_phrases[p]]),
            "chat": _alt(all_chat),
        }

    # --- slot renderings ---------------------------------------------------
    def render_loc(self, rng, loc):
        if " " in loc and rng.random() < P_NOSPACE_LOC:
            return loc.replace(" ", "")
        return loc

    def render_eq(self, rng, t):
        dev = rng.choice(self.tax.examples[t])
        if rng.random() < P_DEVICE_NUM:
            dev += rng.choice(DEVICE_SUFFIXES)
        r = rng.random()
        if r < 0.25:
            return t
        if r < 0.60:
            return dev
        if r < 0.80:
            return f"{t} {dev}"
        if r < 0.90:
            return f"{dev}({t})"
        return f"{t}({dev})"

    def render_ph(self, rng, code):
        m = self.tax.meaning[code]
        r = rng.random()
        if r < 0.45:
            return code
        if r < 0.65:
            return f"{code}({m})"
        if r < 0.80:
            return f"{m}({code})"
        if r < 0.90:
            return f"{code} {m}"
        return f"{m} {code}"

    def render_chat(self, rng):
        c = rng.choice(CHATTER)
        if rng.random() < P_TYPO:
            c = rng.choice(self.typos[c])
        return c

    # --- validation of one row (used while generating and by --check) ------
    def row_problems(self, inp, fields):
        tax, p = self.tax, []
        if not MIN_LEN <= len(inp) <= MAX_LEN:
            p.append(f"length {len(inp)} outside [{MIN_LEN},{MAX_LEN}]")
        if inp != inp.strip() or "\n" in inp:
            p.append("leading/trailing whitespace or newline")
        if tax.scan_locations(inp) != [fields["위치"]]:
            p.append(f"location scan {tax.scan_locations(inp)} != {fields['위치']}")
        if tax.scan_types(inp) != [fields["설비유형"]]:
            p.append(f"equipment scan {tax.scan_types(inp)} != {fields['설비유형']}")
        if tax.scan_codes(inp) != [fields["현상코드"]]:
            p.append(f"code scan {tax.scan_codes(inp)} != {fields['현상코드']}")
        pris = tax.scan_priorities(inp)
        want = [fields["우선순위"]] if pris else [tax.default_priority]
        if (pris or [tax.default_priority]) != want or fields["우선순위"] not in want:
            p.append(f"priority scan {pris} vs {fields['우선순위']}")
        return p

    def matching_templates(self, inp, template_ids):
        out = []
        for tid in template_ids:
            t = TEMPLATE_BY_ID[tid]
            if all(lit in inp for lit in t.required_literals()) and t.regex(self.slot_res).fullmatch(inp):
                out.append(tid)
        return out

    # --- one split ----------------------------------------------------------
    def make_split(self, rng, split, n, template_ids, combos, forbidden_template_ids, seen):
        tax = self.tax
        rows, meta, rejects = [], [], Counter()
        attempts = 0
        while len(rows) < n:
            attempts += 1
            if attempts > n * 200:
                raise RuntimeError(f"{split}: cannot produce {n} rows ({dict(rejects)})")
            loc, t, code = rng.choice(combos)
            tpl = TEMPLATE_BY_ID[rng.choice(template_ids)]
            pri = rng.choice(tax.priorities) if rng.random() < P_PRIORITY else None
            values = {"loc": self.render_loc(rng, loc), "eq": self.render_eq(rng, t),
                      "ph": self.render_ph(rng, code), "pri": None, "chat": None}
            if pri is not None:
                if tpl.pri_slot == "prip" and rng.random() < P_PRIORITY_PHRASE:
                    values[tpl.pri_slot] = rng.choice(tax.pri_phrases[pri])
                else:
                    values[tpl.pri_slot] = pri
                values["pri"] = values[tpl.pri_slot]   # group condition key
            if tpl.has_chat and rng.random() < P_CHAT:
                values["chat"] = self.render_chat(rng)
            inp = tpl.render(values, rng)
            fields = {"위치": loc, "설비유형": t, "현상코드": code,
                      "우선순위": pri if pri is not None else tax.default_priority}
            if inp in seen:
                rejects["duplicate"] += 1
                continue
            if self.row_problems(inp, fields):
                rejects["invalid(" + self.row_problems(inp, fields)[0].split(" ")[0] + ")"] += 1
                continue
            if self.matching_templates(inp, forbidden_template_ids):
                rejects["matches other side's template"] += 1
                continue
            seen.add(inp)
            rows.append({"id": f"{split}-{len(rows):05d}", "input": inp,
                         "output": format_output(fields), "fields": fields})
            meta.append(tpl.id)
        return rows, meta, rejects


def split_combos(tax, seed):
    combos = [(loc, t, c) for loc in tax.locations for t in tax.types for c in tax.codes]
    rng = random.Random(f"{seed}:combos")
    shuffled = combos[:]
    rng.shuffle(shuffled)
    k = int(round(len(combos) * HELDOUT_COMBO_FRAC))
    held = shuffled[:k]
    valid_c = sorted(held[: k // 2])
    test_c = sorted(held[k // 2:])
    held_set = set(held)
    train_c = [c for c in combos if c not in held_set]
    return train_c, valid_c, test_c


def generate(args, tax):
    errs = tax.validate()
    if errs:
        raise SystemExit("taxonomy problems:\n  " + "\n  ".join(errs))
    gen = Generator(tax)
    train_t = [t.id for t in TEMPLATE_OBJS if t.id not in HELDOUT_TEMPLATE_IDS]
    held_t = [t.id for t in TEMPLATE_OBJS if t.id in HELDOUT_TEMPLATE_IDS]
    train_c, valid_c, test_c = split_combos(tax, args.seed)
    seen = set()
    out, meta, rejects = {}, {}, {}
    plan = [("train", args.n_train, train_t, train_c, held_t),
            ("valid", args.n_valid, held_t, valid_c, train_t),
            ("test", args.n_test, held_t, test_c, train_t)]
    for split, n, tids, combos, forbidden in plan:
        rng = random.Random(f"{args.seed}:{split}")
        out[split], meta[split], rejects[split] = gen.make_split(rng, split, n, tids, combos, forbidden, seen)
    info = {"train_templates": train_t, "heldout_templates": held_t,
            "combos": {"train": train_c, "valid": valid_c, "test": test_c}, "rejects": rejects}
    return out, meta, info, gen


def serialize(rows):
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")


def atomic_write(path, data):
    d = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp", dir=d)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


# ---------------------------------------------------------------------------
# Statistics (for README) - computed from the rows only
# ---------------------------------------------------------------------------
README_START, README_END = "<!-- counts:start -->", "<!-- counts:end -->"


def stats_markdown(rows_by_split, tax, info):
    L = []
    L.append("| split | rows | templates | (위치, 설비유형, 현상코드) combos in pool | distinct combos used | "
             "no priority mentioned | input length min/mean/max |")
    L.append("|---|---|---|---|---|---|---|")
    for s in SPLITS:
        rows = rows_by_split[s]
        lens = [len(r["input"]) for r in rows]
        used = {(r["fields"]["위치"], r["fields"]["설비유형"], r["fields"]["현상코드"]) for r in rows}
        nopri = sum(1 for r in rows if not tax.scan_priorities(r["input"]))
        ntpl = len(info["train_templates"]) if s == "train" else len(info["heldout_templates"])
        L.append(f"| {s} | {len(rows)} | {ntpl} | {len(info['combos'][s])} | {len(used)} | {nopri} | "
                 f"{min(lens)} / {sum(lens) / len(lens):.1f} / {max(lens)} |")
    L.append("")
    L.append("Label distribution (rows per value; every value occurs in train):")
    L.append("")
    for k, values in (("우선순위", tax.priorities), ("설비유형", tax.types)):
        L.append(f"| {k} | " + " | ".join(SPLITS) + " |")
        L.append("|---|" + "---|" * len(SPLITS))
        cnt = {s: Counter(r["fields"][k] for r in rows_by_split[s]) for s in SPLITS}
        for v in values:
            L.append(f"| {v} | " + " | ".join(str(cnt[s][v]) for s in SPLITS) + " |")
        L.append("")
    for k, values in (("위치", tax.locations), ("현상코드", tax.codes)):
        cnt = Counter(r["fields"][k] for r in rows_by_split["train"])
        L.append(f"- {k}: {len(values)} values, train rows per value min {min(cnt[v] for v in values)} / "
                 f"max {max(cnt[v] for v in values)}")
    L.append(f"- held-out templates ({len(info['heldout_templates'])} of {len(TEMPLATES)}): "
             + ", ".join(info["heldout_templates"]))
    return "\n".join(L) + "\n"


def update_readme(out_dir, block):
    path = os.path.join(out_dir, "README.md")
    if not os.path.exists(path):
        return False
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if README_START not in text or README_END not in text:
        return False
    a = text.index(README_START) + len(README_START)
    b = text.index(README_END)
    new = text[:a] + "\n" + block + text[b:]
    if new != text:
        atomic_write(path, new.encode("utf-8"))
    return True


# ---------------------------------------------------------------------------
# --check
# ---------------------------------------------------------------------------
def check(args, tax):
    problems = []
    def bad(msg):
        problems.append(msg)

    errs = tax.validate()
    for e in errs:
        bad("taxonomy: " + e)
    if errs:
        return problems
    expected, meta, info, gen = generate(args, tax)

    files, identical = {}, True
    for s in SPLITS:
        path = os.path.join(args.out, f"{s}.jsonl")
        if not os.path.exists(path):
            bad(f"{path} missing")
            return problems
        with open(path, "rb") as f:
            data = f.read()
        if data != serialize(expected[s]):
            identical = False
            bad(f"{s}.jsonl is not byte-identical to a fresh regeneration (seed {args.seed}, "
                f"n_train/valid/test {args.n_train}/{args.n_valid}/{args.n_test})")
        files[s] = [json.loads(line) for line in data.decode("utf-8").splitlines()]

    allowed = {"위치": set(tax.locations), "설비유형": set(tax.types),
               "현상코드": set(tax.codes), "우선순위": set(tax.priorities)}
    inputs = {}
    ids = set()
    for s in SPLITS:
        for r in files[s]:
            if set(r) != {"id", "input", "output", "fields"} or set(r["fields"]) != set(FIELD_KEYS):
                bad(f"{s} {r.get('id')}: wrong keys")
                continue
            if r["id"] in ids:
                bad(f"duplicate id {r['id']}")
            ids.add(r["id"])
            for k in FIELD_KEYS:
                if r["fields"][k] not in allowed[k]:
                    bad(f"{s} {r['id']}: {k}={r['fields'][k]!r} not in taxonomy")
            if r["output"] != format_output(r["fields"]):
                bad(f"{s} {r['id']}: output does not match fields")
            for p in gen.row_problems(r["input"], r["fields"]):
                bad(f"{s} {r['id']}: {p}: {r['input']!r}")
            if r["input"] in inputs:
                bad(f"input duplicated ({inputs[r['input']]} and {s} {r['id']}): {r['input']!r}")
            inputs[r["input"]] = f"{s} {r['id']}"

    # every single value must occur in train
    for k in FIELD_KEYS:
        missing = allowed[k] - {r["fields"][k] for r in files["train"]}
        if missing:
            bad(f"train lacks {k} values: {sorted(missing)}")

    # held-out combinations: absent from train; valid and test disjoint
    def combo(r):
        return (r["fields"]["위치"], r["fields"]["설비유형"], r["fields"]["현상코드"])

    used = {s: {combo(r) for r in files[s]} for s in SPLITS}
    if used["train"] & used["valid"]:
        bad(f"{len(used['train'] & used['valid'])} valid combos also in train")
    if used["train"] & used["test"]:
        bad(f"{len(used['train'] & used['test'])} test combos also in train")
    if used["valid"] & used["test"]:
        bad(f"{len(used['valid'] & used['test'])} combos shared by valid and test")
    held_c = set(info["combos"]["valid"]) | set(info["combos"]["test"])
    if used["train"] & held_c:
        bad("train uses a held-out combination")

    # held-out templates: recorded template of every row, and an independent regex test
    held_t, train_t = info["heldout_templates"], info["train_templates"]
    if len(held_t) < 0.15 * len(TEMPLATES) or len(TEMPLATES) < 30:
        bad(f"too few templates/held-out templates ({len(TEMPLATES)}/{len(held_t)})")
    for s in SPLITS:
        own, other = (train_t, held_t) if s == "train" else (held_t, train_t)
        if identical:   # the recorded template of each row is only known for the regenerated files
            for r, tid in zip(files[s], meta[s]):
                if tid not in own:
                    bad(f"{s} {r['id']}: produced by template {tid} from the wrong side")
                if tid not in gen.matching_templates(r["input"], [tid]):
                    bad(f"{s} {r['id']}: does not match its own template {tid}")
        for r in files[s]:
            if not gen.matching_templates(r["input"], own):
                bad(f"{s} {r['id']}: matches none of the {s} templates: {r['input']!r}")
            m = gen.matching_templates(r["input"], other)
            if m:
                bad(f"{s} {r['id']}: also matches {'held-out' if s == 'train' else 'train'} template(s) {m}: "
                    f"{r['input']!r}")
    if set(meta["train"]) & set(held_t) or set(meta["valid"] + meta["test"]) & set(train_t):
        bad("generator mixed train and held-out templates")

    # README counts block in sync
    rp = os.path.join(args.out, "README.md")
    if os.path.exists(rp):
        with open(rp, encoding="utf-8") as f:
            text = f.read()
        if README_START in text:
            block = text[text.index(README_START) + len(README_START):text.index(README_END)]
            if block.strip() != stats_markdown(files, tax, info).strip():
                bad("README.md counts block is stale (rerun generate.py)")

    print(f"checked {sum(len(v) for v in files.values())} rows "
          f"({', '.join(f'{s}={len(files[s])}' for s in SPLITS)}); "
          f"templates train/held-out {len(train_t)}/{len(held_t)}; "
          f"combos train/valid/test {len(info['combos']['train'])}/{len(info['combos']['valid'])}/"
          f"{len(info['combos']['test'])}")
    return problems


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", default=HERE)
    ap.add_argument("--taxonomy", default=os.path.join(HERE, "taxonomy.json"))
    ap.add_argument("--n_train", type=int, default=3000)
    ap.add_argument("--n_valid", type=int, default=300)
    ap.add_argument("--n_test", type=int, default=300)
    ap.add_argument("--check", action="store_true",
                    help="do not write; regenerate in memory and verify the files in --out (exit 1 on violation)")
    args = ap.parse_args(argv)
    tax = Taxonomy(args.taxonomy)

    if args.check:
        problems = check(args, tax)
        for p in problems[:50]:
            print("VIOLATION:", p)
        if problems:
            print(f"{len(problems)} violation(s)")
            return 1
        print("OK")
        return 0

    rows, meta, info, _ = generate(args, tax)
    os.makedirs(args.out, exist_ok=True)
    for s in SPLITS:
        data = serialize(rows[s])
        atomic_write(os.path.join(args.out, f"{s}.jsonl"), data)
        print(f"{s}.jsonl: {len(rows[s])} rows, sha256 {hashlib.sha256(data).hexdigest()[:16]}")
    for s in SPLITS:
        if info["rejects"][s]:
            print(f"  {s} rejected candidates: {dict(sorted(info['rejects'][s].items()))}")
    if update_readme(args.out, stats_markdown(rows, tax, info)):
        print("README.md counts block updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
