"""Pipeline components of our own, registered with spaCy on import.

``kg_char_bigrams`` gives each character token the character bigram it starts
as its NORM, so the NER's hash embedding sees bigrams as well as single
characters (ORTH): on character tokens that is the cheapest context feature
that helps Chinese NER, and it keeps the pipeline free of a word segmenter.
"""
from __future__ import annotations

import numpy
from spacy.attrs import NORM, ORTH
from spacy.language import Language
from spacy.tokens import Doc

BIGRAMS = "kg_char_bigrams"
END = "</s>"  # the bigram of a doc's last character: the character and this mark


@Language.component(BIGRAMS)
def char_bigrams(doc: Doc) -> Doc:
    """Set token.norm_ to this token's text plus the next one's (the last token gets a boundary mark)."""
    if len(doc):  # one array write instead of a Token object and a setter call per character
        strings = doc.vocab.strings
        texts = [strings[orth] for orth in doc.to_array(ORTH).tolist()]
        texts.append(END)
        add = strings.add
        norms = numpy.array([add(a + b) for a, b in zip(texts, texts[1:])], dtype="uint64")
        doc.from_array([NORM], norms.reshape(-1, 1))
    return doc


NAME_EDGES = "kg_name_edges"
_WORD_FREQ = 20  # jieba dictionary frequency from which a bigram counts as a word


@Language.component(NAME_EDGES)
def name_edges(doc: Doc) -> Doc:
    """Cut a person of four or more characters before its last one when that character
    starts a dictionary word with the next (邓小平|党建理论 → 邓小平).

    Chinese names are two or three characters; the character NER, seeing a
    bigram it rarely met after a name, sometimes runs one character on.
    """
    from kg.gazetteer.lexicon import word_list

    words = word_list()
    text = doc.text
    ents = []
    for ent in doc.ents:
        end = ent.end_char
        if ent.label_ == "PERSON" and len(ent.text) >= 4 and end < len(text) \
                and words.get(text[end - 1:end + 1], (0, ""))[0] >= _WORD_FREQ and ent.text not in words:
            ent = doc.char_span(ent.start_char, end - 1, label=ent.label_) or ent
        ents.append(ent)
    doc.ents = ents
    return doc


CHAR_NER = "kg_char_ner"


class CharNer:
    """Entities from the character-level NER, set on a word-tokenized doc.

    Where an entity boundary falls inside a pkuseg word the word is split
    there, so ``doc.ents`` always carries exactly the NER's character offsets.
    """

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs, batch_size: int = 256):
        from kg.nlp import load_ner

        ner = load_ner()
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._annotate(ner, batch, batch_size)
                batch = []
        if batch:
            yield from self._annotate(ner, batch, batch_size)

    @staticmethod
    def _annotate(ner, docs: list[Doc], batch_size: int):
        for doc, char_doc in zip(docs, ner.pipe([d.text for d in docs], batch_size=batch_size)):
            spans = [(e.start_char, e.end_char, e.label_) for e in char_doc.ents]
            split_at(doc, {b for s, e, _ in spans for b in (s, e)})
            ents = [doc.char_span(s, e, label=label) for s, e, label in spans]
            doc.ents = [span for span in ents if span is not None]
            yield doc


def split_at(doc: Doc, boundaries: set[int]) -> None:
    """Split every token that has one of the character offsets strictly inside it."""
    with doc.retokenize() as retokenizer:
        for token in doc:
            cuts = sorted(b - token.idx for b in boundaries if token.idx < b < token.idx + len(token.text))
            if not cuts:
                continue
            pieces = [token.text[i:j] for i, j in zip([0] + cuts, cuts + [len(token.text)])]
            retokenizer.split(token, pieces, heads=[(token, 0)] * len(pieces))


@Language.factory(CHAR_NER)
def make_char_ner(nlp: Language, name: str) -> CharNer:
    return CharNer()
