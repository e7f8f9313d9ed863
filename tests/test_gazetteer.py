"""The gazetteer is public reference data: check its shape, not particular documents."""
from __future__ import annotations

from kg.gazetteer import countries, divisions, segmenter_words


def test_every_province_and_a_full_hierarchy_down_to_villages():
    table = divisions()
    provinces = [d for d in table if d.level == "province"]
    assert len(provinces) == 34
    county = table.named("嵊州市")[0]
    assert (county.adcode, county.level) == ("330683", "county")
    assert [a.name for a in table.ancestors(county.adcode)] == ["绍兴市", "浙江省"]
    assert county.lat and 29 < county.lat < 30.5 and 120 < county.lon < 121.5
    village = table.named("李祖村")[0]
    assert village.level == "village"
    assert [a.level for a in table.ancestors(village.adcode)] == ["town", "county", "city", "province"]
    assert table.get(village.adcode) == village


def test_municipalities_are_not_their_own_city():
    table = divisions()
    district = table.named("浦东新区")[0]
    assert [a.name for a in table.ancestors(district.adcode)] == ["上海市"]


def test_short_forms_and_countries():
    table = divisions()
    assert table.named("绍兴市")[0].short == "绍兴"
    assert table.named("枫桥镇")[0].short == "枫桥"
    names = countries()
    assert names["中华人民共和国"] == "中国" and names["我国"] == "中国"
    assert names.get("日本国") == "日本"


def test_segmenter_dictionary_keeps_place_and_title_words_whole():
    words = set(segmenter_words())
    assert {"绍兴市", "绍兴", "市委书记", "工程"} <= words
    assert "李祖村" not in words  # villages are too many and too generic for the dictionary
