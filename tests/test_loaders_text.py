"""Decoding and segmentation: bytes in, paragraphs and sentences whose offsets point exactly into the text."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import pytest

import loaders
from loaders import LoaderError, read_document
from loaders import text as text_module
from loaders.text import decode, segment
from tests.scoring import GOLD, UNSEEN, load_gold

CORPUS = Path(loaders.__file__).parent / "corpus"
DOCUMENTS = sorted(CORPUS.glob("*.txt")) + sorted(UNSEEN.glob("*.txt"))
MEETINGS = {
    CORPUS / "yongchuan-2024q2-meeting-speeches.txt": "yongchuan-2024q2-meeting-speeches.yaml",
    UNSEEN / "jiangjin-2025q1-meeting-speeches.txt": "jiangjin-2025q1-meeting-speeches.yaml",
}
SAMPLE = "永川区召开镇街书记和部门一把手季度例会。\n区经济信息委党组书记、主任 李国财\n"


def compact(text: str) -> str:
    return "".join(text.split())


# ---------------------------------------------------------------------------------------------- decoding


def test_utf8():
    assert decode(SAMPLE.encode("utf-8")) == (SAMPLE, "utf-8")


def test_utf8_with_bom_loses_the_bom():
    assert decode(codecs.BOM_UTF8 + SAMPLE.encode("utf-8")) == (SAMPLE, "utf-8-sig")


def test_utf16_with_bom():
    assert decode(SAMPLE.encode("utf-16")) == (SAMPLE, "utf-16")


@pytest.mark.parametrize("codec", ["gb18030", "gbk", "gb2312"])
def test_gb_family_is_detected(codec):
    text, encoding = decode(SAMPLE.encode(codec))
    assert (text, encoding) == (SAMPLE, "gb18030")


def test_a_seed_saved_as_gb18030_reads_the_same():
    path = CORPUS / "yongchuan-2024q2-meeting-speeches.txt"
    utf8 = read_document(path)
    gb = read_document(path.read_text(encoding="utf-8").encode("gb18030"), name=path.name)
    assert gb.encoding == "gb18030" and gb.text == utf8.text and gb.id == utf8.id
    assert [s.text for s in segment(gb.text).sentences()] == [s.text for s in segment(utf8.text).sentences()]


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty"),
        (b" \r\n\t  \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        (b"plain English text with no Chinese in it at all\n" * 20, "cannot decode"),
        (bytes(range(0x80, 0x100)) * 8, "cannot decode"),
        (codecs.BOM_UTF8 + "永川".encode() + b"\xff\xfe\xfd", "BOM"),
        (b"\xff\xfe\xfd\xfc" * 200, "cannot decode"),  # a UTF-16 BOM, then no Chinese
    ],
)
def test_bad_input_is_a_clear_loader_error(data, reason):
    with pytest.raises(LoaderError, match=reason):
        decode(data, "upload.txt")


def test_error_names_the_document():
    with pytest.raises(LoaderError, match="upload.txt"):
        decode(b"", "upload.txt")


def test_huge_input_is_refused(monkeypatch):
    monkeypatch.setattr(text_module, "MAX_DOCUMENT_BYTES", 1000)
    with pytest.raises(LoaderError, match="limit"):
        decode(SAMPLE.encode("utf-8") * 100, "huge.txt")


def test_read_document_errors(tmp_path):
    with pytest.raises(LoaderError, match="no such file"):
        read_document(tmp_path / "missing.txt")
    with pytest.raises(LoaderError, match="directory"):
        read_document(tmp_path)
    with pytest.raises(LoaderError, match="name"):
        read_document(SAMPLE.encode("utf-8"))


# ---------------------------------------------------------------------------------------------- offsets


@pytest.fixture(scope="module", params=DOCUMENTS, ids=lambda p: p.name)
def document(request):
    source = read_document(request.param)
    return source, segment(source.text)


def test_paragraph_pieces_are_exact(document):
    source, segmented = document
    for paragraph in segmented.paragraphs:
        for piece in paragraph.pieces:
            original = source.text[piece.orig_start : piece.orig_start + piece.length]
            assert original == paragraph.text[piece.clean_start : piece.clean_start + piece.length]
        assert compact(source.text[paragraph.start : paragraph.end]) == compact(paragraph.text)


def test_sentence_offsets_are_exact(document):
    """For every sentence, the non-whitespace characters of text[start:end] are the sentence's."""
    source, segmented = document
    sentences = segmented.sentences()
    assert sentences
    for sentence in sentences:
        assert compact(source.text[sentence.start : sentence.end]) == compact(sentence.text)


def test_evidence_spans_are_exact(document):
    source, segmented = document
    rng = random.Random(7)
    for sentence in segmented.sentences():
        n = len(sentence.text)
        for _ in range(3):
            i = rng.randrange(n)
            j = rng.randrange(i + 1, n + 1)
            evidence = sentence.evidence(source.id, i, j)
            assert compact(source.text[evidence.start : evidence.end]) == compact(sentence.text[i:j])
            assert (evidence.sentence_start, evidence.sentence_end) == (sentence.start, sentence.end)


def test_offsets_survive_windows_line_ends():
    source = read_document(CORPUS / "yongchuan-2024q2-meeting-speeches.txt")
    text = source.text.replace("\n", "\r\n")
    segmented = segment(text)
    assert segmented.layout_broken
    for sentence in segmented.sentences():
        assert compact(text[sentence.start : sentence.end]) == compact(sentence.text)
    assert [s.text for s in segmented.sentences()] == [s.text for s in segment(source.text).sentences()]


def test_layout_is_detected():
    assert segment(read_document(CORPUS / "yongchuan-2024q2-meeting-speeches.txt").text).layout_broken
    assert not segment(read_document(CORPUS / "yongchuan-2023-plan-report.txt").text).layout_broken


def test_layout_lines_are_rejoined_into_sentences():
    source = read_document(CORPUS / "yongchuan-2024q2-meeting-speeches.txt")
    texts = [s.text for s in segment(source.text).sentences()]
    assert "聚焦痛点抓改革。" in texts
    assert any(t.startswith("清理整合、兼并重组房开、检测等同质化业务") and t.endswith("扭亏为盈。") for t in texts)


# ---------------------------------------------------------------------------------------------- standalone lines


@pytest.mark.parametrize("path", sorted(MEETINGS), ids=lambda p: p.name)
def test_signature_lines_stand_alone(path):
    if not path.exists() or not (GOLD / MEETINGS[path]).exists():
        pytest.skip("document or gold not there yet")
    source = read_document(path)
    paragraphs = segment(source.text).paragraphs
    for official in load_gold(MEETINGS[path])["officials"]:
        lines = [p for p in paragraphs if compact(p.text).endswith(official["name"])
                 and compact(p.text).startswith(compact(official["posts"][0]["org"]))]
        assert len(lines) == 1, official["name"]
        line = lines[0]
        assert line.standalone
        assert "\n" not in source.text[line.start : line.end]  # one line of the page, joined to nothing


@pytest.mark.parametrize("path", sorted(MEETINGS), ids=lambda p: p.name)
def test_a_headline_wider_than_the_column_stands_alone(path):
    """The page's kicker (…例会上这样说) is set wider than the column; it must not swallow the first speech."""
    paragraphs = segment(read_document(path).text).paragraphs
    kicker = [p for p in paragraphs if "这样说" in p.text]
    assert len(kicker) == 1 and kicker[0].text.endswith("这样说")


def test_a_synthetic_page():
    body = "区发展改革委坚持项目为王，一季度完成固定资产投资120亿元，同比增长8.2%，位居全市前列。"
    lines = [body[i : i + 18] for i in range(0, len(body), 18)]
    lead = "强化项目谋划。聚焦城市更新、产业升级，储备重大项目86个，总投资超过900亿元，完成前期工作。"
    lines += [lead[i : i + 18] for i in range(0, len(lead), 18)]
    page = "\n\n".join(lines) + "\n\n稳投资提质效 奋力推动高质量发展\n\n区发展改革委党组书记、主任 王 强\n"
    segmented = segment(page)
    assert segmented.layout_broken
    texts = [p.text for p in segmented.paragraphs]
    assert texts[-1] == "区发展改革委党组书记、主任 王 强" and segmented.paragraphs[-1].standalone
    assert texts[-2] == "稳投资提质效 奋力推动高质量发展"
    assert body in texts and lead in texts
    for sentence in segmented.sentences():
        assert compact(page[sentence.start : sentence.end]) == compact(sentence.text)


# ---------------------------------------------------------------------------------------------- normalisation

_HALF = {"，": ",", "：": ":", "；": ";", "！": "!", "？": "?", "（": "(", "）": ")"}


def _maps_back(text: str) -> None:
    """Every character of every paragraph is the original's character at its offset, or its full-width form."""
    for paragraph in segment(text).paragraphs:
        for i, ch in enumerate(paragraph.text):
            original = text[paragraph.original_offset(i)]
            assert original == ch or _HALF.get(ch) == original, (paragraph.text, i, ch, original)


def test_web_page_text_is_normalised_and_keeps_its_offsets():
    text = "政 府 工 作 报 告\n区长  余 松\n全区实现地区生产总值1,281.4亿元,增长8.1%;“两新”〔1〕实施方案[[1]]落地。18:06发布\n(2023—2027年)"
    paragraphs = segment(text).paragraphs
    assert [p.text for p in paragraphs] == [
        "政府工作报告",
        "区长  余 松",  # a padded name after its title is left to the readers of names
        "全区实现地区生产总值1,281.4亿元，增长8.1%；“两新”实施方案落地。18:06发布",
        "（2023—2027年）",
    ]
    _maps_back(text)


def test_a_document_number_is_no_footnote():
    (paragraph,) = segment("根据《通知》(渝府办发〔2024〕17号)精神").paragraphs
    assert "〔2024〕17号" in paragraph.text


@pytest.mark.parametrize("path", sorted((Path(__file__).parent / "fixtures" / "real").rglob("*.txt")), ids=lambda p: p.name)
def test_real_pages_map_back_to_their_text(path):
    _maps_back(path.read_text(encoding="utf-8"))
