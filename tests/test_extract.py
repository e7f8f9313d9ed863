"""Extraction on crafted sentences, on the seeds, and against the dev gold."""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest

from conftest import ROOT, SHARED
from conftest import entity_names as _entities
from conftest import extract_text as _extract
from kg.extract import extract_document
from kg.read import read_document

DEV = SHARED / "eval" / "dev"




def _relations(x, relation):
    return {(r.head, r.tail, r.title) if relation == "holds_position" else (r.head, r.tail)
            for r in x.relations if r.relation == relation}


def test_title_chain_splits_into_one_post_per_segment(tmp_path):
    x = _extract(tmp_path, "温州市委常委、瑞安市委书记 王建新\n瑞安聚焦“三个一”工程，取得新进展。\n")
    posts = _relations(x, "holds_position")
    assert ("王建新", "温州市", "市委常委") in posts
    assert ("王建新", "瑞安市", "市委书记") in posts
    assert "王建新" in _entities(x, "PERSON")


def test_a_byline_with_a_chain_of_posts_writes_for_the_post_nearest_the_name(tmp_path):
    # the county secretary who also sits on the city's standing committee speaks for the county
    x = _extract(tmp_path, "交流发言\n\n温州市委常委、瑞安市委书记 王建新\n\n"
                           "坚持改革创新，深入实施“强港兴城”行动，构建“三链融合”工作体系。\n")
    assert _relations(x, "implements") == {("瑞安市", "强港兴城行动"), ("瑞安市", "三链融合工作体系")}


def test_bare_provincial_title_takes_the_documents_province(tmp_path):
    x = _extract(tmp_path, "浙江省召开会议。省委书记李明华出席会议并讲话，要求杭州、宁波走在前列。\n")
    assert ("李明华", "浙江省", "省委书记") in _relations(x, "holds_position")
    assert {"浙江省", "杭州市", "宁波市"} <= _entities(x, "LOCALITY")


def test_general_secretary_has_no_place(tmp_path):
    x = _extract(tmp_path, "深入学习贯彻习近平总书记重要讲话精神。\n")
    assert ("习近平", None, "总书记") in _relations(x, "holds_position")


def test_short_place_names_resolve_to_full_names_with_codes(tmp_path):
    x = _extract(tmp_path, "绍兴市下辖嵊州、上虞等地，嵊州是浙江的县级市。\n")
    places = {e.canonical: e for e in x.entities if e.label == "LOCALITY"}
    assert places["嵊州市"].attrs["adcode"] == "330683"
    assert places["嵊州市"].attrs["parent"] == "绍兴市"
    assert places["上虞区"].attrs["level"] == "county"
    assert "浙江省" in places


def test_ambiguous_short_name_follows_the_documents_other_places(tmp_path):
    beijing = _extract(tmp_path, "北京市朝阳区召开会议，朝阳区委书记王立强讲话。\n", "a.txt")
    assert any(e.attrs.get("adcode") == "110105" for e in beijing.entities if e.canonical == "朝阳区")


def test_programs_are_normalized(tmp_path):
    x = _extract(tmp_path, "湖州深入实施三个“一号工程”，推进“千项\n\n万亿”工程和“4151”计划，坚决做到“两个维护”。\n")
    programs = _entities(x, "PROGRAM")
    assert {"一号工程", "千项万亿工程", "4151计划"} <= programs
    assert "两个维护" not in programs
    assert ("湖州市", "一号工程") in _relations(x, "implements")


def test_bare_body_takes_its_place_from_the_article(tmp_path):
    x = _extract(tmp_path, "绍兴市委书记 赵一鸣\n近日，市委组织部在市委党校举办培训班，绍兴各地干部参加。\n")
    orgs = _entities(x, "ORGANIZATION")
    assert "绍兴市委组织部" in orgs
    assert ("绍兴市委组织部", "绍兴市") in _relations(x, "located_in")


def test_reporter_is_affiliated_with_the_paper_the_sidecar_names(tmp_path):
    (tmp_path / "page.meta.json").write_text('{"date": "2024-02-27", "source": "浙江日报"}', encoding="utf-8")
    x = _extract(tmp_path, "本报记者 林云飞\n杭州市推进“千万工程”。\n", "page.txt")
    assert ("林云飞", "浙江日报") in _relations(x, "affiliated_with")
    assert "浙江日报" in _entities(x, "ORGANIZATION")


def test_companies_in_a_brought_in_list_and_periodicals_are_organizations(tmp_path):
    x = _extract(tmp_path, "金华市引进了华力电子、明远材料等一批龙头企业。《春潮》《山河》等文学刊物影响扩大。\n"
                           "发展新材料、生物医药等产业。\n")
    orgs = _entities(x, "ORGANIZATION")
    assert {"华力电子", "明远材料", "春潮", "山河"} <= orgs
    assert not {"新材料", "生物医药"} & orgs


def test_place_inside_a_persons_name_is_not_a_place(tmp_path):
    x = _extract(tmp_path, "宁海县委书记 滕安达\n宁海加快发展。\n")
    assert "安达市" not in _entities(x, "LOCALITY")


def test_extraction_is_a_pure_function(seed_paths):
    doc = read_document(seed_paths[0])
    first = extract_document(doc).to_prediction()
    second = extract_document(read_document(seed_paths[0])).to_prediction()
    assert first == second
    assert first["entities"], "a seed document yields entities"


def test_every_relation_points_at_extracted_entities(seed_paths):
    for path in seed_paths:
        doc = read_document(path)
        x = extract_document(doc)
        keys = {(e.label, e.canonical) for e in x.entities}
        for r in x.relations:
            assert (r.head_label, r.head) in keys
            if r.tail is not None:
                assert (r.tail_label, r.tail) in keys
            assert r.evidence and 0 <= r.evidence[0].start < r.evidence[0].end <= len(doc.text)


def test_kg_extract_cli_writes_prediction_lines_and_survives_a_bad_file(tmp_path):
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x00\x01\x02binary\xff\xfe\x00")
    out = tmp_path / "pred.jsonl"
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    proc = subprocess.run([sys.executable, "-m", "kg", "extract", *map(str, seeds), str(bad), "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert "broken.txt" in proc.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["doc"] for r in records] == [p.name for p in seeds]
    for r in records:
        assert all({"label", "canonical"} <= e.keys() for e in r["entities"])
        assert all({"head", "relation", "tail"} <= rel.keys() for rel in r["relations"])


def _scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not (DEV / "gold.jsonl").exists(), reason="needs ../shared/eval/dev beside the project")
def test_dev_set_quality_does_not_regress(tmp_path):
    pred = tmp_path / "dev.jsonl"
    with open(pred, "w", encoding="utf-8") as fh:
        for path in sorted((DEV / "docs").glob("*.txt")):
            fh.write(json.dumps(extract_document(read_document(path)).to_prediction(), ensure_ascii=False) + "\n")
    score = _scorer()
    result = score.score(score.load(DEV / "gold.jsonl"), score.load(pred), str(DEV / "docs"))
    # reached 0.938 / 0.828 (title 0.973; every label >= 0.903) when this floor was last raised;
    # the margin absorbs small rule trade-offs and NER retraining
    assert result["entities"]["f1"] >= 0.92
    assert result["relations"]["f1"] >= 0.80
    assert result["holds_position:title"]["f1"] >= 0.90
    for label in ("LOCALITY", "PERSON", "ORGANIZATION", "PROGRAM"):
        assert result[f"entity:{label}"]["f1"] >= 0.87, label


@pytest.mark.skipif(not (SHARED / "data" / "peoples_daily_1998").exists(), reason="needs ../shared/data beside the project")
def test_people_in_text_of_another_kind(tmp_path):
    """People's Daily of January 1998, where people are often named in lists or without a cue, not the
    seeds the rules were written on: the first 150 articles, PERSON against the corpus's own name tags."""
    from kg.nlp.corpora import pfr_articles

    gold, pred = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    with open(gold, "w", encoding="utf-8") as g, open(pred, "w", encoding="utf-8") as p:
        for article, text, people in pfr_articles(SHARED / "data")[:150]:
            path = tmp_path / f"{article}.txt"
            path.write_text(text, encoding="utf-8")
            g.write(json.dumps({"doc": path.name, "entities": [{"label": "PERSON", "canonical": name} for name in people],
                                "relations": []}, ensure_ascii=False) + "\n")
            p.write(json.dumps(extract_document(read_document(path)).to_prediction(), ensure_ascii=False) + "\n")
    score = _scorer()
    result = score.score(score.load(gold), score.load(pred), None)
    # 0.765 (P 0.938, R 0.646) when this floor was set, 0.802 (P 0.954) at the end of that session;
    # 0.551 before lists and officials' deeds cued the NER
    assert result["entity:PERSON"]["f1"] >= 0.72
    assert result["entity:PERSON"]["p"] >= 0.88


def test_photo_credits_and_titled_names_are_whole_people(tmp_path):
    x = _extract(tmp_path, "村民志愿者清扫积雪 郑晓岚 摄\n“案件背后有更大的价值。”宁波市人民检察院第二检察部主任邓克来说。\n")
    people = _entities(x, "PERSON")
    assert {"郑晓岚", "邓克来"} <= people
    assert "邓克" not in people


def test_ner_modes_decide_where_untitled_names_come_from(tmp_path):
    """cued: only sentences where a person is talked about; all: every sentence; off: rules only."""
    text = "张志远和刘敏芳参加了捐赠仪式。\n“这是大家的心意。”赵淑兰说。\n"
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    doc = read_document(path)
    people = {mode: _entities(extract_document(doc, ner=mode), "PERSON") for mode in ("off", "cued", "all")}
    assert people["off"] == set()
    assert people["cued"] == {"赵淑兰"}
    assert "赵淑兰" in people["all"] and (people["all"] - people["cued"]) & {"张志远", "刘敏芳"}
    with pytest.raises(ValueError, match="unknown NER mode"):
        extract_document(doc, ner="everywhere")


def test_famous_and_listed_names_are_people_where_the_context_says_so(tmp_path):
    """Names the dictionary counts as common words (邓小平, 马克思) are kept after a person's deed, and
    names listed with 、 before one (省领导…出席) are kept with it; 杨梅 after no such word is no one."""
    x = _extract(tmp_path, "正如马克思所说，人的本质是一切社会关系的总和。邓小平强调，发展才是硬道理。\n"
                           "省领导李明、张建华、陈小平出席。\n仙居杨梅说到就到，游客纷纷前来采摘。\n")
    people = _entities(x, "PERSON")
    assert {"马克思", "邓小平", "李明", "张建华", "陈小平"} <= people
    assert "杨梅" not in people


def test_a_post_starts_after_the_clause_around_it(tmp_path):
    x = _extract(tmp_path, "浙江省召开全省会议。会议由省委副书记王成国主持。\n")
    assert ("王成国", "浙江省", "省委副书记") in _relations(x, "holds_position")


def test_bracketed_credits_name_people(tmp_path):
    x = _extract(tmp_path, "据新华社北京1月28日电（记者丛亚平）有关部门出台新规。\n"
                           "村民们在举行舞狮活动。（向民航摄）\n"
                           "新华社开罗1月27日电（记者安江、侯嘉）会谈在开罗举行。演员们表演了歌舞节目（新华社记者郑宣摄）。\n")
    assert {"丛亚平", "向民航", "安江", "侯嘉", "郑宣"} <= _entities(x, "PERSON")


def test_a_company_whose_registered_name_ends_in_a_limited_liability_suffix(tmp_path):
    """集团 then 有限责任公司: once a crash that stopped `kg extract` on the whole batch."""
    x = _extract(tmp_path, "中国第一汽车集团有限责任公司今年销量增长。\n")
    assert any(name.endswith("集团有限责任公司") for name in _entities(x, "ORGANIZATION"))


def test_kg_extract_reports_a_document_the_extractor_fails_on_and_goes_on(tmp_path, monkeypatch, capsys):
    import kg.extract
    from kg.cli import main

    real = kg.extract.extract_document

    def flaky(doc, ner="cued"):
        if "故障" in doc.text:
            raise RuntimeError("boom")
        return real(doc, ner=ner)

    monkeypatch.setattr(kg.extract, "extract_document", flaky)
    (tmp_path / "a.txt").write_text("省委书记李明华出席会议。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("这篇文章让提取出了故障。\n", encoding="utf-8")
    out = tmp_path / "pred.jsonl"
    assert main(["extract", "-q", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--out", str(out)]) == 0
    assert [json.loads(line)["doc"] for line in out.read_text(encoding="utf-8").splitlines()] == ["a.txt"]
    err = capsys.readouterr().err
    assert "b.txt: extraction failed: RuntimeError: boom" in err and "1 failed" in err


def test_bare_and_deputy_posts_take_the_place_the_sentence_names(tmp_path):
    """市长 after 湖州市委书记 is Huzhou's even when the document names Ningbo too; 副省长 is the province's;
    常务副市长 after 温州市委常委、 keeps its words; a name glued to 介绍 ends where the NER ends it."""
    x = _extract(tmp_path, "浙江省委召开会议。湖州市委书记陈浩，市长王纲等参加。宁波市鄞州区人民法院近日审结一起案件。\n"
                           "副省长卢山出席会议。温州市委常委、常务副市长汤筱疆作汇报。\n"
                           "杭州市西湖区转塘街道党工委书记张三介绍，街道已建成共富工坊12家。\n")
    posts = _relations(x, "holds_position")
    assert {("王纲", "湖州市", "市长"), ("卢山", "浙江省", "副省长"), ("汤筱疆", "温州市", "常务副市长"),
            ("张三", "转塘街道", "党工委书记")} <= posts
    assert "张三介" not in _entities(x, "PERSON")


def test_a_list_of_names_with_notes_is_a_list_of_people(tmp_path):
    x = _extract(tmp_path, "大会选举产生了新一届省政协委员，他们是：钱正英（女）、舒乙（满族）、胡启立、姜异康、郭荣昌等。\n"
                           "杭州、宁波、温州、湖州等地纷纷行动。\n")
    assert _entities(x, "PERSON") == {"钱正英", "舒乙", "胡启立", "姜异康", "郭荣昌"}


def test_a_dateline_is_no_part_of_the_body_after_it(tmp_path):
    x = _extract(tmp_path, "本报杭州11月20日电 浙江省政府今天召开常务会议。\n"
                           "新华社北京１月１３日电（记者张荣典）国务院总理李鹏今天会见了客人。\n"
                           "本报讯浪潮电子信息产业集团日前宣布新产品上市。\n")
    orgs = _entities(x, "ORGANIZATION")
    assert {"浙江省政府", "国务院", "浪潮电子信息产业集团"} <= orgs
    assert not [name for name in orgs if any(c in name for c in "0123456789１３（讯")], orgs


def test_a_person_left_unnamed_is_no_entity(tmp_path):
    x = _extract(tmp_path, "市委常委、宣传部部长王某某表示，要抓好落实。\n本报记者 张某 通讯员 李四\n")
    people = _entities(x, "PERSON")
    assert not [name for name in people if "某" in name], people


def test_a_bare_village_post_is_the_village_the_paragraph_named(tmp_path):
    x = _extract(tmp_path, "松阳县大东坝镇横坑村是“拯救老屋行动”的试点村。村党支部书记叶关福说：“老屋修好了。”\n")
    assert ("叶关福", "横坑村", "村党支部书记") in _relations(x, "holds_position")


def test_foreign_names_are_people_where_a_title_or_a_deed_says_so(tmp_path):
    x = _extract(tmp_path, "法国外长韦德里纳表示，将继续努力。埃及总统穆巴拉克会见了来访的客人。\n"
                           "阿里巴巴集团发布新产品，马拉松比赛在杭州举行。\n")
    people = _entities(x, "PERSON")
    assert {"韦德里纳", "穆巴拉克"} <= people
    assert not people & {"阿里巴巴", "马拉松"}


def test_a_body_before_a_post_and_its_holder_is_no_person(tmp_path):
    x = _extract(tmp_path, "吉利控股集团董事长李书福、海康威视总裁胡扬忠出席论坛。\n")
    assert _entities(x, "PERSON") == {"李书福", "胡扬忠"}


def test_a_titled_name_stops_before_the_honorific_after_it(tmp_path):
    x = _extract(tmp_path, "该校校长刘红小姐演唱了歌曲。董事长张伟先生致辞。\n")
    assert _entities(x, "PERSON") == {"刘红", "张伟"}


def test_given_names_with_characters_that_are_also_function_words(tmp_path):
    # 强, 一, 向 end or fill many given names; 强调 after a name and 和 between two are still no part of it
    x = _extract(tmp_path, "湖北省委常委、武汉市委书记郭元强主持会议。副市长杨一民、马向东陪同。"
                           "市长王刚强调，要抓好落实。市长王刚和副市长李明出席。\n")
    assert {"郭元强", "杨一民", "马向东", "王刚", "李明"} <= _entities(x, "PERSON")
    assert not _entities(x, "PERSON") & {"郭元", "王刚强", "王刚和"}
    posts = _relations(x, "holds_position")
    assert ("郭元强", "武汉市", "市委书记") in posts
    assert {title for head, _, title in posts if head == "李明"} == {"副市长"}


def test_appointment_notices_give_the_posts_after_the_name(tmp_path):
    x = _extract(tmp_path, "经省委研究决定：\n王建军同志任中共衢州市委委员、常委、书记；\n"
                           "李红梅同志任浙江省教育厅党组成员、副厅长（试用期一年）；\n免去赵国华同志的台州市人民政府副市长职务。\n"
                           "会议决定，任命陈伟为杭州市人民政府副市长。\n１９３９年，成立了太岳地委，安子文同志任书记。\n")
    posts = _relations(x, "holds_position")
    assert {("王建军", "衢州市", "市委委员"), ("王建军", "衢州市", "市委常委"), ("王建军", "衢州市", "市委书记"),
            ("李红梅", "浙江省教育厅", "党组成员"), ("李红梅", "浙江省教育厅", "副厅长")} <= posts
    assert any(head == "陈伟" and title.endswith("副市长") for head, _, title in posts)
    assert not any(head in ("赵国华", "安子文") for head, _, _ in posts)  # a removal and a past post
    x = _extract(tmp_path, "区党委决定，孙立同志兼任钦州市委书记，不再担任玉林市委书记职务。\n")
    assert _relations(x, "holds_position") == {("孙立", "钦州市", "市委书记")}  # an added post, not the one given up
    x = _extract(tmp_path, "周江勇任杭州市委书记\n本报讯 日前，省委决定。李强任务繁重，他说王刚任县长多年。\n")
    assert _relations(x, "holds_position") == {("周江勇", "杭州市", "市委书记")}  # a headline says it, a story does not


def test_a_rare_surname_the_ner_reads_in_a_title_slot(tmp_path):
    # 笪 is in no 百家姓 list; after a post, with the NER reading the same name, it is a surname all the same
    x = _extract(tmp_path, "徐汇区委书记笪秀芳表示，全区将加快推进旧区改造。\n")
    assert ("笪秀芳", "徐汇区", "区委书记") in _relations(x, "holds_position")


def test_names_listed_after_one_post_each_hold_it_and_a_former_post_is_none(tmp_path):
    x = _extract(tmp_path, "江西省人大常委会副主任张明、李华、王强出席。省委书记赵刚、省长孙平出席。"
                           "会上通报了南昌市青山湖区水利局原局长刘某违纪问题，市公安局前局长陈平作检讨。"
                           "省监委主任、省纪委副书记周亚平，省高级人民法院院长吴建林列席会议。\n")
    posts = _relations(x, "holds_position")
    assert {(name, "江西省人大常委会", "副主任") for name in ("张明", "李华", "王强")} <= posts
    assert ("孙平", "江西省", "省长") in posts and ("赵刚", "江西省", "省委书记") in posts
    assert not any(head == "孙平" and title != "省长" for head, _, title in posts)
    assert not any(head == "陈平" for head, _, _ in posts)  # 前局长: a past post
    assert "南昌市青山湖区水利局" in _entities(x, "ORGANIZATION")
    assert {("周亚平", "江西省监委", "主任"), ("吴建林", "江西省高级人民法院", "院长")} <= posts


def test_a_foreign_leader_holds_a_post_in_the_country_and_a_meeting_verb_or_dateline_ends_a_chain(tmp_path):
    x = _extract(tmp_path, "丁薛祥会见马来西亚总理安瓦尔\n新华社北京5月3日电 国务院副总理丁薛祥3日在人民大会堂会见马来西亚总理安瓦尔。"
                           "安瓦尔表示，愿深化合作。总统高度评价两国关系。\n")
    posts = _relations(x, "holds_position")
    assert ("丁薛祥", "国务院", "副总理") in posts
    assert ("安瓦尔", "马来西亚", "总理") in posts
    assert not any("会见" in title or "电" in title for _, _, title in posts)
    assert "高度评" not in _entities(x, "PERSON")  # after a foreign post only the NER says where a name ends


def test_a_biography_gives_its_subject_the_posts_held_now_and_not_the_past_ones(tmp_path):
    x = _extract(tmp_path, "张海林同志简历\n张海林，男，汉族，1970年3月生，湖南衡阳人，研究生学历。\n"
                           "1992年7月至2001年3月，任衡阳市财政局科员；2001年3月至2012年5月，任耒阳市副市长；"
                           "2019年6月起，任衡阳市委常委、秘书长。\n现任衡阳市委常委、秘书长。\n")
    posts = _relations(x, "holds_position")
    assert {("张海林", "衡阳市", "市委常委"), ("张海林", "衡阳市", "秘书长")} <= posts
    assert not any(tail == "耒阳市" or title.endswith("科员") for _, tail, title in posts)


def test_a_name_before_a_post_keeps_its_last_character_though_a_word_runs_across(tmp_path):
    # 民|主席: the dictionary's 民主 runs across the name's end, but a post follows it, so the NER's name stands
    x = _extract(tmp_path, "全军要认真贯彻落实胡泽民主席最近的重要指示精神，形成学习新高潮。\n"
                           "全国人民在以胡泽民为核心的党中央领导下，团结奋斗。\n")
    assert "胡泽民" in _entities(x, "PERSON")


def test_a_bylines_name_runs_to_the_line_end_and_a_common_word_before_county_area_is_no_county(tmp_path):
    # 志军 is a dictionary word, but a byline's name is the whole run; 富裕县 is a county, 共同富裕县域 is not it
    x = _extract(tmp_path, "奋力打造共同富裕县域样板\n\n泰顺县委书记 周志军\n\n泰顺县域经济快速发展。\n")
    assert ("周志军", "泰顺县", "县委书记") in _relations(x, "holds_position")
    assert _entities(x, "LOCALITY") == {"泰顺县"}


def test_a_title_after_its_holder_takes_no_name_after_it_and_a_former_post_is_not_shared(tmp_path):
    # 胡泽民总书记来湖视察: 来湖 is no one; names listed after a former post (原局长) hold no post
    x = _extract(tmp_path, "邀请亲历胡泽民总书记来湖视察的同志座谈。"
                           "县水利局副局长王光远、李仰哲出席会议，原局长张建国、吴南翔也出席。\n")
    assert "来湖" not in _entities(x, "PERSON")
    titles = {(head, title) for head, _, title in _relations(x, "holds_position")}
    assert ("李仰哲", "县水利局副局长") in titles
    assert not any(head in ("张建国", "吴南翔") for head, _ in titles)


def test_a_post_after_a_body_and_its_second_name_in_brackets_is_in_the_body(tmp_path):
    x = _extract(tmp_path, "省人大代表、宁波鄞州博物馆（浙东古越文化遗址博物馆）副馆长陈晓雯提交了建议。\n")
    assert ("陈晓雯", "宁波鄞州博物馆", "副馆长") in _relations(x, "holds_position")
