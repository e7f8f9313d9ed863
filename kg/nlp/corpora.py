"""Readers for the training corpora in ../shared/data.

Each reader turns one corpus format into plain Python values (word lists for
segmentation, ``(text, [(start, end, label)])`` pairs for NER) so that the
trainers and the evaluation share one view of the data and one dev split.
Labels are mapped onto ours (PERSON, LOCALITY, ORGANIZATION) here, once.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

Span = tuple[int, int, str]
Example = tuple[str, list[Span]]

PFR_FILE = Path("peoples_daily_1998") / "199801.txt"
MSRA_FILE = Path("msra_ner") / "msra_train_bio.txt"
RESUME_FILES = (Path("resume_ner") / "train.char.bmes", Path("resume_ner") / "dev.char.bmes")
CLUENER_FILE = Path("cluener2020") / "train.json"

MSRA_LABELS = {"PER": "PERSON", "LOC": "LOCALITY", "ORG": "ORGANIZATION"}
# Resume's CONT is a country of citizenship (中国国籍): MSRA tags the same 中国 LOC
RESUME_LABELS = {"NAME": "PERSON", "LOC": "LOCALITY", "CONT": "LOCALITY", "ORG": "ORGANIZATION"}
# CLUENER "address" mixes places with street addresses and fragments (see
# MODELS.md) and "scene" holds sights that MSRA sometimes tags LOC: both become
# UNKNOWN (no gold either way) rather than LOCALITY or outside.
UNKNOWN = "-"
CLUENER_LABELS = {"name": "PERSON", "organization": "ORGANIZATION", "government": "ORGANIZATION",
                  "company": "ORGANIZATION", "address": UNKNOWN, "scene": UNKNOWN}

# People's Daily part-of-speech tags (and bracketed compounds' tags) that name an entity. Abbreviations
# (j: 京, 中共) and other proper nouns (nz: brands, events, works) are sometimes a place or body in
# MSRA's convention and sometimes nothing: unknown rather than outside.
PFR_LABELS = {"nr": "PERSON", "ns": "LOCALITY", "nt": "ORGANIZATION", "nz": UNKNOWN, "j": UNKNOWN}

# The People's Daily tags whose words are surely not (part of) a name in MSRA's convention: punctuation,
# function words, numbers, time words, pronouns, adverbs, adjectives. With ``loose``, every other word
# outside a tagged entity is unknown rather than outside: People's Daily leaves 市委, 两岸, 海军 and the 华
# of 访华 untagged where MSRA tags them, and taught as "outside" they cost 4 tune points at equal epochs.
PFR_OUTSIDE = frozenset("w u p c d m q t r f y e o k h a ad b z".split())

DEV_FRACTION = 0.05


def default_data_dir() -> Path:
    """../shared/data relative to the repository root, where the corpora live (never in the repo)."""
    return Path(__file__).resolve().parents[2].parent / "shared" / "data"


def split_dev(items: list, fraction: float = DEV_FRACTION) -> tuple[list, list]:
    """Hold out the last `fraction` of a corpus: later text, so no article straddles the split."""
    cut = len(items) - max(1, int(len(items) * fraction))
    return items[:cut], items[cut:]


def pfr_words(line: str) -> list[str]:
    """Words of one People's Daily line: drop the line id and POS tags, keep bracketed parts apart (PKU standard)."""
    tokens = line.split()[1:]
    words = []
    for token in tokens:
        word = token.lstrip("[").rsplit("/", 1)[0]
        if word:
            words.append(word)
    return words


def read_pfr(data_dir: Path) -> list[list[str]]:
    """All non-empty lines of the 1998-01 People's Daily corpus as word lists, in corpus order."""
    with open(data_dir / PFR_FILE, encoding="utf-8") as handle:
        return [words for words in map(pfr_words, handle) if words]


def pfr_entities(line: str, loose: bool = False) -> Example:
    """One People's Daily line as NER text and spans, from its part-of-speech tags.

    A surname and given name are two nr tokens (江/nr 泽民/nr): adjacent nr tokens make one person.
    A bracketed compound tagged nt or ns ([中国/ns 国际/n 广播/vn 电台/n]nt) is one span and hides
    the entities inside it, as MSRA tags 中国国际广播电台 one organization. *loose*: see PFR_OUTSIDE.
    """
    text, spans, offset = [], [], 0
    bracket: int | None = None  # where an open bracket started
    inner: list[Span] = []
    for token in line.split()[1:]:
        opens = token.startswith("[")
        word, _, tag = token.lstrip("[").rpartition("/")
        tag, _, outer = tag.partition("]")
        if not word:
            continue
        if opens:
            bracket, inner = offset, []
        end = offset + len(word)
        label = PFR_LABELS.get(tag)
        found = inner if bracket is not None else spans
        if label == "PERSON" and found and found[-1][2] == "PERSON" and found[-1][1] == offset:
            found[-1] = (found[-1][0], end, label)
        elif label:
            found.append((offset, end, label))
        elif loose and tag not in PFR_OUTSIDE:
            found.append((offset, end, UNKNOWN))
        text.append(word)
        offset = end
        if outer and bracket is not None:
            label = PFR_LABELS.get(outer)
            spans.extend([(bracket, offset, label)] if label else inner)
            bracket = None
    if bracket is not None:
        spans.extend(inner)
    return "".join(text), spans


def read_pfr_entities(data_dir: Path, loose: bool = False) -> list[Example]:
    """The non-empty People's Daily lines as NER examples, in the order (and dev split) of read_pfr."""
    with open(data_dir / PFR_FILE, encoding="utf-8") as handle:
        return [example for example in (pfr_entities(line, loose) for line in handle) if example[0]]


def pfr_articles(data_dir: Path) -> list[tuple[str, str, list[str]]]:
    """People's Daily 1998-01 as whole articles: (article id, its paragraphs one a line, the people it names).

    Extraction works on documents, not lines, so this is how text of another kind than the seeds
    checks the extractor (tests/test_extract.py). The people are the corpus's nr names
    (pfr_entities); two names written side by side without punctuation come out as one, so the
    figures are a floor, good for comparing versions rather than as an absolute score.
    """
    articles: dict[str, tuple[list[str], set[str]]] = {}
    with open(data_dir / PFR_FILE, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            article = "-".join(line.split(None, 1)[0].split("/")[0].split("-")[:3])  # 19980101-01-001
            text, spans = pfr_entities(line)
            paragraphs, people = articles.setdefault(article, ([], set()))
            paragraphs.append(text)
            people.update(text[s:e] for s, e, label in spans if label == "PERSON")
    return [(article, "\n".join(paragraphs) + "\n", sorted(people)) for article, (paragraphs, people) in articles.items()]


def _tagged_chars(path: Path, sep: str | None) -> Iterator[list[tuple[str, str]]]:
    sentence: list[tuple[str, str]] = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line.strip():
                if sentence:
                    yield sentence
                sentence = []
                continue
            char, tag = line.split(sep) if sep else line.rsplit(None, 1)
            sentence.append((char[:1] or " ", tag))
    if sentence:
        yield sentence


def _spans_from_tags(tags: list[str], mapping: dict[str, str]) -> list[Span]:
    """Decode BIO or BMES tags; entity types missing from `mapping` are dropped."""
    spans: list[Span] = []
    start, kind = -1, ""
    for i, tag in enumerate(tags + ["O"]):
        prefix, _, name = tag.partition("-")
        continues = prefix in ("I", "M", "E") and name == kind and start >= 0
        if not continues and start >= 0:
            if kind in mapping:
                spans.append((start, i, mapping[kind]))
            start, kind = -1, ""
        if prefix in ("B", "S") or (prefix in ("I", "M", "E") and start < 0):
            start, kind = i, name
        if prefix in ("E", "S") and start >= 0:
            if kind in mapping:
                spans.append((start, i + 1, mapping[kind]))
            start, kind = -1, ""
    return spans


def read_msra(data_dir: Path) -> list[Example]:
    """MSRA news sentences (char/BIO) as text with PERSON/LOCALITY/ORGANIZATION spans."""
    out = []
    for sentence in _tagged_chars(data_dir / MSRA_FILE, "\t"):
        text = "".join(c for c, _ in sentence)
        out.append((text, _spans_from_tags([t for _, t in sentence], MSRA_LABELS)))
    return out


def read_resume(data_dir: Path) -> list[Example]:
    """Resume NER (char/BMES); NAME, ORG, LOC and CONT are kept, the rest is outside."""
    out = []
    for path in RESUME_FILES:
        for sentence in _tagged_chars(data_dir / path, None):
            text = "".join(c for c, _ in sentence)
            out.append((text, _spans_from_tags([t for _, t in sentence], RESUME_LABELS)))
    return out


def read_cluener(data_dir: Path) -> list[Example]:
    """CLUENER records: name/organization/government/company mapped, address/scene UNKNOWN, the rest outside."""
    out = []
    with open(data_dir / CLUENER_FILE, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            spans = [
                (start, end + 1, CLUENER_LABELS[kind])
                for kind, mentions in record.get("label", {}).items() if kind in CLUENER_LABELS
                for positions in mentions.values() for start, end in positions
            ]
            out.append((record["text"], _drop_overlaps(spans)))
    return out


def _drop_overlaps(spans: list[Span]) -> list[Span]:
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s[0], -s[1])):
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept
