"""The shipped NER: character BiLSTM-CRFs as a spaCy pipeline component (``kg_crf_ner``); three of
them tag together (see :class:`Tagger`).

Why not spaCy's own ``ner``: on the held-out MSRA split spaCy's transition-based
NER over a CNN tok2vec reached 0.775 F1 after 7,000 steps (35 min here), and
this tagger passed it after one epoch of seven minutes (MODELS.md). A BiLSTM
sees the whole sentence, where the CNN saw four characters either side, and a
CRF scores whole tag sequences, where the transition system commits greedily.

Each character is embedded from three sources:
- the character itself (NFKC-normalized, so half- and full-width digits agree);
- the bigrams it ends and starts, as floret embeddings: every bigram, even one
  never seen, gets the mean of the hashed rows of its subwords (its characters
  and itself), initialised from vectors trained on the corpora
  (kg/nlp/train_vectors.py) and fine-tuned with the tagger;
- the lexicon: whether the character begins, continues or ends a word of a
  public dictionary (jieba's words and the gazetteer's places), the "softword"
  feature of Chinese NER, which tells the tagger where words fall without a
  segmenter; separately for the dictionary's person names, places,
  organizations and other words (jieba's part-of-speech tags nr, ns, nt). The
  typed word list ships inside the model directory.

The CRF is trained on partial labels: characters inside a span the corpus marks
unknown (CLUENER addresses, see train_ner) may take any tag, and the loss sums
over every tag sequence consistent with what is known.
"""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Iterable, Iterator, Optional

import numpy

LABELS = ("PERSON", "LOCALITY", "ORGANIZATION")
TAGS = ("O",) + tuple(f"{p}-{label}" for label in LABELS for p in "BIES")
TAG_ID = {tag: i for i, tag in enumerate(TAGS)}
END = "</s>"  # the bigram a text's last character starts: the character and this mark
NAME = "kg_crf_ner"
NEG = -1e4  # the score of a forbidden tag or transition
BATCH_CHARS = 4000  # characters per tagging batch (texts are grouped by length)
MAX_BIGRAMS = 1_000_000  # bigram ids kept per process before the table starts over
MAX_LENGTH = 250  # longer texts are tagged in pieces (see pieces); the config's training.max_length
# lexicon feature, per word type: bit 1 = a word begins here, 2 = one continues through here, 4 = one ends here
LEXICON_CODES = 8
LEXICON_TYPES = ("word", "person", "place", "organization")
# the lexicon words around a character, pooled per set: those beginning, ending and continuing through it
WORD_SETS = 3


def _pairs(chars: list[str]) -> list[str]:
    return [a + b for a, b in zip(chars, chars[1:] + [END])]


def _norm(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char)
    return folded if len(folded) == 1 else char


class Featurizer:
    """Texts to the tagger's integer inputs; holds everything the features need besides weights.

    ``hashing`` is floret's subword setting (minn, maxn, hash_count, hash_seed,
    bow, eow, rows): a bigram's rows are recomputed from its string, so no
    bigram list is shipped.
    """

    def __init__(self, chars: list[str], words: dict[str, tuple[str, ...]], hashing: dict) -> None:
        from spacy.strings import StringStore
        from spacy.vectors import Vectors

        self.chars, self.words, self.hashing = chars, words, hashing
        self.char_id = {c: i + 1 for i, c in enumerate(chars)}  # 0: a character not seen in training
        # floret's hashing, on a one-column table: only the row numbers are used
        self._hasher = Vectors(strings=StringStore(), mode="floret",
                               data=numpy.zeros((hashing["rows"], 1), dtype="float32"),
                               **{k: v for k, v in hashing.items() if k != "rows"})
        self._norms: dict[str, str] = {}
        self._bigram_id: dict[str, int] = {}
        self._rows = numpy.zeros((1024, self.subwords), dtype="int64")
        self._lexicon = None

    @property
    def subwords(self) -> int:
        """Hashed rows per bigram: 2 characters + the bigram + boundary n-grams, each hashed hash_count times."""
        return len(self._hasher._get_ngrams("ab")) * self.hashing["hash_count"]

    def bigram_rows(self, ids: numpy.ndarray) -> numpy.ndarray:
        return self._rows[ids]

    def _bigram(self, bigram: str) -> int:
        found = self._bigram_id.get(bigram)
        if found is None:
            found = self._bigram_id[bigram] = len(self._bigram_id)
            if found >= len(self._rows):
                self._rows = numpy.concatenate([self._rows, numpy.zeros_like(self._rows)])
            n = self.hashing["rows"]
            rows = [h % n for gram in self._hasher._get_ngrams(bigram) for h in self._hasher._get_ngram_hashes(gram)]
            self._rows[found] = (rows * self.subwords)[: self.subwords]  # a lone character has fewer n-grams
        return found

    def _matches(self, text: str) -> numpy.ndarray:
        """(word id, start, end) of every lexicon word in *text*, overlapping ones included, as rows."""
        if self._lexicon is None:
            import ahocorasick_rs

            patterns = list(self.words)
            self._lexicon = ahocorasick_rs.AhoCorasick(patterns)
            self._types = [[LEXICON_TYPES.index(t) for t in self.words[w]] for w in patterns]
        found = self._lexicon.find_matches_as_indexes(text, overlapping=True)
        return numpy.array(found, dtype="int64").reshape(-1, 3)

    def _lexicon_codes(self, text: str, matches: numpy.ndarray) -> numpy.ndarray:
        n_types = len(LEXICON_TYPES)
        codes = numpy.zeros((len(text) + 1, n_types), dtype="int64")
        inside = numpy.zeros((len(text) + 1, n_types), dtype="int64")
        for pattern, start, end in matches.tolist():
            for kind in self._types[pattern]:
                codes[start, kind] |= 1
                codes[end - 1, kind] |= 4
                if end - start > 2:
                    inside[start + 1, kind] += 1
                    inside[end - 1, kind] -= 1
        codes[numpy.cumsum(inside, axis=0) > 0] |= 2
        return codes[:-1] + LEXICON_CODES * numpy.arange(n_types)  # one embedding row per (type, code)

    @staticmethod
    def _word_bags(matches: numpy.ndarray, first_bag: int) -> tuple[numpy.ndarray, numpy.ndarray]:
        """(word ids, bag numbers) of one text's matched words: the bag of character i and set k
        (0: a word begins at i, 1: one ends at i, 2: i lies inside one) is first_bag + 3 i + k."""
        ids, starts, ends = matches.T
        inner = numpy.maximum(ends - starts - 2, 0)
        offsets = numpy.arange(inner.sum()) - numpy.repeat(numpy.cumsum(inner) - inner, inner)
        positions = numpy.concatenate([starts, ends - 1, numpy.repeat(starts + 1, inner) + offsets])
        kinds = numpy.repeat(numpy.arange(WORD_SETS), [len(ids), len(ids), len(offsets)])
        return numpy.concatenate([ids, ids, numpy.repeat(ids, inner)]), first_bag + WORD_SETS * positions + kinds

    def bigrams(self, text: str) -> list[str]:
        """The bigram each character starts, as the tagger spells it (the last one ends in END)."""
        return _pairs(self._fold(text))

    def _fold(self, text: str) -> list[str]:
        norms = self._norms
        return [norms.get(c) or norms.setdefault(c, _norm(c)) for c in text]

    def encode(self, texts: list[str], words: bool = False) -> dict:
        """Padded (batch, length) arrays of char ids and bigram ids (the bigram starting at each char),
        (batch, length, word types) lexicon rows, and with *words* (a model with ``word_width``) the
        lexicon words matched around each character as flat word ids sorted by bag (see _word_bags)
        with each bag's start and each word's weight (1 / the bag's size: a bag's vector is the mean
        of its words). Without *words* none of that is computed: the shipped model does not use it."""
        lengths = [len(t) for t in texts]
        shape = (len(texts), max(lengths))
        chars, bigrams = (numpy.zeros(shape, dtype="int64") for _ in range(2))
        lexicon = numpy.zeros(shape + (len(LEXICON_TYPES),), dtype="int64")
        word_ids, word_bags = [], []
        if len(self._bigram_id) >= MAX_BIGRAMS:  # a long-running process: start over, between batches only,
            self._bigram_id.clear()  # so that no id of this batch is reused for another bigram
        for i, text in enumerate(texts):
            folded = self._fold(text)
            n = len(folded)
            chars[i, :n] = [self.char_id.get(c, 0) for c in folded]
            bigrams[i, :n] = [self._bigram(b) for b in _pairs(folded)]
            matches = self._matches("".join(folded))
            lexicon[i, :n] = self._lexicon_codes(folded, matches)
            if words:
                ids, bags = self._word_bags(matches, i * shape[1] * WORD_SETS)
                word_ids.append(ids)
                word_bags.append(bags)
        batch = {"chars": chars, "bigrams": bigrams, "lexicon": lexicon, "lengths": lengths}
        if words:
            ids, bags = numpy.concatenate(word_ids), numpy.concatenate(word_bags)
            order = numpy.argsort(bags, kind="stable")
            ids, bags = ids[order], bags[order]
            sizes = numpy.bincount(bags, minlength=shape[0] * shape[1] * WORD_SETS)
            batch.update(word_ids=ids, word_offsets=numpy.cumsum(sizes) - sizes,
                         word_weights=(1.0 / sizes[bags]).astype("float32"))
        return batch

    def to_disk(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        (path / "chars.txt").write_text("\n".join(self.chars), encoding="utf-8")
        (path / "words.txt").write_text("\n".join(f"{w}\t{','.join(t)}" for w, t in self.words.items()),
                                        encoding="utf-8")
        (path / "hashing.json").write_text(json.dumps(self.hashing), encoding="utf-8")

    @classmethod
    def from_disk(cls, path: Path) -> "Featurizer":
        chars = (path / "chars.txt").read_text(encoding="utf-8").split("\n")
        lines = (path / "words.txt").read_text(encoding="utf-8").split("\n")
        words = {word: tuple(types.split(",")) for word, types in (line.split("\t") for line in lines)}
        return cls(chars, words, json.loads((path / "hashing.json").read_text(encoding="utf-8")))


def allowed_tags(text: str, spans: Iterable[tuple[int, int, str]]) -> numpy.ndarray:
    """(len(text), len(TAGS)) booleans: the tags each character may take under partial gold labels."""
    allowed = numpy.zeros((len(text), len(TAGS)), dtype=bool)
    allowed[:, TAG_ID["O"]] = True
    for start, end, label in spans:
        allowed[start:end] = label not in LABELS  # unknown: any tag; known: only its own, set below
        if label not in LABELS:
            continue
        if end - start == 1:
            allowed[start, TAG_ID[f"S-{label}"]] = True
            continue
        allowed[start, TAG_ID[f"B-{label}"]] = True
        allowed[start + 1:end - 1, TAG_ID[f"I-{label}"]] = True
        allowed[end - 1, TAG_ID[f"E-{label}"]] = True
    return allowed


def spans_of(tags: list[int]) -> list[tuple[int, int, str]]:
    """Entity spans of a tag sequence (the CRF's transition constraints keep it well formed)."""
    out, start = [], None
    for i, t in enumerate(tags):
        tag = TAGS[t]
        if tag == "O":
            start = None
            continue
        prefix, label = tag.split("-")
        if prefix == "S":
            out.append((i, i + 1, label))
            start = None
        elif prefix == "B":
            start = i
        elif prefix == "E" and start is not None:
            out.append((start, i + 1, label))
            start = None
    return out


def _constraints():
    """Which transitions, first tags and last tags BIOES allows."""
    n = len(TAGS)
    ok = numpy.zeros((n, n), dtype=bool)
    first = numpy.zeros(n, dtype=bool)
    last = numpy.zeros(n, dtype=bool)
    for i, a in enumerate(TAGS):
        pa, la = (a.split("-") + [""])[:2]
        first[i] = a == "O" or pa in "BS"
        last[i] = a == "O" or pa in "ES"
        for j, b in enumerate(TAGS):
            pb, lb = (b.split("-") + [""])[:2]
            closed = a == "O" or pa in "ES"
            ok[i, j] = (b == "O" or pb in "BS") if closed else (pb in "IE" and lb == la)
    return ok, first, last


def build_model(n_chars: int, rows: int, vector_width: int, subwords: int, *, char_width: int = 64,
                lexicon_width: int = 16, hidden: int = 160, dropout: float = 0.3, layers: int = 1,
                n_words: int = 0, word_width: int = 0):
    """The BiLSTM-CRF (torch is imported here so that nothing else pays for it).

    With *word_width*, each lexicon word (of *n_words*) has its own embedding, and a character also
    gets the mean embedding of the words beginning, ending and continuing through it (SoftLexicon,
    Ma et al. 2020): the words themselves, not only where they fall. The table starts at zero, so a
    word never seen in training adds nothing rather than noise.
    """
    import torch
    from torch import nn

    class BiLstmCrf(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.subwords = subwords
            self.word_width = word_width  # callers ask Featurizer.encode for word bags when it is set
            self.char = nn.Embedding(n_chars + 1, char_width)
            self.bigram = nn.EmbeddingBag(rows, vector_width, mode="mean")
            self.lexicon = nn.EmbeddingBag(LEXICON_CODES * len(LEXICON_TYPES), lexicon_width, mode="sum")
            if word_width:
                self.words = nn.EmbeddingBag(n_words, word_width, mode="sum")
                nn.init.zeros_(self.words.weight)
            self.drop = nn.Dropout(dropout)
            width = char_width + 2 * vector_width + lexicon_width + WORD_SETS * word_width
            self.lstm = nn.LSTM(width, hidden, num_layers=layers,
                                batch_first=True, bidirectional=True, dropout=dropout if layers > 1 else 0.0)
            self.out = nn.Linear(2 * hidden, len(TAGS))
            self.transitions = nn.Parameter(torch.zeros(len(TAGS), len(TAGS)))
            ok, first, last = (torch.from_numpy(a) for a in _constraints())
            self.register_buffer("ok", ok, persistent=False)
            self.register_buffer("first", torch.where(first, 0.0, NEG), persistent=False)
            self.register_buffer("last", torch.where(last, 0.0, NEG), persistent=False)

        def emissions(self, batch: dict, bigram_rows) -> "torch.Tensor":
            chars = torch.from_numpy(batch["chars"])
            n, length = chars.shape
            unique, inverse = numpy.unique(batch["bigrams"], return_inverse=True)
            vectors = self.bigram(torch.from_numpy(bigram_rows(unique)))[torch.from_numpy(inverse.reshape(n, length))]
            before = torch.cat([torch.zeros_like(vectors[:, :1]), vectors[:, :-1]], 1)  # the bigram ending here
            lexicon = self.lexicon(torch.from_numpy(batch["lexicon"].reshape(n * length, -1))).view(n, length, -1)
            parts = [self.char(chars), before, vectors, lexicon]
            if word_width:
                parts.append(self.words(torch.from_numpy(batch["word_ids"]), torch.from_numpy(batch["word_offsets"]),
                                        per_sample_weights=torch.from_numpy(batch["word_weights"]))
                             .view(n, length, -1))
            x = torch.cat(parts, -1)
            packed = nn.utils.rnn.pack_padded_sequence(self.drop(x), batch["lengths"], batch_first=True,
                                                       enforce_sorted=False)
            hidden, _ = self.lstm(packed)
            hidden, _ = nn.utils.rnn.pad_packed_sequence(hidden, batch_first=True, total_length=length)
            return self.out(self.drop(hidden))

        def _transitions(self):
            return self.transitions.masked_fill(~self.ok, NEG)

        def log_partition(self, scores, mask):
            """log Σ exp(score) over all tag sequences, per text (the CRF's forward algorithm)."""
            transitions = self._transitions()
            alpha = scores[:, 0] + self.first
            for t in range(1, scores.shape[1]):
                step = torch.logsumexp(alpha.unsqueeze(2) + transitions, 1) + scores[:, t]
                alpha = torch.where(mask[:, t:t + 1], step, alpha)
            return torch.logsumexp(alpha + self.last, 1)

        def loss(self, batch: dict, bigram_rows, allowed) -> "torch.Tensor":
            """Negative log-likelihood of the tag sequences the partial labels allow, summed over texts."""
            scores = self.emissions(batch, bigram_rows)
            mask = _mask(batch["lengths"], scores.shape[1])
            gold = self.log_partition(scores.masked_fill(~allowed, NEG), mask)
            return (self.log_partition(scores, mask) - gold).sum()

    return BiLstmCrf()


def _mask(lengths: list[int], length: int):
    import torch

    return torch.arange(length).unsqueeze(0) < torch.tensor(lengths).unsqueeze(1)


def viterbi(scores, lengths: list[int], transitions, first, last) -> list[list[int]]:
    """The best tag sequence of each text: *scores* (batch, length, tags) emissions, *transitions*
    (from, to), *first* and *last* the scores of starting and ending on each tag."""
    import torch

    n, length, k = scores.shape
    mask = _mask(lengths, length)
    best = scores[:, 0] + first
    stay = torch.arange(k).expand(n, k)
    back = []
    for t in range(1, length):
        step, arg = (best.unsqueeze(2) + transitions).max(1)
        live = mask[:, t:t + 1]
        best = torch.where(live, step + scores[:, t], best)
        back.append(torch.where(live, arg, stay))
    tag = (best + last).argmax(1)
    path = [tag]
    for arg in reversed(back):
        tag = arg.gather(1, tag.unsqueeze(1)).squeeze(1)
        path.append(tag)
    tags = torch.stack(path[::-1], 1).tolist()
    return [row[:size] for row, size in zip(tags, lengths)]


_CUT_AFTER = "。！？；，"


def pieces(text: str, spans: list, max_length: int) -> list[tuple[int, str, list]]:
    """(offset, piece, its spans): *text* cut after punctuation outside any span when longer than *max_length*.

    Why: a batch is padded to its longest text and the CRF loops over positions in Python, so one
    2,000-character paragraph would make its batch crawl, and the model is trained on pieces of at
    most *max_length*. Pieces are at least 100 characters, so context is kept.
    """
    if len(text) <= max_length:
        return [(0, text, spans)]
    bounds, last = [0], 0
    for i, char in enumerate(text):
        cut = i + 1
        if char in _CUT_AFTER and cut - last >= 100 and not any(s < cut < e for s, e, _ in spans):
            bounds.append(cut)
            last = cut
    if bounds[-1] != len(text):
        bounds.append(len(text))
    return [(a, text[a:b], [(s - a, e - a, label) for s, e, label in spans if a <= s and e <= b])
            for a, b in zip(bounds, bounds[1:])]


def batches(texts: list[str], chars: int = BATCH_CHARS) -> Iterator[list[int]]:
    """Indices of *texts* grouped by length, about *chars* characters a group (little padding)."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    group: list[int] = []
    size = 0
    for i in order:
        if group and size + len(texts[i]) > chars:
            yield group
            group, size = [], 0
        group.append(i)
        size += len(texts[i])
    if group:
        yield group


class Tagger:
    """Featurizer + one model or several: texts in, entity spans out.

    Several models (an ensemble, assembled by ``train_crf.assemble``) share the featurizer, and a
    text's tags are decoded once from their averaged emissions and transitions. Why: models of
    different recipes err on different names, and the three that ship scored 1.5 points above the
    best of them on MSRA dev and 0.4 on tune (MODELS.md), for the cost of running each model's LSTM.

    ``settings`` holds ``vector_width``, ``max_length`` and ``models``, one dict of
    :func:`build_model` settings per model."""

    def __init__(self, featurizer: Featurizer, models: list, settings: dict) -> None:
        self.featurizer, self.models, self.settings = featurizer, models, settings
        self.quantized = False

    def quantize(self) -> "Tagger":
        """Turn the models' LSTM and output weights into 8-bit integers, for tagging only.

        Why: the LSTMs are most of the tagging time, and int8 matrix products (PyTorch's dynamic
        quantization) made one model 1.2-1.3x and three 1.5-1.8x faster, with F1 on MSRA dev and tune
        unchanged or 0.1-0.3 points higher (MODELS.md). Training keeps float weights."""
        import warnings

        import torch

        with warnings.catch_warnings():  # torch 2.13 points new code to torchao; this API is the pinned torch's own
            warnings.simplefilter("ignore")
            self.models = [torch.ao.quantization.quantize_dynamic(model, {torch.nn.LSTM, torch.nn.Linear},
                                                                  dtype=torch.qint8) for model in self.models]
        self.quantized = True
        return self

    def spans(self, texts: list[str]) -> list[list[tuple[int, int, str]]]:
        """Entity spans of each text; long texts are tagged in pieces, as the model was trained."""
        import torch

        cut = [(n, offset, piece) for n, text in enumerate(texts)
               for offset, piece, _ in pieces(text, [], self.settings.get("max_length", MAX_LENGTH)) if piece]
        out: list[list[tuple[int, int, str]]] = [[] for _ in texts]
        words = any(model.word_width > 0 for model in self.models)
        for model in self.models:
            model.eval()
        with torch.inference_mode():
            for group in batches([piece for _, _, piece in cut]):
                batch = self.featurizer.encode([cut[i][2] for i in group], words=words)
                for i, tags in zip(group, self._decode(batch)):
                    n, offset, piece = cut[i]
                    for s, e, label in spans_of(tags):
                        s, e = _trim(piece, s, e)
                        if s < e:
                            out[n].append((offset + s, offset + e, label))
        for found in out:
            found.sort()
        return out

    def _decode(self, batch: dict) -> list[list[int]]:
        rows, models = self.featurizer.bigram_rows, self.models
        scores = sum(model.emissions(batch, rows) for model in models) / len(models)
        transitions = sum(model._transitions() for model in models) / len(models)
        return viterbi(scores, batch["lengths"], transitions, models[0].first, models[0].last)

    def to_disk(self, path: Path) -> None:
        """Weights are stored in half precision (half the size; no F1 change on MSRA dev, MODELS.md)."""
        import torch

        if self.quantized:
            raise ValueError("a quantized tagger only tags: save the float one it was made from")
        self.featurizer.to_disk(path)
        (path / "settings.json").write_text(json.dumps(self.settings, indent=1), encoding="utf-8")
        for n, model in enumerate(self.models):
            torch.save({k: v.half() if v.is_floating_point() else v for k, v in model.state_dict().items()},
                       path / _weights_file(n))

    @classmethod
    def from_disk(cls, path: Path) -> "Tagger":
        import torch

        featurizer = Featurizer.from_disk(path)
        settings = json.loads((path / "settings.json").read_text(encoding="utf-8"))
        if "models" not in settings:  # a directory written before ensembles: one model, under "model"
            settings = {**{k: v for k, v in settings.items() if k != "model"}, "models": [settings["model"]]}
        models = []
        for n, options in enumerate(settings["models"]):
            model = build_model(len(featurizer.chars), featurizer.hashing["rows"], settings["vector_width"],
                                featurizer.subwords, n_words=len(featurizer.words), **options)
            state = torch.load(path / _weights_file(n), weights_only=True)
            model.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in state.items()})
            models.append(model)
        return cls(featurizer, models, settings)


def _weights_file(n: int) -> str:
    return "model.pt" if n == 0 else f"model{n + 1}.pt"


class CrfNer:
    """The spaCy component: sets ``doc.ents`` from the tagger, in batches."""

    labels = LABELS

    def __init__(self, tagger: Optional[Tagger] = None) -> None:
        self.tagger = tagger

    def __call__(self, doc):
        return next(iter(self.pipe([doc])))

    def pipe(self, docs, batch_size: int = 256):
        batch = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._annotate(batch)
                batch = []
        if batch:
            yield from self._annotate(batch)

    def _annotate(self, docs):
        for doc, spans in zip(docs, self.tagger.spans([d.text for d in docs])):
            ents = (doc.char_span(s, e, label=label, alignment_mode="contract") for s, e, label in spans)
            doc.ents = [ent for ent in ents if ent is not None and len(ent)]
            yield doc

    def to_disk(self, path, exclude=()) -> None:
        self.tagger.to_disk(Path(path))

    def from_disk(self, path, exclude=()) -> "CrfNer":
        _one_thread()
        self.tagger = Tagger.from_disk(Path(path)).quantize()
        return self


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without punctuation or spaces at its edges (王光〉 → 王光): no name begins or ends with them."""
    while start < end and unicodedata.category(text[start])[0] in "PZ":
        start += 1
    while end > start and unicodedata.category(text[end - 1])[0] in "PZ":
        end -= 1
    return start, end


def _one_thread() -> None:
    """One core per process: the build runs one extraction process per core (kg/extract)."""
    import torch

    if torch.get_num_threads() != 1:
        torch.set_num_threads(1)


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory(NAME):
        Language.factory(NAME, func=lambda nlp, name: CrfNer())


_register()
