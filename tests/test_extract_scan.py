"""finditer_near finds exactly what a scan of the whole text finds, for every
pattern extraction runs it on, on the seeds and on text made to stress the reach."""
from __future__ import annotations

import re

import pytest

import kg.extract.localities as localities
import kg.extract.organizations as organizations
import kg.extract.persons as persons
import kg.extract.programs as programs
from kg.extract.scan import finditer_near
from kg.extract.textview import text_view
from kg.read import read_document

# (pattern, anchor, before, after) exactly as the extraction stages pass them
USES = {
    "zone": (localities._ZONE, localities._ZONE_END, localities._ZONE_REACH, 0),
    "settling": (organizations._SETTLING, organizations._SETTLES, 22, 0),
    "sections": (organizations._SECTIONS, organizations._SECTION_CLASS, None, 0),
    "in charge": (organizations._SECTION_IN_CHARGE, organizations._IN_CHARGE, 8, 0),
    "company": (organizations._GENERIC, organizations._GENERIC_END, 16, 0),
    "comrade": (persons._NAME_BEFORE, persons._COMRADE, 3, 0),
    "number one": (programs._NAMED_ONE, programs._NUMBER_ONE, 13, 6),
}

# longest names the patterns allow, back to back, so a reach one too short loses a match
CRAFTED = (
    "（以下简称）浙江省杭州市余杭区良渚街道某某某某某某高新技术产业开发区和宁波前湾新区、绍兴柯桥未来社区",
    "中国科学院某某某某某某某某某研究中心正式入驻，某某某某某某某某某某某某实验室成功落户",
    "投资一科、投资二科、外资合作科、综合科等四个内设机构；规划建设发展管理科负责招商",
    "浙江某某某某某某某某某某股份有限公司与某某某控股集团",
    "习近平总书记、王小明同志和李四同志",
    "某某某某某某某某某某某某“一号开放型工程”和“一号工程”",
)


def _spans(matches):
    return [(m.start(), m.end(), m.groups()) for m in matches]


@pytest.mark.parametrize("use", sorted(USES))
def test_same_matches_as_a_full_scan(use, seed_paths):
    pattern, anchor, before, after = USES[use]
    texts = list(CRAFTED)
    for path in seed_paths:
        text = read_document(path).text
        texts += [text, text_view(text).text]
    found = 0
    for text in texts:
        expected = _spans(pattern.finditer(text))
        assert _spans(finditer_near(pattern, text, anchor, before, after)) == expected
        found += len(expected)
    assert found, f"{use}: no match at all, so the comparison proves nothing"


def test_a_reach_too_short_misses_matches():
    """The reach matters: one character less and the longest company names are cut."""
    text = CRAFTED[3]
    full = _spans(organizations._GENERIC.finditer(text))
    assert _spans(finditer_near(organizations._GENERIC, text, organizations._GENERIC_END, 4)) != full


def test_no_anchor_no_scan():
    assert list(finditer_near(re.compile("科"), "没有那个词", re.compile("科室"), None)) == []
