"""Programs and their implementers on crafted sentences: the head after the quotes,
rows of quoted names, what is not a program, and who implements what."""
from __future__ import annotations

from functools import partial

from conftest import entity_names, relation_pairs
from conftest import extract_text as _extract

_programs = partial(entity_names, label="PROGRAM")
_implements = partial(relation_pairs, relation="implements")


def test_the_head_after_the_quotes_is_the_longest_clean_run(tmp_path):
    x = _extract(tmp_path, "温州市深入实施“520”数字治理体系建设工程，推动“三改一拆”工作机制落地。\n")
    assert {"520数字治理体系建设工程", "三改一拆工作机制"} <= _programs(x)


def test_a_weak_head_does_not_reach_over_other_words(tmp_path):
    x = _extract(tmp_path, "2025年是实现“十五五”规划目标任务的关键一年。\n")
    assert "十五五规划" in _programs(x)
    assert "十五五规划目标任务" not in _programs(x)


def test_a_name_ending_in_a_head_keeps_only_an_adjacent_head(tmp_path):
    x = _extract(tmp_path, "湖州市积极谋划“飞燕计划”引才五年行动，总结推广“千万工程”经验。\n")
    assert {"飞燕计划", "千万工程经验"} <= _programs(x)
    assert not any(p.startswith("飞燕计划引才") for p in _programs(x))


def test_names_in_a_row_share_the_last_head(tmp_path):
    x = _extract(tmp_path, "台州市深入开展“三比三赛”和“双百”活动，启动“暖心”“安心”和便民服务“舒心”专项行动。\n")
    assert {"三比三赛活动", "暖心专项行动", "安心专项行动", "舒心专项行动"} <= _programs(x)


def test_a_row_opened_by_an_action_verb_is_a_row_of_programs(tmp_path):
    x = _extract(tmp_path, "丽水市组织开展机关部门“向群众报到”“请群众打分”“为群众解题”。\n")
    assert {"向群众报到", "请群众打分", "为群众解题"} <= _programs(x)


def test_doctrines_yardsticks_platforms_and_metaphors_are_not_programs(tmp_path):
    x = _extract(tmp_path, "衢州市大力弘扬“红船精神”，对照“三重三轻”等问题整改，"
                           "把优化营商环境作为“一号引擎工程”，搭建“共富e站”“政务e平台”，"
                           "构建“五好五强”产业平台。\n")
    found = _programs(x)
    for not_program in ("红船精神", "三重三轻", "一号引擎工程", "共富e站", "政务e平台", "五好五强"):
        assert not_program not in found, not_program


def test_bodies_acting_in_the_clause_implement_with_the_sentences_subject(tmp_path):
    x = _extract(tmp_path, "嘉兴市突出全过程管理，由市委宣传部和市委组织部共同构建“四联”工作机制。\n")
    pairs = _implements(x)
    assert ("嘉兴市", "四联工作机制") in pairs
    assert ("嘉兴市委宣传部", "四联工作机制") in pairs
    assert ("嘉兴市委组织部", "四联工作机制") in pairs


def test_an_official_who_announces_a_program_speaks_for_the_body(tmp_path):
    x = _extract(tmp_path, "浙江省财政厅党组书记、厅长王明远表示，将迭代升级“5+2”政策体系。\n")
    assert ("浙江省财政厅", "5+2政策体系") in _implements(x)


def test_a_reporters_closing_line_ends_the_pieces_implementer(tmp_path):
    x = _extract(tmp_path, "临海市委书记 张建平\n临海深入实施“三个一”工程。\n（本报记者 王强 整理）\n"
                           "省里系统部署全年工作\n部署开展“清风护航”专项行动。\n")
    pairs = _implements(x)
    assert ("临海市", "三个一工程") in pairs
    assert not any(p == "清风护航专项行动" for _, p in pairs)


def test_events_and_two_clause_slogans_are_not_programs(tmp_path):
    x = _extract(tmp_path, "该县坚持“打防结合，以防为主”，深入开展“五三惨案”纪念和“百团大战”主题教育，"
                           "同时开展“以美元换泰币，自愿救国行动”和“五水共治”。\n")
    found = _programs(x)
    assert not found & {"打防结合，以防为主", "五三惨案", "百团大战"}, found
    assert {"以美元换泰币，自愿救国行动", "五水共治"} <= found


def test_each_clause_with_a_place_of_its_own_implements_its_own_program(tmp_path):
    x = _extract(tmp_path, "福州市实施“晋江经验”再提升行动，厦门市推出“益企服务”专项行动，走访企业3600余家。\n")
    pairs = _implements(x)
    assert ("厦门市", "益企服务专项行动") in pairs
    assert ("福州市", "益企服务专项行动") not in pairs


def test_bodies_joined_as_one_subject_implement_together(tmp_path):
    x = _extract(tmp_path, "中国人民银行湖北省分行、湖北省地方金融管理局联合开展“金融助企”行动。\n")
    assert {("中国人民银行湖北省分行", "金融助企行动"), ("湖北省地方金融管理局", "金融助企行动")} <= _implements(x)


def test_an_official_opening_the_sentence_acts_in_the_post_nearest_the_name(tmp_path):
    x = _extract(tmp_path, "湖北省委常委、武汉市委书记郭元强主持召开市委常委会会议，研究部署“敢为善为”主题活动。\n")
    assert {head for head, program in _implements(x)} == {"武汉市"}


def test_the_source_a_reporter_learned_from_is_not_the_implementer(tmp_path):
    x = _extract(tmp_path, "记者从福建省生态环境厅获悉，全省“河长制”工作取得新成效。\n")
    assert _implements(x) == {("福建省", "河长制工作")}


def test_the_city_of_a_dateline_is_not_the_implementer(tmp_path):
    x = _extract(tmp_path, "本报西宁电（记者 高原）青海省政府出台《关于实施“牧区振兴”行动的意见》。\n"
                           "新华社北京11月18日电 国务院办公厅印发“智慧海关”建设方案。\n")
    assert _implements(x) == {("青海省政府", "牧区振兴行动"), ("国务院办公厅", "智慧海关建设")}


def test_a_name_the_text_mostly_writes_bare_is_that_name(tmp_path):
    x = _extract(tmp_path, "“百姓心声”记的是民意。完善“百姓心声”体系建设，以“百姓心声”为载体，深入推进“百校千企”对接活动。"
                           "发挥“产业政策”68条的效应。\n")
    assert {"百姓心声", "百校千企对接活动"} <= _programs(x)
    assert not _programs(x) & {"百姓心声体系", "产业政策"}


def test_a_title_a_place_earns_is_no_program(tmp_path):
    x = _extract(tmp_path, "于都县大力实施“工业强县”战略，打造“中国服装名城”。\n")
    assert _programs(x) == {"工业强县战略"}


def test_reported_words_with_a_subject_of_their_own(tmp_path):
    x = _extract(tmp_path, "遵义市召开大会。会后，遵义市委组织部相关负责人表示，全市正在推广“党建+”模式，"
                           "实施村级集体经济“清零行动”。\n")
    assert _implements(x) == {("遵义市", "清零行动")}


def test_systems_named_by_posts_special_campaigns_and_one_of_several_mechanisms(tmp_path):
    x = _extract(tmp_path, "全面落实流域“林长+河长”制，推动发展。配套完善群众诉求“一窗通办”等机制。"
                           "深入推进“2+4”专项整治，开展“百场党课进社区”“青年干部‘四问’大讨论”等活动。"
                           "“十四五”制定了目标。\n")
    assert {"林长+河长制", "一窗通办", "2+4专项整治", "百场党课进社区", "青年干部四问大讨论"} <= _programs(x)
    assert not any(p.startswith("十四五") for p in _programs(x))


def test_a_name_ending_in_a_head_stays_whole_beside_a_variant_and_before_a_verb(tmp_path):
    x = _extract(tmp_path, "全省深化“千万工程”建设新时代美丽乡村。总结推广“千万工程”经验。\n")
    assert _programs(x) == {"千万工程", "千万工程经验"}


def test_a_quoted_name_before_a_numbered_one_belongs_to_it(tmp_path):
    x = _extract(tmp_path, "泉州市实施“安溪经验”提质扩面“一号引领工程”、智能升级“一号创新工程”。\n")
    assert {"安溪经验提质扩面一号引领工程", "智能升级一号创新工程"} <= _programs(x)
    assert "提质扩面一号引领工程" not in _programs(x)


def test_a_datelines_city_is_not_the_main_place_a_report_speaks_for(tmp_path):
    x = _extract(tmp_path, "新华社北京5月3日电 国务院副总理丁薛祥会见马来西亚总理安瓦尔。双方表示，要深化“一带一路”合作。\n")
    assert not any(head == "北京市" for head, _ in _implements(x))


def test_a_body_named_before_its_alias_holds_its_heads_post_and_speaks_through_that_head(tmp_path):
    x = _extract(tmp_path, "近日，温州医科大学附属第二医院（温医二院）党委书记林和带队赴泰顺县调研。"
                           "林和表示，医院将持续深化“医共体”提升工程。会议在泰顺县行政中心举行。\n")
    posts = {(r.head, r.tail, r.title) for r in x.relations if r.relation == "holds_position"}
    assert ("林和", "温州医科大学附属第二医院", "党委书记") in posts
    assert _implements(x) == {("温州医科大学附属第二医院", "医共体提升工程")}
    assert not any(e.canonical.endswith("行政中心") for e in x.entities)  # a building, not a body


def test_a_responsibility_system_named_for_its_chief_is_a_program(tmp_path):
    x = _extract(tmp_path, "丽水市全面推行“林长制”，落实“湾长制”。\n")
    assert {"林长制", "湾长制"} <= _programs(x)


def test_a_numbered_policy_is_a_program_and_a_policy_area_is_not(tmp_path):
    x = _extract(tmp_path, "国家发展改革委将继续落实“三保”政策，发挥“产业”政策的效应。\n")
    assert _programs(x) == {"三保政策"}


def test_a_fragment_after_deng_a_clause_or_a_quoted_instruction_is_no_name(tmp_path):
    # 推广等专项行动: 推广 ends a list of campaigns, and 等专项行动 names none of them; 推动…成为…的…行动 is a clause;
    # “加快构建…体系” quotes an instruction of a report; 创新 after 、 is a list item's word, not an action
    x = _extract(tmp_path, "各地开展进口商品巡展、时尚工厂推介、引流打卡推广等专项行动，成效明显。"
                           "党中央推动生态保护成为全社会的自觉行动。以“加快构建新型能源体系”为指引，推进各项工作。"
                           "深入实施科技强县、创新强县首位战略。\n")
    assert _programs(x) == set()


def test_a_body_owns_the_program_written_as_its_possession(tmp_path):
    # 如A集团的“P”、B集团的“Q”: each body implements its own, whatever the sentence opens with
    x = _extract(tmp_path, "全区打造形成一批红色车间。如华立集团的“五色党建”、大东海集团的“四梁八柱”等党建品牌，有效引领了全区。\n")
    assert _implements(x) >= {("华立集团", "五色党建"), ("大东海集团", "四梁八柱")}
    assert ("华立集团", "四梁八柱") not in _implements(x)


def test_a_head_after_deng_is_the_series_kind_and_a_vision_is_no_program(tmp_path):
    # “A”“B”微党课等宣讲活动: A and B, not A微党课等宣讲活动; 聚焦“三个更好”愿景目标: a goal
    x = _extract(tmp_path, "先后开展“青春心向党”“奋斗有我”微党课等宣讲活动。全市聚焦“三个更好”愿景目标，构建新体系。\n")
    assert _programs(x) == {"青春心向党", "奋斗有我"}


def test_a_heading_that_names_its_body_bare_writes_for_the_body_its_piece_spells_out(tmp_path):
    # a compilation of several cities' pieces: 市生态环境局 under 湖州's piece is the 衢州 bureau its own text names
    x = _extract(tmp_path, "湖州市委理论学习中心组\n\n湖州坚持生态优先，湖州各地推进绿色发展，湖州全市上下形成合力，"
                           "深入实施“两山转化”行动。\n\n市生态环境局党组理论学习中心组\n\n"
                           "近年来，衢州市生态环境局坚持系统治理，成效明显。\n\n坚持问题导向，深入实施“蓝天保卫”行动，全面推进污染防治。\n")
    assert _implements(x) == {("湖州市", "两山转化行动"), ("衢州市生态环境局", "蓝天保卫行动")}


def test_a_roundup_of_places_speaks_for_each_sections_place_and_a_provincial_report_for_the_province(tmp_path):
    # no byline and no subject: the section's place (its counties count for their city), not the most named
    # place of the whole text; a report that names two cities once each is about the province holding both
    roundup = _extract(tmp_path, "各地主题教育扎实推进\n\n●温州：干部下沉一线\n\n在苍南县、平阳县、文成县、泰顺县，干部下沉一线。"
                                 "随着各项举措落地，温州各地成效明显，温州群众满意度持续提升。推广“五事联办”等首创举措。\n\n"
                                 "●湖州：减负增效\n\n在长兴县、德清县，湖州各地同步发力。深化“三进三帮”行动，推动基层减负增效。\n",
                       "roundup.txt")
    assert _implements(roundup) == {("温州市", "五事联办"), ("湖州市", "三进三帮行动")}
    report = _extract(tmp_path, "省政府工作报告摘要\n\n坚持稳中求进，安排省级财政资金支持宁波、温州建设区域科创中心，"
                                "深入实施“万企上云”行动。\n", "report.txt")
    assert _implements(report) == {("浙江省", "万企上云行动")}


def test_a_body_named_alone_under_a_headline_writes_its_piece_but_a_list_of_sponsors_does_not(tmp_path):
    x = _extract(tmp_path, "宁波市鄞州区商务局\n浙江天信会计师事务所\n学思践悟促发展\n"
                           "各地深入实施“强港兴城”行动。\n"
                           "答好服务区域发展新考卷\n湖州职业技术学院\n■王小红\n"
                           "主题教育开展以来，学校坚持问题导向，深入开展“五访五问”活动，推动“校地共建”工程落地。\n")
    assert {("湖州职业技术学院", "五访五问活动"), ("湖州职业技术学院", "校地共建工程")} <= _implements(x)
    assert not any(head in ("宁波市鄞州区商务局", "浙江天信会计师事务所") for head, _ in _implements(x))
