"""ORGANIZATION entities and their located_in links.

Sources, from most to least certain: a place name followed by a body
(嵊州市委, 杭州市拱墅区人民检察院, 民建台州市委会, 浙江省第十四届人民代表大会);
central bodies and nationwide organizations from a reference lexicon, with an
institute named after them (中科院天工所); a bare body whose place the document
settles (市委组织部 in a Shaoxing article → 绍兴市委组织部, 知联会 in a piece the
湘潭市委统战部 writes → 湘潭市知联会, 自治区党委、政府 → …政府); sections a writing
department names as its own; names ending in a company suffix after a clause
boundary, companies listed as brought in, periodicals, and institutes that
settle somewhere, with lower confidence. Every rule reads the text through
:mod:`kg.extract.textview`, so a name broken by a newspaper column still counts.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Optional

import ahocorasick_rs

from kg.extract.bodynames import (LEVEL_CHARS, MINISTRY_STEMS, STOP, STUDY_GROUP, VERB_POS, body_end, function_word_end, trim_body,
                                  first_of_two)
from kg.extract.scan import finditer_near
from kg.extract.state import CJK, DocState, Found, foreign_country, level_suffix
from kg.extract.textview import TextView, text_view
from kg.gazetteer.lexicon import DEMOCRATIC_PARTIES, MASS_ORGANIZATIONS, NATIONAL_BODIES, TITLES, word_list

_TITLE_AFTER = re.compile("书记|副书记|常委(?!会)|代表|委员")
_CLAUSE_POS = ("d", "p", "u", "r")
_MASS = "|".join(sorted(MASS_ORGANIZATIONS, key=len, reverse=True))
_BARE = re.compile(rf"(自治区|省|市|县|区)(?![场域级区内外长]|民(?!政)|[市县区镇乡村]{{1,3}}[两二三四五]级)(?=委|党委|政府|人大|政协|纪委|监委|(?:高级|中级)?人民法院|人民检察院|{_MASS}|[{CJK}]{{1,8}}?(?:厅|局|办|中心|集团|协会|联合会|{_MASS}))")
_BARE_BLOCK = set("城都全本各该地郊辖新老景社园片校山特自本跨近街镇乡村")
_GENERIC = re.compile(rf"[{CJK}]{{2,12}}?(?:股份有限公司|有限公司|控股集团|集团)")
_ENUMERATION = re.compile(
    rf"((?:[{CJK}A-Za-z]{{2,10}}、)+[{CJK}A-Za-z]{{2,8}})等(?:一批|一大批|多家|[0-9一二三四五六七八九十]+家)?[{CJK}]{{0,6}}?(?:企业|公司|项目|集团)")
_PERIODICALS = re.compile(f"((?:《[^《》]{{1,12}}》[和、]?)+)等[{CJK}]{{0,4}}?(?:刊物|期刊|杂志|报刊|报纸|媒体)")
_COMMON = 300
_BRINGS_IN = re.compile("引进|招引|引入|签约|落地|落户|联合|携手|合作|包括|集聚|吸引")
_BUILT_AFTER = re.compile(f"[{CJK}]{{0,3}}?(?:建成投产|投产|开工|落地|签约|落户|竣工)")  # 立讯精密、蜂巢能源等一批项目建成投产
_COMPANY_LEFT = ("v", "d", "p", "c", "u", "r", "a")
_DATELINE_END = re.compile("(?:报|社|电|日)讯")
_COMPANY_TAILS = ("股份有限公司", "有限责任公司", "有限公司")
_ELIDED = re.compile("[、和]((?:人民)?政府|人大常委会|人大|政协|纪委)")
_SESSION_BEFORE = re.compile(rf"[{CJK}]{{2,16}}?(第[一二三四五六七八九十百]+届)$")
_CENTRE = re.compile("中央(?=[、和与及](?:省|自治区|市|县|区)委)")
# a kind of unit, not one named: 工商银行全国分行, 建设银行所属分行, 各城市分行
_ANY_UNIT = re.compile("全国|所属|下属|各|城市|基层|有关|部分|海外|境外|国外")
_UNIT_SUFFIXES = ("研究所", "研究院", "研究中心", "实验室", "中心", "分院", "所", "分行", "支行", "分公司", "新闻办公室")
_GROUP = re.compile("^(.{3,}?)(?:党组|党委)?理论学习中心组$")
_PLACE_COMMITTEE = re.compile("^.{2,10}?(?:省|市|县|区|州|盟|旗|自治区)(?:党)?委$")
_LOCAL_WINDOW = 400
_JOINT = re.compile(rf"(?:联合|会同|携手)((?:[{CJK}]{{2,16}}、)+[{CJK}]{{2,16}}?)(?=共同)")
_SETTLING = re.compile(rf"([{CJK}]{{4,16}}?(?:研究中心|研究院|研究所|实验室|创新中心))(?=(?:成功|正式)?(?:入驻|落户))")
# the words that matches of _SETTLING, _SECTIONS, _SECTION_IN_CHARGE and _GENERIC end in or look
# ahead to, which finditer_near scans around: at most 22, any, 8 and 16 characters after a match's start
_SETTLES = re.compile("入驻|落户")
_SECTION_CLASS = re.compile("科室|处室|股室|内设机构")
_IN_CHARGE = re.compile("负责")
_GENERIC_END = re.compile("集团|公司")
_SETTLES_IN = re.compile(r"\s*(?:成功|正式|已)?\s*(?:入驻|落户|落地|坐落于|位于|设在|建在)\s*(?:在|于)?")
_VENUE = re.compile("(?:体育|运动|文化|会展|会议|展览|展示)(?:中心|馆)$|体育场$|(?:宴会|音乐|展|大|餐)厅$|行政中心$")
_SECTION_IN_CHARGE = re.compile(rf"([{CJK}]{{2,7}}[科处股])(?=负责)")
# 国家集成电路产业创新中心, 中国新时代文学大数据中心: national centres and laboratories with a
# name of their own (four characters at least, so not the class 国家重点实验室)
_NAMED_NATIONAL = re.compile(
    rf"(?:国家|中国)(?!级|式|特色)[{CJK}]{{4,12}}?(?:中心组|创新中心|研究中心|实验室|研究院|中心)")
_SECTIONS = re.compile(rf"((?:[{CJK}]{{2,7}}[科处股]、)+[{CJK}]{{2,7}}[科处股])等[{CJK}0-9]{{0,4}}?(?:科室|处室|股室|内设机构)")
_POST_INSIDE = re.compile("书记(?!处)")
# committees that are bodies of their own, whose 书记 and 委员 hold posts in them (省纪委副书记), not in the place
# (a 党工委 is a street's or a zone's party committee, like a 区委)
_OWN_BODY_COMMITTEES = ("纪委", "监委", "政法委", "机关工委")
_GOAL_BEFORE = re.compile("(?:打造|建成|建设|争创|创建|成为|建好)$")
_LOCAL_MENTIONS = 3
_MASS_BARE = re.compile(_MASS)
_HEADING_REACH = 1500  # how much of the piece below a heading tells whose body the heading names bare
_TITLE_SET = frozenset(TITLES)
_LONGEST_TITLE = max(map(len, TITLES))
# a section inside a body (第八检察部, 护理科), and the post of its head after it
_SECTION_OF = re.compile(rf"^(.{{4,}}?(?:院|中心|局|厅|公司|集团|委员会|大学|学院|银行))"
                         rf"(?:第[一二三四五六七八九十]+[{CJK}]{{0,4}}部|[{CJK}]{{1,5}}[科处室股])$")
_SECTION_TITLE = re.compile("(?:常务)?[副总]?(?:主任|部长|科长|处长|股长|室主任|护士长|主管|医师|组长)")


def _covered(state: DocState, view: TextView, start: int, end: int, label: str = "ORGANIZATION") -> bool:
    """Whether view span [start, end) already lies in mentions of a label."""
    return state.covered(label, view.start(start), view.end(end))


def _add_org(state: DocState, view: TextView, start: int, end: int, canonical: str, confidence: float,
             place=None) -> Optional[Found]:
    """Record a body found at view span [start, end); its mention points at the original text."""
    for close, opening in (("）", "（"), (")", "(")):
        if close in canonical and opening not in canonical:
            return None  # 湖州）研究院: the name began before the span
        if opening in canonical and close not in canonical[canonical.index(opening):]:
            cut = len(canonical) - canonical.index(opening)  # 临平博物馆（中国江南…: the bracket
            canonical, end = canonical[:-cut], end - cut    # opens a second name, cut short
            if len(canonical) < 2:
                return None
    if _TITLE_AFTER.match(view.text, end) and canonical.endswith(("委", "人大", "政协")) \
            and not canonical.endswith(_OWN_BODY_COMMITTEES):
        return None  # 区委书记, 省人大代表: the words name a post, the post's place is found by the person stage
    if _POST_INSIDE.search(canonical):
        return None  # 市委书记李某代表市委常委会: a post and its holder, not one name
    if canonical.endswith("中心") and _GOAL_BEFORE.search(view.text, max(0, start - 3), start):
        return None  # 打造杭州城市重要新中心: a development goal, not a body
    if _VENUE.search(canonical):
        return None  # 体育文化中心, 会展中心, 展示馆: venues are not entities (guidelines)
    section = _SECTION_OF.match(canonical)
    if section and _SECTION_TITLE.match(view.text, end):
        # 杭州市人民检察院第八检察部主任, 社会福利中心护理科副科长: the section goes with the post's title
        end -= len(canonical) - len(section.group(1))
        canonical = section.group(1)
    first = first_of_two(canonical)
    if first:  # 香港凤凰卫视和中央电视台: the first of two names; the second is found on its own
        end -= len(canonical) - first
        canonical = canonical[:first]
    first, last = view.start(start), view.end(end)
    org = state.add(Found("ORGANIZATION", canonical, first, last, state.text[first:last], confidence))
    if place is not None:
        state.relate(org, "located_in", place.name, head_label="ORGANIZATION", tail_label="LOCALITY",
                     start=first, end=last, confidence=confidence)
        if canonical in (place.name + "委", place.name + "党委", place.name + "政府"):
            _add_elided(state, view, end, place, confidence)
    return org


# a verb, adverb, preposition or pronoun after a country's name: a clause (中非共和国地处…, 我国要继续保持…)
_COUNTRY_CLAUSE = ("v", "d", "p", "c", "r", "u")


def _country_body(text: str, start: int, end: int, china: bool) -> bool:
    """What follows a country's name (start) up to a body's suffix (end) names a body of that country.

    Not when it is one of China's national bodies written with its country (中国|国务院 is 国务院, which
    the national list names; 美国国务院 is a body of its own), runs over a conjunction (中国共产党和政府),
    is a single suffix character glued to a word (中国所有, 日本社会), a distance (以北三十五公里处), a
    kind of body (中国公司) or a clause."""
    rest = text[start:end]
    words = word_list()
    return len(rest) >= 2 and not (china and rest in NATIONAL_BODIES) and not re.search("[和兼]", rest) \
        and words.get(text[end - 1:end + 1], (0, ""))[0] <= 100 and not rest.endswith("处") \
        and not (rest.endswith(("公司", "集团")) and words.get(rest, (0, ""))[0] > 50) \
        and function_word_end(text, start, end, _COUNTRY_CLAUSE) == start


def _affiliate_start(text: str, begin: int) -> int:
    """复旦大学附属|中山医院: a body affiliated to a named one carries that name in front of its own."""
    if text[max(0, begin - 2):begin] != "附属":
        return begin
    for size in range(12, 3, -1):
        start = begin - 2 - size
        name = text[max(0, start):begin - 2]
        if start >= 0 and re.fullmatch(f"[{CJK}]+", name) and body_end(name + "。", 0) == size \
                and function_word_end(text, start, begin - 2) == start:
            return start
    return begin


def _add_elided(state: DocState, view: TextView, end: int, place, confidence: float) -> None:
    """自治区党委、政府 and 市委和政府: the second body is the same place's, its place left out."""
    m = _ELIDED.match(view.text, end)
    if m and not _covered(state, view, m.start(1), m.end(1)):
        _add_org(state, view, m.start(1), m.end(1), place.name + m.group(1), confidence * 0.9, place)


@lru_cache(maxsize=1)
def _national():
    keys = sorted(NATIONAL_BODIES)
    return keys, ahocorasick_rs.AhoCorasick(keys, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)


def find_organizations(state: DocState) -> None:
    view = text_view(state.text)
    text = view.text
    table = state.ctx.table
    # divisions, and countries: 中国美术学院, 美国国务院 are named after their country the same way
    places = sorted((f for f in state.found if f.label == "LOCALITY" and ("adcode" in f.attrs or
                                                                           f.attrs.get("level") == "country")),
                    key=lambda f: f.start)
    place_before = {view.at(f.end): view.at(f.start) for f in places if "adcode" in f.attrs}
    place_at = {view.at(f.start): f for f in places if "adcode" in f.attrs}
    for f in places:
        if state.covered("ORGANIZATION", f.start, f.end):
            continue
        first, last = view.at(f.start), view.at(f.end)
        party = next((p for p in DEMOCRATIC_PARTIES if text.endswith(p, 0, first)), None)
        if party and text.startswith("委会", last):  # 民建台州市委会: a democratic party's committee
            _add_org(state, view, first - len(party), last + 2, text[first - len(party):last + 2], 0.85,
                     table.get(f.attrs.get("adcode", "")))
            continue
        begin = first
        while begin in place_before:  # 定西市|安定区中庄…合作社: the name starts with the place above its own
            begin = place_before[begin]
        begin = _affiliate_start(text, begin)
        begin = begin - 2 if text[max(0, begin - 2):begin] == "中共" else begin
        end = body_end(text, last)
        if end == last:
            continue
        lead, trail = trim_body(text[begin:end])
        end -= trail
        if function_word_end(text, last, end, _CLAUSE_POS) > last and not text.startswith(MINISTRY_STEMS, last):
            continue  # 湖州各级党外人士十分重视社: a clause, not a name
        if end - begin - lead <= last - first:
            continue
        if "adcode" not in f.attrs and not _country_body(text, last, end, f.canonical == "中国"):
            continue
        if lead == 0:
            begin = _session_start(text, begin)
        inner = f
        while view.at(inner.end) in place_at and view.at(place_at[view.at(inner.end)].end) <= end:
            inner = place_at[view.at(inner.end)]  # 北京市朝阳区委 sits in 朝阳区
        _add_org(state, view, begin, end, text[begin + lead:end], 0.85, table.get(inner.attrs.get("adcode", "")))
    _find_national(state, view)
    _find_generic(state, view)
    _find_enumerated(state, view)
    _find_periodicals(state, view)
    _find_settling(state, view)
    _find_joint_actors(state, view)


def _find_joint_actors(state: DocState, view: TextView) -> None:
    """Those a body brings together to act (联合A、B、C共同商讨) are bodies or places; an
    item that is a whole body's name (城中村改造工程指挥部) is a body."""
    text = view.text
    for m in _JOINT.finditer(text):
        pos = m.start(1)
        for item in m.group(1).split("、"):
            start, end = pos, pos + len(item)
            pos = end + 1
            if body_end(text, start) == end and not _covered(state, view, start, end) \
                    and not _covered(state, view, start, end, "LOCALITY"):
                _add_org(state, view, start, end, item, 0.55)


def _find_settling(state: DocState, view: TextView) -> None:
    """An institute, centre or laboratory that settles somewhere (…创作研究中心落户浙江) is a
    body even without a place in its name."""
    text = view.text
    for m in finditer_near(_SETTLING, text, _SETTLES, 22):
        start = function_word_end(text, m.start(1), m.end(1) - 2)
        if m.end(1) - start >= 6 and not _covered(state, view, start, m.end(1)):
            _add_org(state, view, start, m.end(1), text[start:m.end(1)], 0.55)


def _session_start(text: str, begin: int) -> int:
    """中国人民政治协商会议第十三届浙江省委员会: a numbered session written before the
    place belongs to the name, together with the national body it is a session of."""
    window = text[max(0, begin - 24):begin]
    m = _SESSION_BEFORE.search(window)
    if m is None:
        return begin
    start = begin - len(window) + m.start()
    return function_word_end(text, start, begin - len(m.group(1)))


def _find_national(state: DocState, view: TextView) -> None:
    """Central bodies from the reference lexicon, with an institute or centre they name
    right after them (中科院天工所), and a bare 中央 paired with a local committee
    (中央、省委巡视) which is the party centre."""
    text = view.text
    keys, automaton = _national()
    foreign_ends = {f.end for f in state.found if foreign_country(f)}
    for index, start, end in automaton.find_matches_as_indexes(text):
        if _covered(state, view, start, end):
            continue
        if text.startswith(("门", "署", "分"), end):
            continue  # 财政部门, 教育部门: the sector, not the ministry; 建设部署, 文化部分: other words
        if view.start(start) in foreign_ends:
            continue  # 南非外交部长: another country's ministry, not China's
        unit = _unit_end(text, end)
        if unit > end:
            _add_org(state, view, start, unit, text[start:unit], 0.75)
        else:
            _add_org(state, view, start, end, NATIONAL_BODIES[keys[index]], 0.9)
    for m in _NAMED_NATIONAL.finditer(text):
        start, end = m.start(), m.end()
        if _covered(state, view, start, end) or "的" in m.group(0):
            continue  # 中国共产党的中心: a phrase, not a name
        _add_org(state, view, start, end, text[start:end], 0.6)
    for m in _CENTRE.finditer(text):
        if not _covered(state, view, m.start(), m.end()) and text[m.start() - 1:m.start()] != "党":
            _add_org(state, view, m.start(), m.end(), NATIONAL_BODIES["党中央"], 0.7)


def _unit_end(text: str, start: int) -> int:
    """End of an institute or centre named right after a body (天工所 in 中科院天工所), or start."""
    words = word_list()
    if words.get(text[start:start + 2], (0, "n"))[1] in VERB_POS or _ANY_UNIT.match(text, start):
        return start
    best = start
    for i in range(start, min(len(text), start + 16)):
        if text[i] in STOP and text[i] != "与":
            break
        for suffix in _UNIT_SUFFIXES:
            if text.startswith(suffix, i + 1 - len(suffix)) and i + 1 - start >= 3:
                best = i + 1
    return best


def _all_common(name: str) -> bool:
    """生物医药, 高端装备: two-character words that are all common, so an industry, not a
    brand (贝达药业 and 惠科电子 start with a rare pair)."""
    words = word_list()
    if len(name) % 2:
        pairs = [name[:1], name[1:]] if name[1:] in words else [name]
    else:
        pairs = [name[i:i + 2] for i in range(0, len(name), 2)]
    return all(words.get(p, (0, ""))[0] >= _COMMON for p in pairs)


def _find_enumerated(state: DocState, view: TextView) -> None:
    """Names listed before 等…企业/项目 are companies: 引进了比亚迪、贝达药业等一批龙头项目."""
    text = view.text
    words = word_list()
    for m in _ENUMERATION.finditer(text):
        if not _BRINGS_IN.search(text, max(0, m.start(1) - 8), m.start(1) + m.group(1).find("、")) \
                and not _BUILT_AFTER.match(text, m.end()):
            continue  # 新材料、生物医药、高端装备等企业: industries, unless someone brings the names in or they settle
        items, pos = [], m.start(1)
        for item in m.group(1).split("、"):
            start, end = function_word_end(text, pos, pos + len(item)), pos + len(item)
            pos = end + 1
            items.append((start, end, text[start:end]))
        # a list is of one kind: where one item is a common phrase (隐形冠军、专精特新等项目), all are kinds of firms
        if any(len(name) >= 2 and (words.get(name, (0, ""))[0] > 50 or _all_common(name)) for _, _, name in items):
            continue
        for start, end, name in items:
            if name[0] in LEVEL_CHARS or name.endswith("期"):
                continue  # 省公共卫生临床中心: a bare body, whose place the bare bodies' pass finds; 三期: a phase
            if len(name) >= 2 and not any(
                    _covered(state, view, start, end, label) for label in ("ORGANIZATION", "LOCALITY", "PERSON")):
                _add_org(state, view, start, end, name, 0.55)


def _find_periodicals(state: DocState, view: TextView) -> None:
    """Titles in 《》 that the text calls periodicals (《江南》《西湖》等文学刊物) are media bodies."""
    text = view.text
    for m in _PERIODICALS.finditer(text):
        for title in re.finditer("《([^《》]{1,12})》", m.group(1)):
            start, end = m.start(1) + title.start(1), m.start(1) + title.end(1)
            _add_org(state, view, start, end, title.group(1), 0.6)


def _add_group_parents(state: DocState, view: TextView) -> None:
    """A study group (益阳市纪委监委理论学习中心组) is the group of a body, which the
    name therefore also names."""
    for org in [f for f in state.found if f.label == "ORGANIZATION"]:
        m = _GROUP.match(org.canonical)
        if m is None or any(f.label == "ORGANIZATION" and f.canonical == m.group(1) for f in state.found):
            continue
        if m.group(1).endswith("委") and _PLACE_COMMITTEE.match(m.group(1)):
            continue  # a party committee's group speaks for its place (see scopes), not as a second body
        start = view.at(org.start) + len(org.surface.replace("\n", "")) - len(org.canonical)
        place = next((r.tail for r in state.relations if r.relation == "located_in" and r.head == org.canonical), None)
        parent = state.add(Found("ORGANIZATION", m.group(1), org.start, view.end(start + len(m.group(1))),
                                 state.text[org.start:view.end(start + len(m.group(1)))], org.confidence * 0.9))
        if place is not None:
            state.relate(parent, "located_in", place, head_label="ORGANIZATION", tail_label="LOCALITY",
                         start=parent.start, end=parent.end, confidence=parent.confidence)


def find_bare_organizations(state: DocState) -> None:
    """Bodies named without their place (省委, 市委组织部); needs the document's scopes."""
    view = text_view(state.text)
    text = view.text
    for m in _BARE.finditer(text):
        start = m.start()
        if start > 0 and text[start - 1] in _BARE_BLOCK or _covered(state, view, start, start + 2):
            continue
        if _covered(state, view, start, start + 1, "LOCALITY"):
            continue
        end = body_end(text, m.end())
        if end == m.end():
            continue
        home = _paired_home(state, view, start, m.group(1)) or _heading_home(state, view, start, end, m.group(1)) \
            or _local_home(state, m.group(1), view.start(start)) or state.home(m.group(1), view.start(start))
        if home is None:
            continue
        end -= trim_body(text[start:end])[1]
        _add_org(state, view, start, end, home.name + text[start + len(m.group(1)):end], 0.7, home)
    _find_bare_associations(state, view)
    _find_sections(state, view)
    _add_group_parents(state, view)


def _find_sections(state: DocState, view: TextView) -> None:
    """Sections a department lists as its own (投资一科、投资二科、外资合作科等三个科室) or
    puts in charge of work (投资科负责招商), in a piece that department writes, are its
    internal bodies: 北海市投资促进局投资一科."""
    text = view.text
    for m in list(finditer_near(_SECTIONS, text, _SECTION_CLASS, None)) \
            + list(finditer_near(_SECTION_IN_CHARGE, text, _IN_CHARGE, 8)):
        scope = state.scope_at(view.start(m.start()))
        if scope is None or scope.actor_label != "ORGANIZATION" or not scope.actor:
            continue
        pos = m.start(1)
        for item in m.group(1).split("、"):
            start, end = function_word_end(text, pos, pos + len(item)), pos + len(item)
            pos = end + 1
            if end - start >= 3 and not _covered(state, view, start, end):
                _add_org(state, view, start, end, scope.actor + text[start:end], 0.6, scope.place)


def _paired_home(state: DocState, view: TextView, start: int, level: str):
    """山东省委办公厅、省政府办公厅: a bare body joined to a named one of its level shares its place; so does one
    in a chain of posts after it (山东省委农办主任、省农业农村厅厅长)."""
    if start == 0 or view.text[start - 1] not in "、和与及":
        return None
    before = view.start(start - 1)
    org = next((f for f in state.found if f.label == "ORGANIZATION" and before - _LONGEST_TITLE <= f.end <= before
                and (f.end == before or state.text[f.end:before] in _TITLE_SET)), None)
    if org is None:
        return None
    for r in state.relations:
        if r.relation == "located_in" and r.head == org.canonical and level_suffix(r.tail) == level:
            # the division the text's mention resolved to, not any division of that name (朝阳区)
            place = next((f for f in state.found if f.label == "LOCALITY" and f.canonical == r.tail
                          and "adcode" in f.attrs), None)
            return state.ctx.table.get(place.attrs["adcode"]) if place is not None else None
    return None


def _heading_home(state: DocState, view: TextView, start: int, end: int, level: str):
    """A heading line that names its body bare (市综合行政执法局党委理论学习中心组) in a compilation of several cities'
    pieces: the city its piece spells the body out with (金华市综合行政执法局立足实际…), else the city the piece
    names most."""
    text = view.text
    if start > 0 and text[start - 1] != "\n" or not text.startswith("\n", end):
        return None
    words = STUDY_GROUP.sub("", text[start + len(level):end])
    first = view.start(start)
    for f in state.found:
        if f.label == "ORGANIZATION" and first < f.start <= first + _HEADING_REACH and f.canonical.endswith(words) \
                and len(f.canonical) > len(words):
            place = next((p for p in state.found if p.label == "LOCALITY" and p.start == f.start and "adcode" in p.attrs
                          and level_suffix(p.canonical) == level and p.surface + words == f.surface), None)
            if place is not None:
                return state.ctx.table.get(place.attrs["adcode"])
    counts = _city_counts(state, first, first + _HEADING_REACH, level)
    best = max(counts, key=counts.get, default=None)
    return state.ctx.table.get(best) if best and counts[best] >= _LOCAL_MENTIONS else None


def _city_counts(state: DocState, lo: int, hi: int, level: str) -> dict[str, int]:
    """How often text[lo:hi] names each city of a level, by itself or by a place inside it."""
    table = state.ctx.table
    counts: dict[str, int] = {}
    for f in state.found:
        if f.label != "LOCALITY" or "adcode" not in f.attrs or not lo <= f.start < hi:
            continue
        d = table.get(f.attrs["adcode"])
        chain = [d] + table.ancestors(d.adcode) if d is not None else []
        city = next((x for x in chain if x.level == "city" and level_suffix(x.name) == level), None)
        if city is not None:
            counts[city.adcode] = counts.get(city.adcode, 0) + 1
    return counts


def _local_home(state: DocState, level: str, pos: int):
    """A document that reports on several cities in turn (湖州…, then 嘉兴市…): a bare
    市委 belongs to the city the surrounding paragraphs name, when no byline says otherwise."""
    scope = state.scope_at(pos)
    if level != "市" or scope is not None and not any(
            f.label == "LOCALITY" and f.start == scope.start for f in state.found):
        return None  # a byline settles whose 市委 it is
    table = state.ctx.table
    counts = _city_counts(state, pos - _LOCAL_WINDOW, pos, level)
    if not counts:
        return None
    best = max(counts, key=counts.get)
    home = scope.place if scope is not None and scope.place is not None else state.ctx.home("city")
    if home is not None and home.level != "city":
        home = next((x for x in table.ancestors(home.adcode) if x.level == "city"), None)
    if counts[best] >= _LOCAL_MENTIONS and (home is None or counts.get(home.adcode, 0) == 0):
        return table.get(best)
    return None


def _find_bare_associations(state: DocState, view: TextView) -> None:
    """知联会, 新阶联, 工商联 written without a place, in a piece a body of some place
    writes (湘潭市委统战部理论学习中心组): that place's association."""
    text = view.text
    words = word_list()
    for m in _MASS_BARE.finditer(text):
        start, end = m.start(), m.end()
        if _covered(state, view, start, end) or _covered(state, view, start - 1, start, "LOCALITY"):
            continue
        if text[start - 1:start + 1] in words or text[end - 1:end + 1] in words:
            continue  # 学科协同, 合作协议: the letters belong to other words
        pos = view.start(start)
        named = min((f for f in state.found if f.label == "ORGANIZATION" and f.canonical.endswith(m.group(0))
                     and len(f.canonical) > end - start), key=lambda f: (f.start > pos, abs(f.start - pos)), default=None)
        if named is not None:  # 作协 after 浙江省作协: the body the text has named
            state.add(Found("ORGANIZATION", named.canonical, view.start(start), view.end(end), m.group(0), 0.6))
            continue
        scope = state.scope_at(view.start(start))
        if scope is None or scope.place is None:
            continue
        _add_org(state, view, start, end, scope.place.name + m.group(0), 0.6, scope.place)


def _find_generic(state: DocState, view: TextView) -> None:
    text = view.text
    for m in finditer_near(_GENERIC, text, _GENERIC_END, 16):
        start, end = m.start(), m.end()
        tail = next((t for t in _COMPANY_TAILS if text.startswith(t, end)), "")
        end += len(tail)  # 康奈集团有限公司: the group's registered company name
        suffix = next(s for s in ("股份有限公司", "有限责任公司", "有限公司", "控股集团", "集团") if text.endswith(s, start, end))
        core = end - len(suffix) - (2 if text.endswith("控股", start, end - len(suffix)) else 0)
        start = function_word_end(text, start, core, _COMPANY_LEFT)  # 恒勃控股股份有限公司 keeps 控股
        dateline = _DATELINE_END.search(text, start, core)
        if dateline:
            start = dateline.end()  # 本报讯|浪潮电子信息产业集团
        if end - start - len(suffix) < 2 or _covered(state, view, start, end) or text[start] in LEVEL_CHARS:
            continue  # 省人才发展集团 is a bare body: find_bare_organizations names its place
        prefix = text[start:end].rsplit("集团", 1)[0] if "公司" not in text[start:end] else ""
        if word_list().get(prefix, (0, ""))[0] > 500:
            continue  # 利益集团: an ordinary word before the suffix
        _add_org(state, view, start, end, text[start:end], 0.5)


def link_bodies_to_places(state: DocState) -> None:
    """located_in for every place named inside a body's name (中国作协 → 中国,
    杭州市上城区四季青街道社区卫生服务中心 → 上城区 and 四季青街道) and for a place the
    text says the body settles in (实验室成功入驻西塞科学谷)."""
    places = [f for f in state.found if f.label == "LOCALITY"]
    starts = {f.start: f for f in places}
    by_start = sorted(range(len(places)), key=lambda i: places[i].start)
    sorted_starts = [places[i].start for i in by_start]
    orgs = [f for f in state.found if f.label == "ORGANIZATION"]
    org_starts = {f.start: f for f in orgs}
    for org in orgs:
        inside = by_start[bisect.bisect_left(sorted_starts, org.start):bisect.bisect_right(sorted_starts, org.end)]
        for place in (places[i] for i in sorted(inside)):  # in the order they were found
            if place.end <= org.end and place.canonical != org.canonical:
                state.relate(org, "located_in", place, head_label="ORGANIZATION", tail_label="LOCALITY",
                             start=org.start, end=org.end, confidence=0.85)
        end = org.end
        while state.text[end:end + 1] in ("和", "、", "与", "及") and end + 1 in org_starts:
            end = org_starts[end + 1].end  # A和B落户浙江: both settle there
        m = _SETTLES_IN.match(state.text, end)
        if m and m.end() in starts:
            place = starts[m.end()]
            state.relate(org, "located_in", place, head_label="ORGANIZATION", tail_label="LOCALITY",
                         start=org.start, end=place.end, confidence=0.7)
