"""The reader on small crafted files: encodings, bad input, sidecars, repairs, batches."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.read import ReadError, expand_paths, iter_documents, read_document

DATA = Path(__file__).parent / "data"
EXPECTED = "扎实推进高质量发展\n全省经济工作会议在杭州召开。会议强调，要深入实施“千项万亿”工程，推动高质量发展。\n本报记者 王小明"


@pytest.mark.parametrize(
    "name, encoding",
    [
        ("utf8.txt", "utf-8"),
        ("utf8_bom.txt", "utf-8-sig"),
        ("gbk.txt", "gb18030"),
        ("utf16_bom.txt", "utf-16-le"),
        ("utf16be_nobom.txt", "utf-16-be"),
    ],
)
def test_encodings_decode_to_the_same_document(name, encoding):
    doc = read_document(DATA / name)
    assert doc.encoding == encoding
    assert doc.text == EXPECTED
    assert not doc.raw.startswith("\ufeff")
    assert doc.doc_id == read_document(DATA / "utf8.txt").doc_id, "the id depends on content, not encoding"
    art = doc.articles[0]
    assert art.headline == "扎实推进高质量发展"
    assert art.bylines == ["本报记者 王小明"]


@pytest.mark.parametrize(
    "name, problem",
    [
        ("binary.txt", "binary"),
        ("empty.txt", "empty"),
        ("blank.txt", "empty"),
        ("latin1_garbage.txt", "undecodable"),
        ("no_such_file.txt", "not found"),
    ],
)
def test_bad_input_is_one_line_naming_file_and_problem(name, problem):
    with pytest.raises(ReadError) as info:
        read_document(DATA / name)
    message = str(info.value)
    assert "\n" not in message
    assert name in message and problem in message


def test_directory_is_not_a_document(tmp_path):
    with pytest.raises(ReadError, match="directory"):
        read_document(tmp_path)


def test_sidecar_gives_date_and_publisher():
    doc = read_document(DATA / "dated.txt")
    assert doc.date == "2024-02-27"
    assert doc.publisher == "浙江日报"


def test_bad_sidecar_is_reported(tmp_path):
    shutil.copy(DATA / "dated.txt", tmp_path / "x.txt")
    (tmp_path / "x.meta.json").write_text('{"date": "27/02/2024"}', encoding="utf-8")
    with pytest.raises(ReadError, match=r"x\.meta\.json.*yyyy-mm-dd"):
        read_document(tmp_path / "x.txt")
    (tmp_path / "x.meta.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ReadError, match="unreadable sidecar"):
        read_document(tmp_path / "x.txt")


def test_date_from_dateline_without_sidecar():
    doc = read_document(DATA / "textdate.txt")
    assert doc.date == "2023-12-30"
    assert doc.publisher is None


def test_doubled_bold_text_repaired():
    text = read_document(DATA / "doubled.txt").text
    assert text.split("\n") == [
        "各地开展主题活动。",
        "杭州市开展“千名干部助千企”活动",
        "长兴县小浦镇开展“我为群众办实事”主题实践活动 许旭 摄",
    ]


def test_duplicated_paragraph_and_sentence_kept_once():
    text = read_document(DATA / "duplicate.txt").text
    assert text.split("\n") == [
        "加快建设现代化产业体系。",
        "要坚持创新驱动，打造一批标志性项目，形成新的增长点。",
        "要保持敢于斗争的状态，啃下难啃的“硬骨头”。",
    ]


def test_page_furniture_removed_and_paragraph_rejoined():
    text = read_document(DATA / "pages.txt").text
    assert text == "推进共同富裕示范区建设，全力打造高质量发展的样板。各地要抓好落实。\n会议要求各级干部走在前列。"


def test_broken_lines_rejoined_headline_and_bylines_kept():
    doc = read_document(DATA / "broken.txt")
    assert doc.text.split("\n") == [
        "扩大有效投资",
        "■ 王小明",
        "启动实施扩大有效投资“千项万亿”工程，安排重大项目1000个以上，县处级领导干部读书班 317 期，居民消费价格上涨 0.3%。",
        "作者单位 某某县委",
    ]
    (art,) = doc.articles
    assert art.headline == "扩大有效投资" == doc.title
    assert art.bylines == ["■ 王小明", "作者单位 某某县委"]
    body = art.paragraphs[2]
    assert [doc.text[s.start:s.end] for s in body.sentences] == [doc.text[body.start:body.end]]
    start = doc.text.index("千项万亿")
    a, b = doc.raw_span(start, start + 4)
    assert doc.raw[a:b] == "千项\n\n万亿"


def test_expand_paths_lists_txt_sorted_without_sidecars():
    paths = expand_paths([DATA])
    names = [p.name for p in paths]
    assert names == sorted(names)
    assert "dated.txt" in names and "dated.meta.json" not in names
    assert all(n.endswith(".txt") for n in names)
    single = DATA / "utf8.txt"
    assert expand_paths([single, DATA / "dated.meta.json"]) == [single]


def test_iter_documents_reports_bad_files_and_goes_on():
    errors: list[tuple[Path, str]] = []
    paths = [DATA / "utf8.txt", DATA / "binary.txt", DATA / "gbk.txt", DATA / "missing.txt"]
    docs = list(iter_documents(paths, on_error=lambda p, m: errors.append((p, m))))
    assert [d.name for d in docs] == ["utf8.txt", "gbk.txt"]
    assert [p.name for p, _ in errors] == ["binary.txt", "missing.txt"]
    assert "binary" in errors[0][1] and "not found" in errors[1][1]


def test_iter_documents_prints_one_line_per_bad_file_by_default(capsys):
    docs = list(iter_documents([DATA / "empty.txt", DATA / "utf8.txt"]))
    assert [d.name for d in docs] == ["utf8.txt"]
    err = capsys.readouterr().err.strip().split("\n")
    assert len(err) == 1 and "empty.txt" in err[0] and "empty" in err[0]


def test_text_date_is_the_documents_own_not_a_reported_event(tmp_path):
    body = "".join(f"各地认真贯彻落实会议精神，第{i}项工作取得新进展。" for i in range(12))
    late = tmp_path / "late.txt"
    late.write_text(f"工作综述\n\n{body}\n\n2023年6月30日，省委召开表彰大会。\n", encoding="utf-8")
    assert read_document(late).date is None
    header = tmp_path / "header.txt"
    header.write_text(f"浙江日报 2024年2月27日 星期二\n\n{body}\n", encoding="utf-8")
    assert read_document(header).date == "2024-02-27"
    speech = tmp_path / "speech.txt"
    speech.write_text(f"政府工作报告\n\n{body}\n\n2024年1月23日在省人民代表大会上\n\n{body}\n", encoding="utf-8")
    assert read_document(speech).date == "2024-01-23"
    assert read_document(DATA / "textdate.txt").date == "2023-12-30"


@pytest.mark.parametrize(
    "name, encoding", [("utf8_truncated.txt", "utf-8"), ("gbk_truncated.txt", "gb18030")]
)
def test_file_cut_inside_its_last_character_still_reads(name, encoding):
    doc = read_document(DATA / name)
    assert doc.encoding == encoding
    assert doc.text == EXPECTED + "\n省"


def test_one_corrupt_byte_is_marked_not_fatal():
    doc = read_document(DATA / "utf8_corrupt_byte.txt")
    assert doc.encoding == "utf-8", "damaged UTF-8 must not be misread as GB18030"
    assert doc.text.startswith("扎实推进高质量发展\n全省经济工作会议在杭州召开。\ufffd")
    assert doc.text.endswith("本报记者 王小明")


def test_bom_on_binary_data_is_rejected(tmp_path):
    bad = tmp_path / "bom.txt"
    bad.write_bytes(b"\xff\xfe" + bytes(range(32, 256)) * 3)
    with pytest.raises(ReadError, match="bom.txt"):
        read_document(bad)


def test_sidecar_may_also_be_named_after_the_full_file_name(tmp_path):
    shutil.copy(DATA / "utf8.txt", tmp_path / "page.txt")
    (tmp_path / "page.txt.meta.json").write_text('{"date": "2023-10-21", "source": "浙江日报"}', encoding="utf-8")
    doc = read_document(tmp_path / "page.txt")
    assert (doc.date, doc.publisher) == ("2023-10-21", "浙江日报")
    assert expand_paths([tmp_path]) == [tmp_path / "page.txt"]


def test_iter_documents_survives_an_unexpected_failure_on_one_file(monkeypatch):
    import kg.read.reader as reader

    real = reader.normalize

    def flaky(raw: str):
        if "王小明" in raw:
            raise RuntimeError("boom\nsecond line")
        return real(raw)

    monkeypatch.setattr(reader, "normalize", flaky)
    errors: list[str] = []
    docs = list(iter_documents([DATA / "utf8.txt", DATA / "dated.txt"], on_error=lambda p, m: errors.append(m)))
    assert [d.name for d in docs] == ["dated.txt"]
    assert len(errors) == 1 and "utf8.txt" in errors[0] and "RuntimeError: boom" in errors[0] and "\n" not in errors[0]


def test_oversized_file_is_refused_before_reading(tmp_path, monkeypatch):
    import kg.read.reader as reader

    monkeypatch.setattr(reader, "MAX_BYTES", 100)
    big = tmp_path / "big.txt"
    big.write_text("推进高质量发展。" * 20, encoding="utf-8")
    with pytest.raises(ReadError, match=r"big\.txt: too large"):
        read_document(big)


def test_compilation_signed_before_each_title():
    doc = read_document(DATA / "compilation.txt")
    assert doc.title == "理论学习文章汇编"
    pieces = [(a.headline, a.bylines) for a in doc.articles[1:]]
    assert pieces == [
        ("凝心聚力开创统战工作新局面", ["1．市委统战部理论学习中心组："]),
        ("构建预算绩效管理新格局", ["市财政局党组理论学习中心组："]),
    ]
    assert "凝心聚力开创统战工作新局面\n全市统一战线" in doc.text


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_emoji_kana_and_rare_name_characters_do_not_make_a_text_unreadable(tmp_path, encoding):
    """A WeChat export with a few emoji, a Japanese name and a character beyond the BMP (𬌗) is text."""
    text = "省委书记王𬌗出席活动👍🎉\n来自日本のゲスト参加🇨🇳\n"
    path = tmp_path / "wechat.txt"
    path.write_bytes(text.encode(encoding))
    doc = read_document(path)
    assert "王𬌗" in doc.text and "👍" in doc.text
