"""normalize(raw): the text convention, the offset map and each repair on small inputs."""
from __future__ import annotations

from kg.normalize import normalize


def _check_offsets(raw: str, text: str, offsets: list[int]) -> None:
    assert len(offsets) == len(text) + 1 and offsets[-1] == len(raw)
    for ch, off in zip(text, offsets):
        assert ch == raw[off] or ch.isspace() or ch in "“”‘’"


def test_empty_and_blank():
    assert normalize("") == ("", [0])
    assert normalize(" \n\n\t") == ("", [4])


def test_offsets_point_at_raw_characters():
    raw = "  标题一行  \r\n\r\n第一段落，内容\n\n继续。\n"
    text, offsets = normalize(raw)
    assert text == "标题一行\n第一段落，内容继续。"
    _check_offsets(raw, text, offsets)
    assert raw[offsets[text.index("继")]] == "继"


def test_paragraph_breaks_after_sentences_are_kept():
    raw = "第一段结束了。\n\n第二段开始，也结束了。\n\n第三段！"
    assert normalize(raw)[0] == "第一段结束了。\n第二段开始，也结束了。\n第三段！"


def test_headline_and_byline_stay_on_their_own_lines():
    raw = "前文说完了。\n\n奋力推进高质量发展 勇当先行者\n\n■ 王小明\n\n正文从这里开始，讲述工作\n\n进展。\n\n作者单位 某某市委\n"
    text, _ = normalize(raw)
    assert text.split("\n") == [
        "前文说完了。",
        "奋力推进高质量发展 勇当先行者",
        "■ 王小明",
        "正文从这里开始，讲述工作进展。",
        "作者单位 某某市委",
    ]


def test_markdown_heading_marks_dropped():
    text, offsets = normalize("# 总标题,副题\n\n## ——说明文字\n\n正文。")
    assert text == "总标题,副题\n——说明文字\n正文。"


def test_latin_words_keep_their_space_cjk_loses_justification_spaces():
    raw = "推 进 数 字 化 改 革，打造 App 平台 和 5G 网络，增长 3.5 %。"
    text, offsets = normalize(raw)
    assert text == "推进数字化改革，打造 App 平台和 5G 网络，增长 3.5 %。"
    _check_offsets(raw, text, offsets)


def test_latin_word_broken_across_lines_gets_a_space():
    text, offsets = normalize("我们使用 open\nsource 软件，")
    assert text == "我们使用 open source 软件，"


def test_narrow_column_rejoined_into_paragraphs():
    column = [
        "近日，省委召开全省学习贯彻习近平",
        "新时代中国特色社会主义思想主题教育总",
        "结会议，深入学习贯彻习近平总书记关于",
        "主题教育重要讲话和重要指示批示精神，",
        "对建立健全长效机制、巩固拓展主题教育",
        "成果作出深化部署。我们要把巩固拓展主",
        "题教育成果作为重大政治任务。",
        "巩固拓展主题教育成果，就要坚定不",
        "移高举思想之旗、淬炼忠诚之魂、砥砺奋进",
        "之志，持续在学懂弄通做实上争当排头",
        "兵。主题教育是深入推进全面从严治党、",
        "以党的自我革命引领社会革命的生动实践。",
    ]
    raw = "\n\n".join(column)
    text, offsets = normalize(raw)
    assert text.split("\n") == ["".join(column[:7]), "".join(column[7:])]
    _check_offsets(raw, text, offsets)


def test_doubled_bold_regions_halved_with_quotes_repaired():
    raw = "杭州市开展杭州市开展””千名干部助千企千名干部助千企““活动活动"
    text, offsets = normalize(raw)
    assert text == "杭州市开展“千名干部助千企”活动"
    assert [raw[o] for o in offsets[:5]] == list("杭州市开展")


def test_real_reduplication_is_not_undoubled():
    raw = "大家看看，人人参与，国家实验室、省实验室、省技术创新中心协同。"
    assert normalize(raw)[0] == raw


def test_page_numbers_jump_lines_and_paywall_markers_removed():
    raw = "全省上下凝心聚力，\n\n- 12 -\n\n（下转第二版）\n\n##paidbegin##共同奋斗。\n\n第 3 页\n\n##paidend##"
    assert normalize(raw)[0] == "全省上下凝心聚力，共同奋斗。"


def test_table_of_contents_dropped():
    raw = "目\t录\n\n市委理论学习中心组：\n\n凝心聚力谱新篇\t11\n\n市政府党组：\n\n实干争先\t17\n\n凝心聚力谱新篇\n\n市委理论学习中心组\n\n正文第一句。"
    assert normalize(raw)[0] == "凝心聚力谱新篇\n市委理论学习中心组\n正文第一句。"


def test_label_lines_stand_alone():
    raw = "关键词：数字化改革、社情民意\n\n社情民意，指的是广大民众的真实意愿。"
    assert normalize(raw)[0] == "关键词：数字化改革、社情民意\n社情民意，指的是广大民众的真实意愿。"


def test_invariants_hold_on_random_layout_noise():
    """Arbitrary mixes of CJK, punctuation, furniture and line breaks never break the contract."""
    import random

    pieces = list("中国浙江省杭州市委书记工程千项万亿的了和在是一二三、，。！？；：“”‘’《》（）■●#— \t\u3000\n\n\r\f0123456789abc%.")
    pieces += ["##paidbegin##", "目录", "作者单位 ", "本报记者 ", "\n\n12\n\n", "杭州市开展杭州市开展", "““", "””"]
    rng = random.Random(20240227)
    for _ in range(1500):
        raw = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 100)))
        text, offsets = normalize(raw)
        _check_offsets(raw, text, offsets)
        assert all(a <= b for a, b in zip(offsets, offsets[1:]))
        chars = [o for o, ch in zip(offsets, text) if ch != "\n"]
        assert all(a < b for a, b in zip(chars, chars[1:]))
        assert text == "" or all(line and line == line.strip() for line in text.split("\n"))


def test_running_heads_with_page_numbers_dropped():
    pages = ["浙江日报 2 要闻", "全省上下凝心聚力，", "浙江日报 3 要闻", "共同奋斗。", "浙江日报 4 要闻", "会议强调抓落实。"]
    assert normalize("\n\n".join(pages))[0] == "全省上下凝心聚力，共同奋斗。\n会议强调抓落实。"


def test_dot_leader_contents_without_header_dropped():
    raw = "第一章 总体要求……………… 3\n第二章 重点任务……………… 8\n第三章 保障措施…………… 15\n\n正文开始，讲述总体要求。"
    assert normalize(raw)[0] == "正文开始，讲述总体要求。"


def test_dated_lines_are_not_running_heads():
    raw = "甲文章\n\n（2022年12月1日）\n\n正文一。\n\n乙文章\n\n（2022年12月7日）\n\n正文二。\n\n丙文章\n\n（2022年12月9日）\n\n正文三。"
    assert normalize(raw)[0].count("（2022年12月") == 3


def test_bold_caption_after_a_sentence_is_split_off_the_body():
    raw = "检察机关获评“法治政府奖”。某区检察院开展设施整改某区检察院开展设施整改““回头看回头看””\n\n新的段落开始。"
    text, offsets = normalize(raw)
    assert text.split("\n") == ["检察机关获评“法治政府奖”。", "某区检察院开展设施整改“回头看”", "新的段落开始。"]
    _check_offsets(raw, text, offsets)


def test_photo_captions_stand_alone():
    raw = "各地干部深入基层走访群众，\n\n省委组织部供图\n\n帮助解决实际困难。"
    assert normalize(raw)[0].split("\n") == ["各地干部深入基层走访群众，", "省委组织部供图", "帮助解决实际困难。"]


def test_magazine_contents_with_leading_page_numbers_dropped():
    raw = "\n".join(
        [
            "协办单位名单",
            "26 甲市：深学细悟见实效/张某某",
            "28 乙市：坚定信念挑大梁/李某",
            "经 济",
            "30 丙市：谱写新时代新篇章/王某",
            "习近平在集体学习时强调",
            "正文第一句话。",
        ]
    )
    assert normalize(raw)[0].split("\n") == ["协办单位名单", "习近平在集体学习时强调", "正文第一句话。"]


def test_letter_spaced_two_character_names_closed_up_in_bylines():
    raw = "■杨 晨 沈佳薇 亓惠洁\n\n浙江省省长 王 浩\n\n社区开展志愿服务活动 许 旭 摄"
    text, offsets = normalize(raw)
    assert text.split("\n") == ["■杨晨 沈佳薇 亓惠洁", "浙江省省长 王浩", "社区开展志愿服务活动 许旭 摄"]
    _check_offsets(raw, text, offsets)


def test_invisible_characters_dropped():
    raw = "\ufeff推进\u200b高质量\x07发展，\u00ad建设\u2060共同富裕示范区。"
    text, offsets = normalize(raw)
    assert text == "推进高质量发展，建设共同富裕示范区。"
    _check_offsets(raw, text, offsets)


def test_headline_above_a_bold_caption_is_not_glued_to_the_body():
    column = ["深入调研新昌县、嵊州市等地的农村", "物流现状，推动城乡客运融合发", "展。调查研究是谋事之基、成事之"]
    raw = "\n\n".join(column + ["在思想淬炼中谱写新篇章", "某市开展理论宣讲活动某市开展理论宣讲活动 王某某王某某 摄摄"])
    lines = normalize(raw)[0].split("\n")
    assert lines[-2:] == ["在思想淬炼中谱写新篇章", "某市开展理论宣讲活动 王某某 摄"]


def test_repeated_text_fragments_are_not_taken_for_running_heads():
    column = ["近日，省委召开全省学习贯彻习近平", "新时代中国特色社会主义思想主题教育总"] * 12
    text = normalize("\n\n".join(column))[0]
    assert text.count("习近平新时代中国特色社会主义思想") == 12  # every line kept and rejoined
    vertical = "巩\n固\n成\n果\n正文第一句。\n巩\n固\n成\n果\n正文第二句。\n巩\n固\n成\n果\n正文第三句。"
    assert normalize(vertical)[0].count("巩固成果") == 3


def test_bold_headline_with_its_first_character_doubled():
    assert normalize("让让文学之花绽放之江大地绽放之江大地")[0] == "让文学之花绽放之江大地"
    assert normalize("人人参与，共建共享。")[0] == "人人参与，共建共享。"


def test_numbered_heads_between_long_paragraphs_are_not_a_column():
    body = "".join(f"第{i}项工作扎实推进，取得明显成效，群众满意度持续提升。" for i in range(8))
    heads = ["一、在对标看齐上体现政治忠诚", "二、在深化认识上实现革新图变", "三、在服务大局上汇聚统战力量", "四、在履职尽责上提升工作质效"]
    raw = "\n".join(line for head in heads for line in (head, body))
    assert normalize(raw)[0].split("\n")[::2] == heads


def test_lone_contents_entry_loses_its_dot_leaders_and_page_number():
    raw = "附件：实施细则……………… 12\n\n各地要认真抓好落实。"
    text, offsets = normalize(raw)
    assert text == "附件：实施细则\n各地要认真抓好落实。"
    _check_offsets(raw, text, offsets)


def test_spaced_fragment_of_a_running_quote_is_joined():
    raw = "\n\n".join(["搭建互动平台。市税务局举行“昂首阔", "步向未来 奋楫扬帆启新篇”青年理", "论学习交流会，形成良好氛围。", "中共某某县委 某某县人民政府"])
    assert normalize(raw)[0].split("\n") == [
        "搭建互动平台。市税务局举行“昂首阔步向未来奋楫扬帆启新篇”青年理论学习交流会，形成良好氛围。",
        "中共某某县委 某某县人民政府",
    ]
