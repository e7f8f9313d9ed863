"""Names the rules cannot see, from the trained NER: people without a title next to
them (孙丹青), and companies without a suffix rule (比亚迪, 贝达药业) named where a
person is talked about.

The rules run first and win: a NER span is kept only where no rule has put a
mention of another kind, and only in the shape a name of its kind has.
"""
from __future__ import annotations

import re
import sys

from kg.extract.bodynames import first_of_two, function_word_end
from kg.extract.persons import name_shape
from kg.extract.places import place_matcher
from kg.gazetteer import TITLES
from kg.gazetteer.lexicon import SURNAMES, word_list
from kg.extract.state import CJK, DocState, Found
from kg.nlp.blas import openblas

_LEVEL = set("省市县区")
# a NER organization is kept when it ends like one: a body's suffix or a trade word
_ORG_ENDINGS = ("药业", "科技", "电子", "能源", "精密", "玻璃", "纸业", "股份", "控股", "制药", "医药", "连锁", "银行",
                "证券", "保险", "汽车", "电器", "电气", "材料", "化工", "钢铁", "集团", "公司", "大学", "学院", "医院",
                "研究院", "研究所", "实验室", "中心", "协会", "学会", "商会", "委员会", "局", "厅", "院", "所", "社", "台", "报")
# a name right before these is part of a doctrine, an award or a title, not a person mention
_NOT_A_PERSON_AFTER = re.compile("主义|思想|文学奖|奖|精神|理论|同志式|体|路")
_SURNAME = "[" + "".join(sorted(c for c in SURNAMES if len(c) == 1)) + "]"
# a note after a listed name: 钱正英（女）、 舒乙（满族）、
_NOTE = rf"(?:[（(][{CJK}，、]{{1,10}}[）)])?"
# three or more names in a 、-list (members elected, guests present): the NER reads the sentence
_NAME_LIST = re.compile(rf"(?:{_SURNAME}[{CJK}]{{1,2}}{_NOTE}、){{2,}}{_SURNAME}")
_NOTE_AFTER = re.compile(_NOTE + "、")
_POST_AT = re.compile("|".join(sorted(map(re.escape, TITLES), key=len, reverse=True)))
_POST_BEFORE = re.compile(f"(?:{_POST_AT.pattern})$")
# the characters Chinese spells foreign names with (克林顿, 奥尔布赖特, 让·梅泰): a name made of them alone,
# with a title before it or a deed after it, is a person even without a Chinese surname
_TRANSLITERATED = re.compile("[阿埃艾爱安昂奥巴拜班邦保鲍贝本比彼毕宾波伯博布查达戴丹道德迪蒂丁东杜多厄恩尔法菲费芬丰"
                             "弗福伏盖甘冈戈格根贡古圭哈海汉豪赫亨胡华霍基吉加贾杰捷金京卡凯坎康柯科克肯孔库夸拉莱赖兰朗劳勒"
                             "雷蕾里理利莉丽连林琳留隆卢鲁路伦罗洛马玛迈麦曼梅门蒙米敏明莫姆穆纳奈南内尼妮涅纽努诺欧帕派潘佩"
                             "皮普齐奇乔切琼丘萨塞桑瑟森沙莎尚舍什施史斯松苏索塔泰坦汤唐特提图托瓦万威韦维温沃乌伍西希锡夏"
                             "谢辛休雅亚扬耶伊因英尤约泽扎詹朱兹佐·]{2,10}")
_FOREIGN_TITLE_BEFORE = re.compile("(?:总统|总理|首相|国务卿|外长|外交部长|部长|大使|议长|主席|国王|女王|王储|亲王|秘书长|总干事|"
                                   "特使|州长|市长|总裁|首席执行官)$")
_warned = False
_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")
_SPACE = re.compile(r"\s")
# a person is talked about: speech and attribution verbs, person nouns, credits, and what officials
# are reported doing (presiding, attending, meeting, inspecting), where news lists them by name alone
_PERSON_CUE = re.compile("说|表示|指出|介绍|认为|告诉|坦言|回忆|谈到|眼中|看来|同志|先生|女士|老人|作家|诗人|院士|教授|专家|"
                         "记者|摄|代表(?![大性团处])|委员(?!会)|获得者|得主|强调|写道|主持|出席|列席|率队|带队|陪同|会见|会晤|视察|慰问|为核心|"
                         "[省市县区]领导|领导同志|领导人|编剧|导演|主演|演员|扮演|饰演|画家|歌唱家|大师|教练|运动员|博士")
# right after a name, a person for sure: what only people do or are called. Such a name is kept even when
# the dictionary knows it as a common word (邓小平, 鲁迅, 马克思 have high word counts; 杨梅 is never 杨梅说)
_PERSON_AFTER = re.compile("同志|先生|女士|总书记|主席|总理|说(?=道|[，,：:。“\"])|指出|强调|认为|表示|提出|要求|所说|曾说|写道|回忆|"
                           "主持|出席|列席|会见|会晤|陪同|致辞|讲话|批示|为核心")


def _pipeline():
    global _warned
    from kg.nlp import ModelMissing, load_ner

    try:
        return load_ner()
    except ModelMissing as err:
        if not _warned:
            print(f"kg extract: {err}; continuing with the rules alone", file=sys.stderr)
            _warned = True
        return None


NER_MODES = ("cued", "all", "off")


def ner_spans(text: str, mode: str = "cued") -> list[tuple[int, int, str]]:
    """(start, end, label) of the NER's entities in the sentences where a person is talked about.

    Titled names are the title rules' (persons.py); what the NER adds is the
    untitled name of someone who speaks, is quoted or is introduced by a
    person noun (…某某说, 作家某某). Asking it only about those sentences —
    about an eighth of the text of our corpora — leaves the dev scores as they
    are (entity F1 0.922 gated against 0.919 on every sentence: the NER's
    stray places and bodies elsewhere go too) and makes extraction several
    times faster, since the NER was nine tenths of its cost (BENCHMARKS.md).
    On text of another kind it costs recall: on the first 150 People's Daily
    articles of 1998, where people are often named without a cue, PERSON F1
    is 0.82 with the cue and 0.83 with `mode="all"` (README.md); before the
    officials' deeds (主持, 出席, 会见…) and lists of names (_NAME_LIST) joined
    the cue and context could vouch for a name (_PERSON_AFTER), 0.55 and 0.64.
    `mode="off"`: rules only.
    """
    if mode not in NER_MODES:
        raise ValueError(f"unknown NER mode {mode!r} (one of {', '.join(NER_MODES)})")
    nlp = _pipeline() if mode != "off" else None
    if nlp is None:
        return []
    sentences = [(m.start(), m.group(0)) for m in _SENTENCE.finditer(text)
                 if mode == "all" or _PERSON_CUE.search(m.group(0)) or _NAME_LIST.search(m.group(0))]
    spans = []
    by_char = getattr(nlp.tokenizer, "segmenter", None) == "char"
    docs = [_char_doc(nlp, s) if by_char else nlp.make_doc(s) for _, s in sentences]
    with openblas(nlp):
        for (offset, _), doc in zip(sentences, nlp.pipe(docs, batch_size=64)):
            spans.extend((offset + e.start_char, offset + e.end_char, e.label_) for e in doc.ents)
    return spans


def _char_doc(nlp, sentence: str):
    """What the character tokenizer makes of a sentence. Without whitespace that
    is its characters, built directly: the tokenizer's alignment of characters
    to text costs more than the Doc itself."""
    from spacy.tokens import Doc

    if _SPACE.search(sentence):
        return nlp.make_doc(sentence)
    return Doc(nlp.vocab, words=list(sentence), spaces=[False] * len(sentence))


def _crosses_a_word(text: str, start: int, end: int) -> bool:
    """殷殷嘱|托: a dictionary word runs across the span's edge, so the span is no name. Not where a post or deed
    starts at the end (江泽民|主席, 李民|主持: 民主 is the dictionary's accident)."""
    words = word_list()
    edges = [text[max(0, start - 1):start + 1]] + ([] if _PERSON_AFTER.match(text, end) else [text[end - 1:end + 1]])
    return any(words.get(w, (0, ""))[0] > 100 for w in edges)


def _person_context(text: str, start: int, end: int, persons: tuple[set[int], set[int]]) -> bool:
    """The text around a span says it is a person: a person word or deed follows it (邓小平强调), or it
    stands in a 、-list next to another name the NER found (省领导李明、张建华、陈小平出席; 钱正英（女）、舒乙).
    *persons*: the starts and the ends of the NER's person spans."""
    if _PERSON_AFTER.match(text, end):
        return True
    listed = _NOTE_AFTER.match(text, end)
    if listed and listed.end() in persons[0]:
        return True
    return any(e in persons[1] and _NOTE_AFTER.fullmatch(text, e, start) for e in range(max(0, start - 13), start))


def _ner_person(text: str, start: int, end: int, persons: tuple[set[int], set[int]]) -> bool:
    """A NER person span is kept in the shape of a name, where no doctrine or word runs across it and no place
    has the name; and, unless its context vouches for it, where the dictionary has no common word of it."""
    name = text[start:end]
    if _NOT_A_PERSON_AFTER.match(text, end) or name in place_matcher().by_surface:
        return False
    post = _POST_AT.match(text, end)
    if post and post.end() in persons[0]:
        return False  # 海康威视总裁胡扬忠: the body whose post the next name holds, not a person
    post = _POST_BEFORE.search(text, max(0, start - 8), start)
    if post and post.start() in persons[1]:
        return False  # 习近平总书记来湖视察: the post follows its holder, and no name follows the post
    if not name_shape(name):  # 美国总统克林顿, 韦德里纳说: a foreign name, where the context says a person
        return bool(_TRANSLITERATED.fullmatch(name)) and (
            bool(_FOREIGN_TITLE_BEFORE.search(text, max(0, start - 5), start)) or _person_context(text, start, end, persons))
    if len(name) > 4 or _crosses_a_word(text, start, end):
        return False
    if _person_context(text, start, end, persons):
        return True
    # 杨梅, 马拉松: the NER and jieba call them names too. A given name that is a word (亚平, 建华) is no
    # reason to doubt a span the NER read in context, unlike a name the title rules cut out of running text
    freq, pos = word_list().get(name, (0, "nr"))
    return freq < 5 or (pos.startswith("nr") and freq < 20)


def find_ner_entities(state: DocState, spans: list[tuple[int, int, str]]) -> None:
    text = state.text
    persons = ({s for s, _, label in spans if label == "PERSON"}, {e for _, e, label in spans if label == "PERSON"})
    for start, end, label in spans:
        name = text[start:end]
        if any(state.covered(other, start, start + 1) or state.covered(other, end - 1, end)
               for other in ("PERSON", "ORGANIZATION", "LOCALITY", "PROGRAM")):
            continue
        if label == "PERSON" and _ner_person(text, start, end, persons):
            state.add(Found("PERSON", name, start, end, name, 0.7))
        elif label == "ORGANIZATION" and len(name) >= 3 and re.fullmatch(f"[{CJK}A-Za-z0-9（）()·]+", name) \
                and name[0] not in _LEVEL and name.endswith(_ORG_ENDINGS):
            start = function_word_end(text, start, end)
            name = text[start:end]
            if len(name) < 3 or name in word_list() or "某" in name or first_of_two(name):
                continue  # 公立医院, 人民法院: a kind of body, not a named one; 某部; two names joined by 和
            canonical = name[2:] if name.startswith("中共") and not name.startswith("中共中央") else name
            state.add(Found("ORGANIZATION", canonical, start, end, name, 0.6))
