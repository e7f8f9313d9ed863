"""The shipped models through the Python API: offline load, segmentation, entities."""
from __future__ import annotations

import re
import socket

import pytest

from conftest import SEEDS, SHARED

# a name right after a post title and right before a reporting verb or the
# line end ("省委书记易炼红强调", "宁海县委书记 滕安达"): a pattern, not a list of names
TITLE_NAME = re.compile(r"(?:委书记|市长|县长|区长)[ \u3000]?([\u4e00-\u9fff]{2,3})(?=强调|指出|表示|在|$)", re.M)


def seed_lines() -> list[str]:
    return [line for path in sorted(SEEDS.glob("*.txt"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def offline():
    """Make any network connection attempt fail while the models load and run."""
    real = socket.socket.connect

    def refuse(self, *args, **kwargs):
        raise AssertionError("the NLP models tried to use the network")

    socket.socket.connect = refuse
    yield
    socket.socket.connect = real


@pytest.fixture(scope="module")
def nlp(offline):
    import kg.nlp

    return kg.nlp.load()


@pytest.fixture(scope="module")
def ner(offline):
    import kg.nlp

    return kg.nlp.load_ner()


def test_pipelines_are_cached_and_labelled(nlp, ner):
    import kg.nlp

    assert kg.nlp.load() is nlp and kg.nlp.load_ner() is ner
    from kg.nlp.crf_ner import NAME, CrfNer

    component = ner.get_pipe(NAME)
    assert isinstance(component, CrfNer) and set(component.labels) == {"PERSON", "LOCALITY", "ORGANIZATION"}
    assert len(component.tagger.featurizer.words) > 50_000  # the lexicon ships inside the model
    assert nlp.tokenizer.segmenter == "pkuseg"


def test_segment_keeps_text_and_uses_gazetteer_words(nlp):
    import kg.nlp

    text = "浙江省嵊州市市委书记在会上指出，要加快推进共同富裕示范区建设。"
    words = kg.nlp.segment(text)
    assert "".join(words) == text
    # user-dictionary words come out whole, so entity boundaries fall on tokens
    assert "嵊州市" in words and "示范区" in words
    assert kg.nlp.segment("") == [] and kg.nlp.segment("  \n ") == []


def test_segment_mixed_script_and_spaces():
    import kg.nlp

    words = kg.nlp.segment("2023年GDP增长 5.2% ，APEC会议")
    assert "".join(words) == "2023年GDP增长5.2%，APEC会议"
    assert all(w.strip() == w and w for w in words)


def test_title_pattern_names_are_persons(ner):
    found, hits = [], 0
    for line in seed_lines():
        matches = list(TITLE_NAME.finditer(line))
        if not matches:
            continue
        ents = {(e.start_char, e.end_char, e.label_) for e in ner(line).ents}
        for m in matches:
            found.append(m.group(1))
            hits += (m.start(1), m.end(1), "PERSON") in ents
    assert len(found) >= 10
    # measured 10 of 15 with the shipped model (MODELS.md); the floor sits below that
    assert hits / len(found) >= 0.5, (hits, found)


def test_places_and_bodies_on_a_news_sentence(ner):
    doc = ner("浙江省人民政府办公厅近日印发通知。他先后在杭州、宁波和温州考察。")
    labels = {e.text: e.label_ for e in doc.ents}
    assert labels.get("浙江省人民政府办公厅") == "ORGANIZATION"
    assert [labels.get(place) for place in ("杭州", "宁波", "温州")] == ["LOCALITY"] * 3


def test_full_pipeline_entities_match_ner_and_fall_on_tokens(nlp, ner):
    lines = seed_lines()[:200]
    n_words = n_chars = 0
    for word_doc, char_doc in zip(nlp.pipe(lines, batch_size=64), ner.pipe(lines, batch_size=64)):
        assert word_doc.text == char_doc.text
        assert [(e.start_char, e.end_char, e.label_) for e in word_doc.ents] == \
               [(e.start_char, e.end_char, e.label_) for e in char_doc.ents]
        n_words, n_chars = n_words + len(word_doc), n_chars + len(char_doc)
    assert n_words < 0.8 * n_chars  # the full pipeline's tokens are words, not characters


def test_long_and_empty_texts(ner):
    long_text = "".join(seed_lines())[:20000]
    doc = ner(long_text)
    assert doc.text == long_text and len(doc.ents) > 50
    assert list(ner("").ents) == []


def pfr_dev_sample(n: int = 200) -> list[list[str]]:
    from kg.nlp import corpora

    data = SHARED / "data"
    if not (data / corpora.PFR_FILE).exists():
        pytest.skip(f"segmenter quality check needs the corpus at {data / corpora.PFR_FILE}")
    _, dev = corpora.split_dev(corpora.read_pfr(data))
    return dev[:n]


def test_segmenter_quality_on_held_out_lines():
    import kg.nlp
    from kg.nlp.evaluate import segmentation_scores

    scores = segmentation_scores(pfr_dev_sample(), kg.nlp.segment)
    assert scores["f1"] >= 0.90, scores


def test_a_name_does_not_run_into_the_next_word(ner):
    """The name-edge rule: a four-character person whose last character starts a word is cut."""
    from spacy.tokens import Span

    from kg.nlp.components import name_edges

    doc = ner.make_doc("学习邓小平党建理论，王建国家住杭州。")
    doc.ents = [Span(doc, 2, 6, label="PERSON"), Span(doc, 10, 13, label="PERSON")]
    doc = name_edges(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("邓小平", "PERSON"), ("王建国", "PERSON")]


def test_vector_corpus_spells_bigrams_as_the_pipeline_does(ner):
    """The bigram vectors the NER starts from are trained on bigram tokens; the corpus must spell
    them as both NERs do at run time: the spaCy variant's NORM (kg_char_bigrams, spaces and
    ideographic spaces included) and the BiLSTM-CRF's featurizer (on text NFKC leaves alone)."""
    import spacy

    from kg.nlp.components import BIGRAMS
    from kg.nlp.crf_ner import NAME
    from kg.nlp.train_vectors import bigram_tokens

    text = "浙江省 宁海县召开\u3000会议。"
    char_nlp = spacy.blank("zh")
    char_nlp.add_pipe(BIGRAMS)
    assert [t.norm_ for t in char_nlp(text)] == bigram_tokens(text)
    plain = "浙江省宁海县召开会议。"
    assert ner.get_pipe(NAME).tagger.featurizer.bigrams(plain) == bigram_tokens(plain)


def test_cached_floret_vectors_answer_what_floret_computes():
    import numpy
    import spacy
    from spacy.vectors import Vectors

    from kg.nlp.vectors import CachedFloretVectors

    vocab = spacy.blank("zh").vocab
    table = numpy.random.default_rng(0).random((50, 8), dtype="float32")
    vectors = CachedFloretVectors(strings=vocab.strings, data=table, mode="floret", minn=1, maxn=2, hash_count=2)
    first = [vocab.strings.add(s) for s in ("浙江", "江省", "省</s>", "浙江")]
    then = first[1:] + [vocab.strings.add("龘齉")]  # seen and unseen keys mixed
    for keys in (first, then, then):
        assert numpy.array_equal(vectors.get_batch(keys), Vectors.get_batch(vectors, keys))
    assert numpy.all(numpy.abs(vectors.get_batch(then)).sum(axis=1) > 0)  # an unseen bigram gets its characters'
