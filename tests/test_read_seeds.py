"""The reader on every bundled seed: structure, repairs and offsets that point back into the raw file."""
from __future__ import annotations

import hashlib
import re

import pytest

from kg.normalize.patterns import QUOTES
from kg.normalize.undouble import ANCHOR
from kg.read import read_document
from kg.read.structure import MAX_SENTENCE


@pytest.fixture(scope="module")
def docs(seed_paths):
    return {p.name[:3]: read_document(p) for p in seed_paths}


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def test_every_seed_reads_with_metadata(docs, seed_paths):
    assert sorted(docs) == ["000", "001", "002", "003", "004"]
    for path in seed_paths:
        doc = docs[path.name[:3]]
        assert doc.name == path.name
        assert doc.source == str(path)
        assert doc.encoding == "utf-8"
        assert doc.doc_id == hashlib.sha256(doc.text.encode("utf-8")).hexdigest()[:16]
        assert doc.title and doc.title in doc.text
        assert len(doc.articles) >= 1


def test_text_convention_one_paragraph_per_line(docs):
    for doc in docs.values():
        lines = doc.text.split("\n")
        assert all(lines), "no blank lines"
        assert all(line == line.strip() for line in lines), "no leading/trailing whitespace"
        assert "  " not in doc.text


def test_every_character_maps_to_its_raw_source(docs):
    for doc in docs.values():
        assert len(doc.offsets) == len(doc.text) + 1
        assert doc.offsets[-1] == len(doc.raw)
        assert all(a <= b for a, b in zip(doc.offsets, doc.offsets[1:])), "offsets never go back"
        chars = [o for o, ch in zip(doc.offsets, doc.text) if ch != "\n"]
        assert all(a < b for a, b in zip(chars, chars[1:])), "every character has its own raw source"
        for i, ch in enumerate(doc.text):
            src = doc.raw[doc.offsets[i]]
            if ch == src or ch.isspace():
                continue
            # the only rewritten characters: mirrored quotes inside repaired bold text
            assert ch in QUOTES and src in QUOTES, (doc.name, i, ch, src)


def test_sentence_raw_spans_hold_the_same_text(docs):
    for doc in docs.values():
        sents = list(doc.sentences())
        same = 0
        for s in sents:
            a, b = doc.raw_span(s.start, s.end)
            same += _squash(doc.raw[a:b]) == _squash(doc.text[s.start:s.end])
        # the rest span a removed doubled copy, page furniture or a duplicate
        assert same >= 0.97 * len(sents), (doc.name, same, len(sents))


def test_structure_offsets_nest(docs):
    for doc in docs.values():
        prev_end = -1
        covered = 0
        for art in doc.articles:
            assert prev_end < art.start <= art.end <= len(doc.text)
            prev_end = art.end
            for para in art.paragraphs:
                assert art.start <= para.start < para.end <= art.end
                assert "\n" not in doc.text[para.start:para.end]
                covered += para.end - para.start
                for s in para.sentences:
                    assert para.start <= s.start < s.end <= para.end
                    assert s.end - s.start <= 2 * MAX_SENTENCE
        assert covered == len(doc.text) - doc.text.count("\n"), "every line is a paragraph of some article"


def test_no_doubled_bold_text_left(docs):
    for doc in docs.values():
        assert not ANCHOR.search(doc.text), ANCHOR.search(doc.text).group(0)
    text = docs["002"].text
    assert "杭州市开展“千名干部助千企”活动" in text
    assert "杭州市开展“公述民评”面对面问政活动" in text
    assert "主题实践活动 许旭 摄" in text


def test_broken_lines_and_names_rejoined(docs):
    assert "以干部敢为带动地方敢闯" in docs["000"].text
    assert "去年实现数字经济核心产业增加值" in docs["001"].text
    assert "启动实施扩大有效投资“千项万亿”工程" in docs["002"].text
    assert "“千项\n" not in docs["002"].text
    assert "二是把握中国式现代化的理论维度。中国式现代化" in docs["003"].text
    assert "立足长远“谋”" in docs["004"].text


def test_narrow_columns_become_paragraphs(docs):
    doc = docs["002"]
    first = doc.text.split("\n")[0]
    assert first.startswith("“要巩固拓展主题教育成果，抓好意见落实，形成长效机制。”")
    assert first.endswith("对巩固拓展主题教育成果提出明确要求。")
    assert sum(1 for _ in doc.paragraphs()) < 0.1 * doc.raw.count("\n")


def test_spaces_inside_cjk_removed_latin_kept(docs):
    text = docs["002"].text
    assert "居民消费价格上涨" in text
    assert "只要拨打 96120 或者线上呼叫" in text


def test_furniture_removed(docs):
    toc = docs["003"]
    assert "\t" not in toc.text and "目" != toc.text[0]
    assert "##paidbegin##" not in toc.text and "##paidend##" not in toc.text
    assert not any(line.startswith("#") for line in docs["004"].text.split("\n"))
    assert "领导要论" not in docs["002"].text.split("\n")


def test_repeated_sentence_kept_once(docs):
    assert docs["000"].text.count("要保持敢于斗争的状态") == 1


def test_signed_pieces_split_into_articles(docs):
    signed = [a for a in docs["000"].articles if a.bylines]
    assert [a.bylines[0] for a in signed] == ["■ 吴海明", "■ 周勇", "■ 金黎彬", "■ 孙丹青", "■ 景尧", "■ 马川"]
    assert all(a.bylines[-1].startswith("作者单位") for a in signed)
    assert signed[1].headline == "传承好发展好新时代「民情日记」"

    study = [a for a in docs["003"].articles if a.bylines]
    assert len(study) >= 20
    assert all(a.bylines[0].endswith(("中心组", "党委", "党组")) for a in study)
    assert study[0].headline == "唯有实干争先 方能赢得未来"

    speakers = {a.bylines[0] for a in docs["004"].articles if a.bylines}
    assert {"金华市委书记 朱重烈", "绍兴市委常委、诸暨市委书记 沈志江"} <= speakers
    assert "龙港市委书记 何宗静" in {b for a in docs["001"].articles for b in a.bylines}


def test_document_dates_from_datelines(docs):
    assert docs["003"].date == "2022-12-30"
    for doc in docs.values():
        assert doc.date is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", doc.date)


def test_articles_open_at_their_headline_or_kicker(docs):
    doc = docs["000"]
    for art in doc.articles:
        assert doc.text[art.start:art.end].split("\n")[0] == art.headline
    news = docs["004"]
    last = news.articles[-1]
    assert last.headline == "“浙里来消费·2023金秋购物节”启动"
    assert news.text[last.start:last.end].startswith("全国老字号齐聚浙江、600多场活动来袭\n")
    assert news.title == "阔步新征程,实干勇争先"
