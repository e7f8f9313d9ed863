"""ORGANIZATION rules on crafted sentences: each test is one general pattern of the genre."""
from __future__ import annotations

from functools import partial

from conftest import entity_names, relation_pairs
from conftest import extract_text as _extract
from kg.extract.textview import TextView

_orgs = partial(entity_names, label="ORGANIZATION")
_places = partial(entity_names, label="LOCALITY")
_located = partial(relation_pairs, relation="located_in")


def test_group_company_keeps_its_registered_suffix(tmp_path):
    x = _extract(tmp_path, "省人大代表、红星集团有限公司总裁发言，介绍了企业转型经验。\n")
    assert "红星集团有限公司" in _orgs(x)
    assert "红星集团" not in _orgs(x)


def test_set_phrase_before_a_company_is_not_part_of_its_name(tmp_path):
    x = _extract(tmp_path, "公司全面落实华能集团安全管理要求，推动安全生产。\n")
    assert "华能集团" in _orgs(x)
    assert not any(name.startswith("全面") for name in _orgs(x))


def test_bare_centre_paired_with_a_provincial_committee_is_the_party_centre(tmp_path):
    x = _extract(tmp_path, "浙江省深入开展工作，扎实开展中央、省委巡视反馈问题整改。\n")
    assert "中共中央" in _orgs(x)


def test_government_after_a_committee_takes_the_committees_place(tmp_path):
    x = _extract(tmp_path, "南宁市的做法获得广西壮族自治区党委、政府主要领导肯定。\n")
    assert {"广西壮族自治区党委", "广西壮族自治区政府"} <= _orgs(x)
    assert ("广西壮族自治区政府", "广西壮族自治区") in _located(x)


def test_institute_named_after_a_national_academy_is_one_body(tmp_path):
    x = _extract(tmp_path, "利用中科院化学所等科研机构的技术，加强合作。\n")
    assert "中科院化学所" in _orgs(x)
    assert "中科院" not in _orgs(x)


def test_ministry_followed_by_men_is_the_sector_not_the_ministry(tmp_path):
    x = _extract(tmp_path, "各地财政部门加大投入力度。\n")
    assert "财政部" not in _orgs(x)


def test_provincial_mass_organization_abbreviation(tmp_path):
    x = _extract(tmp_path, "浙江省召开会议。省侨联副主席在会上发言。\n")
    assert "浙江省侨联" in _orgs(x)
    assert ("浙江省侨联", "浙江省") in _located(x)


def test_bare_association_belongs_to_the_writing_bodys_place(tmp_path):
    text = ("凝心聚力开创统战工作新局面\n株洲市委统战部理论学习中心组\n（2022年12月13日）\n\n"
            "我们充分发挥知联会、新阶联平台作用，把党外人士凝聚起来。\n")
    x = _extract(tmp_path, text)
    assert {"株洲市知联会", "株洲市新阶联"} <= _orgs(x)


def test_study_group_of_a_department_names_the_department(tmp_path):
    text = "深入推进全面从严治党\n衡阳市纪委监委理论学习中心组\n（2022年12月1日）\n\n我们坚持严的基调。\n"
    x = _extract(tmp_path, text)
    assert {"衡阳市纪委监委理论学习中心组", "衡阳市纪委监委"} <= _orgs(x)
    assert ("衡阳市纪委监委", "衡阳市") in _located(x)


def test_numbered_session_belongs_to_the_congress_name(tmp_path):
    x = _extract(tmp_path, "江苏省第十四届人民代表大会第二次会议、中国人民政治协商会议第十三届江苏省委员会第二次会议在南京召开。\n")
    assert "江苏省第十四届人民代表大会" in _orgs(x)
    assert "中国人民政治协商会议第十三届江苏省委员会" in _orgs(x)
    assert "江苏省委员会" not in _orgs(x)


def test_bare_city_committee_follows_the_city_the_paragraphs_are_about(tmp_path):
    text = ("湖州市召开会议，湖州市委书记讲话。湖州聚焦主题教育。\n\n"
            + "".join(f"第{i}批党员干部积极参与学习，取得明显成效。" for i in range(20)) + "\n\n"
            + "主题教育开展以来，嘉兴市突出理论学习。嘉兴市深挖总书记来嘉兴调研指导的重要内容，形成教学体系。"
            + "市委常委会带头开展现场学习。\n")
    x = _extract(tmp_path, text)
    assert "嘉兴市委常委会" in _orgs(x)
    assert "湖州市委常委会" not in _orgs(x)


def test_column_breaks_inside_a_name_are_read_through():
    columns = "".join(f"第{i}行的文字内\n\n容继续排下去\n\n" for i in range(30))
    view = TextView(columns + "省\n\n工商联副主席")
    assert view.text.endswith("省工商联副主席")
    start = view.text.index("省工商联")
    assert view.original[view.start(start):view.end(start + 4)] == "省\n\n工商联"


def test_column_breaks_inside_a_name_in_a_column_page(tmp_path):
    filler = "".join("经济运行稳中向\n\n好，发展质量持\n\n续提升，各项工\n\n作取得新成效。\n\n" for _ in range(8))
    x = _extract(tmp_path, "浙江省召开会议。" + filler + "浙江省政协委员、省\n\n工商联副主席发言。\n")
    assert "浙江省工商联" in _orgs(x)


def test_headline_breaks_are_kept_in_ordinary_pages():
    view = TextView("作者单位 新昌县委\n\n奋力推动高质量发展\n")
    assert view.text == view.original


def test_zone_with_a_proper_name_of_its_own_and_its_sub_area(tmp_path):
    x = _extract(tmp_path, "绍兴市奋力推动杭甬临空经济示范区绍兴片区高质量发展，去年成功创建甬台数字产业合作区。\n")
    assert {"杭甬临空经济示范区绍兴片区", "甬台数字产业合作区"} <= _places(x)


def test_generic_zone_words_are_not_zones(tmp_path):
    x = _extract(tmp_path, "浙江高质量发展建设共同富裕示范区。聚力共同富裕示范区建设，各地国家级经济技术开发区加快发展。\n")
    assert not any(p.endswith(("示范区", "开发区")) for p in _places(x))


def test_bracketed_zones_sharing_one_head(tmp_path):
    x = _extract(tmp_path, "绍兴市做大做强中欧(上虞)、中日韩(越城)国际产业合作园。\n")
    assert {"中欧(上虞)国际产业合作园", "中日韩(越城)国际产业合作园"} <= _places(x)


def test_sections_a_writing_department_lists_are_its_bodies(tmp_path):
    text = ("练精兵 冲在前\n钦州市商务局党组理论学习中心组\n（2022年12月17日）\n\n"
            "我们细化科室设置，由过去的贸易科负责外贸工作，增加到由贸易一科、贸易二科、外贸合作科等三个科室来开展工作。\n")
    x = _extract(tmp_path, text)
    assert {"钦州市商务局贸易科", "钦州市商务局贸易一科", "钦州市商务局外贸合作科"} <= _orgs(x)
    assert ("钦州市商务局贸易二科", "钦州市") in _located(x)


def test_national_centre_with_a_name_of_its_own(tmp_path):
    x = _extract(tmp_path, "提速国家集成电路产业创新中心建设，坚持中国共产党的中心地位，建设国家重点实验室。\n")
    assert "国家集成电路产业创新中心" in _orgs(x)
    assert not any(name.startswith("中国共产党的") or name == "国家重点实验室" for name in _orgs(x))


def test_rare_word_before_a_one_character_suffix_still_ends_a_name(tmp_path):
    x = _extract(tmp_path, "浙江文化新地标“江苏文学馆”正式落成开放，各地干部积极参与。\n")
    assert "江苏文学馆" in _orgs(x)


def test_democratic_party_committee_is_not_the_party_committee(tmp_path):
    x = _extract(tmp_path, "浙江省政协委员、民建温州市委会副主委、红日控股股份有限公司董事长发言。\n")
    assert {"民建温州市委会", "红日控股股份有限公司"} <= _orgs(x)
    assert "温州市委" not in _orgs(x)
    assert "股份有限公司" not in _orgs(x)


def test_section_suffix_does_not_cut_a_word(tmp_path):
    x = _extract(tmp_path, "支持杭州城西科创大走廊打造创新策源地，杭州市民政局养老服务处处长出席。\n")
    assert not any(name.endswith("城西科") for name in _orgs(x))
    assert "杭州市民政局" in _orgs(x)  # the section before its head's post goes into the title (guidelines)


def test_action_verb_after_a_committee_starts_the_clause(tmp_path):
    x = _extract(tmp_path, "金华市委第一时间召开常委会会议，传达学习会议精神。\n")
    assert not any("召开" in name for name in _orgs(x))


def test_institutes_that_settle_in_a_place_are_located_there(tmp_path):
    x = _extract(tmp_path, "浙江省加快建设。中国新时代音乐大数据中心和当代青年音乐创作研究中心落户浙江。\n")
    assert {"中国新时代音乐大数据中心", "当代青年音乐创作研究中心"} <= _orgs(x)
    assert {("中国新时代音乐大数据中心", "浙江省"), ("当代青年音乐创作研究中心", "浙江省")} <= _located(x)


def test_venues_are_not_organizations(tmp_path):
    x = _extract(tmp_path, "绍兴市做好绍兴棒球体育文化中心商业项目开发运营，舟山城市展示馆对外开放。\n")
    assert not any(name.endswith(("体育文化中心", "展示馆")) for name in _orgs(x))


def test_place_inside_a_short_quoted_name_is_not_a_mention(tmp_path):
    x = _extract(tmp_path, "绍兴市践行“人民江山论”，举办“西湖·新锐文学奖”评选，打造“绍兴”品牌。\n")
    assert "江山市" not in _places(x)
    assert "西湖区" not in _places(x)
    assert "绍兴市" in _places(x)


def test_a_kind_of_town_is_not_a_named_town(tmp_path):
    x = _extract(tmp_path, "绍兴市建成3个自治区级体育特色小镇和一批专业化特色小镇，雪峰文学小镇对外开放。\n")
    assert not any(p.endswith("特色小镇") for p in _places(x))
    assert "雪峰文学小镇" in _places(x)


def test_a_bracket_that_opens_a_second_name_ends_the_first(tmp_path):
    x = _extract(tmp_path, "杭州市临平区博物馆（中国江南水乡文化研究博物馆）开馆，四季青街道社区卫生服务中心开诊。\n")
    assert "杭州市临平区博物馆" in _orgs(x)
    assert not any("（" in name and "）" not in name for name in _orgs(x))
    assert "街道社区" not in _places(x)


def test_a_body_brought_in_to_act_jointly(tmp_path):
    x = _extract(tmp_path, "杭州市检察院联合拱墅区无障碍办、拱宸桥街道、旧城改造工程指挥部共同商讨整改方案。\n")
    assert "旧城改造工程指挥部" in _orgs(x)
    assert "拱宸桥街道" not in _orgs(x)


def test_country_in_a_rankings_title_is_not_a_mention(tmp_path):
    x = _extract(tmp_path, "龙港市建成养老综合体，位列中国县域共同富裕指数百强榜。\n")
    assert "中国" not in _places(x)
    assert "中国" in _places(_extract(tmp_path, "龙港市的经验在中国推广。\n"))


def test_bodies_named_after_their_country(tmp_path):
    x = _extract(tmp_path, "之江实验室与中国美术学院签署合作协议。美国国务院发言人表示关注，日本政府作出回应。\n"
                           "中国国务院召开常务会议。中国所有省份都参加了，中国公司纷纷响应。\n")
    orgs = _orgs(x)
    assert {"中国美术学院", "美国国务院", "日本政府", "国务院"} <= orgs
    assert not orgs & {"中国国务院", "中国所", "中国公司"}, orgs


def test_departments_named_like_their_ministry_and_bank_branches(tmp_path):
    # 生态环境 is a set phrase and 退役 a verb to the dictionary, 分行 a verb too: here they name bodies
    x = _extract(tmp_path, "记者从福建省生态环境厅获悉，湖北省退役军人事务厅、中国农业银行湖北省分行联合发文。"
                           "工商银行杭州分行行长张三说。\n")
    assert {"福建省生态环境厅", "湖北省退役军人事务厅", "中国农业银行湖北省分行", "工商银行杭州分行"} <= _orgs(x)
    assert ("张三", "工商银行杭州分行") in relation_pairs(x, "holds_position")


def test_university_committee_post_and_committee_offices(tmp_path):
    x = _extract(tmp_path, "兰州大学党委书记严纯华表示。山东省委办公厅、省政府办公厅日前印发通知。"
                           "该村成立了定西市安定区中庄马铃薯种植专业合作社。\n")
    assert {"兰州大学", "山东省委办公厅", "山东省政府办公厅", "定西市安定区中庄马铃薯种植专业合作社"} <= _orgs(x)
    assert ("严纯华", "兰州大学") in relation_pairs(x, "holds_position")


def test_a_short_county_name_that_is_a_common_word_needs_its_city(tmp_path):
    # 新建 is 南昌's 新建区 only where the text is about 南昌, not anywhere in 江西
    x = _extract(tmp_path, "江西省于都县新建改扩建学校46所。\n")
    assert "新建区" not in _places(x)
    x = _extract(tmp_path, "南昌市新建区新建学校46所。\n")
    assert "新建区" in _places(x)


def test_national_administrations_and_an_institution_a_post_names(tmp_path):
    x = _extract(tmp_path, "国务院新闻办公室13日举行新闻发布会。国家统计局新闻发言人付凌晖说。"
                           "中国科学院院士、清华大学教授薛其坤发言。\n")
    assert {"国务院新闻办公室", "国家统计局", "清华大学"} <= _orgs(x)
    posts = relation_pairs(x, "holds_position")
    assert {("付凌晖", "国家统计局"), ("薛其坤", "中国科学院"), ("薛其坤", "清华大学")} <= posts


def test_a_bare_body_joined_to_a_named_one_shares_its_place(tmp_path):
    x = _extract(tmp_path, "杭州市召开会议。四年前，鹤山市委、市政府作出决定。\n")
    assert "鹤山市政府" in _orgs(x)


def test_a_ministers_post_and_another_countrys_ministry(tmp_path):
    x = _extract(tmp_path, "国务院副总理兼外交部长钱其琛和南非外交部长恩佐会谈。他联合另一位退伍军人———江南集团董事长李四。\n")
    posts = {(r.head, r.tail, r.title) for r in x.relations if r.relation == "holds_position"}
    assert ("钱其琛", "外交部", "部长") in posts
    assert ("李四", "江南集团", "董事长") in posts
    mentions = [m.text for e in x.entities if e.canonical == "外交部" for m in e.mentions]
    assert mentions == ["外交部"]  # the one in 南非外交部长 is South Africa's


def test_two_bodies_joined_by_he_are_two_and_factories_troupes_military_regions_are_bodies(tmp_path):
    x = _extract(tmp_path, "香港凤凰卫视和中央电视台联合制作。江苏红豆集团公司和河北磁县焦化有限公司签约。"
                           "广州军区某部官兵和新疆军区战士慰问浙江电影制片厂和嵊州市越剧团。晚会在北京音乐厅举行。"
                           "文化和旅游部发布通知。\n")
    orgs = _orgs(x)
    assert {"香港凤凰卫视", "中央电视台", "江苏红豆集团公司", "河北磁县焦化有限公司", "广州军区", "新疆军区",
            "浙江电影制片厂", "嵊州市越剧团", "文化和旅游部"} <= orgs
    assert not any("和" in o and o != "文化和旅游部" or "某" in o or o.endswith("音乐厅") for o in orgs), orgs


def test_a_section_before_its_heads_post_goes_into_the_title(tmp_path):
    x = _extract(tmp_path, "宁波市人民检察院第三检察部主任周明说。宁波市社会福利中心护理科副科长李芳说。\n")
    posts = {(r.head, r.tail, r.title) for r in x.relations if r.relation == "holds_position"}
    assert {("周明", "宁波市人民检察院", "第三检察部主任"), ("李芳", "宁波市社会福利中心", "护理科副科长")} <= posts
    assert not any(o.endswith(("检察部", "护理科")) for o in _orgs(x))


def test_an_abbreviated_mass_organization_is_the_body_its_full_name_names(tmp_path):
    x = _extract(tmp_path, "江苏省作家协会召开会议。江苏省作协党组书记、副主席孙涛表示，江苏作协将努力。\n")
    assert "江苏省作家协会" in _orgs(x) and not _orgs(x) & {"江苏省作协", "江苏作协"}
    assert ("孙涛", "江苏省作家协会") in relation_pairs(x, "holds_position")


def test_a_post_in_the_body_named_before_and_an_affiliated_hospital(tmp_path):
    x = _extract(tmp_path, "复旦大学附属中山医院位于上海。该院常务副院长张三说。记者走访了杭州市民政局。该局局长李四介绍。\n")
    posts = {(r.head, r.tail, r.title) for r in x.relations if r.relation == "holds_position"}
    assert {("张三", "复旦大学附属中山医院", "常务副院长"), ("李四", "杭州市民政局", "局长")} <= posts


def test_a_body_named_with_nested_places_sits_in_the_innermost(tmp_path):
    x = _extract(tmp_path, "北京市朝阳区委、区政府召开会议。\n")
    assert ("北京市朝阳区委", "朝阳区") in _located(x)
    assert "朝阳区政府" in _orgs(x)


def test_a_universitys_head_and_party_committee_are_the_universitys(tmp_path):
    # 大学校 reads as one word to the dictionary; 校 begins the head's title (校长, 校党委书记)
    x = _extract(tmp_path, "南昌大学校长周创兵、江西财经大学校党委书记郑翔出席。学生在湖南大学校园里。\n")
    bodies = {e.canonical for e in x.entities if e.label == "ORGANIZATION"}
    assert {"南昌大学", "江西财经大学", "湖南大学"} <= bodies
    assert not any(name.endswith("校") for name in bodies)
    posts = {(r.head, r.tail, r.title) for r in x.relations if r.relation == "holds_position"}
    assert {("周创兵", "南昌大学", "校长"), ("郑翔", "江西财经大学", "校党委书记")} <= posts


def test_a_bare_body_in_a_chain_of_posts_shares_the_named_bodys_place(tmp_path):
    # the text names 四川省 more often, but 省 in this chain is 山东省's
    x = _extract(tmp_path, "山东省委农办主任、省农业农村厅厅长张明说，全省已有四万个合作社。\n"
                           "四川省成都市探索融合发展。四川省农业农村厅副厅长李华介绍，四川省推进粮仓建设。\n")
    posts = {(r.head, r.tail, r.title) for r in x.relations if r.relation == "holds_position"}
    assert ("张明", "山东省农业农村厅", "厅长") in posts


def test_state_council_offices_and_assistant_posts(tmp_path):
    x = _extract(tmp_path, "国务院新闻办新闻局副局长、新闻发言人王芳主持。商务部部长助理刘军出席。\n")
    posts = {(r.head, r.tail, r.title) for r in x.relations if r.relation == "holds_position"}
    assert {("王芳", "国务院新闻办公室", "新闻局副局长"), ("王芳", "国务院新闻办公室", "新闻发言人"),
            ("刘军", "商务部", "部长助理")} <= posts


def test_a_dateline_without_a_space_does_not_run_into_a_body(tmp_path):
    x = _extract(tmp_path, "新华社太原一月十七日电山西省第九届人民代表大会第一次会议今天开幕。\n")
    bodies = {e.canonical for e in x.entities if e.label == "ORGANIZATION"}
    assert "山西省第九届人民代表大会" in bodies
    assert not any("日电" in name for name in bodies)


def test_a_companys_posts_that_call_it_only_the_company_are_its(tmp_path):
    x = _extract(tmp_path, "7月15日，浙江能源集团有限公司召开工作会议。公司党委书记、董事长胡明在会上强调，要抓好保供。"
                           "公司总经理李平主持会议。\n")
    posts = {(r.head, r.tail, r.title) for r in x.relations if r.relation == "holds_position"}
    assert {("胡明", "浙江能源集团有限公司", "党委书记"), ("胡明", "浙江能源集团有限公司", "董事长"),
            ("李平", "浙江能源集团有限公司", "总经理")} <= posts


def test_a_company_known_by_its_brand_is_named_by_its_chairmans_post(tmp_path):
    x = _extract(tmp_path, "大华股份董事长傅利泉、民营企业董事长张三先后发言。会上，董事长王五发言。\n")
    posts = {(r.head, r.tail, r.title) for r in x.relations if r.relation == "holds_position"}
    assert ("傅利泉", "大华股份", "董事长") in posts
    assert "民营企业" not in {e.canonical for e in x.entities if e.label == "ORGANIZATION"}
    assert "王五" in {e.canonical for e in x.entities if e.label == "PERSON"}


def test_levels_named_in_a_row_and_kinds_of_firms_in_a_list_are_no_bodies(tmp_path):
    # 市镇村三级: the city, town and village levels, not the city's own centre; a list of one common kind
    # (隐形冠军) is a list of kinds, while a list of rare names brought in is a list of companies
    x = _extract(tmp_path, "瑞安市委书记 王建新\n\n贯通市镇村三级社会治理中心，建好县乡村三级便民服务中心。"
                           "招引隐形冠军、专精特新等项目35个，引进了华力电子、明远材料等一批龙头企业。\n")
    assert _orgs(x) == {"华力电子", "明远材料"}


def test_branch_bureaus_police_stations_and_a_museums_own_committee(tmp_path):
    # 分局 and 派出所 end a body's name though 派出 is a verb; 博物馆党委书记 is the museum's committee's post
    x = _extract(tmp_path, "温州市公安局鹿城分局南郊派出所民警张立新说，案件已告破。"
                           "中国丝绸博物馆党委书记、馆长赵建平出席开幕式。\n")
    assert {"温州市公安局鹿城分局南郊派出所", "中国丝绸博物馆"} <= _orgs(x)
    assert {("赵建平", "中国丝绸博物馆")} <= relation_pairs(x, "holds_position")


def test_former_ministries_discipline_commissions_and_a_governments_head(tmp_path):
    # 监察部 and 铁道部 are ministries of earlier State Councils; 省纪委 is a body whose 副书记 holds a post in it;
    # 某市人民政府市长 is the city's 市长; a segment naming another body does not inherit the one before
    x = _extract(tmp_path, "福建省召开会议。省纪委副书记、省监委副主任林海峰出席。中央纪委常委、监察部副部长王立群讲话，"
                           "铁道部部长陈光远参加。漳州市人民政府市长黄志明介绍了情况。要抓好基础设施建设部署。\n")
    posts = relation_pairs(x, "holds_position")
    assert {("林海峰", "福建省纪委"), ("林海峰", "福建省监委"), ("王立群", "中央纪委"), ("王立群", "监察部"),
            ("陈光远", "铁道部"), ("黄志明", "漳州市")} <= posts
    assert {r.title for r in x.relations if r.head == "黄志明"} == {"市长"}
    assert "建设部" not in _orgs(x)


def test_companies_listed_as_projects_that_start_production_are_companies(tmp_path):
    # no one is said to bring them in, but projects named after firms that go into production are those firms;
    # a project's phase (二期) and a bare body are not listed companies
    x = _extract(tmp_path, "全年备案项目207个，舜宇光学、韦尔股份等一批重大产业项目建成投产，"
                           "中芯宁波二期、省人民医院等项目开工。\n")
    assert {"舜宇光学", "韦尔股份"} <= _orgs(x)
    assert not any(name.endswith("二期") or name.startswith("省") for name in _orgs(x))
