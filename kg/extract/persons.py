"""PERSON entities with their posts (holds_position) and bylines (affiliated_with).

A post is read from the title chain that precedes a name (杭州市常委、余杭区委书记
刘颖): each 、-separated segment names a place or body and a title, a segment
without one inherits the previous segment's body (党组书记、厅长). Bare titles take
their place from the document (省委书记 in a Zhejiang text → 浙江省).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

import ahocorasick_rs

from kg.extract.bodynames import body_end, function_word_end, trim_body
from kg.extract.scan import finditer_near
from kg.extract.state import CJK, DocState, Found, foreign_country, level_suffix
from kg.gazetteer import TITLES
from kg.gazetteer.lexicon import SURNAMES, word_list

_TITLES = TITLES + ("人大代表", "政协委员", "医生", "护士", "科长", "代表")
_TITLE_ALT = "|".join(sorted(map(re.escape, _TITLES), key=len, reverse=True))
_NAME_STOP = set("在说指表对的是与主到等出提要带率调深前也将就会了以从把被讲等并代某")  # 某: 王某某 names no one
# characters of many given names that are also function characters (唐国强, 杨一民, 马向东, 段和平, 王为民):
# a name read in context (by the NER) may hold them, a name cut out of running text by the rules may not
# (市长王刚和…, 书记张华同…)
_NAME_OR_STOP = set("强一向和同为作")
_BYLINE = re.compile(rf"(?:■|本报记者|本报通讯员|记者|通讯员|拍摄|摄影|拍友|执笔|撰稿)[ \t\u3000]*((?:[{CJK}]{{2,4}}(?:[ \t\u3000]+|(?=$|[\n，,、]))){{1,4}})", re.M)
# a photo credit after its caption: …主题实践活动 许旭 摄
_CREDIT = re.compile(rf"[ \t\u3000]([{CJK}]{{2,3}})[ \t\u3000]+摄$", re.M)
# a credit in brackets: （记者丛亚平）, （新华社记者郑宣摄）, （记者安江、侯嘉） anywhere, （赵深田） or （向民航摄）
# closing a paragraph
_BRACKET_CREDIT = re.compile(rf"[（(](?:(?:本报|新华社)?(?:记者|通讯员)((?:[{CJK}]{{2,3}}、)*[{CJK}]{{2,3}}?)[ \t\u3000]*摄?"
                             rf"|([{CJK}]{{2,3}}?)[ \t\u3000]*摄?(?=[）)][ \t\u3000]*$))[）)]", re.M)
_AFFILIATION = re.compile(r"作者单位[：:\s]*([^\n）)]{2,40})")
_SEG_CHARS = "[^\\s，。；：！？“”（）()■、的与是在]"
_CHAIN_END = re.compile(rf"(?:{_SEG_CHARS}{{0,24}}?(?:{_TITLE_ALT})(?:、|，|兼))*{_SEG_CHARS}{{0,24}}?(?:{_TITLE_ALT})$")
_CHAIN_REACH = 120
_SEGMENT = re.compile("[^、，兼]+")
_FOREIGN_TITLES = frozenset(("总统", "副总统", "首相", "国王", "女王", "外长", "大使", "总督", "议长"))
_FOREIGN_NAME = re.compile(f"[{CJK}·]{{2,10}}")
# never inside a chain of posts: what one official does to another (李强会见新加坡总理), a dateline (…日电国务院总理)
_CHAIN_BREAK = re.compile("会见|会晤|接见|看望|慰问|陪同|致电|致信|日电|日讯|本报讯")
_NAME_BEFORE = re.compile(rf"([{CJK}]{{2,3}})(?=总书记|同志)")
_COMRADE = re.compile("总书记|同志")
_BODY_OF_PLACE = re.compile("^(.+?)(委|党委|政府|人民政府)$")
_DEPUTY = re.compile("^(?:常务)?[副代]")
_DEPUTY_WORDS = re.compile("(?:常务)?[副代]$")
_BODY_LAST = set("部局委厅院办署处队组会司社所馆")  # the last character of most bodies' names
_SMALL_LEVEL = re.compile("街道|社区|[乡镇村]")
# words that follow a name and whose first character is no function character (_NAME_STOP has 说, 表, 指…)
_WORD_AFTER_NAME = {"介绍", "认为", "告诉", "坦言", "回忆", "谈到", "透露", "会见", "陪同", "致辞", "批示", "希望", "建议", "发言",
                    "今天", "昨天", "明天", "今年", "近日", "日前",
                    "先生", "女士", "小姐", "夫人", "博士", "教授", "院士", "老师", "师傅"}  # 校长刘红小姐: 刘红
# a name, then an appointment to the posts after it; or 任命 before the name and 为 after it
# (a bare 任 is left out: in a life story 刘某任华北局书记 is a past post, which the guidelines leave out)
_APPOINTED = re.compile(rf"任命([{CJK}]{{2,3}}?)(?:同志)?为|([{CJK}]{{2,3}})(?:同志(?:[兼担]?任)(?![务何期职命免])|(?:同志)?当选为)"
                        rf"|^[ \t\u3000]*([{CJK}]{{2,3}})任(?=[^\n，。；]+$)", re.M)  # a headline: 王建军任衢州市委书记
_BIO_SUBJECT = re.compile(rf"^[ \t\u3000]*([{CJK}]{{2,3}})，[男女]，", re.M)
_CURRENT = re.compile("现任|[0-9０-９]{4}年[0-9０-９]{1,2}月起[，,]?(?:任|担任)")
_FORMER = re.compile(f"(?:^|[局厅委办院部会府司处科])[原前](?:{_TITLE_ALT})")
_PAST = re.compile("[0-9０-９]{4}年|同年|时期|当时|曾|历任|先后")
# a committee post (市委常委) whose body the next bare 书记 or 常委 shares
_COMMITTEE_POST = re.compile("(?:自治区党|[省市县区]|党)委")
_COMMITTEE_TITLES = ("书记", "副书记", "常委", "委员")
# 该院常务副院长; a company's own posts, which name it only as 公司 (公司党委书记、董事长)
_THAT_BODY = re.compile("该(公司|集团|银行|中心|院|校|局|厅|所|委|部|会|社)"
                        "|(公司|集团)(?=党委|董事|总经理|副总经理|总裁|副总裁|监事|总工程师|总会计师|总经济师|纪委)")
_BRAND_POST = re.compile(f"([{CJK}]{{2,6}}?)(?:副?董事长|总裁|副总裁|首席执行官|创始人)")
_ALIAS_MAX = 24  # the longest bracketed name (an alias or a second name) between a body and its head's post
_THAT_BODY_REACH = 600  # how far back the body a bare 公司 means may be named
# institutions whose name before a post (清华大学教授) is theirs alone
_INSTITUTIONS = ("大学", "学院", "医院", "研究院", "研究所", "中学", "小学", "公司", "集团", "银行", "协会", "学会")
# characters of the clause around a post, never of a post without its body: the title starts after them
_NOT_IN_TITLE = re.compile(f"[由了被把请让给跟向]|[^{CJK}]+")


@lru_cache(maxsize=1)
def _title_automaton():
    titles = sorted(set(_TITLES))
    return titles, ahocorasick_rs.AhoCorasick(titles, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)


def _title_ends(text: str):
    """(end, title) of every title word, found by one automaton pass instead of a regex per position."""
    titles, automaton = _title_automaton()
    for index, _start, end in automaton.find_matches_as_indexes(text):
        yield end, titles[index]


def name_shape(name: str, rare_surnames: bool = False) -> bool:
    """Chinese characters, a surname first and no function character inside: the shape of a name,
    whatever the dictionary says of the word. With *rare_surnames* (a name both the NER and a title slot
    vouch for: 区委书记杲云), a first character the dictionary knows only as a name (杲, 笪) is a surname too."""
    if len(name) < 2 or not re.fullmatch(f"[{CJK}]+", name):
        return False
    if name[0] not in SURNAMES and name[:2] not in SURNAMES and not (
            rare_surnames and _rare_surname(name[0])):
        return False
    return not any(ch in _NAME_STOP for ch in name[1:])


def _rare_surname(char: str) -> bool:
    """A character the dictionary knows, alone, only as a rare name (杲, 笪; not 府 or 宝, which it also tags nr)."""
    freq, pos = word_list().get(char, (0, ""))
    return pos == "nr" and freq < 500


def plausible_name(name: str) -> bool:
    """The shape of a name with no character that is as often a function word, and not a common dictionary
    word (张家, 王国家) either whole or after the surname."""
    if not name_shape(name) or any(ch in _NAME_OR_STOP for ch in name[1:]):
        return False
    lexicon = word_list()
    freq, pos = lexicon.get(name, (0, "nr"))
    if not (pos.startswith("nr") or freq < 5):
        return False
    if len(name) == 2:
        return True
    rest_freq, rest_pos = lexicon.get(name[1:], (0, "nr"))
    return rest_pos.startswith("nr") or rest_freq < 200


def byline_name(name: str) -> bool:
    """A name standing alone in a byline or credit: a surname first and no common word.

    Laxer than plausible_name, because the slot itself says a name is there
    (■ 马川 is a person even though 马川 is also a rare place name)."""
    if not 2 <= len(name) <= 3 or (name[0] not in SURNAMES and name[:2] not in SURNAMES) or "某" in name:
        return False
    return plausible_name(name) or word_list().get(name, (0, ""))[0] < 50


def _name_after(text: str, pos: int, glued_ok: bool = True, ner_end: Optional[int] = None
                ) -> Optional[tuple[int, int, float]]:
    """A name starting at pos: (start, end, confidence).

    Where the NER read a name starting there (*ner_end*), it may make the name longer (部长王建华:
    the rules alone stop at 王建, because 建华 is a word), and shorter only before a word that follows
    names (主任张三介绍: 张三, where 张三介 is as plausible to the rules; 主任邓克来说 stays 邓克来)."""
    named = _rule_name_after(text, pos, glued_ok)
    if ner_end is None or not 2 <= ner_end - pos <= 4 or not name_shape(text[pos:ner_end], True) \
            or word_list().get(text[ner_end - 1:ner_end + 1], (0, ""))[0] > 100:
        return named  # 王刚强|调: a word runs across the NER's end
    if named is None or ner_end >= named[1] or text[ner_end:ner_end + 2] in _WORD_AFTER_NAME:
        return pos, ner_end, 0.85
    return named


def _rule_name_after(text: str, pos: int, glued_ok: bool) -> Optional[tuple[int, int, float]]:
    spaced = pos > 0 and text[pos - 1] in " \t"
    m = re.match(rf"[{CJK}]{{2,4}}", text[pos:pos + 4])
    if not m:
        return None
    run = m.group(0)
    after = pos + len(run)
    bounded = after >= len(text) or not re.match(f"[{CJK}]", text[after])
    if bounded and len(run) <= 3 and (plausible_name(run) or spaced and byline_name(run)):
        return pos, after, 0.9 if spaced else 0.85  # 县委书记 周志军|: a byline's name runs to the line's end
    if not glued_ok and not spaced:
        return None
    for length in (3, 2):
        cand = run[:length]
        if length == 3 and run[2:4] in _WORD_AFTER_NAME:
            continue  # 主任张三介绍: 张三, though 张三介 is as plausible a name
        if len(cand) == length and plausible_name(cand):
            return pos, pos + length, 0.75
    return None


def _segment_target(state: DocState, start: int, end: int):
    """The body or place a title segment names, and the title words left after removing it."""
    orgs = [f for f in state.found if f.label == "ORGANIZATION" and start <= f.start < end]
    places = [f for f in state.found if f.label == "LOCALITY" and start <= f.start < end and (
        "adcode" in f.attrs or foreign_country(f))]  # 新加坡总理
    text = state.text
    if orgs:
        org = min(orgs, key=lambda f: f.start)
        m = _BODY_OF_PLACE.match(org.surface)
        inner = [p for p in places if org.start <= p.start and p.end <= org.end]
        if m and inner and inner[-1].end == org.start + len(m.group(1)):
            place = inner[-1]
            # 余杭区委书记 keeps 区委 in the title; 湖州市人民政府市长 is the city's 市长
            return place.canonical, "LOCALITY", text[org.end if "政府" in m.group(2) else place.end:end]
        title = text[org.end:end]
        if title.startswith("长") and org.surface[-1] in "部局厅处科":
            title = org.surface[-1] + title  # 外交部长, 公安局长: the head of the body is its 部长, 局长
        return org.canonical, "ORGANIZATION", title
    if places:
        place = min(places, key=lambda f: f.start)
        for inner in sorted(places, key=lambda f: f.start):
            if inner.start == place.end:
                place = inner  # 三门县亭旁镇芹溪村党支部书记: the post is in the village
        return place.canonical, "LOCALITY", text[place.end:end]
    if text[start - 1:start] in ("）", ")"):  # 浙江大学医学院附属第一医院（浙大一院）党委书记: the body before its alias
        opening = max(text.rfind("（", max(0, start - _ALIAS_MAX), start), text.rfind("(", max(0, start - _ALIAS_MAX), start))
        body = next((f for f in state.found if f.label == "ORGANIZATION" and f.end == opening), None)
        if body is not None:
            return body.canonical, "ORGANIZATION", text[start:end]
    # 会议由|省委副书记, 退伍军人———|江南集团董事长: the post starts after the clause around it
    start = max([start] + [m.end() for m in _NOT_IN_TITLE.finditer(text, start, end)])
    words = text[start:end]
    that = _THAT_BODY.match(words)
    if that:  # 该院常务副院长: the body named last before, whose kind 院 the post repeats
        kind = that.group(1) or that.group(2)
        body = max((f for f in state.found if f.label == "ORGANIZATION" and start - _THAT_BODY_REACH <= f.end <= start
                    and f.canonical.endswith(kind)), key=lambda f: f.start, default=None)
        if body is not None:
            return body.canonical, "ORGANIZATION", words[that.end():]
    post = _DEPUTY.sub("", words)  # 常务副市长 is a 市 post
    level = next((c for c in ("自治区", "省", "市", "县", "区") if post.startswith(c)), None)
    if level and not post.startswith("总"):
        home = _place_before(state, level, start) or state.home(level, start)
        if home is not None:
            return home.name, "LOCALITY", words
    small = _SMALL_LEVEL.match(post)
    if small:
        place = _small_place_before(state, small.group(0), start)
        if place is not None:
            return place.canonical, "LOCALITY", words
    body = body_end(text, start)
    body -= trim_body(text[start:body])[1]  # 某某大学校党委书记: the university's
    if start + 4 <= body < end and text.endswith(_INSTITUTIONS, start, body) \
            and re.fullmatch(f"[{CJK}]+", text[start:body]) and function_word_end(text, start, body) == start:
        # 清华大学教授: a post names its institution though no place or list names it
        state.add(Found("ORGANIZATION", text[start:body], start, body, text[start:body], 0.6))
        return text[start:body], "ORGANIZATION", text[body:end]
    brand = _BRAND_POST.fullmatch(words)
    if brand and _brand_name(brand.group(1)):
        # 海康威视董事长: a company known by its brand alone, named by its chairman's or chief executive's post
        b_start, b_end = start, start + len(brand.group(1))
        state.add(Found("ORGANIZATION", brand.group(1), b_start, b_end, brand.group(1), 0.6))
        return brand.group(1), "ORGANIZATION", words[len(brand.group(1)):]
    return None, None, words


def _brand_name(name: str) -> bool:
    """Not an ordinary word (企业, 民营企业) or a phrase the dictionary reads with a verb or function word in it."""
    words = word_list()
    return words.get(name, (0, ""))[0] < 20 and not name.endswith(("企业", "单位", "公司", "集团", "工厂")) \
        and function_word_end(name + "。", 0, len(name)) == 0


def _small_place_before(state: DocState, level: str, pos: int) -> Optional[Found]:
    """The village, town or street named last before a bare 村党支部书记 or 镇长 in its paragraph:
    …大东坝镇横坑村是试点村。村党支部书记叶关福说 — the secretary is 横坑村's."""
    return _last_place(state, state.text.rfind("\n", 0, pos) + 1, pos,
                       lambda f: f.attrs.get("level") in ("town", "village") and f.canonical.endswith(level))


def _last_place(state: DocState, start: int, pos: int, fits) -> Optional[Found]:
    """The locality found last in text[start:pos] that *fits*."""
    return max((f for f in state.found if f.label == "LOCALITY" and start <= f.start < pos and fits(f)),
               key=lambda f: f.start, default=None)


def _place_before(state: DocState, level: str, pos: int):
    """The division of a level named last before pos in the same sentence: 湖州市委书记陈浩，市长王纲 —
    the 市长 is Huzhou's, whatever city the document mentions most."""
    sentence_start = max(state.text.rfind(c, 0, pos) for c in "。！？\n") + 1
    named = _last_place(state, sentence_start, pos, lambda f: "adcode" in f.attrs and level_suffix(f.canonical) == level)
    return state.ctx.table.get(named.attrs["adcode"]) if named is not None else None


def find_posts(state: DocState) -> None:
    """holds_position from each title chain; run again once bare bodies (省工商联) are known."""
    text = state.text
    state.posts = []
    persons = {f.start: f for f in state.found if f.label == "PERSON"}
    for who, chain_start, chain_end in state.chains:
        last_target, last_title = (None, None), ""
        tail, tail_label, title, s = None, None, "", chain_start
        for seg in _SEGMENT.finditer(text, chain_start, chain_end):
            s, e = seg.start(), seg.end()
            tail, tail_label, title = _segment_target(state, s, e)
            if tail is None and last_target[0] is not None and (last_target[1] == "LOCALITY" or not _names_body(title)):
                # 党组书记、厅长: the body of the segment before; 北京市委常委、公安局局长: the place's bureau;
                # but 中央纪委常委、监察部副部长 names another body
                tail, tail_label = last_target
                committee = _COMMITTEE_POST.match(last_title)
                if committee and title in _COMMITTEE_TITLES:
                    title = committee.group(0) + title  # 衢州市委常委、书记: the 书记 is the 市委's too
            elif tail_label == "LOCALITY" and not _DEPUTY.sub("", title).startswith(level_suffix(tail)):
                title = level_suffix(tail) + title  # 嵊州市|委书记: the 市 went with the place's name
            if tail is not None:
                last_target, last_title = (tail, tail_label), title
            if _FORMER.search(title):
                continue  # 原局长, 市公安局前局长: a past post, which the guidelines leave out
            state.relate(who, "holds_position", tail, head_label="PERSON", tail_label=tail_label,
                         start=min(s, who.start), end=max(e, who.end), title=title.strip(), confidence=0.8,
                         into=state.posts)
        listed = who
        while title.strip() and not _FORMER.search(title) and text.startswith("、", listed.end) and listed.end + 1 in persons:
            # 副主任王光远、李仰哲、吴南翔出席: the names listed after one post each hold it
            listed = persons[listed.end + 1]
            state.relate(listed, "holds_position", tail, head_label="PERSON", tail_label=tail_label,
                         start=s, end=listed.end, title=title.strip(), confidence=0.7, into=state.posts)


def _names_body(title: str) -> bool:
    """Whether the words before a segment's title name a body of their own (监察部副部长, 书记处书记, 国会主席), so
    that the segment does not share the body of the segment before it (党组书记、厅长; 新闻发言人)."""
    head = max((t for _, t in _title_ends(title) if title.endswith(t)), key=len, default="")
    before = _DEPUTY_WORDS.sub("", title[:len(title) - len(head)])
    return bool(before) and before[-1] in _BODY_LAST


def _chain_after(text: str, pos: int) -> int:
    """Where the chain of posts that follows an appointment verb at pos ends (pos if none): 任|衢州市委委员、常委、书记；"""
    rest = text[pos:pos + _CHAIN_REACH]
    rest = rest[:next((i for i, ch in enumerate(rest) if ch in "；;。，,（(\n"), len(rest))]
    return pos + max((k for k, _ in _title_ends(rest) if _CHAIN_END.fullmatch(rest, 0, k)), default=0)


def _appointments(state: DocState, person) -> None:
    """Appointment notices name the person first: 王建军同志任中共衢州市委委员、常委、书记; 任命陈伟为杭州市人民政府
    副市长; 张三当选为县长; 刘某同志兼任某市委书记. The post chain after the verb is read as a chain before a name is."""
    text = state.text
    for m in _APPOINTED.finditer(text):
        group = next(g for g in (1, 2, 3) if m.group(g))
        start, end = m.start(group), m.end(group)
        if group == 1:
            named = _rule_name_after(text, start, True)
            if named is None or named[1] != end:
                continue
        elif start > 0 and re.match(f"[{CJK}]", text[start - 1]) and not text.startswith(("决定", "同意"), start - 2):
            continue  # the name must stand at a boundary: 经研究决定：|王建军同志任…
        elif not plausible_name(text[start:end]):
            continue
        sentence = max(text.rfind(ch, 0, start) for ch in "。！？\n") + 1
        if _PAST.search(text, sentence, start):
            continue  # １９３９年…，安子文同志任书记: a life story's past post
        chain_end = _chain_after(text, m.end())
        if chain_end > m.end():
            state.chains.append((person(start, end, 0.85), m.end(), chain_end))


def _current_posts(state: DocState, person) -> None:
    """A biography (王某，男，汉族，…) names its subject once; 现任 and the last 某年某月起，任 give the posts held now."""
    text = state.text
    subjects = [(m.start(1), m.end(1)) for m in _BIO_SUBJECT.finditer(text) if plausible_name(m.group(1))]
    for m in _CURRENT.finditer(text):
        subject = max((s for s in subjects if s[0] < m.start()), default=None)
        if subject is None:
            continue
        chain_end = _chain_after(text, m.end())
        if chain_end > m.end():
            state.chains.append((person(*subject, 0.85), m.end(), chain_end))


def find_persons(state: DocState) -> None:
    text = state.text
    persons: dict[int, Found] = {}

    def person(start: int, end: int, confidence: float) -> Found:
        if start not in persons:
            persons[start] = state.add(Found("PERSON", text[start:end], start, end, text[start:end], confidence))
        return persons[start]

    ner_ends = {end: start for start, end in state.ner_persons.items()}
    for title_end, title in _title_ends(text):
        held = ner_ends.get(title_end - len(title))
        if held is not None and title_end - len(title) - held <= 3 and plausible_name(text[held:title_end - len(title)]):
            continue  # 习近平总书记来湖视察: the title follows its holder, and what comes after is no name
        after = title_end
        while after < len(text) and text[after] in " \t":
            after += 1
        if title in _FOREIGN_TITLES:  # 总统叶利钦: a transliterated name, whose end only the NER knows
            end = state.ner_persons.get(after)
            named = (after, end, 0.8) if end and _FOREIGN_NAME.fullmatch(text, after, end) else None
        else:
            named = _name_after(text, after, glued_ok=title != "总书记", ner_end=state.ner_persons.get(after))
        if named is None:
            continue
        window = max(0, title_end - _CHAIN_REACH)
        chain = _CHAIN_END.search(text, window, title_end)
        if chain is not None:
            # 市长王刚和副市长李明: 李明's chain starts after the name before it
            begin = max([chain.start()] + [p.end for p in persons.values() if chain.start() <= p.start < title_end])
            begin = max([begin] + [m.end() for m in _CHAIN_BREAK.finditer(text, begin, title_end)])
            while begin < title_end and text[begin] in "和与及、，兼 \t":
                begin += 1
            state.chains.append((person(*named), begin, title_end))
    _appointments(state, person)
    _current_posts(state, person)
    find_posts(state)
    for m in finditer_near(_NAME_BEFORE, text, _COMRADE, 3):
        start = m.start(1)
        name = m.group(1)
        if len(name) == 3 and name[0] not in SURNAMES:
            start, name = start + 1, name[1:]
        if not plausible_name(name):
            continue
        who = person(start, start + len(name), 0.85)
        after = text[start + len(name):start + len(name) + 3]
        if after.startswith("总书记"):
            state.relate(who, "holds_position", None, head_label="PERSON", tail_label=None,
                         start=start, end=start + len(name) + 3, title="总书记", confidence=0.85)
    bylines = []
    for m in _CREDIT.finditer(text):
        if byline_name(m.group(1)):
            person(m.start(1), m.end(1), 0.85)
    for m in _BRACKET_CREDIT.finditer(text):
        group = 1 if m.group(1) else 2
        for part in re.finditer("[^、]+", m.group(group)):  # （记者安江、侯嘉）
            if byline_name(part.group(0)):
                person(m.start(group) + part.start(), m.start(group) + part.end(), 0.85)
    for m in _BYLINE.finditer(text):
        for part in re.finditer(f"[{CJK}]+", m.group(1)):
            if byline_name(part.group(0)):
                reporter = person(m.start(1) + part.start(), m.start(1) + part.end(), 0.9)
                bylines.append(reporter)
                if m.group(0).startswith("本报") and state.publisher:
                    # 本报记者 李灿: the paper is the one the document comes from (its sidecar names it)
                    paper = state.add(Found("ORGANIZATION", state.publisher, m.start(), m.start() + 2, "本报", 0.8))
                    state.relate(reporter, "affiliated_with", paper, head_label="PERSON",
                                 tail_label="ORGANIZATION", start=m.start(), end=m.end(), confidence=0.8)
    for m in _AFFILIATION.finditer(text):
        writer = max((p for p in bylines if p.start < m.start()), key=lambda p: p.start, default=None)
        if writer is None:
            continue
        orgs = [f for f in state.found if f.label == "ORGANIZATION" and m.start(1) <= f.start < m.end(1)]
        for org in orgs[:1]:
            state.relate(writer, "affiliated_with", org, head_label="PERSON", tail_label="ORGANIZATION",
                         start=m.start(), end=m.end(), confidence=0.8)

