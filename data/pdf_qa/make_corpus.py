#!/usr/bin/env python3
"""Generate the Korean PDF-QA corpus: data/pdf_qa/pdfs/*.pdf and data/pdf_qa/qa.jsonl.

Run from the repository root:  python data/pdf_qa/make_corpus.py

Everything the PDFs say lives below as plain Python data (document -> sections -> sentences),
and every question/answer pair names its evidence by a substring of exactly one of those
sentences, so the evidence in qa.jsonl is the very text printed in the PDF.  The page of each
evidence sentence is recorded while reportlab lays the document out (each paragraph is kept
on one page), so the `page` field can never drift from the PDF.

Output is byte-for-byte reproducible (reportlab `invariant=1`, no timestamps, no randomness).
Needs: reportlab, pillow, koreanize-matplotlib (only for its bundled NanumGothic TTF, OFL-1.1).
"""
from __future__ import annotations

import importlib.util
import io
import json
import sys
import time
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
PDF_DIR = HERE / "pdfs"
QA_PATH = HERE / "qa.jsonl"
MANIFEST_PATH = HERE / "manifest.json"
NO_ANSWER = "제공된 문서에서 답을 찾을 수 없습니다."


# --------------------------------------------------------------------------- fonts
def find_fonts() -> tuple[Path, Path]:
    """NanumGothic regular/bold from the installed koreanize-matplotlib package (never the system)."""
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        sys.exit(
            "make_corpus.py: the NanumGothic font comes from the Python package 'koreanize-matplotlib'; "
            "install it first:  pip install koreanize-matplotlib==0.1.1"
        )
    font_dir = Path(list(spec.submodule_search_locations)[0]) / "fonts"
    regular, bold = font_dir / "NanumGothic.ttf", font_dir / "NanumGothicBold.ttf"
    for f in (regular, bold):
        if not f.is_file():
            sys.exit(f"make_corpus.py: {f.name} not found in {font_dir}; reinstall 'koreanize-matplotlib' "
                     "(pip install --force-reinstall koreanize-matplotlib==0.1.1)")
    return regular, bold


# --------------------------------------------------------------------------- layout
def build_pdf(doc: dict, fonts: tuple[Path, Path]) -> dict:
    """Lay out one document; return {sentence: page}, section start pages, page count, image page."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import (BaseDocTemplate, FrameBreak, Frame, KeepTogether,
                                    NextPageTemplate, PageBreak, PageTemplate, Paragraph, Spacer,
                                    Table, TableStyle)

    W, H = A4
    two_col = doc["layout"] == "two_column"
    body_size, leading = (11, 18) if two_col else (10.5, 17.5)
    st_title = ParagraphStyle("title", fontName="NanumGothicBold", fontSize=19, leading=25, spaceAfter=4)
    st_sub = ParagraphStyle("sub", fontName="NanumGothic", fontSize=9.5, leading=14,
                            textColor=colors.HexColor("#555555"), spaceAfter=14)
    st_head = ParagraphStyle("head", fontName="NanumGothicBold", fontSize=12.5 if two_col else 13.5,
                             leading=19, spaceBefore=8, spaceAfter=6, keepWithNext=1)
    st_body = ParagraphStyle("body", fontName="NanumGothic", fontSize=body_size, leading=leading,
                             spaceAfter=7)
    st_cell = ParagraphStyle("cell", fontName="NanumGothic", fontSize=9.5, leading=13)

    class Doc(BaseDocTemplate):
        def __init__(self, path):
            super().__init__(str(path), pagesize=A4, leftMargin=2.2 * cm, rightMargin=2.2 * cm,
                             topMargin=2.3 * cm, bottomMargin=2.2 * cm, invariant=1,
                             title=doc["title"], author=doc["publisher"], subject=doc["domain"],
                             creator="data/pdf_qa/make_corpus.py", producer="reportlab")
            self.sent_page: dict[str, int] = {}
            self.section_page: dict[int, int] = {}
            self.image_page = None

        def afterFlowable(self, fl):
            for s in getattr(fl, "_sents", ()):
                self.sent_page[s] = self.page
            if getattr(fl, "_section", None) is not None:
                self.section_page.setdefault(fl._section, self.page)
            if getattr(fl, "_image_page", False):
                self.image_page = self.page

    def header_footer(canv, d):
        canv.saveState()
        canv.setFont("NanumGothic", 8)
        canv.setFillColor(colors.HexColor("#777777"))
        canv.drawString(2.2 * cm, H - 1.4 * cm, f"{doc['publisher']} | {doc['title']}")
        canv.drawCentredString(W / 2, 1.2 * cm, f"- {d.page} -")
        canv.setStrokeColor(colors.HexColor("#BBBBBB"))
        canv.line(2.2 * cm, H - 1.55 * cm, W - 2.2 * cm, H - 1.55 * cm)
        canv.restoreState()

    out = PDF_DIR / f"{doc['name']}.pdf"
    d = Doc(out)
    fw, fh = d.width, d.height
    templates = []
    if two_col:
        gap, title_h = 0.8 * cm, 3.0 * cm
        cw = (fw - gap) / 2
        templates.append(PageTemplate("first", onPage=header_footer, frames=[
            Frame(d.leftMargin, d.bottomMargin + fh - title_h, fw, title_h, id="t"),
            Frame(d.leftMargin, d.bottomMargin, cw, fh - title_h, id="l1"),
            Frame(d.leftMargin + cw + gap, d.bottomMargin, cw, fh - title_h, id="r1")]))
        templates.append(PageTemplate("cols", onPage=header_footer, frames=[
            Frame(d.leftMargin, d.bottomMargin, cw, fh, id="l"),
            Frame(d.leftMargin + cw + gap, d.bottomMargin, cw, fh, id="r")]))
    else:
        templates.append(PageTemplate("first", onPage=header_footer,
                                      frames=[Frame(d.leftMargin, d.bottomMargin, fw, fh, id="f")]))
        templates.append(PageTemplate("cols", onPage=header_footer,
                                      frames=[Frame(d.leftMargin, d.bottomMargin, fw, fh, id="f")]))
    # image-only page: no header/footer, so the page has no text layer at all
    templates.append(PageTemplate("image", frames=[Frame(0, 0, W, H, 0, 0, 0, 0, id="img")]))
    d.addPageTemplates(templates)

    story = [NextPageTemplate("cols"),
             Paragraph(escape(doc["title"]), st_title),
             Paragraph(escape(doc["subtitle"]), st_sub)]
    if two_col:
        story.append(FrameBreak())

    for si, (heading, items) in enumerate(doc["sections"], start=1):
        if si > 1 and (not two_col or si in doc.get("page_break_before", ())):
            story.append(PageBreak())
        hp = Paragraph(escape(heading), st_head)
        hp._section = si
        story.append(hp)
        pending: list[str] = []

        def flush():
            if pending:
                p = Paragraph(escape(" ".join(pending)), st_body)
                p._sents = tuple(pending)
                story.append(KeepTogether([p]))
                pending.clear()

        for it in items:
            if isinstance(it, str):
                pending.append(it)
                if len(pending) == 3:
                    flush()
            elif isinstance(it, list):
                flush()
                pending.extend(it)
                flush()
            elif isinstance(it, dict) and "table" in it:
                flush()
                rows = it["table"]
                data = [[Paragraph(escape(c), st_cell) for c in r] for r in rows]
                t = Table(data, colWidths=[fw * w for w in it["widths"]], repeatRows=1)
                t.setStyle(TableStyle([
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#888888")),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E6ECF5")),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
                t._sents = tuple(" ".join(r) for r in rows)
                story += [Spacer(1, 4), Paragraph(escape(it["caption"]), st_cell), Spacer(1, 4),
                          KeepTogether([t]), Spacer(1, 10)]
            else:
                raise TypeError(f"{doc['name']}: unsupported item {it!r}")
        flush()

    if doc.get("image_appendix"):
        img = render_image_page(doc, fonts, W, H)
        img._image_page = True
        story += [NextPageTemplate("image"), PageBreak(), img]

    d.build(story)
    return {"sent_page": d.sent_page, "section_page": d.section_page, "pages": d.page,
            "image_page": d.image_page, "path": out}


def render_image_page(doc: dict, fonts: tuple[Path, Path], W: float, H: float):
    """Render the appendix text into a PNG with PIL (same font) -> a page without a text layer."""
    from PIL import Image as PILImage, ImageDraw, ImageFont
    from reportlab.platypus import Image

    dpi = 150
    px = lambda pt: int(round(pt * dpi / 72))  # noqa: E731
    img = PILImage.new("L", (px(W), px(H)), 255)
    draw = ImageDraw.Draw(img)
    f_body = ImageFont.truetype(str(fonts[0]), px(10.5))
    f_head = ImageFont.truetype(str(fonts[1]), px(15))
    f_small = ImageFont.truetype(str(fonts[0]), px(8))
    left, right, y = px(62), px(W - 62), px(40)
    draw.text((left, y), f"{doc['publisher']} | {doc['title']}", font=f_small, fill=110)
    y += px(30)
    title, sents = doc["image_appendix"]
    draw.text((left, y), title, font=f_head, fill=0)
    y += px(34)
    for para in sents:
        line = ""
        for word in para.split(" "):
            cand = f"{line} {word}".strip()
            if draw.textlength(cand, font=f_body) > right - left and line:
                draw.text((left, y), line, font=f_body, fill=0)
                y += px(18)
                line = word
            else:
                line = cand
        draw.text((left, y), line, font=f_body, fill=0)
        y += px(26)
    draw.text((px(W / 2) - px(12), px(H - 34)), "(스캔본)", font=f_small, fill=110)
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    buf.seek(0)
    return Image(buf, width=W - 2, height=H - 2)


# --------------------------------------------------------------------------- QA
def all_sentences(doc: dict) -> list[tuple[int, str]]:
    out = []
    for si, (_, items) in enumerate(doc["sections"], start=1):
        for it in items:
            if isinstance(it, str):
                out.append((si, it))
            elif isinstance(it, list):
                out += [(si, s) for s in it]
            else:
                out += [(si, " ".join(r)) for r in it["table"]]
    return out


def make_qa(doc: dict, layout: dict) -> list[dict]:
    sents = all_sentences(doc)
    rows = []
    for n, (key, q, a, diff, qtype) in enumerate(QA[doc["name"]], start=1):
        hits = [(si, s) for si, s in sents if key in s]
        if len(hits) != 1:
            raise SystemExit(f"{doc['name']} QA #{n}: evidence key {key!r} matches {len(hits)} sentences")
        si, s = hits[0]
        page = layout["sent_page"].get(s)
        if page is None:
            raise SystemExit(f"{doc['name']}: sentence was not laid out as one piece: {s!r}")
        assert page != layout["image_page"], "evidence may not sit on the image-only page"
        assert diff in ("easy", "medium", "hard") and qtype in QTYPES, (key, diff, qtype)
        rows.append({
            "id": f"{doc['prefix']}-{n:03d}", "question": q, "answer": a,
            "file": f"{doc['name']}.pdf", "page": page, "evidence": s,
            "section": f"{doc['name']}/{si}", "domain": doc["domain"], "difficulty": diff,
            "type": qtype, "split": doc["splits"].get(si, "train"), "answerable": True,
        })
    return rows


QTYPES = {"factual", "numeric", "procedure", "definition", "comparison", "reasoning"}


def main() -> int:
    t0 = time.perf_counter()
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    fonts = find_fonts()
    pdfmetrics.registerFont(TTFont("NanumGothic", str(fonts[0])))
    pdfmetrics.registerFont(TTFont("NanumGothicBold", str(fonts[1])))
    PDF_DIR.mkdir(parents=True, exist_ok=True)
    for old in PDF_DIR.glob("*.pdf"):
        if old.stem not in {d["name"] for d in DOCS}:
            old.unlink()

    qa_rows, manifest = [], []
    for doc in DOCS:
        lay = build_pdf(doc, fonts)
        qa_rows += make_qa(doc, lay)
        manifest.append({
            "file": f"{doc['name']}.pdf", "title": doc["title"], "domain": doc["domain"],
            "layout": doc["layout"], "pages": lay["pages"], "image_only_page": lay["image_page"],
            "sections": [{"section": f"{doc['name']}/{i}", "heading": h, "start_page": lay["section_page"][i],
                          "split": doc["splits"].get(i, "train")}
                         for i, (h, _) in enumerate(doc["sections"], start=1)],
        })
        print(f"  {doc['name']}.pdf: {lay['pages']} pages"
              + (f" (page {lay['image_page']} is image-only)" if lay["image_page"] else ""))
    for n, (q, domain, split) in enumerate(UNANSWERABLE, start=1):
        qa_rows.append({
            "id": f"none-{n:03d}", "question": q, "answer": NO_ANSWER, "file": None, "page": None,
            "evidence": None, "section": None, "domain": domain, "difficulty": "medium",
            "type": "unanswerable", "split": split, "answerable": False})

    with QA_PATH.open("w", encoding="utf-8", newline="\n") as f:
        for r in qa_rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    MANIFEST_PATH.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(DOCS)} PDFs ({sum(m['pages'] for m in manifest)} pages), "
          f"{len(qa_rows)} QA rows -> {QA_PATH.relative_to(HERE.parent.parent)} "
          f"in {time.perf_counter() - t0:.1f}s")
    return 0


# =========================================================================== documents
# Each document: sections = [(heading, [sentence | [sentences as one paragraph] | {table}])].
# splits: {section number: "validation" | "test"}; every other section is "train".
DOCS: list[dict] = []
QA: dict[str, list[tuple[str, str, str, str, str]]] = {}

# --------------------------------------------------------------------------- 1. lease guide
DOCS.append(dict(
    name="lease_guide", prefix="lease", domain="부동산", layout="single",
    title="주택임대차 계약 안내서", publisher="한빛시 주거복지센터",
    subtitle="한빛시 주거복지센터 발행 | 2024년 3월 개정판 | 세입자와 임대인을 위한 실무 안내",
    splits={4: "validation", 6: "test"},
    sections=[
        ("1. 안내서의 목적과 주요 용어", [
            "이 안내서는 한빛시에 거주하는 세입자가 주택을 빌릴 때 알아야 할 절차와 권리를 쉽게 설명하기 위해 만들었습니다.",
            "안내서의 내용은 주택임대차보호법의 일반 원칙을 요약한 것이며 개별 사건의 법률 자문을 대신하지 않습니다.",
            "임대차란 임대인이 주택을 사용하게 하고 임차인이 그 대가로 차임이나 보증금을 지급하기로 하는 계약을 말합니다.",
            "전세는 월 차임 없이 큰 금액의 보증금만 맡기는 방식이고, 월세는 보증금과 함께 매달 차임을 내는 방식입니다.",
            "확정일자란 주민센터나 법원 등 공공기관이 계약서에 그 날짜를 확인해 찍어 주는 날짜 도장을 뜻합니다.",
            "등기사항전부증명서는 건물의 소유자와 근저당 같은 권리관계를 보여 주는 공적 서류로, 흔히 등기부등본이라고 부릅니다.",
            "센터는 매주 화요일과 목요일 오후 2시부터 5시까지 무료 임대차 상담 창구를 운영합니다.",
            "상담을 원하는 시민은 방문 전날까지 전화 031-555-0142로 예약하면 대기 없이 상담을 받을 수 있습니다.",
        ]),
        ("2. 계약 전 확인 사항", [
            "계약서를 쓰기 전에는 반드시 계약 당일 발급한 등기사항전부증명서로 집주인이 실제 소유자인지 확인해야 합니다.",
            "갑구에는 소유권에 관한 사항이, 을구에는 근저당권이나 전세권처럼 소유권 외의 권리가 기록됩니다.",
            "근저당 채권최고액과 내 보증금을 더한 금액이 집값의 70퍼센트를 넘으면 보증금을 돌려받지 못할 위험이 크다고 봅니다.",
            "다가구주택은 먼저 입주한 다른 세입자들의 보증금 합계도 확인해야 하므로 임대인에게 확정일자 부여 현황을 요청하는 것이 좋습니다.",
            "임대인이 세금을 체납했는지 확인하려면 임대인의 동의를 받아 국세와 지방세 완납증명서를 열람할 수 있습니다.",
            "대리인과 계약할 때에는 소유자의 인감증명서가 첨부된 위임장을 확인하고, 소유자와 직접 통화해 계약 의사를 확인해야 합니다.",
            "건축물대장에서 위반건축물로 표시된 집은 전세자금대출이나 보증보험 가입이 거절될 수 있습니다.",
            "주변 시세보다 지나치게 낮은 보증금을 제시하는 매물은 허위 매물이거나 권리관계에 문제가 있을 가능성이 있으므로 특히 주의해야 합니다.",
        ]),
        ("3. 계약서 작성과 보증금 지급", [
            "계약서에는 임대인과 임차인의 인적 사항, 주택 주소, 보증금과 차임, 계약 기간, 특약 사항을 빠짐없이 적어야 합니다.",
            "계약금은 보통 보증금의 10퍼센트로 정하며, 중도금과 잔금의 지급 날짜도 계약서에 함께 적습니다.",
            "보증금은 현금으로 건네지 말고 반드시 등기부상 소유자 명의의 계좌로 이체해 지급 기록을 남겨야 합니다.",
            "잔금을 치르는 날에 등기사항전부증명서를 한 번 더 발급해 계약 이후 새로운 근저당이 설정되지 않았는지 확인합니다.",
            "특약 사항에는 잔금 지급일 다음 날까지 임대인이 새로운 담보를 설정하지 않는다는 내용을 넣는 것이 안전합니다.",
            "임차인이 계약금을 포기하면 계약을 해제할 수 있고, 임대인은 계약금의 두 배를 돌려주어야 계약을 해제할 수 있습니다.",
            "공인중개사를 통해 계약하면 중개사는 중개대상물 확인설명서를 작성해 서명한 뒤 임차인에게 교부해야 합니다.",
            "주택 임대차 계약을 맺은 날부터 30일 이내에 보증금과 차임 등을 관할 주민센터에 신고해야 하며, 이 신고를 하면 확정일자가 자동으로 부여됩니다.",
        ]),
        ("4. 대항력과 우선변제권", [
            "대항력이란 집주인이 바뀌더라도 새 소유자에게 임차권을 주장하며 계약 기간 동안 계속 살 수 있는 힘을 말합니다.",
            "임차인은 주택을 인도받고 전입신고를 마치면 그다음 날 오전 0시부터 대항력을 갖게 됩니다.",
            "우선변제권은 집이 경매나 공매로 넘어갔을 때 뒤 순위 권리자보다 먼저 보증금을 배당받을 수 있는 권리입니다.",
            "우선변제권을 얻으려면 대항력 요건에 더해 계약서에 확정일자를 받아 두어야 합니다.",
            "이사 당일 근저당이 함께 설정되면 근저당은 당일 효력이 생기고 세입자의 대항력은 다음 날 생기므로 근저당이 앞선 순위가 됩니다.",
            "소액임차인은 보증금 가운데 일정 금액을 다른 담보물권자보다 먼저 돌려받는 최우선변제를 받을 수 있습니다.",
            "최우선변제를 받으려면 경매개시결정 등기 전에 대항력 요건을 갖추어야 하며, 배당요구 종기일까지 배당을 요구해야 합니다.",
            "가족 전원이 아닌 일부만 다른 곳으로 주민등록을 옮기더라도 임차인 본인의 주민등록이 남아 있으면 대항력은 유지됩니다.",
        ]),
        ("5. 계약 기간과 갱신", [
            "기간을 정하지 않았거나 2년보다 짧게 정한 주택 임대차는 그 기간을 2년으로 봅니다.",
            "다만 임차인은 2년보다 짧게 정한 기간이 유효하다고 주장할 수 있어, 약정한 짧은 기간이 끝나면 이사를 갈 수 있습니다.",
            "임대인이 계약 만료 6개월 전부터 2개월 전까지 갱신 거절이나 조건 변경을 알리지 않으면 같은 조건으로 다시 계약한 것으로 봅니다.",
            "이렇게 묵시적으로 갱신된 경우 임차인은 언제든지 계약 해지를 통지할 수 있고, 임대인이 통지를 받은 날부터 3개월이 지나면 효력이 생깁니다.",
            "임차인은 계약갱신요구권을 한 번 행사할 수 있으며, 이때 갱신되는 임대차의 존속기간은 2년입니다.",
            "갱신요구권을 행사해 계약을 갱신할 때 차임이나 보증금의 증액은 기존 금액의 5퍼센트를 넘을 수 없습니다.",
            "임대인이나 그 직계가족이 실제로 거주하려는 경우에는 임차인의 갱신 요구를 거절할 수 있습니다.",
            "실거주를 이유로 갱신을 거절한 임대인이 갱신되었을 기간 안에 다른 사람에게 집을 빌려주면 임차인에게 손해를 배상해야 합니다.",
        ]),
        ("6. 계약 종료와 보증금 반환", [
            "계약이 끝나면 임대인은 보증금을 돌려주고 임차인은 집을 비워 주어야 하며, 두 의무는 동시에 이행하는 것이 원칙입니다.",
            "보증금을 돌려받지 못한 채 이사해야 한다면 먼저 임차권등기명령을 신청해 등기를 마친 뒤에 이사해야 기존 권리가 유지됩니다.",
            "임차권등기명령은 주택 소재지를 관할하는 지방법원, 지원 또는 시군 법원에 신청하며, 임대인의 동의는 필요하지 않습니다.",
            "임차권등기가 된 뒤에는 주민등록을 옮기더라도 이미 취득한 대항력과 우선변제권을 잃지 않습니다.",
            "보증금 반환이 늦어지면 내용증명으로 반환을 요구한 뒤 지급명령이나 보증금 반환 소송을 제기할 수 있습니다.",
            "전세보증금 반환보증에 가입했다면 계약 만료 후 1개월이 지나도 보증금을 받지 못했을 때 보증기관에 이행을 청구할 수 있습니다.",
            "원상회복 의무는 임차인이 설치한 시설을 없애는 것을 말하며, 시간이 지나 생긴 자연스러운 마모까지 고쳐 놓을 의무는 없습니다.",
            "분쟁이 생기면 주택임대차분쟁조정위원회에 조정을 신청할 수 있고, 조정 수수료는 소송 비용보다 훨씬 적습니다.",
        ]),
    ],
))
QA["lease_guide"] = [
    ("이 안내서는 한빛시에 거주하는", "이 안내서는 누구를 위해 어떤 목적으로 만들어졌나요?", "한빛시에 거주하는 세입자가 주택을 빌릴 때 알아야 할 절차와 권리를 쉽게 설명하기 위해 만들어졌습니다.", "easy", "factual"),
    ("법률 자문을 대신하지 않습니다", "이 안내서를 법률 자문으로 그대로 활용해도 되나요?", "아니요, 안내서는 주택임대차보호법의 일반 원칙을 요약한 것으로 개별 사건의 법률 자문을 대신하지 않습니다.", "medium", "reasoning"),
    ("전세는 월 차임 없이", "전세와 월세는 무엇이 다른가요?", "전세는 월 차임 없이 큰 금액의 보증금만 맡기는 방식이고, 월세는 보증금과 함께 매달 차임을 내는 방식입니다.", "medium", "comparison"),
    ("확정일자란", "확정일자는 무엇을 의미하나요?", "확정일자는 주민센터나 법원 같은 공공기관이 계약서에 그 날짜를 확인해 찍어 주는 날짜 도장입니다.", "easy", "definition"),
    ("흔히 등기부등본", "흔히 등기부등본이라고 부르는 서류의 정식 이름과 용도는 무엇인가요?", "정식 이름은 등기사항전부증명서이며, 건물의 소유자와 근저당 같은 권리관계를 보여 주는 공적 서류입니다.", "easy", "definition"),
    ("무료 임대차 상담 창구", "센터의 무료 임대차 상담은 언제 받을 수 있나요?", "매주 화요일과 목요일 오후 2시부터 5시까지 무료 상담 창구가 운영됩니다.", "easy", "factual"),
    ("031-555-0142", "대기 없이 상담을 받으려면 어떻게 예약해야 하나요?", "방문 전날까지 전화 031-555-0142로 예약하면 대기 없이 상담을 받을 수 있습니다.", "medium", "procedure"),
    ("계약 당일 발급한", "집주인이 진짜 소유자인지는 어떤 서류로 확인하나요?", "계약서를 쓰기 전에 계약 당일 발급한 등기사항전부증명서로 집주인이 실제 소유자인지 확인해야 합니다.", "easy", "procedure"),
    ("갑구에는", "등기부의 갑구와 을구에는 각각 어떤 내용이 적히나요?", "갑구에는 소유권에 관한 사항이, 을구에는 근저당권이나 전세권처럼 소유권 외의 권리가 기록됩니다.", "medium", "comparison"),
    ("70퍼센트", "집값이 3억 원이고 채권최고액이 1억 5천만 원인 집에 보증금 8천만 원으로 들어가면 위험한 편인가요?", "채권최고액과 보증금의 합 2억 3천만 원은 집값의 70퍼센트인 2억 1천만 원을 넘으므로 보증금을 돌려받지 못할 위험이 큰 경우로 봅니다.", "hard", "reasoning"),
    ("다가구주택은", "다가구주택을 계약할 때 임대인에게 추가로 요청하면 좋은 자료는 무엇인가요?", "먼저 입주한 다른 세입자들의 보증금 합계를 확인하기 위해 임대인에게 확정일자 부여 현황을 요청하는 것이 좋습니다.", "medium", "procedure"),
    ("완납증명서", "임대인의 세금 체납 여부는 어떻게 알아볼 수 있나요?", "임대인의 동의를 받아 국세와 지방세 완납증명서를 열람하면 체납 여부를 확인할 수 있습니다.", "medium", "procedure"),
    ("인감증명서가 첨부된 위임장", "집주인 대신 대리인이 나왔을 때 무엇을 확인해야 하나요?", "소유자의 인감증명서가 첨부된 위임장을 확인하고, 소유자와 직접 통화해 계약 의사를 확인해야 합니다.", "medium", "procedure"),
    ("위반건축물", "건축물대장에 위반건축물로 표시된 집을 계약하면 어떤 불이익이 있을 수 있나요?", "전세자금대출이나 보증보험 가입이 거절될 수 있습니다.", "medium", "factual"),
    ("계약금은 보통", "계약금은 보통 보증금의 얼마로 정하나요?", "계약금은 보통 보증금의 10퍼센트로 정합니다.", "easy", "numeric"),
    ("현금으로 건네지 말고", "보증금은 어떤 방식으로 지급하는 것이 안전한가요?", "현금 대신 등기부상 소유자 명의의 계좌로 이체해 지급 기록을 남겨야 합니다.", "easy", "procedure"),
    ("잔금을 치르는 날에", "잔금 지급일에 등기부를 다시 떼어 보는 이유는 무엇인가요?", "계약 이후 새로운 근저당이 설정되지 않았는지 확인하기 위해서입니다.", "medium", "reasoning"),
    ("계약금의 두 배", "계약을 해제하려면 임차인과 임대인은 각각 어떻게 해야 하나요?", "임차인은 계약금을 포기하면 되고, 임대인은 계약금의 두 배를 돌려주어야 계약을 해제할 수 있습니다.", "hard", "comparison"),
    ("30일 이내", "임대차 계약 신고는 언제까지 해야 하고, 신고하면 무엇이 따라오나요?", "계약일부터 30일 이내에 관할 주민센터에 신고해야 하며, 신고하면 확정일자가 자동으로 부여됩니다.", "medium", "numeric"),
    ("그다음 날 오전 0시부터", "전입신고를 한 세입자는 언제부터 대항력을 갖나요?", "주택을 인도받고 전입신고를 마치면 그다음 날 오전 0시부터 대항력이 생깁니다.", "easy", "factual"),
    ("대항력 요건에 더해", "우선변제권을 얻기 위해 대항력 외에 무엇이 더 필요한가요?", "대항력 요건에 더해 계약서에 확정일자를 받아 두어야 합니다.", "medium", "procedure"),
    ("이사 당일 근저당이", "이사하는 날 같은 날짜로 근저당이 잡히면 세입자와 근저당 중 누가 앞서나요?", "근저당은 당일 효력이 생기지만 세입자의 대항력은 다음 날 생기므로 근저당이 앞선 순위가 됩니다.", "hard", "reasoning"),
    ("배당요구 종기일", "소액임차인이 최우선변제를 받기 위한 조건은 무엇인가요?", "경매개시결정 등기 전에 대항력 요건을 갖추고, 배당요구 종기일까지 배당을 요구해야 합니다.", "hard", "procedure"),
    ("2년보다 짧게 정한 주택 임대차는", "임대차 기간을 1년으로 정했다면 법적으로 기간은 어떻게 되나요?", "2년보다 짧게 정한 주택 임대차는 그 기간을 2년으로 봅니다.", "easy", "numeric"),
    ("6개월 전부터 2개월 전까지", "임대인이 언제까지 갱신 거절을 알리지 않으면 계약이 자동으로 갱신되나요?", "계약 만료 6개월 전부터 2개월 전까지 갱신 거절이나 조건 변경을 알리지 않으면 같은 조건으로 다시 계약한 것으로 봅니다.", "medium", "numeric"),
    ("통지를 받은 날부터 3개월", "묵시적으로 갱신된 계약을 임차인이 해지하면 언제 효력이 생기나요?", "임차인은 언제든지 해지를 통지할 수 있고, 임대인이 통지를 받은 날부터 3개월이 지나면 효력이 생깁니다.", "medium", "numeric"),
    ("5퍼센트를 넘을 수 없습니다", "갱신요구권으로 계약을 연장할 때 보증금 4억 원은 최대 얼마까지 올릴 수 있나요?", "증액은 기존 금액의 5퍼센트를 넘을 수 없으므로 최대 2천만 원을 올린 4억 2천만 원까지입니다.", "hard", "reasoning"),
    ("다른 사람에게 집을 빌려주면", "실거주를 이유로 갱신을 거절한 집주인이 곧바로 다른 사람에게 세를 주면 어떻게 되나요?", "갱신되었을 기간 안에 다른 사람에게 집을 빌려주면 임대인은 임차인에게 손해를 배상해야 합니다.", "hard", "reasoning"),
    ("임차권등기명령을 신청해", "보증금을 못 받은 상태에서 이사를 가야 하면 무엇을 먼저 해야 하나요?", "임차권등기명령을 신청해 등기를 마친 뒤에 이사해야 기존 권리가 유지됩니다.", "medium", "procedure"),
    ("임대인의 동의는 필요하지 않습니다", "임차권등기명령은 어디에 신청하며 집주인의 동의가 필요한가요?", "주택 소재지를 관할하는 지방법원, 지원 또는 시군 법원에 신청하며, 임대인의 동의는 필요하지 않습니다.", "medium", "factual"),
    ("계약 만료 후 1개월이", "반환보증에 가입한 세입자는 언제 보증기관에 보증금 지급을 청구할 수 있나요?", "계약 만료 후 1개월이 지나도 보증금을 받지 못했을 때 보증기관에 이행을 청구할 수 있습니다.", "medium", "numeric"),
    ("자연스러운 마모", "오래 살아서 벽지가 자연스럽게 바랜 것도 세입자가 원상복구해야 하나요?", "아니요, 원상회복 의무는 임차인이 설치한 시설을 없애는 것이며 시간이 지나 생긴 자연스러운 마모까지 고칠 의무는 없습니다.", "hard", "reasoning"),
]

# --------------------------------------------------------------------------- 2. work rules
DOCS.append(dict(
    name="work_rules", prefix="rules", domain="인사", layout="single",
    title="주식회사 새벽소프트 취업규칙", publisher="주식회사 새벽소프트 인사팀",
    subtitle="주식회사 새벽소프트 | 2024년 1월 1일 시행 | 제정 2019년 7월 1일, 개정 제5차",
    splits={3: "validation", 5: "test"},
    sections=[
        ("제1장 총칙", [
            ["제1조(목적) 이 규칙은 주식회사 새벽소프트에 근무하는 직원의 채용, 복무, 근로조건과 그 밖의 인사에 관한 사항을 정함을 목적으로 한다."],
            ["제2조(적용 범위) 이 규칙은 회사와 근로계약을 맺은 모든 직원에게 적용하며, 단시간 근로자와 기간제 근로자에게는 별도 규정이 있으면 그 규정을 우선 적용한다."],
            ["제3조(용어의 정의) 이 규칙에서 수습 직원이란 최초 입사 후 3개월의 수습 기간 중에 있는 직원을 말한다.", "이 규칙에서 부서장이란 팀 단위 이상 조직의 장으로서 소속 직원의 근태를 승인할 권한이 있는 사람을 말한다."],
            ["제4조(규칙의 공개) 회사는 이 규칙을 사내 인트라넷 게시판에 상시 게시하고, 개정할 때에는 시행일 14일 전까지 그 내용을 공지한다."],
            ["제5조(차별 금지) 회사는 성별, 나이, 종교, 출신 지역, 장애를 이유로 채용, 임금, 승진에서 직원을 차별하지 않는다."],
        ]),
        ("제2장 채용과 수습", [
            ["제6조(채용 서류) 채용이 확정된 사람은 입사일부터 7일 이내에 주민등록초본, 최종학교 졸업증명서, 경력증명서를 인사팀에 제출한다."],
            ["제7조(수습 기간) 신규 채용자는 입사일부터 3개월간 수습 기간을 두며, 수습 기간 중 급여는 정상 급여의 100퍼센트를 지급한다.", "경력 3년 이상인 경력직 채용자는 부서장의 요청과 인사팀장의 승인을 받아 수습 기간을 1개월로 줄일 수 있다."],
            ["제8조(수습 평가) 부서장은 수습 기간이 끝나기 2주 전까지 수습 평가서를 작성하여 인사팀에 제출하여야 한다.", "수습 평가에서 100점 만점에 60점 미만을 받은 직원은 1회에 한하여 수습 기간을 1개월 연장할 수 있다."],
            ["제9조(인사 기록) 직원은 주소, 연락처, 가족관계 등 인사 기록의 내용이 바뀐 경우 변경일부터 14일 이내에 인사 시스템에 직접 수정하여야 한다."],
        ]),
        ("제3장 근무 시간과 휴게", [
            ["제10조(근무 시간) 1주 근무 시간은 휴게 시간을 제외하고 40시간으로 하며, 1일 근무 시간은 8시간을 원칙으로 한다."],
            ["제11조(시차출근제) 직원은 오전 8시부터 10시 사이에 30분 단위로 출근 시각을 선택할 수 있으며, 선택한 출근 시각은 한 달 단위로 변경할 수 있다.", "핵심 근무 시간은 오전 10시부터 오후 4시까지로 하며, 이 시간에는 모든 직원이 업무에 참여할 수 있어야 한다."],
            ["제12조(휴게 시간) 점심 휴게 시간은 낮 12시부터 오후 1시까지 1시간으로 하되, 업무 사정에 따라 부서장의 승인을 받아 30분 범위에서 앞당기거나 늦출 수 있다."],
            ["제13조(연장 근무) 연장 근무는 사전에 부서장의 승인을 받아야 하며, 1주 12시간을 넘을 수 없다.", "연장 근무와 야간 근무에 대해서는 통상임금의 50퍼센트를 가산하여 지급하고, 오후 10시부터 다음 날 오전 6시까지의 근무를 야간 근무로 본다."],
            ["제14조(재택 근무) 입사 후 6개월이 지난 직원은 주 2일 이내에서 재택 근무를 신청할 수 있으며, 재택 근무일은 전날 오후 5시까지 근태 시스템에 등록한다."],
        ]),
        ("제4장 휴가와 휴직", [
            ["제15조(연차 휴가) 1년간 80퍼센트 이상 출근한 직원에게는 15일의 유급 연차 휴가를 주며, 3년 이상 근속한 직원에게는 최초 1년을 넘는 근속 2년마다 1일을 더한다.", "가산 휴가를 포함한 연차 휴가의 총일수는 25일을 한도로 한다."],
            ["제16조(휴가 신청) 연차 휴가는 사용 예정일 3일 전까지 신청하여야 하며, 반일 휴가는 오전 또는 오후 4시간 단위로 사용할 수 있다."],
            ["제17조(경조 휴가) 본인 결혼 시에는 5일, 자녀 결혼 시에는 1일, 배우자 출산 시에는 10일의 유급 경조 휴가를 준다.", "부모 또는 배우자의 사망 시에는 5일, 조부모의 사망 시에는 3일의 경조 휴가를 준다."],
            ["제18조(병가) 업무 외 질병으로 치료가 필요한 직원은 연간 30일 이내에서 병가를 받을 수 있으며, 연속 3일 이상 사용할 때에는 진단서를 제출하여야 한다."],
            ["제19조(육아휴직) 만 8세 이하 또는 초등학교 2학년 이하의 자녀를 둔 직원은 자녀 1명당 최대 1년의 육아휴직을 신청할 수 있다."],
        ]),
        ("제5장 임금과 복리후생", [
            ["제20조(임금 지급) 임금은 매월 1일부터 말일까지를 계산 기간으로 하여 다음 달 10일에 직원 명의의 계좌로 지급하며, 지급일이 휴일이면 그 전날에 지급한다."],
            ["제21조(성과급) 성과급은 회사의 연간 영업이익 목표를 달성한 경우에 한하여 다음 해 3월에 지급하며, 개인 평가 등급에 따라 기본급의 0퍼센트에서 200퍼센트까지 차등 지급한다."],
            ["제22조(자기계발비) 회사는 근속 1년 이상 직원에게 도서 구입, 외국어 학습, 자격증 응시료 용도로 연간 120만 원 한도의 자기계발비를 지원한다."],
            ["제23조(건강검진) 모든 직원은 연 1회 회사가 지정한 병원에서 종합건강검진을 받을 수 있으며, 만 40세 이상 직원은 위 내시경 검사를 추가로 받을 수 있다."],
            ["제24조(식대) 회사는 근무일 기준으로 1일 1만 원의 식대를 매월 급여와 함께 지급한다."],
        ]),
        ("제6장 징계와 퇴직", [
            ["제25조(징계의 종류) 징계는 견책, 감봉, 정직, 해고의 네 가지로 하며, 감봉은 1회 금액이 1일 평균임금의 절반을 넘지 못한다."],
            ["제26조(징계 절차) 징계는 인사위원회의 의결을 거쳐 결정하며, 회사는 위원회 개최 7일 전까지 징계 대상자에게 출석과 소명 기회를 서면으로 통지한다."],
            ["제27조(재심 청구) 징계 처분에 이의가 있는 직원은 처분 통지를 받은 날부터 10일 이내에 재심을 청구할 수 있다."],
            ["제28조(퇴직 절차) 자발적으로 퇴직하려는 직원은 퇴직 희망일 30일 전까지 사직서를 제출하고, 퇴직일까지 업무 인수인계를 마쳐야 한다."],
            ["제29조(퇴직금) 1년 이상 계속 근무한 직원이 퇴직하면 계속근로기간 1년에 대하여 30일분 이상의 평균임금을 퇴직금으로 지급한다.", "퇴직금은 퇴직일부터 14일 이내에 지급하며, 당사자 간 합의가 있으면 지급 기일을 연장할 수 있다."],
        ]),
    ],
))
QA["work_rules"] = [
    ("제1조(목적)", "새벽소프트 취업규칙은 무엇을 정하기 위해 만들어졌나요?", "직원의 채용, 복무, 근로조건과 그 밖의 인사에 관한 사항을 정하기 위한 규칙입니다(제1조).", "easy", "factual"),
    ("단시간 근로자와 기간제", "기간제 근로자에게 별도 규정이 있을 때 취업규칙과 어느 쪽이 먼저 적용되나요?", "단시간 근로자와 기간제 근로자에게 별도 규정이 있으면 그 규정이 우선 적용됩니다(제2조).", "medium", "reasoning"),
    ("수습 직원이란", "취업규칙에서 말하는 수습 직원의 정의는 무엇인가요?", "수습 직원은 최초 입사 후 3개월의 수습 기간 중에 있는 직원을 말합니다(제3조).", "easy", "definition"),
    ("부서장이란", "부서장은 어떤 사람을 가리키나요?", "부서장은 팀 단위 이상 조직의 장으로서 소속 직원의 근태를 승인할 권한이 있는 사람입니다.", "easy", "definition"),
    ("시행일 14일 전까지", "회사가 취업규칙을 바꿀 때는 언제까지 알려야 하나요?", "개정 시 시행일 14일 전까지 그 내용을 공지해야 하며, 규칙은 사내 인트라넷 게시판에 상시 게시됩니다(제4조).", "medium", "numeric"),
    ("입사일부터 7일 이내에", "합격자가 입사 후 인사팀에 내야 하는 서류와 기한은 무엇인가요?", "입사일부터 7일 이내에 주민등록초본, 최종학교 졸업증명서, 경력증명서를 인사팀에 제출해야 합니다(제6조).", "medium", "procedure"),
    ("정상 급여의 100퍼센트", "수습 기간 동안 급여가 깎이나요?", "아니요, 수습 기간 3개월 동안에도 정상 급여의 100퍼센트를 지급합니다(제7조).", "easy", "numeric"),
    ("경력 3년 이상인 경력직", "경력 5년인 경력직 입사자는 수습 기간을 줄일 수 있나요?", "경력 3년 이상이므로 부서장의 요청과 인사팀장의 승인을 받으면 수습 기간을 1개월로 줄일 수 있습니다.", "hard", "reasoning"),
    ("2주 전까지 수습 평가서", "수습 평가서는 누가 언제까지 제출하나요?", "부서장이 수습 기간이 끝나기 2주 전까지 수습 평가서를 작성해 인사팀에 제출해야 합니다(제8조).", "medium", "procedure"),
    ("60점 미만", "수습 평가에서 55점을 받은 직원은 어떻게 될 수 있나요?", "60점 미만이므로 1회에 한해 수습 기간을 1개월 연장할 수 있습니다.", "hard", "reasoning"),
    ("변경일부터 14일 이내에 인사 시스템", "이사를 해서 주소가 바뀌면 언제까지 어떻게 알려야 하나요?", "변경일부터 14일 이내에 직원이 인사 시스템에서 직접 수정해야 합니다(제9조).", "medium", "procedure"),
    ("제10조(근무 시간)", "새벽소프트의 주당 근무 시간은 몇 시간인가요?", "휴게 시간을 제외하고 1주 40시간이며, 1일 8시간 근무가 원칙입니다(제10조).", "easy", "numeric"),
    ("30분 단위로 출근 시각", "시차출근제에서 출근 시각은 어떻게 정하나요?", "오전 8시부터 10시 사이에서 30분 단위로 출근 시각을 고를 수 있고, 한 달 단위로 바꿀 수 있습니다(제11조).", "medium", "procedure"),
    ("핵심 근무 시간은", "모든 직원이 반드시 일할 수 있어야 하는 시간대는 언제인가요?", "핵심 근무 시간인 오전 10시부터 오후 4시까지는 모든 직원이 업무에 참여할 수 있어야 합니다.", "easy", "factual"),
    ("1주 12시간을 넘을 수 없다", "연장 근무는 어떤 절차가 필요하고 주당 최대 몇 시간까지 가능한가요?", "사전에 부서장의 승인을 받아야 하며 1주 12시간을 넘을 수 없습니다(제13조).", "medium", "numeric"),
    ("통상임금의 50퍼센트를 가산", "밤 11시에 일한 시간은 어떻게 보상받나요?", "오후 10시부터 다음 날 오전 6시까지는 야간 근무이므로 통상임금의 50퍼센트를 가산해 지급받습니다.", "hard", "reasoning"),
    ("주 2일 이내에서 재택", "입사 4개월 차 직원도 재택 근무를 신청할 수 있나요?", "아니요, 재택 근무는 입사 후 6개월이 지난 직원만 주 2일 이내에서 신청할 수 있습니다(제14조).", "hard", "reasoning"),
    ("25일을 한도로", "연차 휴가는 최대 며칠까지 늘어날 수 있나요?", "가산 휴가를 포함한 연차 휴가 총일수는 25일이 한도입니다.", "easy", "numeric"),
    ("사용 예정일 3일 전까지", "연차 휴가 신청 기한과 반차 사용 단위는 어떻게 되나요?", "사용 예정일 3일 전까지 신청해야 하며, 반일 휴가는 오전 또는 오후 4시간 단위로 쓸 수 있습니다(제16조).", "medium", "procedure"),
    ("배우자 출산 시에는 10일", "본인 결혼과 배우자 출산 중 어느 경우에 경조 휴가가 더 긴가요?", "본인 결혼은 5일, 배우자 출산은 10일이므로 배우자 출산 휴가가 더 깁니다(제17조).", "hard", "comparison"),
    ("진단서를 제출하여야", "병가를 4일 연속 쓰려면 무엇이 필요한가요?", "연속 3일 이상 병가를 쓸 때는 진단서를 제출해야 하며, 병가는 연간 30일 이내에서 받을 수 있습니다(제18조).", "medium", "procedure"),
    ("초등학교 2학년 이하", "육아휴직은 어떤 자녀를 둔 직원이 얼마나 쓸 수 있나요?", "만 8세 이하 또는 초등학교 2학년 이하 자녀를 둔 직원이 자녀 1명당 최대 1년까지 쓸 수 있습니다(제19조).", "medium", "numeric"),
    ("다음 달 10일에", "월급날이 휴일과 겹치면 급여는 언제 들어오나요?", "임금은 다음 달 10일에 지급하며, 지급일이 휴일이면 그 전날 지급합니다(제20조).", "medium", "reasoning"),
    ("0퍼센트에서 200퍼센트", "성과급은 언제, 어떤 범위로 지급되나요?", "연간 영업이익 목표를 달성한 경우에만 다음 해 3월에 개인 평가 등급에 따라 기본급의 0~200퍼센트로 차등 지급합니다(제21조).", "medium", "numeric"),
    ("120만 원 한도", "자기계발비 지원 한도와 대상은 어떻게 되나요?", "근속 1년 이상 직원에게 도서, 외국어 학습, 자격증 응시료 용도로 연간 120만 원 한도에서 지원합니다(제22조).", "easy", "numeric"),
    ("위 내시경", "만 45세 직원이 받을 수 있는 건강검진 혜택은 무엇인가요?", "연 1회 지정 병원 종합건강검진을 받을 수 있고, 만 40세 이상이므로 위 내시경 검사도 추가로 받을 수 있습니다.", "hard", "reasoning"),
    ("1일 1만 원의 식대", "식대는 얼마나, 어떻게 지급되나요?", "근무일 기준 1일 1만 원의 식대가 매월 급여와 함께 지급됩니다(제24조).", "easy", "numeric"),
    ("견책, 감봉, 정직, 해고", "징계에는 어떤 종류가 있나요?", "징계는 견책, 감봉, 정직, 해고의 네 가지입니다(제25조).", "easy", "factual"),
    ("개최 7일 전까지", "징계 대상자에게는 언제까지 소명 기회를 알려야 하나요?", "인사위원회 개최 7일 전까지 출석과 소명 기회를 서면으로 통지해야 합니다(제26조).", "medium", "procedure"),
    ("10일 이내에 재심", "징계 결과에 불복하는 직원은 어떻게 할 수 있나요?", "처분 통지를 받은 날부터 10일 이내에 재심을 청구할 수 있습니다(제27조).", "medium", "procedure"),
    ("퇴직 희망일 30일 전까지", "회사를 그만두려면 언제까지 사직서를 내야 하나요?", "퇴직 희망일 30일 전까지 사직서를 제출하고 퇴직일까지 인수인계를 마쳐야 합니다(제28조).", "easy", "procedure"),
    ("퇴직일부터 14일 이내에 지급", "퇴직금은 퇴직 후 언제까지 받을 수 있나요?", "퇴직금은 퇴직일부터 14일 이내에 지급되며, 당사자 간 합의가 있으면 지급 기일을 연장할 수 있습니다(제29조).", "medium", "numeric"),
]

# --------------------------------------------------------------------------- 3. equipment manual
DOCS.append(dict(
    name="equipment_manual", prefix="manual", domain="설비", layout="single",
    title="AHU-700 공조기 점검 및 고장 대응 매뉴얼", publisher="대한기계설비 기술지원부",
    subtitle="대한기계설비 기술지원부 | 문서번호 TM-AHU700-03 | 2023년 11월 | 시설 관리자용",
    splits={2: "validation", 6: "test"},
    sections=[
        ("1. 장비 개요와 안전 수칙", [
            "AHU-700은 사무용 건물의 외기를 걸러 온도와 습도를 맞춘 뒤 실내로 공급하는 공기조화기입니다.",
            "장비는 외기 댐퍼, 프리필터, 중성능 필터, 냉온수 코일, 가습기, 급기 팬으로 구성됩니다.",
            "정격 풍량은 시간당 7,000세제곱미터이고, 급기 팬 모터의 정격 출력은 7.5킬로와트입니다.",
            "점검을 시작하기 전에는 반드시 주 전원 차단기를 내리고 잠금 장치와 작업 중 표지를 부착해야 합니다.",
            "팬이 완전히 멈출 때까지 최소 3분을 기다린 뒤 점검 문을 열어야 회전체에 의한 사고를 막을 수 있습니다.",
            "코일 세척 작업을 할 때에는 보안경과 내화학 장갑을 착용하고 세척제는 중성 세척제만 사용합니다.",
            "2인 1조 작업이 원칙이며, 밀폐된 기계실에서는 작업 전 산소 농도가 18퍼센트 이상인지 측정합니다.",
        ]),
        ("2. 일상 점검", [
            "일상 점검은 매일 오전 9시 운전 시작 후 30분 이내에 실시하고 결과를 점검 일지에 기록합니다.",
            "급기 온도는 냉방기에 14도에서 16도, 난방기에 30도에서 35도 범위에 있는지 확인합니다.",
            "필터 차압계의 값이 150파스칼을 넘으면 프리필터가 막힌 것으로 보고 청소 또는 교체를 준비합니다.",
            "팬 베어링에서 금속 마찰음이 들리거나 진동이 평소보다 커지면 즉시 운전을 멈추고 기술지원부에 연락합니다.",
            "응축수 배수구에 물이 고여 있으면 배수 트랩이 막혔을 수 있으므로 트랩을 분리해 이물질을 제거합니다.",
            "가습기 급수 밸브 주변에 물방울이 맺혀 있으면 패킹 누수를 의심하고 밸브 조임 상태를 확인합니다.",
            "점검 일지는 최소 3년간 보관해야 하며, 전자 일지를 쓰는 경우 월 1회 백업합니다.",
        ]),
        ("3. 정기 점검 주기", [
            "프리필터는 2주마다 압축 공기로 청소하고, 3개월마다 새 필터로 교체합니다.",
            "중성능 필터는 청소하지 않고 6개월마다 교체하며, 교체 시에는 필터 틀의 밀봉 상태도 함께 확인합니다.",
            "팬 벨트는 월 1회 장력을 점검하며, 벨트 중앙을 손가락으로 눌렀을 때 10에서 15밀리미터 처지면 정상입니다.",
            "벨트 표면에 균열이 보이거나 사용 시간이 8,000시간을 넘으면 장력과 관계없이 교체합니다.",
            "모터 베어링에는 6개월마다 지정 그리스를 20그램씩 주입하고, 과다 주입하면 과열될 수 있으니 주의합니다.",
            "냉온수 코일은 연 2회, 냉방 시작 전인 4월과 난방 시작 전인 10월에 세척합니다.",
            "댐퍼 구동기는 분기마다 전개와 전폐 동작을 시험해 개도 신호와 실제 위치가 일치하는지 확인합니다.",
        ]),
        ("4. 고장 코드표", [
            "제어반 화면에 표시되는 고장 코드는 알파벳 한 글자와 숫자 두 자리로 이루어지며, 알파벳은 고장 계통을 뜻합니다.",
            "E로 시작하는 코드는 전기 계통, F로 시작하는 코드는 팬과 필터 계통, T로 시작하는 코드는 온도와 습도 계통의 이상을 나타냅니다.",
            {"caption": "표 1. 주요 고장 코드와 조치", "widths": [0.14, 0.36, 0.50], "table": [
                ["코드", "내용", "1차 조치"],
                ["E01", "주 전원 결상", "차단기와 상 전압 확인"],
                ["E07", "인버터 과전류", "팬 구속 여부 확인 후 재기동"],
                ["F12", "필터 차압 과다", "프리필터 청소 또는 교체"],
                ["F21", "팬 벨트 미끄러짐", "벨트 장력 조정"],
                ["T03", "급기 온도 센서 단선", "센서 배선 및 커넥터 점검"],
                ["T15", "동파 방지 경보", "외기 댐퍼 닫고 온수 밸브 개방"],
            ]},
            "같은 고장 코드가 24시간 안에 세 번 이상 반복되면 1차 조치로 해결되지 않은 것으로 보고 기술지원부에 출동을 요청합니다.",
            "고장 코드를 해제하려면 원인을 조치한 뒤 제어반의 리셋 버튼을 5초 이상 누릅니다.",
        ]),
        ("5. 고장 유형별 대응 절차", [
            "E07 인버터 과전류가 발생하면 먼저 전원을 차단하고 팬을 손으로 돌려 보아 이물질로 인한 구속이 있는지 확인합니다.",
            "팬이 부드럽게 돌아가는데도 E07이 다시 발생하면 모터 절연 저항을 측정하며, 측정값이 1메가옴 미만이면 모터를 교체합니다.",
            "T15 동파 방지 경보는 코일 출구 공기 온도가 5도 이하로 떨어질 때 발생하며, 외기 댐퍼가 자동으로 닫힙니다.",
            "겨울철 야간에 T15 경보가 발생하면 온수 밸브를 수동으로 완전히 연 뒤 코일 온도가 10도 이상으로 회복되었는지 확인합니다.",
            "F12 경보가 필터 교체 직후에도 사라지지 않으면 차압계 배관이 꺾였거나 막혔는지 점검합니다.",
            "급기 온도가 설정값보다 3도 이상 높은 상태가 30분 넘게 계속되면 냉수 밸브 구동기와 냉수 공급 온도를 차례로 확인합니다.",
            "모든 고장 조치 내역은 고장 코드, 발생 시각, 조치 내용, 조치자 이름을 포함하여 정비 이력 대장에 남깁니다.",
        ]),
        ("6. 부품 교체와 보증", [
            "AHU-700의 무상 보증 기간은 설치 완료일부터 2년이며, 팬 모터와 인버터는 3년까지 보증합니다.",
            "필터와 벨트, 가습기 노즐은 소모품이므로 보증 기간 안에도 교체 비용을 사용자가 부담합니다.",
            "순정 부품이 아닌 부품을 사용해 생긴 고장은 보증 기간 안이라도 유상 수리로 처리됩니다.",
            "부품을 주문할 때에는 장비 측면 명판에 적힌 일련번호와 부품 번호를 함께 알려 주어야 합니다.",
            "재고가 있는 부품은 주문 후 영업일 기준 3일 안에 발송하며, 재고가 없는 수입 부품은 최대 4주가 걸릴 수 있습니다.",
            "기술지원부 긴급 출동 요청은 24시간 상담 전화 1588-7000번으로 접수하며, 수도권은 접수 후 4시간 안에 기술자가 도착하는 것을 목표로 합니다.",
            "장비를 다른 건물로 옮겨 설치한 경우에는 재설치 점검을 받아야 남은 보증 기간이 유지됩니다.",
        ]),
    ],
))
QA["equipment_manual"] = [
    ("외기를 걸러 온도와 습도를", "AHU-700은 어떤 역할을 하는 장비인가요?", "사무용 건물의 외기를 걸러 온도와 습도를 맞춘 뒤 실내로 공급하는 공기조화기입니다.", "easy", "definition"),
    ("시간당 7,000세제곱미터", "AHU-700의 정격 풍량과 팬 모터 출력은 얼마인가요?", "정격 풍량은 시간당 7,000세제곱미터이고 급기 팬 모터의 정격 출력은 7.5킬로와트입니다.", "easy", "numeric"),
    ("잠금 장치와 작업 중 표지", "점검 작업 전에 전원과 관련해 해야 할 조치는 무엇인가요?", "주 전원 차단기를 내리고 잠금 장치와 작업 중 표지를 부착해야 합니다.", "medium", "procedure"),
    ("최소 3분을 기다린", "전원을 내린 직후 바로 점검 문을 열어도 되나요?", "아니요, 팬이 완전히 멈출 때까지 최소 3분을 기다린 뒤 점검 문을 열어야 회전체 사고를 막을 수 있습니다.", "medium", "reasoning"),
    ("산소 농도가 18퍼센트", "밀폐된 기계실에서 작업하기 전에 무엇을 측정해야 하나요?", "작업 전 산소 농도가 18퍼센트 이상인지 측정해야 하며, 2인 1조 작업이 원칙입니다.", "medium", "numeric"),
    ("운전 시작 후 30분 이내", "일상 점검은 언제 실시하나요?", "매일 오전 9시 운전 시작 후 30분 이내에 실시하고 결과를 점검 일지에 기록합니다.", "easy", "procedure"),
    ("냉방기에 14도에서 16도", "냉방기와 난방기의 정상 급기 온도 범위는 각각 얼마인가요?", "냉방기에는 14~16도, 난방기에는 30~35도가 정상 범위입니다.", "medium", "comparison"),
    ("150파스칼", "필터 차압계가 180파스칼을 가리키면 어떻게 판단해야 하나요?", "150파스칼을 넘었으므로 프리필터가 막힌 것으로 보고 청소 또는 교체를 준비해야 합니다.", "hard", "reasoning"),
    ("금속 마찰음", "팬 베어링에서 금속 마찰음이 나면 어떻게 해야 하나요?", "즉시 운전을 멈추고 기술지원부에 연락해야 합니다.", "medium", "procedure"),
    ("최소 3년간 보관", "점검 일지는 얼마나 보관해야 하나요?", "점검 일지는 최소 3년간 보관해야 하며, 전자 일지는 월 1회 백업합니다.", "easy", "numeric"),
    ("2주마다 압축 공기로", "프리필터의 청소 주기와 교체 주기는 어떻게 되나요?", "프리필터는 2주마다 압축 공기로 청소하고 3개월마다 새 필터로 교체합니다.", "easy", "numeric"),
    ("중성능 필터는 청소하지 않고", "중성능 필터도 프리필터처럼 청소해서 다시 쓰나요?", "아니요, 중성능 필터는 청소하지 않고 6개월마다 교체하며 교체 시 필터 틀의 밀봉 상태도 확인합니다.", "hard", "comparison"),
    ("10에서 15밀리미터", "팬 벨트 장력이 정상인지 어떻게 판단하나요?", "벨트 중앙을 손가락으로 눌렀을 때 10~15밀리미터 처지면 정상입니다.", "medium", "procedure"),
    ("8,000시간을 넘으면", "장력은 정상이지만 9,000시간 사용한 팬 벨트는 계속 써도 되나요?", "사용 시간이 8,000시간을 넘으면 장력과 관계없이 교체해야 합니다.", "hard", "reasoning"),
    ("20그램씩", "모터 베어링 그리스는 얼마나 자주, 얼마나 넣어야 하나요?", "6개월마다 지정 그리스를 20그램씩 주입하며, 과다 주입하면 과열될 수 있습니다.", "medium", "numeric"),
    ("4월과 난방 시작 전인 10월", "냉온수 코일은 언제 세척하나요?", "연 2회, 냉방 시작 전인 4월과 난방 시작 전인 10월에 세척합니다.", "easy", "factual"),
    ("알파벳은 고장 계통", "고장 코드는 어떤 형식으로 표시되나요?", "알파벳 한 글자와 숫자 두 자리로 이루어지며, 알파벳이 고장 계통을 나타냅니다.", "easy", "definition"),
    ("F로 시작하는 코드는", "T로 시작하는 고장 코드는 어떤 계통의 이상인가요?", "T로 시작하는 코드는 온도와 습도 계통의 이상을 나타냅니다.", "easy", "factual"),
    ("E07 인버터 과전류 팬 구속", "표에 따르면 E07 코드의 의미와 1차 조치는 무엇인가요?", "E07은 인버터 과전류이며, 팬 구속 여부를 확인한 뒤 재기동하는 것이 1차 조치입니다.", "medium", "factual"),
    ("F21 팬 벨트", "제어반에 F21이 뜨면 어떤 조치를 해야 하나요?", "F21은 팬 벨트 미끄러짐이므로 벨트 장력을 조정합니다.", "medium", "procedure"),
    ("T03 급기 온도 센서", "급기 온도 센서 단선 경보의 코드와 점검 대상은 무엇인가요?", "코드는 T03이며 센서 배선과 커넥터를 점검합니다.", "medium", "factual"),
    ("세 번 이상 반복되면", "같은 고장 코드가 하루 동안 네 번 떴다면 어떻게 해야 하나요?", "24시간 안에 세 번 이상 반복되면 1차 조치로 해결되지 않은 것으로 보고 기술지원부에 출동을 요청합니다.", "hard", "reasoning"),
    ("리셋 버튼을 5초 이상", "원인을 조치한 뒤 고장 코드는 어떻게 해제하나요?", "제어반의 리셋 버튼을 5초 이상 누르면 고장 코드가 해제됩니다.", "easy", "procedure"),
    ("1메가옴 미만", "팬이 잘 돌아가는데도 E07이 재발할 때 모터 교체 기준은 무엇인가요?", "모터 절연 저항을 측정해 값이 1메가옴 미만이면 모터를 교체합니다.", "hard", "procedure"),
    ("5도 이하로 떨어질 때", "T15 동파 방지 경보는 어떤 조건에서 발생하나요?", "코일 출구 공기 온도가 5도 이하로 떨어질 때 발생하며 외기 댐퍼가 자동으로 닫힙니다.", "medium", "factual"),
    ("10도 이상으로 회복", "겨울밤 T15 경보가 울리면 어떻게 조치하나요?", "온수 밸브를 수동으로 완전히 연 뒤 코일 온도가 10도 이상으로 회복되었는지 확인합니다.", "medium", "procedure"),
    ("설치 완료일부터 2년", "팬 모터와 일반 부품의 보증 기간은 어떻게 다른가요?", "일반 무상 보증은 설치 완료일부터 2년이고, 팬 모터와 인버터는 3년까지 보증됩니다.", "hard", "comparison"),
    ("소모품이므로", "보증 기간 중에 필터를 교체하면 비용은 누가 내나요?", "필터와 벨트, 가습기 노즐은 소모품이므로 보증 기간 안에도 사용자가 부담합니다.", "medium", "reasoning"),
    ("최대 4주", "재고 없는 수입 부품은 받기까지 얼마나 걸릴 수 있나요?", "재고가 없는 수입 부품은 최대 4주가 걸릴 수 있으며, 재고 부품은 영업일 3일 안에 발송됩니다.", "medium", "numeric"),
    ("1588-7000", "긴급 출동은 어디로 요청하고 수도권 도착 목표 시간은 얼마인가요?", "24시간 상담 전화 1588-7000번으로 접수하며, 수도권은 접수 후 4시간 안에 도착하는 것이 목표입니다.", "medium", "numeric"),
]

# --------------------------------------------------------------------------- 4. annual report
DOCS.append(dict(
    name="annual_report", prefix="report", domain="재무", layout="single",
    title="2023 연차 보고서: 주식회사 누리식품", publisher="주식회사 누리식품 재무팀",
    subtitle="주식회사 누리식품 | 2023 회계연도(2023.1.1 ~ 2023.12.31) | 2024년 3월 20일 발행",
    splits={3: "validation", 5: "test"},
    sections=[
        ("1. 대표이사 인사말", [
            "2023년은 원재료 가격 상승과 소비 위축이 겹친 어려운 해였지만, 누리식품은 창사 이래 가장 높은 매출을 기록했습니다.",
            "이러한 성과는 간편식 사업의 빠른 성장과 해외 시장 개척 덕분이며, 모든 임직원과 주주 여러분께 감사드립니다.",
            "회사는 2024년 경영 목표를 '건강한 성장'으로 정하고 매출 1조 원 달성을 위해 생산 능력을 확충하겠습니다.",
            "또한 2030년까지 공장에서 사용하는 전력의 60퍼센트를 재생에너지로 바꾸는 탄소 감축 계획을 추진합니다.",
            "주주 환원 정책으로 2023년 결산 배당은 보통주 1주당 1,200원으로 정해 전년보다 200원 늘렸습니다.",
            "대표이사 김도윤은 취임 3년 차를 맞아 품질 안전을 경영의 첫 번째 원칙으로 삼겠다고 밝혔습니다.",
        ]),
        ("2. 주요 재무 실적", [
            "2023년 연결 매출액은 8,640억 원으로 2022년의 7,520억 원보다 14.9퍼센트 증가했습니다.",
            "영업이익은 612억 원으로 전년보다 18.3퍼센트 늘었으며, 영업이익률은 7.1퍼센트로 0.2퍼센트포인트 개선되었습니다.",
            "당기순이익은 환율 상승에 따른 외화 환산 손실의 영향으로 전년보다 2.4퍼센트 줄어든 405억 원을 기록했습니다.",
            {"caption": "표 1. 요약 연결 손익 (단위: 억 원)", "widths": [0.34, 0.22, 0.22, 0.22], "table": [
                ["구분", "2022년", "2023년", "증감률"],
                ["매출액", "7,520", "8,640", "14.9%"],
                ["영업이익", "517", "612", "18.3%"],
                ["당기순이익", "415", "405", "-2.4%"],
                ["부채비율", "96.4%", "88.1%", "-8.3%p"],
            ]},
            "부채비율은 차입금 상환으로 88.1퍼센트까지 낮아져 재무 안정성이 높아졌습니다.",
            "연구개발비는 매출액의 2.3퍼센트인 199억 원을 집행해 전년보다 연구 투자를 늘렸습니다.",
        ]),
        ("3. 사업 부문별 성과", [
            "누리식품의 사업은 간편식, 음료, 소스 및 조미료의 세 부문으로 나뉩니다.",
            {"caption": "표 2. 부문별 매출 (단위: 억 원)", "widths": [0.34, 0.22, 0.22, 0.22], "table": [
                ["부문", "2022년", "2023년", "매출 비중"],
                ["간편식", "3,380", "4,210", "48.7%"],
                ["음료", "2,410", "2,530", "29.3%"],
                ["소스 및 조미료", "1,730", "1,900", "22.0%"],
            ]},
            "간편식 부문은 냉동 만두와 즉석밥 판매가 늘면서 매출이 24.6퍼센트 성장해 전체 매출의 절반 가까이를 차지했습니다.",
            "음료 부문은 무가당 차 음료 신제품 5종을 출시했지만 여름철 장마로 성장률이 5.0퍼센트에 그쳤습니다.",
            "소스 및 조미료 부문은 외식업체 납품 확대로 9.8퍼센트 성장했고, 특히 고추장 소스가 북미 대형 유통망에 입점했습니다.",
            "세 부문 가운데 영업이익률이 가장 높은 부문은 소스 및 조미료 부문으로 10.4퍼센트를 기록했습니다.",
        ]),
        ("4. 해외 사업", [
            "2023년 해외 매출은 1,730억 원으로 전체 매출의 20.0퍼센트를 차지해 처음으로 20퍼센트 선에 도달했습니다.",
            "지역별로는 북미가 해외 매출의 45퍼센트로 가장 크고, 동남아시아가 30퍼센트, 유럽이 15퍼센트를 차지했습니다.",
            "회사는 2023년 9월 베트남 호치민 인근에 연간 3만 톤 규모의 만두 공장을 준공했습니다.",
            "베트남 공장은 현지 인력 320명을 채용했으며, 생산량의 70퍼센트를 동남아시아 국가로 수출합니다.",
            "미국 법인은 2024년 상반기 중 서부 지역 물류센터를 열어 배송 기간을 평균 5일에서 2일로 줄일 계획입니다.",
            "환율 변동 위험을 줄이기 위해 해외 매출의 절반가량에 대해 선물환 계약으로 환헤지를 하고 있습니다.",
        ]),
        ("5. 지속가능경영", [
            "2023년 온실가스 배출량은 12만 4천 톤으로 기준 연도인 2020년보다 11퍼센트 줄었습니다.",
            "충주 공장 지붕에 2.5메가와트 규모의 태양광 설비를 설치해 공장 전력 사용량의 8퍼센트를 자체 생산하고 있습니다.",
            "플라스틱 포장재 사용량은 용기 경량화와 재생 원료 적용으로 전년보다 1,150톤 줄었습니다.",
            "임직원 수는 2023년 말 기준 3,480명이며, 이 가운데 여성 비율은 41퍼센트, 여성 관리자 비율은 22퍼센트입니다.",
            "산업재해율은 0.18퍼센트로 식품업계 평균인 0.45퍼센트보다 낮은 수준을 유지했습니다.",
            "회사는 매출액의 0.5퍼센트를 지역사회 결식아동 급식 지원 등 사회공헌 활동에 사용했습니다.",
        ]),
        ("6. 2024년 전망과 위험 요인", [
            "회사는 2024년 매출 목표를 9,500억 원, 영업이익 목표를 700억 원으로 제시했습니다.",
            "목표 달성을 위해 평택에 간편식 제2공장을 짓고 있으며, 총 투자 금액은 1,100억 원입니다.",
            "평택 제2공장은 2024년 10월 시험 가동을 거쳐 2025년 1월부터 본격 생산에 들어갈 예정입니다.",
            "주요 위험 요인으로는 밀가루와 식용유 같은 원재료 가격 변동, 환율 변동, 해외 식품 규제 강화가 꼽힙니다.",
            "원재료 가격이 10퍼센트 오르면 연간 영업이익이 약 85억 원 줄어드는 것으로 회사는 추정하고 있습니다.",
            "회사는 원재료의 40퍼센트를 6개월 이상 장기 계약으로 구매해 가격 변동 위험을 분산하고 있습니다.",
        ]),
    ],
))
QA["annual_report"] = [
    ("창사 이래 가장 높은 매출", "누리식품의 2023년 매출은 회사 역사에서 어떤 의미가 있나요?", "원재료 가격 상승과 소비 위축 속에서도 창사 이래 가장 높은 매출을 기록한 해였습니다.", "easy", "factual"),
    ("재생에너지로 바꾸는", "누리식품의 탄소 감축 계획 목표는 무엇인가요?", "2030년까지 공장 전력의 60퍼센트를 재생에너지로 바꾸는 것이 목표입니다.", "medium", "numeric"),
    ("1주당 1,200원", "2023년 결산 배당금은 얼마이고, 2022년에는 얼마였나요?", "2023년 배당은 보통주 1주당 1,200원으로 전년보다 200원 늘었으므로 2022년 배당은 1주당 1,000원이었습니다.", "hard", "reasoning"),
    ("8,640억 원으로", "2023년 연결 매출액과 전년 대비 증가율은 얼마인가요?", "2023년 연결 매출액은 8,640억 원으로 2022년 7,520억 원보다 14.9퍼센트 증가했습니다.", "easy", "numeric"),
    ("영업이익률은 7.1퍼센트", "2023년 영업이익률은 얼마였나요?", "영업이익 612억 원, 영업이익률 7.1퍼센트로 전년보다 0.2퍼센트포인트 개선되었습니다.", "easy", "numeric"),
    ("외화 환산 손실", "매출과 영업이익이 늘었는데 당기순이익은 왜 줄었나요?", "환율 상승에 따른 외화 환산 손실 때문에 당기순이익이 전년보다 2.4퍼센트 줄어든 405억 원이 되었습니다.", "hard", "reasoning"),
    ("영업이익 517 612", "요약 손익표에서 2022년과 2023년 영업이익은 각각 얼마인가요?", "영업이익은 2022년 517억 원, 2023년 612억 원으로 18.3퍼센트 증가했습니다.", "medium", "comparison"),
    ("부채비율 96.4%", "부채비율은 전년과 비교해 어떻게 달라졌나요?", "부채비율은 2022년 96.4퍼센트에서 2023년 88.1퍼센트로 8.3퍼센트포인트 낮아졌습니다.", "medium", "comparison"),
    ("연구개발비는", "2023년 연구개발비 규모는 얼마인가요?", "연구개발비로 매출액의 2.3퍼센트인 199억 원을 집행했습니다.", "easy", "numeric"),
    ("세 부문으로 나뉩니다", "누리식품의 사업 부문은 어떻게 구성되어 있나요?", "간편식, 음료, 소스 및 조미료의 세 부문으로 나뉩니다.", "easy", "factual"),
    ("간편식 3,380 4,210", "부문별 매출표에서 간편식 부문의 2023년 매출과 비중은 얼마인가요?", "간편식 부문 매출은 2022년 3,380억 원에서 2023년 4,210억 원으로 늘었고 매출 비중은 48.7퍼센트입니다.", "medium", "numeric"),
    ("냉동 만두와 즉석밥", "간편식 부문 성장을 이끈 제품은 무엇이며 얼마나 성장했나요?", "냉동 만두와 즉석밥 판매가 늘면서 간편식 매출이 24.6퍼센트 성장했습니다.", "medium", "factual"),
    ("여름철 장마로", "음료 부문 성장률이 낮았던 이유는 무엇인가요?", "무가당 차 음료 신제품 5종을 출시했지만 여름철 장마 탓에 성장률이 5.0퍼센트에 그쳤습니다.", "medium", "reasoning"),
    ("영업이익률이 가장 높은 부문", "영업이익률이 가장 높은 사업 부문은 어디인가요?", "소스 및 조미료 부문이 10.4퍼센트로 영업이익률이 가장 높았습니다.", "hard", "comparison"),
    ("처음으로 20퍼센트 선", "2023년 해외 매출과 전체 매출에서의 비중은 얼마인가요?", "해외 매출은 1,730억 원으로 전체 매출의 20.0퍼센트를 차지해 처음으로 20퍼센트 선에 도달했습니다.", "easy", "numeric"),
    ("북미가 해외 매출의 45퍼센트", "해외 매출이 가장 큰 지역과 두 번째 지역은 어디인가요?", "북미가 45퍼센트로 가장 크고, 동남아시아가 30퍼센트로 두 번째입니다.", "medium", "comparison"),
    ("연간 3만 톤 규모", "베트남 공장은 언제 준공되었고 생산 규모는 얼마인가요?", "2023년 9월 호치민 인근에 연간 3만 톤 규모의 만두 공장을 준공했습니다.", "medium", "numeric"),
    ("5일에서 2일로", "미국 서부 물류센터가 문을 열면 배송 기간은 어떻게 바뀌나요?", "배송 기간이 평균 5일에서 2일로 줄어들 계획입니다.", "medium", "numeric"),
    ("12만 4천 톤", "2023년 온실가스 배출량은 2020년 대비 얼마나 줄었나요?", "2023년 배출량은 12만 4천 톤으로 기준 연도인 2020년보다 11퍼센트 줄었습니다.", "medium", "numeric"),
    ("2.5메가와트", "충주 공장 태양광 설비는 전력을 얼마나 공급하나요?", "2.5메가와트 규모 태양광 설비로 공장 전력 사용량의 8퍼센트를 자체 생산합니다.", "easy", "numeric"),
    ("식품업계 평균인 0.45퍼센트", "누리식품의 산업재해율은 업계 평균과 비교해 어떤가요?", "누리식품의 산업재해율은 0.18퍼센트로 식품업계 평균 0.45퍼센트보다 낮습니다.", "hard", "comparison"),
    ("여성 관리자 비율은 22퍼센트", "2023년 말 임직원 수와 여성 관리자 비율은 얼마인가요?", "임직원은 3,480명이며 여성 관리자 비율은 22퍼센트입니다.", "easy", "numeric"),
    ("매출 목표를 9,500억 원", "2024년 매출과 영업이익 목표는 얼마인가요?", "2024년 매출 목표는 9,500억 원, 영업이익 목표는 700억 원입니다.", "easy", "numeric"),
    ("2025년 1월부터 본격 생산", "평택 제2공장은 언제부터 본격적으로 생산하나요?", "2024년 10월 시험 가동을 거쳐 2025년 1월부터 본격 생산에 들어갈 예정입니다.", "medium", "factual"),
    ("약 85억 원 줄어드는", "원재료 가격이 20퍼센트 오르면 영업이익은 대략 얼마나 줄어들까요?", "원재료 가격이 10퍼센트 오를 때 영업이익이 약 85억 원 줄어든다는 추정에 따르면 20퍼센트 상승 시 약 170억 원이 줄어든다고 볼 수 있습니다.", "hard", "reasoning"),
    ("장기 계약으로 구매해", "회사는 원재료 가격 변동 위험을 어떻게 분산하나요?", "원재료의 40퍼센트를 6개월 이상 장기 계약으로 구매해 위험을 분산합니다.", "medium", "procedure"),
]

# --------------------------------------------------------------------------- 5. newsletter (two columns)
DOCS.append(dict(
    name="research_newsletter", prefix="news", domain="연구", layout="two_column",
    title="한결연구원 뉴스레터 제42호", publisher="한결연구원 대외협력실",
    subtitle="한결연구원 대외협력실 | 2024년 5월호 | 격월 발행",
    splits={2: "validation", 5: "test"},
    page_break_before={4},  # three articles per page, flowing over both columns
    sections=[
        ("원장 칼럼: 연구와 현장의 거리", [
            "이번 호는 연구 성과가 현장에 닿기까지 걸리는 시간을 줄이자는 주제로 꾸몄습니다.",
            "한결연구원은 지난해 기술이전 계약 27건을 맺어 기술료 수입 38억 원을 올렸습니다.",
            "그러나 계약 가운데 실제 제품으로 출시된 비율은 33퍼센트에 머물러 사업화 지원이 과제로 남았습니다.",
            "연구원은 올해부터 기술이전 이후 2년 동안 전담 연구자가 기업을 방문해 돕는 동행 지원 제도를 시행합니다.",
        ]),
        ("연구 성과: 저전력 반도체 센서 개발", [
            "스마트센서연구실 박서연 박사 연구팀이 기존보다 전력을 90퍼센트 적게 쓰는 가스 감지 센서를 개발했습니다.",
            "이 센서는 마이크로 히터를 0.1초만 켰다가 끄는 펄스 구동 방식을 써서 평균 소비 전력을 1밀리와트 이하로 낮췄습니다.",
            "동전형 전지 하나로 3년 이상 작동할 수 있어 배선이 어려운 지하 공동구와 오래된 건물에 설치하기 좋습니다.",
            "연구 결과는 국제 학술지 센서스 앤드 액추에이터스 2024년 4월호에 실렸습니다.",
            "연구팀은 올해 하반기 중소기업 두 곳과 함께 현장 실증을 시작할 계획입니다.",
        ]),
        ("인터뷰: 신진 연구자 이하준 선임연구원", [
            "데이터지능연구실 이하준 선임연구원은 한국어 문서 검색 모델을 연구하며 올해 젊은 과학자상을 받았습니다.",
            "그는 검색 모델이 긴 공공 문서에서 표와 본문을 함께 이해하도록 만드는 것이 가장 어려웠다고 말했습니다.",
            "연구팀이 공개한 평가 데이터는 공문서 1,200건과 질문 4,800개로 이루어져 있습니다.",
            "이 선임연구원은 좋은 질문 데이터를 직접 만드는 데 연구 시간의 절반 가까이를 쓴다고 밝혔습니다.",
            "그는 후배 연구자에게 실패한 실험도 기록으로 남기는 습관이 가장 중요하다고 조언했습니다.",
        ]),
        ("소식: 대덕 제2연구동 준공", [
            "지난 3월 15일 대덕 캠퍼스에 지상 7층, 연면적 1만 2천 제곱미터 규모의 제2연구동이 준공되었습니다.",
            "제2연구동에는 청정실 800제곱미터와 공동 분석 장비실이 들어서 외부 기업도 장비를 예약해 쓸 수 있습니다.",
            "외부 기업의 장비 사용 요금은 중소기업의 경우 정가의 50퍼센트로 할인됩니다.",
            "건물 옥상과 외벽에는 태양광 패널을 붙여 건물 전력의 약 15퍼센트를 충당합니다.",
            "입주 연구실은 스마트센서연구실과 바이오소재연구실 등 6개 연구실로, 5월 말까지 이전을 마칩니다.",
        ]),
        ("행사 안내: 2024 한결 기술 박람회", [
            "2024 한결 기술 박람회는 6월 20일부터 21일까지 이틀 동안 대전컨벤션센터 제1전시장에서 열립니다.",
            "박람회에서는 기술이전이 가능한 특허 150여 건을 전시하고, 기업과 연구자의 일대일 상담회를 운영합니다.",
            "참가 신청은 6월 7일까지 연구원 누리집에서 받으며, 참가비는 무료입니다.",
            "일대일 상담을 원하는 기업은 신청서에 관심 기술 분야를 최대 3개까지 적어 내면 됩니다.",
            "첫날 오후 2시에는 기술사업화 성공 사례 발표회가 열리며, 발표 자료는 행사 후 누리집에 공개됩니다.",
        ]),
        ("연구원 생활: 새로 바뀐 제도", [
            "5월부터 연구원 전 직원은 한 달에 한 번 금요일 오후를 자기 주도 학습 시간으로 쓸 수 있습니다.",
            "연구 노트는 종이 노트 대신 전자 연구노트 시스템에 작성하는 것이 원칙이 되었습니다.",
            "전자 연구노트는 작성 후 7일 안에 책임자의 서명을 받아야 하며, 서명이 끝난 기록은 수정할 수 없습니다.",
            "출장 정산은 모바일 앱에서 영수증 사진을 올리면 되고, 정산 기한은 출장 종료 후 10일입니다.",
            "제도에 대한 문의는 경영지원실 내선 2214번으로 하면 됩니다.",
        ]),
    ],
))
QA["research_newsletter"] = [
    ("기술료 수입 38억 원", "한결연구원은 지난해 기술이전으로 얼마를 벌었나요?", "지난해 기술이전 계약 27건을 맺어 기술료 수입 38억 원을 올렸습니다.", "easy", "numeric"),
    ("33퍼센트에 머물러", "기술이전 계약이 실제 제품 출시로 이어진 비율은 얼마인가요?", "실제 제품으로 출시된 비율은 33퍼센트에 머물러 사업화 지원이 과제로 남았습니다.", "medium", "numeric"),
    ("동행 지원 제도", "올해 새로 시행하는 동행 지원 제도는 어떤 내용인가요?", "기술이전 이후 2년 동안 전담 연구자가 기업을 방문해 돕는 제도입니다.", "medium", "definition"),
    ("90퍼센트 적게", "박서연 박사 연구팀이 개발한 센서의 특징은 무엇인가요?", "기존보다 전력을 90퍼센트 적게 쓰는 가스 감지 센서입니다.", "easy", "factual"),
    ("펄스 구동 방식", "새 가스 센서는 어떻게 소비 전력을 낮췄나요?", "마이크로 히터를 0.1초만 켰다가 끄는 펄스 구동 방식을 써서 평균 소비 전력을 1밀리와트 이하로 낮췄습니다.", "hard", "reasoning"),
    ("동전형 전지 하나로", "저전력 센서가 지하 공동구 같은 곳에 적합한 이유는 무엇인가요?", "동전형 전지 하나로 3년 이상 작동할 수 있어 배선이 어려운 곳에 설치하기 좋기 때문입니다.", "hard", "reasoning"),
    ("2024년 4월호에 실렸습니다", "저전력 센서 연구 결과는 어디에 발표되었나요?", "국제 학술지 센서스 앤드 액추에이터스 2024년 4월호에 실렸습니다.", "easy", "factual"),
    ("젊은 과학자상", "이하준 선임연구원은 어떤 연구를 하며 어떤 상을 받았나요?", "한국어 문서 검색 모델을 연구하며 올해 젊은 과학자상을 받았습니다.", "easy", "factual"),
    ("표와 본문을 함께", "이하준 연구원이 꼽은 가장 어려운 점은 무엇이었나요?", "검색 모델이 긴 공공 문서에서 표와 본문을 함께 이해하도록 만드는 것이 가장 어려웠다고 했습니다.", "medium", "factual"),
    ("공문서 1,200건", "연구팀이 공개한 평가 데이터의 규모는 얼마인가요?", "공문서 1,200건과 질문 4,800개로 이루어져 있습니다.", "medium", "numeric"),
    ("실패한 실험도", "이하준 연구원이 후배에게 한 조언은 무엇인가요?", "실패한 실험도 기록으로 남기는 습관이 가장 중요하다고 조언했습니다.", "medium", "factual"),
    ("연면적 1만 2천", "제2연구동은 언제 준공되었고 규모는 어떤가요?", "3월 15일 대덕 캠퍼스에 지상 7층, 연면적 1만 2천 제곱미터 규모로 준공되었습니다.", "easy", "numeric"),
    ("정가의 50퍼센트로", "중소기업이 제2연구동 장비를 쓰면 요금은 어떻게 되나요?", "중소기업은 정가의 50퍼센트로 할인된 요금으로 장비를 사용할 수 있습니다.", "medium", "numeric"),
    ("건물 전력의 약 15퍼센트", "제2연구동의 태양광 패널은 전력을 얼마나 충당하나요?", "옥상과 외벽의 태양광 패널이 건물 전력의 약 15퍼센트를 충당합니다.", "easy", "numeric"),
    ("6개 연구실로", "제2연구동에는 몇 개 연구실이 언제까지 이전하나요?", "스마트센서연구실과 바이오소재연구실 등 6개 연구실이 5월 말까지 이전을 마칩니다.", "hard", "factual"),
    ("대전컨벤션센터 제1전시장", "2024 한결 기술 박람회의 일정과 장소는 어떻게 되나요?", "6월 20일부터 21일까지 이틀 동안 대전컨벤션센터 제1전시장에서 열립니다.", "easy", "factual"),
    ("특허 150여 건", "박람회에서는 무엇을 전시하고 운영하나요?", "기술이전이 가능한 특허 150여 건을 전시하고 기업과 연구자의 일대일 상담회를 운영합니다.", "medium", "factual"),
    ("참가비는 무료", "박람회 참가 신청 기한과 참가비는 어떻게 되나요?", "6월 7일까지 연구원 누리집에서 신청하며 참가비는 무료입니다.", "easy", "procedure"),
    ("최대 3개까지", "일대일 상담을 원하는 기업은 신청서에 무엇을 적어야 하나요?", "관심 기술 분야를 최대 3개까지 적어 내면 됩니다.", "medium", "procedure"),
    ("성공 사례 발표회", "박람회 첫날 발표회를 놓치면 자료를 볼 방법이 있나요?", "네, 첫날 오후 2시 기술사업화 성공 사례 발표회의 자료는 행사 후 누리집에 공개됩니다.", "hard", "reasoning"),
    ("자기 주도 학습 시간", "5월부터 도입된 자기 주도 학습 시간은 어떻게 쓸 수 있나요?", "전 직원이 한 달에 한 번 금요일 오후를 자기 주도 학습 시간으로 쓸 수 있습니다.", "medium", "factual"),
    ("서명이 끝난 기록은 수정할 수 없습니다", "전자 연구노트에 책임자 서명을 받은 뒤 내용을 고칠 수 있나요?", "아니요, 작성 후 7일 안에 책임자 서명을 받아야 하며 서명이 끝난 기록은 수정할 수 없습니다.", "hard", "reasoning"),
    ("출장 종료 후 10일", "출장비 정산은 어떻게, 언제까지 하나요?", "모바일 앱에 영수증 사진을 올려 정산하며, 기한은 출장 종료 후 10일입니다.", "medium", "procedure"),
]

# --------------------------------------------------------------------------- 6. security policy
DOCS.append(dict(
    name="security_policy", prefix="security", domain="보안", layout="single",
    title="정보보안 정책 및 지침", publisher="(주)한울물류 정보보호팀",
    subtitle="(주)한울물류 정보보호팀 | 정책번호 ISP-2024-01 | 2024년 2월 1일 시행 | 전 임직원 및 협력사 적용",
    splits={4: "validation", 2: "test"},
    sections=[
        ("1. 목적과 적용 범위", [
            "이 정책은 회사의 정보 자산을 유출, 변조, 훼손으로부터 보호하기 위한 기본 원칙과 임직원의 준수 사항을 정합니다.",
            "정책은 정규직, 계약직, 파견 인력을 포함한 모든 임직원과 회사 시스템에 접속하는 협력사 직원에게 적용됩니다.",
            "정보보호 최고책임자는 정책의 제정과 개정을 승인하며, 정보보호팀은 연 1회 이상 정책의 적정성을 검토합니다.",
            "정보 자산은 중요도에 따라 극비, 대외비, 사내한정, 공개의 네 등급으로 분류합니다.",
            "고객의 개인정보와 운송 계약 단가 정보는 대외비 이상 등급으로 취급합니다.",
            "정책을 위반한 임직원은 취업규칙에 따라 징계를 받을 수 있으며, 협력사는 계약 해지 사유가 될 수 있습니다.",
        ]),
        ("2. 계정과 비밀번호", [
            "모든 사용자는 본인에게 발급된 계정만 사용해야 하며, 계정을 다른 사람과 함께 쓰는 것은 금지됩니다.",
            "비밀번호는 영문 대문자, 소문자, 숫자, 특수문자 가운데 세 종류 이상을 조합해 12자 이상으로 만들어야 합니다.",
            "비밀번호는 90일마다 바꾸어야 하며, 최근에 사용한 5개의 비밀번호는 다시 쓸 수 없습니다.",
            "로그인에 5회 연속 실패하면 계정이 30분 동안 잠기고, 잠금 해제는 본인 인증을 거쳐 헬프데스크에서 처리합니다.",
            "외부에서 사내 시스템에 접속할 때에는 VPN과 함께 모바일 인증 앱을 이용한 2단계 인증을 반드시 거쳐야 합니다.",
            "퇴사자의 계정은 퇴사일 당일 업무 종료 시각에 비활성화하고, 30일 뒤 완전히 삭제합니다.",
            "관리자 권한 계정은 일반 업무용 계정과 분리해 발급하며, 분기마다 권한 보유자를 재검토합니다.",
        ]),
        ("3. 단말기와 이동식 저장매체", [
            "업무용 노트북에는 회사가 배포한 백신과 디스크 암호화 프로그램이 설치되어 있어야 합니다.",
            "화면 보호기는 10분 동안 입력이 없으면 자동으로 실행되도록 설정하고, 해제할 때 비밀번호를 요구해야 합니다.",
            "USB 메모리 같은 이동식 저장매체는 기본적으로 차단되며, 업무상 필요하면 부서장 승인 후 등록된 보안 USB만 사용할 수 있습니다.",
            "개인 스마트폰으로 업무 메일을 보려면 모바일 단말 관리 앱을 설치해 원격 삭제 기능에 동의해야 합니다.",
            "업무용 단말기를 잃어버리면 알게 된 즉시, 늦어도 1시간 안에 정보보호팀에 신고해야 합니다.",
            "운영체제와 주요 소프트웨어의 보안 업데이트는 배포 후 7일 안에 적용해야 합니다.",
        ]),
        ("4. 데이터 처리와 전송", [
            "대외비 이상 문서를 외부로 보낼 때에는 문서를 암호화하고, 비밀번호는 메일이 아닌 별도 경로로 전달합니다.",
            "개인 메일이나 개인 클라우드 저장소에 회사 자료를 올리는 것은 금지됩니다.",
            "업무 자료는 회사 문서 중앙화 서버에 저장하는 것이 원칙이며, 개인 PC에만 보관하지 않습니다.",
            "생성형 인공지능 서비스에는 고객 개인정보, 소스 코드, 계약 단가처럼 대외비 이상의 정보를 입력할 수 없습니다.",
            "개인정보가 포함된 종이 문서는 보관 기간이 끝나면 세단기로 파기하고 파기 대장에 기록합니다.",
            "고객 개인정보의 보관 기간은 거래 종료 후 5년이며, 기간이 지나면 5영업일 안에 파기합니다.",
        ]),
        ("5. 침해 사고 대응", [
            "침해 사고란 악성코드 감염, 계정 도용, 정보 유출처럼 정보 자산의 안전을 해치는 모든 사건을 말합니다.",
            "의심스러운 메일의 첨부파일을 열었거나 링크를 눌렀다면 즉시 네트워크 케이블과 무선 연결을 끊고 정보보호팀에 신고합니다.",
            "감염이 의심되는 PC는 증거 보존을 위해 전원을 끄지 말고 그대로 둔 채 담당자의 조치를 기다립니다.",
            "정보보호팀은 사고 접수 후 1시간 안에 초기 분석을 시작하고, 사고 등급을 1등급부터 3등급까지 판정합니다.",
            "1등급 사고는 대표이사에게 즉시 보고하며, 개인정보 유출이 확인되면 72시간 안에 관계 기관에 신고하고 정보 주체에게 알립니다.",
            "사고가 끝나면 30일 안에 원인과 재발 방지 대책을 담은 사고 보고서를 작성해 보안위원회에 제출합니다.",
        ]),
        ("6. 교육과 점검", [
            "모든 임직원은 매년 4시간 이상의 정보보호 교육을 이수해야 하며, 신규 입사자는 입사 후 1개월 안에 기본 교육을 받아야 합니다.",
            "정보보호팀은 분기마다 모의 해킹 메일 훈련을 실시하고 결과를 부서별로 공개합니다.",
            "모의 훈련 메일의 링크를 두 번 연속 누른 직원은 2시간의 추가 교육을 받아야 합니다.",
            "정보보호팀은 매년 11월에 전 부서를 대상으로 보안 점검을 하며, 지적 사항은 60일 안에 개선해야 합니다.",
            "보안 취약점이나 정책 위반을 발견한 직원은 익명 신고 채널을 통해 신고할 수 있고, 신고자는 불이익을 받지 않습니다.",
        ]),
    ],
))
QA["security_policy"] = [
    ("유출, 변조, 훼손", "정보보안 정책은 무엇을 위해 만들어졌나요?", "회사 정보 자산을 유출, 변조, 훼손으로부터 보호하기 위한 기본 원칙과 임직원의 준수 사항을 정하기 위해 만들어졌습니다.", "easy", "factual"),
    ("파견 인력을 포함한", "협력사 직원에게도 이 보안 정책이 적용되나요?", "네, 회사 시스템에 접속하는 협력사 직원에게도 적용되며, 정규직, 계약직, 파견 인력을 포함한 모든 임직원이 대상입니다.", "medium", "reasoning"),
    ("네 등급으로 분류", "정보 자산은 어떤 등급으로 분류되나요?", "극비, 대외비, 사내한정, 공개의 네 등급으로 분류합니다.", "easy", "factual"),
    ("운송 계약 단가 정보는", "운송 계약 단가 정보는 어떤 등급으로 다뤄야 하나요?", "고객 개인정보와 운송 계약 단가 정보는 대외비 이상 등급으로 취급합니다.", "medium", "factual"),
    ("계약 해지 사유", "협력사가 보안 정책을 위반하면 어떤 결과가 생길 수 있나요?", "협력사의 정책 위반은 계약 해지 사유가 될 수 있습니다.", "medium", "factual"),
    ("12자 이상으로", "비밀번호는 어떤 규칙으로 만들어야 하나요?", "영문 대문자, 소문자, 숫자, 특수문자 중 세 종류 이상을 조합해 12자 이상으로 만들어야 합니다.", "easy", "procedure"),
    ("최근에 사용한 5개", "석 달 전에 썼던 비밀번호를 다시 사용할 수 있나요?", "비밀번호는 90일마다 바꾸어야 하고 최근에 사용한 5개의 비밀번호는 다시 쓸 수 없으므로, 최근 5개 안에 드는 비밀번호라면 사용할 수 없습니다.", "hard", "reasoning"),
    ("5회 연속 실패하면", "로그인을 여러 번 틀리면 어떻게 되고, 어떻게 풀 수 있나요?", "5회 연속 실패하면 계정이 30분 동안 잠기며, 본인 인증을 거쳐 헬프데스크에서 잠금을 해제합니다.", "medium", "procedure"),
    ("2단계 인증을 반드시", "집에서 사내 시스템에 접속하려면 무엇이 필요한가요?", "VPN과 함께 모바일 인증 앱을 이용한 2단계 인증을 반드시 거쳐야 합니다.", "medium", "procedure"),
    ("30일 뒤 완전히 삭제", "퇴사자의 계정은 언제 비활성화되고 언제 삭제되나요?", "퇴사일 당일 업무 종료 시각에 비활성화되고 30일 뒤 완전히 삭제됩니다.", "medium", "numeric"),
    ("10분 동안 입력이 없으면", "화면 보호기는 어떻게 설정해야 하나요?", "10분 동안 입력이 없으면 자동으로 실행되고 해제 시 비밀번호를 요구하도록 설정해야 합니다.", "easy", "procedure"),
    ("등록된 보안 USB만", "업무상 USB 메모리를 써야 할 때는 어떻게 하나요?", "이동식 저장매체는 기본 차단되므로 부서장 승인 후 등록된 보안 USB만 사용할 수 있습니다.", "medium", "procedure"),
    ("원격 삭제 기능에 동의", "개인 스마트폰으로 업무 메일을 확인하려면 어떤 조건이 있나요?", "모바일 단말 관리 앱을 설치하고 원격 삭제 기능에 동의해야 합니다.", "medium", "procedure"),
    ("늦어도 1시간 안에", "업무용 노트북을 분실했다면 언제까지 신고해야 하나요?", "알게 된 즉시, 늦어도 1시간 안에 정보보호팀에 신고해야 합니다.", "easy", "numeric"),
    ("비밀번호는 메일이 아닌", "대외비 문서를 외부에 보낼 때 지켜야 할 점은 무엇인가요?", "문서를 암호화하고, 비밀번호는 메일이 아닌 별도 경로로 전달해야 합니다.", "medium", "procedure"),
    ("생성형 인공지능 서비스에는", "생성형 AI 챗봇에 소스 코드를 붙여 넣어 질문해도 되나요?", "아니요, 소스 코드는 대외비 이상의 정보이므로 생성형 인공지능 서비스에 입력할 수 없습니다.", "hard", "reasoning"),
    ("거래 종료 후 5년", "고객 개인정보는 얼마나 보관하고 언제 파기하나요?", "거래 종료 후 5년간 보관하며, 기간이 지나면 5영업일 안에 파기합니다.", "medium", "numeric"),
    ("침해 사고란", "정책에서 말하는 침해 사고란 무엇인가요?", "악성코드 감염, 계정 도용, 정보 유출처럼 정보 자산의 안전을 해치는 모든 사건을 말합니다.", "easy", "definition"),
    ("네트워크 케이블과 무선 연결", "피싱 메일의 링크를 눌렀다면 가장 먼저 무엇을 해야 하나요?", "즉시 네트워크 케이블과 무선 연결을 끊고 정보보호팀에 신고해야 합니다.", "medium", "procedure"),
    ("전원을 끄지 말고", "감염이 의심되는 PC의 전원을 꺼도 되나요?", "아니요, 증거 보존을 위해 전원을 끄지 말고 그대로 둔 채 담당자의 조치를 기다려야 합니다.", "hard", "reasoning"),
    ("72시간 안에", "개인정보 유출이 확인되면 언제까지 신고해야 하나요?", "개인정보 유출이 확인되면 72시간 안에 관계 기관에 신고하고 정보 주체에게 알려야 합니다.", "medium", "numeric"),
    ("매년 4시간 이상", "정보보호 교육은 얼마나 받아야 하나요?", "모든 임직원은 매년 4시간 이상 이수해야 하며, 신규 입사자는 입사 후 1개월 안에 기본 교육을 받아야 합니다.", "easy", "numeric"),
    ("두 번 연속 누른", "모의 해킹 메일 링크를 두 번 연속 누르면 어떻게 되나요?", "2시간의 추가 교육을 받아야 합니다.", "medium", "factual"),
    ("60일 안에 개선", "연례 보안 점검에서 지적받은 사항은 언제까지 고쳐야 하나요?", "매년 11월 보안 점검의 지적 사항은 60일 안에 개선해야 합니다.", "medium", "numeric"),
]

# --------------------------------------------------------------------------- 7. product FAQ (+ image-only appendix page)
DOCS.append(dict(
    name="product_faq", prefix="faq", domain="고객지원", layout="single",
    title="맑은숨 공기청정기 AP-300 자주 묻는 질문", publisher="맑은숨전자 고객지원센터",
    subtitle="맑은숨전자 고객지원센터 | 2024년 4월 갱신 | 모델 AP-300, AP-300W",
    splits={1: "validation", 4: "test"},
    sections=[
        ("1. 설치와 첫 사용", [
            "AP-300은 최대 66제곱미터, 약 20평 공간에 맞춘 가정용 공기청정기입니다.",
            "제품은 벽이나 가구에서 최소 30센티미터 떨어진 곳에 두어야 공기가 원활하게 순환됩니다.",
            "처음 사용할 때에는 필터를 감싼 비닐 포장을 반드시 벗긴 뒤 필터를 다시 끼워야 합니다.",
            "전원 버튼을 3초 동안 누르면 켜지고, 켜진 뒤에는 자동 모드로 운전을 시작합니다.",
            "AP-300W 모델은 와이파이를 지원해 맑은숨 앱으로 원격 제어와 공기질 기록 확인을 할 수 있습니다.",
        ]),
        ("2. 운전 모드와 표시등", [
            "자동 모드에서는 미세먼지 센서 값에 따라 풍량이 약, 중, 강, 터보 네 단계로 자동 조절됩니다.",
            "수면 모드를 켜면 조명이 꺼지고 소음이 22데시벨 수준으로 낮아집니다.",
            "공기질 표시등은 파란색이 좋음, 초록색이 보통, 노란색이 나쁨, 빨간색이 매우 나쁨을 뜻합니다.",
            "필터 교체 표시등이 주황색으로 깜빡이면 필터 사용 시간이 교체 시점에 도달했다는 뜻입니다.",
            "잠금 버튼을 3초 누르면 아이 보호 잠금이 설정되어 다른 버튼이 작동하지 않습니다.",
            "타이머는 1시간, 4시간, 8시간 중에서 고를 수 있으며, 설정한 시간이 지나면 제품이 꺼집니다.",
        ]),
        ("3. 필터 관리", [
            "AP-300에는 극세사 프리필터, 헤파 H13 집진 필터, 활성탄 탈취 필터가 차례로 들어 있습니다.",
            "헤파 H13 필터는 0.3마이크로미터 크기의 입자를 99.95퍼센트 이상 걸러 냅니다.",
            "프리필터는 2주에 한 번 진공청소기로 먼지를 빨아들이거나 물로 씻어 그늘에서 완전히 말립니다.",
            "집진 필터와 탈취 필터는 물로 씻으면 성능이 떨어지므로 절대 씻지 말고 교체해야 합니다.",
            "집진 필터의 권장 교체 주기는 하루 12시간 사용 기준으로 6개월에서 12개월입니다.",
            "필터를 교체한 뒤에는 필터 리셋 버튼을 5초 동안 눌러 교체 알림을 초기화합니다.",
        ]),
        ("4. 문제 해결", [
            "바람이 약하게 나오면 프리필터에 먼지가 많이 쌓였는지 먼저 확인하고 청소합니다.",
            "처음 켰을 때 나는 약한 냄새는 새 활성탄 필터에서 나는 것으로, 보통 일주일 안에 사라집니다.",
            "공기질 표시등이 계속 빨간색이면 센서 덮개를 열고 면봉으로 센서 렌즈의 먼지를 닦아 줍니다.",
            "앱에서 제품이 연결되지 않으면 공유기가 2.4기가헤르츠 대역을 쓰는지 확인해야 하며, 5기가헤르츠 대역에는 연결되지 않습니다.",
            "와이파이 버튼을 10초 누르면 네트워크 설정이 초기화되고 앱에서 다시 등록할 수 있습니다.",
            "위의 방법으로 해결되지 않으면 전원 플러그를 뽑고 1분 뒤 다시 꽂아 제품을 재시작합니다.",
        ]),
        ("5. 보증과 수리", [
            "제품의 무상 보증 기간은 구매일부터 1년이며, 팬 모터는 2년까지 무상으로 수리해 드립니다.",
            "보증 서비스를 받으려면 구매 영수증이나 온라인 주문 내역처럼 구매일을 확인할 수 있는 자료가 필요합니다.",
            "필터는 소모품이라 보증 대상이 아니며, 초기 불량인 경우에만 구매 후 30일 안에 무상으로 교환해 드립니다.",
            "사용자가 제품을 분해하거나 비정품 필터를 써서 생긴 고장은 보증 기간 안에도 유상 수리입니다.",
            "택배 수리를 신청하면 회수부터 수리 후 배송까지 평균 5영업일이 걸립니다.",
        ]),
        ("6. 구매와 고객센터", [
            "정품 교체 필터는 맑은숨 공식 온라인몰과 전국 대형마트에서 살 수 있습니다.",
            "공식 온라인몰에서 필터 정기 배송을 신청하면 6개월마다 필터를 보내 주며 정가보다 15퍼센트 싸게 살 수 있습니다.",
            "고객센터 전화 1670-3300은 평일 오전 9시부터 오후 6시까지, 토요일은 오후 1시까지 운영합니다.",
            "일요일과 공휴일에는 전화 상담을 하지 않지만, 앱의 채팅 상담은 매일 오후 10시까지 이용할 수 있습니다.",
            "제품을 버릴 때에는 폐가전 무상 방문 수거 서비스를 이용하면 비용 없이 처리할 수 있습니다.",
        ]),
    ],
    image_appendix=("부록 A. 제품 보증서 (스캔본)", [
        "제품명: 맑은숨 공기청정기 AP-300 / 일련번호: 제품 밑면 명판 참조",
        "본 보증서는 대한민국 안에서만 유효하며, 보증서를 분실한 경우 재발행하지 않습니다.",
        "보증 기간 중 정상적인 사용 상태에서 발생한 성능 고장은 무상 수리를 원칙으로 합니다.",
        "천재지변, 화재, 침수, 전압 이상으로 인한 고장은 보증 기간 안이라도 유상으로 처리합니다.",
        "판매점 확인란: 판매일자 ______ 년 ____ 월 ____ 일, 판매점 상호 및 날인 ____________",
    ]),
))
QA["product_faq"] = [
    ("약 20평 공간", "AP-300은 어느 정도 넓이의 공간에 맞는 제품인가요?", "최대 66제곱미터, 약 20평 공간에 맞춘 가정용 공기청정기입니다.", "easy", "numeric"),
    ("최소 30센티미터", "공기청정기를 벽에 바짝 붙여 놓아도 되나요?", "아니요, 공기가 원활하게 순환되도록 벽이나 가구에서 최소 30센티미터 떨어진 곳에 두어야 합니다.", "medium", "reasoning"),
    ("비닐 포장을 반드시", "처음 사용할 때 꼭 해야 할 일은 무엇인가요?", "필터를 감싼 비닐 포장을 반드시 벗긴 뒤 필터를 다시 끼워야 합니다.", "easy", "procedure"),
    ("와이파이를 지원해", "AP-300과 AP-300W의 차이는 무엇인가요?", "AP-300W 모델은 와이파이를 지원해 맑은숨 앱으로 원격 제어와 공기질 기록 확인을 할 수 있습니다.", "hard", "comparison"),
    ("네 단계로 자동 조절", "자동 모드에서 풍량은 어떻게 조절되나요?", "미세먼지 센서 값에 따라 약, 중, 강, 터보 네 단계로 자동 조절됩니다.", "medium", "factual"),
    ("22데시벨", "수면 모드를 켜면 무엇이 달라지나요?", "조명이 꺼지고 소음이 22데시벨 수준으로 낮아집니다.", "easy", "numeric"),
    ("노란색이 나쁨", "공기질 표시등이 노란색이면 공기 상태가 어떤 것인가요?", "노란색은 공기질이 나쁨이라는 뜻입니다.", "easy", "factual"),
    ("주황색으로 깜빡이면", "주황색 표시등이 깜빡이는 것은 무슨 의미인가요?", "필터 교체 표시등이 주황색으로 깜빡이면 필터 사용 시간이 교체 시점에 도달했다는 뜻입니다.", "medium", "definition"),
    ("아이 보호 잠금", "아이가 버튼을 누르지 못하게 하려면 어떻게 하나요?", "잠금 버튼을 3초 누르면 아이 보호 잠금이 설정되어 다른 버튼이 작동하지 않습니다.", "medium", "procedure"),
    ("1시간, 4시간, 8시간", "타이머로 설정할 수 있는 시간은 무엇인가요?", "1시간, 4시간, 8시간 중에서 고를 수 있고 설정 시간이 지나면 제품이 꺼집니다.", "hard", "factual"),
    ("차례로 들어 있습니다", "AP-300에는 어떤 필터들이 들어 있나요?", "극세사 프리필터, 헤파 H13 집진 필터, 활성탄 탈취 필터가 차례로 들어 있습니다.", "easy", "factual"),
    ("99.95퍼센트", "헤파 H13 필터의 집진 성능은 어느 정도인가요?", "0.3마이크로미터 크기의 입자를 99.95퍼센트 이상 걸러 냅니다.", "medium", "numeric"),
    ("절대 씻지 말고", "집진 필터가 더러워지면 물로 씻어서 써도 되나요?", "아니요, 집진 필터와 탈취 필터는 물로 씻으면 성능이 떨어지므로 씻지 말고 교체해야 합니다.", "hard", "comparison"),
    ("6개월에서 12개월", "집진 필터는 얼마나 자주 바꿔야 하나요?", "하루 12시간 사용 기준으로 6개월에서 12개월마다 교체하는 것이 권장됩니다.", "medium", "numeric"),
    ("필터 리셋 버튼", "필터를 새로 끼운 뒤 교체 알림은 어떻게 끄나요?", "필터 리셋 버튼을 5초 동안 눌러 교체 알림을 초기화합니다.", "easy", "procedure"),
    ("일주일 안에 사라집니다", "새 제품을 켰더니 약한 냄새가 나요. 고장인가요?", "고장이 아니라 새 활성탄 필터에서 나는 냄새로, 보통 일주일 안에 사라집니다.", "medium", "reasoning"),
    ("면봉으로 센서 렌즈", "공기질 표시등이 계속 빨간색일 때는 어떻게 하나요?", "센서 덮개를 열고 면봉으로 센서 렌즈의 먼지를 닦아 줍니다.", "medium", "procedure"),
    ("5기가헤르츠 대역에는", "집 공유기가 5GHz 대역만 쓰면 앱 연결이 되나요?", "아니요, 제품은 2.4기가헤르츠 대역을 써야 하며 5기가헤르츠 대역에는 연결되지 않습니다.", "hard", "reasoning"),
    ("와이파이 버튼을 10초", "네트워크 설정을 초기화하려면 어떻게 하나요?", "와이파이 버튼을 10초 누르면 네트워크 설정이 초기화되어 앱에서 다시 등록할 수 있습니다.", "medium", "procedure"),
    ("팬 모터는 2년까지", "구매 18개월 뒤 팬 모터가 고장 나면 무상 수리가 되나요?", "네, 일반 보증은 구매일부터 1년이지만 팬 모터는 2년까지 무상 수리됩니다.", "hard", "reasoning"),
    ("구매일을 확인할 수 있는", "보증 서비스를 받을 때 무엇이 필요한가요?", "구매 영수증이나 온라인 주문 내역처럼 구매일을 확인할 수 있는 자료가 필요합니다.", "easy", "procedure"),
    ("평균 5영업일", "택배 수리는 얼마나 걸리나요?", "회수부터 수리 후 배송까지 평균 5영업일이 걸립니다.", "easy", "numeric"),
    ("15퍼센트 싸게", "필터 정기 배송을 신청하면 어떤 혜택이 있나요?", "6개월마다 필터를 보내 주며 정가보다 15퍼센트 싸게 살 수 있습니다.", "medium", "numeric"),
    ("1670-3300", "토요일에도 고객센터에 전화할 수 있나요?", "네, 고객센터 1670-3300은 토요일에도 오후 1시까지 운영합니다.", "medium", "factual"),
    ("채팅 상담은 매일", "일요일에 상담을 받고 싶으면 어떻게 하나요?", "일요일에는 전화 상담을 하지 않지만 앱의 채팅 상담은 매일 오후 10시까지 이용할 수 있습니다.", "hard", "reasoning"),
]

# --------------------------------------------------------------------------- 8. education/research report
DOCS.append(dict(
    name="edu_report", prefix="edu", domain="교육", layout="single",
    title="중학교 디지털 리터러시 시범 교육 결과 보고서", publisher="푸른교육연구소",
    subtitle="푸른교육연구소 연구보고 2024-07 | 연구 기간 2023년 3월 ~ 2024년 2월 | 연구책임자 정민호",
    splits={2: "test", 5: "validation"},
    sections=[
        ("1. 연구 배경과 목적", [
            "학생들이 온라인에서 접하는 정보의 양이 크게 늘면서 정보의 출처와 신뢰도를 판단하는 능력이 중요해졌습니다.",
            "이 연구는 중학생을 대상으로 한 디지털 리터러시 수업이 허위 정보 판별 능력을 높이는지 확인하는 것을 목적으로 합니다.",
            "이 보고서에서 디지털 리터러시란 디지털 정보를 찾고, 평가하고, 책임 있게 만들고 나누는 능력을 뜻합니다.",
            "연구는 교육청의 지원을 받아 2023년 3월부터 2024년 2월까지 1년 동안 진행되었습니다.",
            "연구진은 교사 12명과 교육학 전공 연구원 4명으로 구성되었습니다.",
        ]),
        ("2. 연구 대상과 방법", [
            "연구에는 경기도 소재 중학교 6곳의 2학년 학생 412명이 참여했습니다.",
            "학생들은 수업을 받은 실험 집단 208명과 기존 정보 수업을 받은 비교 집단 204명으로 나뉘었습니다.",
            "실험 집단은 한 학기 동안 주 1회 45분씩 모두 16차시의 디지털 리터러시 수업을 받았습니다.",
            "허위 정보 판별 능력은 연구진이 개발한 30문항 검사지로 수업 전과 후에 두 번 측정했습니다.",
            "검사지는 실제 기사와 조작된 기사를 섞어 보여 주고 진위와 그 근거를 고르게 하는 방식으로 구성했습니다.",
            "모든 참여 학생과 보호자에게 연구 목적을 설명하고 서면 동의를 받았습니다.",
        ]),
        ("3. 수업 구성", [
            "수업은 출처 확인, 사진과 영상 검증, 알고리즘 이해, 책임 있는 공유의 네 단원으로 구성되었습니다.",
            "출처 확인 단원에서는 글쓴이, 작성 날짜, 근거 자료의 세 가지를 확인하는 삼단계 점검법을 연습했습니다.",
            "사진과 영상 검증 단원에서는 이미지 역검색 도구로 사진이 처음 올라온 시점을 찾는 실습을 했습니다.",
            "알고리즘 이해 단원은 추천 알고리즘이 비슷한 정보만 계속 보여 주는 현상을 체험 활동으로 배우도록 했습니다.",
            "마지막 단원에서 학생들은 모둠별로 허위 정보 대응 캠페인 영상을 만들어 학급에서 발표했습니다.",
            "수업 자료는 교사용 지도서 1권과 학생용 활동지 48쪽으로 제작했습니다.",
        ]),
        ("4. 연구 결과", [
            "실험 집단의 허위 정보 판별 점수는 100점 만점에 평균 58.2점에서 74.6점으로 16.4점 올랐습니다.",
            "같은 기간 비교 집단의 점수는 57.9점에서 61.3점으로 3.4점 오르는 데 그쳤습니다.",
            "두 집단의 점수 향상 폭 차이는 통계적으로 유의했으며, 효과 크기는 0.82로 큰 편이었습니다.",
            "문항 유형별로는 사진 조작을 알아보는 문항의 정답률이 41퍼센트에서 73퍼센트로 가장 크게 올랐습니다.",
            "반면 통계 그래프의 왜곡을 알아보는 문항은 정답률이 12퍼센트포인트 오르는 데 그쳐 추가 지도가 필요한 영역으로 나타났습니다.",
            "수업 전 점수가 하위 30퍼센트였던 학생들의 향상 폭이 평균 21.0점으로 상위 집단보다 컸습니다.",
        ]),
        ("5. 교사와 학생 반응", [
            "수업 후 설문에서 실험 집단 학생의 87퍼센트가 수업이 실생활에 도움이 된다고 답했습니다.",
            "학생들이 가장 흥미로웠던 활동으로 꼽은 것은 이미지 역검색 실습으로, 응답자의 46퍼센트가 선택했습니다.",
            "참여 교사들은 한 차시 45분이 실습을 마치기에 빠듯하다며 2차시 연속 수업을 제안했습니다.",
            "교사 12명 가운데 10명은 다음 학년도에도 이 수업을 계속하겠다고 답했습니다.",
            "일부 교사는 학교마다 인터넷 속도와 기기 수가 달라 실습 진행에 차이가 있었다고 지적했습니다.",
        ]),
        ("6. 결론과 제언", [
            "이 연구는 16차시의 체계적인 수업만으로도 중학생의 허위 정보 판별 능력이 크게 높아질 수 있음을 보여 주었습니다.",
            "연구진은 디지털 리터러시 수업을 정보 교과의 정규 단원으로 편성할 것을 교육청에 제안했습니다.",
            "통계 그래프 해석처럼 향상이 적었던 영역은 수학 교과와 연계한 융합 수업으로 보완할 것을 권고했습니다.",
            "연구의 한계로는 참여 학교가 한 지역에 몰려 있고 수업 효과의 지속 기간을 확인하지 못한 점을 들었습니다.",
            "후속 연구에서는 수업 6개월 뒤 추적 검사를 실시해 효과가 유지되는지 확인할 계획입니다.",
        ]),
    ],
))
QA["edu_report"] = [
    ("허위 정보 판별 능력을 높이는지", "이 연구의 목적은 무엇인가요?", "중학생 대상 디지털 리터러시 수업이 허위 정보 판별 능력을 높이는지 확인하는 것입니다.", "easy", "factual"),
    ("디지털 리터러시란", "보고서에서 디지털 리터러시는 어떻게 정의되나요?", "디지털 정보를 찾고, 평가하고, 책임 있게 만들고 나누는 능력을 뜻합니다.", "easy", "definition"),
    ("1년 동안 진행", "연구는 언제부터 언제까지 진행되었나요?", "교육청 지원을 받아 2023년 3월부터 2024년 2월까지 1년 동안 진행되었습니다.", "easy", "factual"),
    ("교육학 전공 연구원 4명", "연구진은 어떻게 구성되었나요?", "교사 12명과 교육학 전공 연구원 4명으로 구성되었습니다.", "medium", "numeric"),
    ("학생 412명", "연구에는 몇 명의 학생이 참여했나요?", "경기도 소재 중학교 6곳의 2학년 학생 412명이 참여했습니다.", "easy", "numeric"),
    ("실험 집단 208명", "실험 집단과 비교 집단 중 어느 쪽 인원이 더 많았나요?", "실험 집단이 208명으로 비교 집단 204명보다 4명 더 많았습니다.", "hard", "comparison"),
    ("모두 16차시", "실험 집단은 수업을 얼마나 받았나요?", "한 학기 동안 주 1회 45분씩 모두 16차시의 수업을 받았습니다.", "medium", "numeric"),
    ("30문항 검사지", "허위 정보 판별 능력은 어떻게 측정했나요?", "연구진이 개발한 30문항 검사지로 수업 전과 후에 두 번 측정했습니다.", "medium", "procedure"),
    ("서면 동의", "연구 참여에 대한 동의는 어떻게 받았나요?", "모든 참여 학생과 보호자에게 연구 목적을 설명하고 서면 동의를 받았습니다.", "medium", "procedure"),
    ("네 단원으로 구성", "수업은 어떤 단원들로 이루어졌나요?", "출처 확인, 사진과 영상 검증, 알고리즘 이해, 책임 있는 공유의 네 단원으로 구성되었습니다.", "easy", "factual"),
    ("삼단계 점검법", "출처 확인 단원에서 배우는 삼단계 점검법은 무엇을 확인하나요?", "글쓴이, 작성 날짜, 근거 자료의 세 가지를 확인합니다.", "medium", "definition"),
    ("이미지 역검색 도구로", "사진이 처음 인터넷에 올라온 시점은 어떻게 찾는 실습을 했나요?", "사진과 영상 검증 단원에서 이미지 역검색 도구로 찾는 실습을 했습니다.", "medium", "procedure"),
    ("캠페인 영상", "마지막 단원에서 학생들은 어떤 활동을 했나요?", "모둠별로 허위 정보 대응 캠페인 영상을 만들어 학급에서 발표했습니다.", "medium", "factual"),
    ("58.2점에서 74.6점", "수업 후 실험 집단의 점수는 얼마나 올랐나요?", "평균 58.2점에서 74.6점으로 16.4점 올랐습니다.", "easy", "numeric"),
    ("3.4점 오르는 데", "비교 집단의 점수 변화는 어땠나요?", "비교 집단은 57.9점에서 61.3점으로 3.4점 오르는 데 그쳤습니다.", "medium", "numeric"),
    ("효과 크기는 0.82", "두 집단의 향상 폭 차이는 통계적으로 의미가 있었나요?", "네, 차이는 통계적으로 유의했고 효과 크기는 0.82로 큰 편이었습니다.", "hard", "reasoning"),
    ("41퍼센트에서 73퍼센트", "가장 크게 향상된 문항 유형은 무엇인가요?", "사진 조작을 알아보는 문항의 정답률이 41퍼센트에서 73퍼센트로 가장 크게 올랐습니다.", "hard", "comparison"),
    ("하위 30퍼센트", "수업 전 성적이 낮았던 학생들의 향상 폭은 어땠나요?", "수업 전 하위 30퍼센트 학생들의 향상 폭은 평균 21.0점으로 상위 집단보다 컸습니다.", "hard", "comparison"),
    ("87퍼센트가", "학생들은 수업이 실생활에 도움이 된다고 느꼈나요?", "실험 집단 학생의 87퍼센트가 수업이 실생활에 도움이 된다고 답했습니다.", "easy", "numeric"),
    ("46퍼센트가 선택", "학생들이 가장 흥미로워한 활동은 무엇인가요?", "이미지 역검색 실습으로, 응답자의 46퍼센트가 선택했습니다.", "medium", "factual"),
    ("2차시 연속 수업", "교사들이 수업 시간과 관련해 제안한 것은 무엇인가요?", "한 차시 45분은 실습을 마치기에 빠듯하다며 2차시 연속 수업을 제안했습니다.", "hard", "reasoning"),
    ("10명은 다음 학년도", "다음 학년도에도 수업을 이어가겠다는 교사는 몇 명인가요?", "교사 12명 가운데 10명이 다음 학년도에도 수업을 계속하겠다고 답했습니다.", "medium", "numeric"),
    ("정규 단원으로 편성", "연구진은 교육청에 무엇을 제안했나요?", "디지털 리터러시 수업을 정보 교과의 정규 단원으로 편성할 것을 제안했습니다.", "easy", "factual"),
    ("수학 교과와 연계한", "통계 그래프 해석 능력이 덜 오른 문제는 어떻게 보완하자고 했나요?", "수학 교과와 연계한 융합 수업으로 보완할 것을 권고했습니다.", "medium", "reasoning"),
    ("연구의 한계로는", "이 연구의 한계는 무엇인가요?", "참여 학교가 한 지역에 몰려 있고 수업 효과의 지속 기간을 확인하지 못한 점입니다.", "hard", "factual"),
    ("6개월 뒤 추적 검사", "후속 연구에서는 무엇을 할 계획인가요?", "수업 6개월 뒤 추적 검사를 실시해 효과가 유지되는지 확인할 계획입니다.", "medium", "procedure"),
]

# --------------------------------------------------------------------------- unanswerable questions
# (question, domain, split): plausible questions on the corpus topics that no document answers.
UNANSWERABLE: list[tuple[str, str, str]] = [
    ("한빛시 주거복지센터의 상담 창구는 몇 층에 있나요?", "부동산", "validation"),
    ("전세보증금 반환보증의 보증료율은 연 몇 퍼센트인가요?", "부동산", "test"),
    ("임차인이 반려동물을 키우려면 임대인의 동의가 필요한가요?", "부동산", "test"),
    ("새벽소프트의 신입 사원 초봉은 얼마인가요?", "인사", "validation"),
    ("새벽소프트에서 안식 휴가는 근속 몇 년에 받을 수 있나요?", "인사", "test"),
    ("취업규칙에 따른 출산 전후 휴가는 며칠인가요?", "인사", "test"),
    ("AHU-700 공조기의 본체 무게는 몇 킬로그램인가요?", "설비", "validation"),
    ("고장 코드 E03은 어떤 고장을 뜻하나요?", "설비", "test"),
    ("AHU-700의 냉매로는 어떤 가스를 사용하나요?", "설비", "test"),
    ("누리식품의 2023년 말 주가는 얼마였나요?", "재무", "validation"),
    ("누리식품 음료 부문의 영업이익률은 얼마인가요?", "재무", "test"),
    ("베트남 공장의 총 건설비는 얼마였나요?", "재무", "test"),
    ("한결 기술 박람회의 사전 등록 인원은 몇 명인가요?", "연구", "validation"),
    ("저전력 가스 센서의 예상 판매 가격은 얼마인가요?", "연구", "test"),
    ("한울물류에서 업무용 메신저로 허용된 프로그램은 무엇인가요?", "보안", "test"),
    ("정보보안 정책을 위반한 협력사에 부과하는 위약금은 얼마인가요?", "보안", "validation"),
    ("AP-300 공기청정기의 소비 전력은 몇 와트인가요?", "고객지원", "test"),
    ("AP-300 교체용 집진 필터의 정가는 얼마인가요?", "고객지원", "test"),
    ("디지털 리터러시 수업에 참여한 학교의 이름은 무엇인가요?", "교육", "test"),
    ("연구에 사용한 30문항 검사지의 신뢰도 계수는 얼마인가요?", "교육", "test"),
]

if __name__ == "__main__":
    raise SystemExit(main())
