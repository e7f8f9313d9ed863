"""Our Chinese NLP models: the pkuseg word segmenter and the character-level NER.

Everything loads from files shipped in ``kg/models`` and nothing touches the
network. Three entry points, each built once per process:

* :func:`load_ner` — the fastest pipeline that yields ``doc.ents`` with
  PERSON / LOCALITY / ORGANIZATION (character tokens, see MODELS.md for why).
* :func:`load` — the full pipeline: pkuseg words (with the gazetteer user
  dictionary) plus the same NER's entities, tokens split where an entity
  boundary falls inside a word. Later rule components are added here.
* :func:`segment` — words of a text by the shipped segmenter, with or without
  the gazetteer user dictionary.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

MODELS = Path(__file__).resolve().parent.parent / "models"
PKUSEG_DIR = MODELS / "pkuseg"
USER_DICT = PKUSEG_DIR / "user_dict.txt"
NER_DIR = MODELS / "ner"


class ModelMissing(RuntimeError):
    """A shipped model file is absent: the checkout is incomplete or `kg train` was not run."""


def _require(path: Path) -> Path:
    if not path.exists():
        raise ModelMissing(f"model file missing: {path} (run `kg train` to rebuild it)")
    return path


@lru_cache(maxsize=1)
def load_ner():
    """The character-level NER pipeline (tokens are single characters), name-edge rule last."""
    import spacy

    import kg.nlp.components  # registers our factories before loading
    import kg.nlp.crf_ner  # noqa: F401  (the shipped NER's component)
    import kg.nlp.vectors  # noqa: F401  (and the spaCy variant's vectors table)

    nlp = spacy.load(_require(NER_DIR))
    nlp.add_pipe(kg.nlp.components.NAME_EDGES)
    return nlp


@lru_cache(maxsize=1)
def load():
    """The full pipeline: pkuseg words (the tokenizer), then entities from the character NER.

    ``load().make_doc(text)`` segments only; the NER model is read on the
    first call of the pipeline itself.
    """
    import spacy

    import kg.nlp.components as components
    from kg.nlp.segmenter import FullWidthCut

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "pkuseg"}}})
    _require(PKUSEG_DIR / "weights.npz")
    # pkuseg applies the user dictionary by forward maximal matching before the
    # CRF; it also runs a merge step against its bundled default dictionary,
    # which we switch off because it departs from the People's Daily standard
    # the model was trained on (measured in MODELS.md)
    nlp.tokenizer.initialize(pkuseg_model=str(PKUSEG_DIR), pkuseg_user_dict=str(_require(USER_DICT)))
    nlp.tokenizer.pkuseg_seg.postprocesser.do_process = False
    nlp.tokenizer.pkuseg_seg = FullWidthCut(nlp.tokenizer.pkuseg_seg)
    nlp.add_pipe(components.CHAR_NER)
    return nlp


@lru_cache(maxsize=1)
def standard_cutter():
    """The pkuseg model alone, without our user dictionary or pkuseg's merge step."""
    import spacy_pkuseg

    from kg.nlp.segmenter import FullWidthCut

    _require(PKUSEG_DIR / "weights.npz")
    seg = spacy_pkuseg.pkuseg(str(PKUSEG_DIR), user_dict=None)
    seg.postprocesser.do_process = False
    return FullWidthCut(seg)


def segment(text: str, user_dict: bool = True) -> list[str]:
    """Words of `text` by the shipped segmenter, whitespace dropped.

    With the gazetteer user dictionary (the default, what extraction runs)
    names of places, titles and program heads stay whole (市委书记, 嵊州市);
    without it the model cuts to the People's Daily standard it was trained
    on (市委 / 书记), which is what segmentation benchmarks score.
    """
    if not user_dict:
        return [word for word in standard_cutter().cut(text) if word.strip()]
    return [token.text for token in load().make_doc(text) if not token.is_space]
