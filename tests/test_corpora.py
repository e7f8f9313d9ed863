"""The People's Daily reader turns part-of-speech tags into NER spans the way MSRA annotates."""
from kg.nlp.corpora import UNKNOWN, pfr_entities


def spans(line: str) -> list[tuple[str, str]]:
    text, found = pfr_entities(line)
    return [(text[s:e], label) for s, e, label in found]


def test_surname_and_given_name_make_one_person_but_listed_names_stay_apart() -> None:
    line = "19980101-01-001-002/m  国家/n  主席/n  江/nr  泽民/nr  、/w  李/nr  鹏/nr  和/c  克林顿/nr"
    assert spans(line) == [("江泽民", "PERSON"), ("李鹏", "PERSON"), ("克林顿", "PERSON")]


def test_a_bracketed_organization_or_place_is_one_span_that_hides_what_it_contains() -> None:
    line = ("19980101-01-001-006/m  通过/p  [中国/ns  国际/n  广播/vn  电台/n]nt  ，/w  向/p  "
            "[香港/ns  特别/a  行政区/n]ns  同胞/n  、/w  澳门/ns  同胞/n")
    text, _ = pfr_entities(line)
    assert text == "通过中国国际广播电台，向香港特别行政区同胞、澳门同胞"
    assert spans(line) == [("中国国际广播电台", "ORGANIZATION"), ("香港特别行政区", "LOCALITY"), ("澳门", "LOCALITY")]


def test_abbreviations_and_other_proper_nouns_are_unknown_and_other_brackets_keep_their_parts() -> None:
    line = "19980102-02-003-001/m  京/j  九/m  铁路/n  [北京/ns  大学/n]nt  [一/m  国/n  两/m  制/n]j  王/nr  府/n  海尔/nz"
    assert spans(line) == [("京", UNKNOWN), ("北京大学", "ORGANIZATION"), ("一国两制", UNKNOWN), ("王", "PERSON"),
                           ("海尔", UNKNOWN)]


def test_a_line_with_only_its_id_is_empty() -> None:
    assert pfr_entities("19980101-01-001-099/m  \n") == ("", [])


def test_loose_labels_leave_untagged_nouns_and_verbs_unknown_and_function_words_outside() -> None:
    line = "19980103-01-002-004/m  两岸/n  关系/n  的/u  发展/vn  ，/w  访华/v  的/u  李/nr  鹏/nr"
    text, found = pfr_entities(line, loose=True)
    assert [(text[s:e], label) for s, e, label in found] == [
        ("两岸", UNKNOWN), ("关系", UNKNOWN), ("发展", UNKNOWN), ("访华", UNKNOWN), ("李鹏", "PERSON")]
    assert pfr_entities(line)[1] == [(text.index("李鹏"), len(text), "PERSON")]
