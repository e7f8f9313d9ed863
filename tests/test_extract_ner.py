"""The NER as extraction asks it: the same entities as the shipped pipeline run
plainly, on the seeds, and the shared model left as it was found."""
from __future__ import annotations

from kg.extract.ner import ner_spans
from kg.nlp import load_ner
from kg.read import read_document


def _plain_spans(text: str) -> list[tuple[int, int, str]]:
    """Every sentence through nlp.pipe with its own tokenizer and blis, as spaCy does by default."""
    from kg.extract.ner import _SENTENCE

    nlp = load_ner()
    sentences = [(m.start(), m.group(0)) for m in _SENTENCE.finditer(text)]
    return [(offset + e.start_char, offset + e.end_char, e.label_)
            for (offset, _), doc in zip(sentences, nlp.pipe([s for _, s in sentences]))
            for e in doc.ents]


def test_spans_match_the_plain_pipeline_on_the_seeds(seed_paths):
    found = 0
    for path in seed_paths[:2]:
        text = read_document(path).text[:20000]
        spans = ner_spans(text, "all")
        assert spans == _plain_spans(text)
        found += len(spans)
    assert found > 10


def test_sentences_with_spaces_keep_their_offsets():
    text = "记者 王小明 说，浙江 杭州 的 Alibaba 集团负责人张三表示：明年继续投资。"
    spans = ner_spans(text, "all")
    assert spans == _plain_spans(text)
    assert ("王小明", "PERSON") in {(text[s:e], label) for s, e, label in spans}


def test_the_shared_model_keeps_its_operators():
    nlp = load_ner()
    before = [node.ops for _, pipe in nlp.pipeline if hasattr(pipe, "model") for node in pipe.model.walk()]
    ner_spans("作家李明说，今年要写一本书。", "all")
    after = [node.ops for _, pipe in nlp.pipeline if hasattr(pipe, "model") for node in pipe.model.walk()]
    assert after == before
