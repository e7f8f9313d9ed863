"""The BiLSTM-CRF's parts on small inputs: labels to tags and back, the partial-label loss,
well-formed decoding, the lexicon feature, save/load round trips, ensembles and quantization."""
from __future__ import annotations

import random
import re

import numpy
import pytest

torch = pytest.importorskip("torch")

from kg.nlp import crf_ner  # noqa: E402
from kg.nlp.crf_ner import TAG_ID, allowed_tags, spans_of  # noqa: E402

HASHING = {"minn": 1, "maxn": 2, "hash_count": 2, "hash_seed": 0, "bow": "<", "eow": ">", "rows": 500}
TEXTS = ["浙江省委书记在杭州主持会议。", "中国", "", "李强说，宁波舟山港很忙。", "２０２３年ＧＤＰ增长5.2%"]


WORDS = {"浙江": ("place",), "浙江省": ("place",), "省委": ("organization",), "省委书记": ("word",),
         "杭州": ("place", "word")}


def featurizer(words=WORDS) -> crf_ner.Featurizer:
    chars = sorted({c for text in TEXTS for c in text})
    return crf_ner.Featurizer(chars, dict(words), HASHING)


MODEL = {"char_width": 8, "lexicon_width": 4, "hidden": 8, "word_width": 4}


def tagger(seed: int = 0, feats: crf_ner.Featurizer | None = None) -> crf_ner.Tagger:
    torch.manual_seed(seed)
    feats = feats or featurizer()
    model = crf_ner.build_model(len(feats.chars), HASHING["rows"], 8, feats.subwords, n_words=len(feats.words),
                                **MODEL)
    with torch.no_grad():  # random, large scores, so that decoding must lean on the constraints
        for p in model.parameters():
            p.normal_(0, 3)
    return crf_ner.Tagger(feats, [model], {"vector_width": 8, "models": [MODEL]})


def together(*taggers: crf_ner.Tagger) -> crf_ner.Tagger:
    """One ensemble of the taggers' models (they share the first one's featurizer)."""
    return crf_ner.Tagger(taggers[0].featurizer, [m for t in taggers for m in t.models],
                          {"vector_width": 8, "models": [MODEL] * len(taggers)})


def test_gold_spans_become_tags_and_come_back():
    text = "李强在杭州市人民政府讲话"
    spans = [(0, 2, "PERSON"), (3, 6, "LOCALITY"), (6, 10, "ORGANIZATION"), (10, 11, "PERSON")]
    allowed = allowed_tags(text, spans)
    assert allowed.sum(axis=1).tolist() == [1] * len(text)  # fully labelled: one tag a character
    assert spans_of(allowed.argmax(axis=1).tolist()) == spans


def test_unknown_spans_allow_every_tag():
    allowed = allowed_tags("住在西苑小区里", [(2, 6, "UNKNOWN")])
    assert allowed[2:6].all() and allowed[[0, 1, 6]].sum(axis=1).tolist() == [1, 1, 1]
    assert allowed[0, TAG_ID["O"]]


def test_partial_label_loss_is_zero_when_nothing_is_known_and_positive_otherwise():
    t = tagger()
    (model,) = t.models
    items = [(text, []) for text in TEXTS if text]
    batch = t.featurizer.encode([text for text, _ in items], words=True)
    model.eval()
    everything = torch.ones(batch["chars"].shape + (len(crf_ner.TAGS),), dtype=torch.bool)
    assert abs(model.loss(batch, t.featurizer.bigram_rows, everything).item()) < 1e-3
    known = torch.from_numpy(numpy.stack([
        numpy.pad(allowed_tags(text, spans), ((0, batch["chars"].shape[1] - len(text)), (0, 0)), constant_values=True)
        for text, spans in items]))
    assert model.loss(batch, t.featurizer.bigram_rows, known).item() > 0


def test_decoding_always_gives_well_formed_tag_sequences():
    """B is followed by I or E of its label, every entity closes: BIOES, whatever the weights, for one
    model and for an ensemble's averaged scores."""
    ok, first, last = crf_ner._constraints()
    rng = random.Random(0)
    alphabet = "".join(sorted({c for text in TEXTS for c in text}))
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(30)]
    for t in (tagger(0), tagger(1), tagger(2), together(tagger(0), tagger(1), tagger(2))):
        batch = t.featurizer.encode(texts, words=True)
        for text, tags in zip(texts, t._decode(batch)):
            assert len(tags) == len(text)
            assert first[tags[0]] and last[tags[-1]]
            assert all(ok[a, b] for a, b in zip(tags, tags[1:]))


def test_lexicon_marks_where_dictionary_words_begin_continue_and_end_per_type():
    feats = featurizer()
    rows = feats._lexicon_codes("浙江省委书记在杭州", feats._matches("浙江省委书记在杭州"))
    types = crf_ner.LEXICON_TYPES
    assert rows.shape == (9, len(types))
    codes = {t: (rows[:, k] - crf_ner.LEXICON_CODES * k).tolist() for k, t in enumerate(types)}
    # begin 1, inside 2, end 4: places 浙江 / 浙江省 / 杭州, the body 省委, the word 省委书记 and 杭州 again
    assert codes["place"] == [1, 4 | 2, 4, 0, 0, 0, 0, 1, 4]
    assert codes["organization"] == [0, 0, 1, 4, 0, 0, 0, 0, 0]
    assert codes["word"] == [0, 0, 1, 2, 2, 4, 0, 1, 4]
    assert codes["person"] == [0] * 9


def test_word_bags_hold_the_words_beginning_ending_and_continuing_through_each_character():
    feats = featurizer()
    batch = feats.encode(["杭州", "浙江省委书记在杭州"], words=True)
    assert "word_ids" not in feats.encode(["杭州"])  # only a model with word embeddings pays for the bags
    length, words = batch["chars"].shape[1], list(feats.words)
    ends = list(batch["word_offsets"][1:]) + [len(batch["word_ids"])]

    def bag(text: int, char: int, kind: int) -> list[str]:
        n = (text * length + char) * crf_ner.WORD_SETS + kind
        return sorted(words[i] for i in batch["word_ids"][batch["word_offsets"][n]:ends[n]])

    begin, end, inside = range(crf_ner.WORD_SETS)
    assert bag(0, 0, begin) == ["杭州"] and bag(0, 1, end) == ["杭州"] and bag(0, 1, begin) == []
    assert bag(1, 0, begin) == ["浙江", "浙江省"]
    assert bag(1, 1, end) == ["浙江"] and bag(1, 1, inside) == ["浙江省"]
    assert bag(1, 3, inside) == ["省委书记"] and bag(1, 6, begin) == bag(1, 6, end) == []
    # each bag's weights sum to one: its vector is the mean of its words
    sums = numpy.zeros(len(batch["word_offsets"]))
    numpy.add.at(sums, numpy.searchsorted(batch["word_offsets"], numpy.arange(len(batch["word_ids"])), "right") - 1,
                 batch["word_weights"])
    assert numpy.allclose(sums[sums > 0], 1.0)


def test_features_fold_width_and_hash_every_bigram():
    feats = featurizer()
    assert feats.bigrams("ＧＤＰ２") == ["GD", "DP", "P2", "2" + crf_ner.END]
    batch = feats.encode(["杭州", "龘"])  # a character never seen still gets bigram rows
    rows = feats.bigram_rows(batch["bigrams"][1, :1])
    assert rows.shape == (1, feats.subwords) and (rows >= 0).all() and (rows < HASHING["rows"]).all()
    assert batch["chars"][1, 0] == 0 and batch["lengths"] == [2, 1]


def half_rounded(t: crf_ner.Tagger) -> crf_ner.Tagger:
    """The tagger with its weights rounded to half precision, as they are stored."""
    with torch.no_grad():
        for model in t.models:
            for p in model.parameters():
                p.copy_(p.half().float())
    return t


def test_saved_tagger_tags_as_the_original_with_its_weights_in_half_precision(tmp_path):
    t = tagger(1)
    t.to_disk(tmp_path)
    assert all(v.dtype == torch.float16 for v in torch.load(tmp_path / "model.pt").values() if v.is_floating_point())
    again = crf_ner.Tagger.from_disk(tmp_path)
    assert again.spans(TEXTS) == half_rounded(t).spans(TEXTS)
    assert again.spans([""]) == [[]]


def test_a_directory_written_before_ensembles_still_loads(tmp_path):
    """Before the eighth session a tagger directory held one float model: settings "model", model.pt."""
    import json

    t = tagger(2)
    t.featurizer.to_disk(tmp_path)
    (tmp_path / "settings.json").write_text(json.dumps({"vector_width": 8, "model": MODEL}), encoding="utf-8")
    torch.save(t.models[0].state_dict(), tmp_path / "model.pt")
    again = crf_ner.Tagger.from_disk(tmp_path)
    assert again.settings["models"] == [MODEL] and again.spans(TEXTS) == t.spans(TEXTS)


def test_an_ensemble_of_one_model_twice_tags_as_that_model():
    alone = tagger(3)
    assert together(alone, alone).spans(TEXTS) == alone.spans(TEXTS)


def test_an_ensemble_round_trips_and_assembles_from_trained_directories(tmp_path):
    from kg.nlp import train_crf

    a, b = half_rounded(tagger(4)), half_rounded(tagger(5))
    for name, t in (("a", a), ("b", b)):
        train_crf._save(t, tmp_path / name)
    train_crf.assemble([tmp_path / "a", tmp_path / "b"], tmp_path / "both")
    again = crf_ner.Tagger.from_disk(tmp_path / "both" / crf_ner.NAME)
    assert len(again.models) == 2 and again.settings["models"] == [MODEL, MODEL]
    assert again.spans(TEXTS) == together(a, b).spans(TEXTS)
    assert again.spans(TEXTS) != a.spans(TEXTS)  # both models count (with these weights they disagree)


def test_assembling_models_with_other_features_is_refused_naming_the_directory(tmp_path):
    from kg.nlp import train_crf

    train_crf._save(tagger(4), tmp_path / "a")
    train_crf._save(tagger(5, featurizer({"杭州": ("place",)})), tmp_path / "other")
    with pytest.raises(ValueError, match="other has other characters, lexicon"):
        train_crf.assemble([tmp_path / "a", tmp_path / "other"], tmp_path / "both")


def test_a_quantized_tagger_tags_well_formed_spans_and_is_not_saved(tmp_path):
    t = together(tagger(0), tagger(1)).quantize()
    found = t.spans(TEXTS)
    assert len(found) == len(TEXTS) and found[2] == []
    assert all(label in crf_ner.LABELS and 0 <= s < e <= len(text) for text, spans in zip(TEXTS, found)
               for s, e, label in spans)
    with pytest.raises(ValueError, match="quantized"):
        t.to_disk(tmp_path)


def test_long_texts_are_cut_outside_entities():
    text = ("甲" * 120 + "，") * 3 + "李强在杭州"
    spans = [(len(text) - 5, len(text) - 3, "PERSON"), (len(text) - 2, len(text), "LOCALITY")]
    cut = crf_ner.pieces(text, spans, 250)
    assert "".join(p for _, p, _ in cut) == text and [len(p) for _, p, _ in cut] == [121, 121, 121, 5]
    offset, last, last_spans = cut[-1]
    assert offset == 363 and [last[s:e] for s, e, _ in last_spans] == ["李强", "杭州"]
    assert crf_ner.pieces("李强在杭州", spans[:0], 250) == [(0, "李强在杭州", [])]


def test_a_long_text_is_tagged_in_pieces_at_its_own_offsets():
    t = tagger(2)
    short = TEXTS[0] * 3
    long_text = short * 12  # past MAX_LENGTH: cut after its 。
    assert len(long_text) > crf_ner.MAX_LENGTH
    got = t.spans([long_text])[0]
    assert got == sorted(got) and all(0 <= s < e <= len(long_text) for s, e, _ in got)
    each = t.spans([p for _, p, _ in crf_ner.pieces(long_text, [], crf_ner.MAX_LENGTH)])
    offsets = [o for o, _, _ in crf_ner.pieces(long_text, [], crf_ner.MAX_LENGTH)]
    assert got == [(o + s, o + e, label) for o, found in zip(offsets, each) for s, e, label in found]


def test_entity_edges_never_hold_punctuation_or_spaces():
    text = "（郑乃〈中国画〉 王光）"
    assert crf_ner._trim(text, 0, 4) == (1, 3)  # （郑乃〈 → 郑乃
    assert crf_ner._trim(text, 8, 11) == (9, 11)  # the space before 王光
    assert crf_ner._trim(text, 0, 1) == (1, 1)  # nothing left: the tagger drops it


def test_the_bigram_table_starts_over_between_batches_and_keeps_tagging_the_same(monkeypatch):
    t = tagger(3)
    before = t.spans(TEXTS)
    monkeypatch.setattr(crf_ner, "MAX_BIGRAMS", 5)  # every batch now starts with an emptied table
    assert t.spans(TEXTS) == before
    assert 0 < len(t.featurizer._bigram_id) <= sum(len(text) for text in TEXTS)


def test_the_trainer_runs_both_stages_on_small_slices_of_the_corpora(tmp_path):
    """`kg train ner`'s trainer end to end on slices of each corpus, with a random vector table: the main
    stage (MSRA, Resume, CLUENER, People's Daily) and the MSRA fine-tuning, saved as a loadable pipeline."""
    import json

    import spacy
    from conftest import SHARED
    from spacy.vectors import Vectors

    from kg.nlp import corpora, train_crf, train_ner

    source = SHARED / "data"
    if not (source / corpora.MSRA_FILE).exists():
        pytest.skip(f"the trainer needs the corpora at {source}")
    data = tmp_path / "data"
    # (file, what separates its records, records kept): 5% of MSRA is dev and 1,000 sentences tune
    for path, sep, keep in ((corpora.MSRA_FILE, "\n\n", 1300), (corpora.PFR_FILE, "\n", 60),
                            (corpora.CLUENER_FILE, "\n", 60), *((path, "\n\n", 40) for path in corpora.RESUME_FILES)):
        records = source.joinpath(path).read_text(encoding="utf-8").split(sep)[:keep]
        (data / path).parent.mkdir(parents=True, exist_ok=True)
        (data / path).write_text(sep.join(records) + "\n", encoding="utf-8")
    nlp = spacy.blank("zh")
    nlp.vocab.vectors = Vectors(strings=nlp.vocab.strings, mode="floret", minn=1, maxn=2, hash_count=2,
                                data=numpy.random.default_rng(0).random((300, 8), dtype="float32"))
    (tmp_path / "work").mkdir()
    nlp.to_disk(tmp_path / "work" / "vectors")
    config = tmp_path / "tiny.cfg"
    shipped = (train_ner.CONFIGS / "ner_crf.cfg").read_text(encoding="utf-8")
    tiny = re.sub(r"(?m)^epochs = \d+$", "epochs = 1",
                  re.sub(r"(?m)^layers = \d+$", "layers = 2", re.sub(r"(?m)^hidden = \d+$", "hidden = 8", shipped)))
    config.write_text(re.sub(r"(?m)^peoples_daily = \w+$", "peoples_daily = true", tiny), encoding="utf-8")
    # the committed ensemble's members, one with word embeddings of its own width
    report = train_crf.train(data, tmp_path / "models" / "ner", tmp_path / "work", str(config),
                             overrides={"ensemble.members": [{}, {"model.word_width": 4}]})
    first, second = report["member_reports"]
    assert [(h["stage"], h["epoch"]) for h in first["tune_f1_per_epoch"]] == [("train", 1), ("news", 1)]
    assert first["news_docs"] > 0 and first["train_docs"] > first["news_docs"]
    assert second["overrides"] == {"ensemble.members": [], "model.word_width": 4}
    settings = json.loads((tmp_path / "models" / "ner" / crf_ner.NAME / "settings.json").read_text(encoding="utf-8"))
    assert [(m["layers"], m["hidden"], m["word_width"]) for m in settings["models"]] == [(2, 8, 0), (2, 8, 4)]
    doc = spacy.load(tmp_path / "models" / "ner")("浙江省委书记在杭州主持会议。")
    assert all(ent.label_ in crf_ner.LABELS for ent in doc.ents)


@pytest.mark.parametrize("setting, message", [("model.nope=1", "ner_crf.cfg has no setting model.nope"),
                                              ("word_width=32", "expected SECTION.KEY=VALUE")])
def test_kg_train_ner_refuses_a_setting_it_cannot_change_before_any_work(tmp_path, setting, message):
    """A misspelt --set must stop the run at once with a one-line reason, not after the vectors are trained."""
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-m", "kg", "train", "ner", "--data", str(tmp_path), "--work",
                          str(tmp_path / "work"), "--out", str(tmp_path / "ner"), "--set", setting],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and message in run.stderr and len(run.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "work").exists() and not (tmp_path / "ner").exists()


def test_kg_train_ensemble_needs_two_trained_directories(tmp_path):
    import subprocess
    import sys

    from kg.nlp import train_crf

    train_crf._save(tagger(4), tmp_path / "a")
    for members, message in (([tmp_path / "a"], "needs two or more directories"),
                             ([tmp_path / "a", tmp_path / "nope"], f"not a trained NER directory: {tmp_path / 'nope'}")):
        run = subprocess.run([sys.executable, "-m", "kg", "train", "ensemble", *map(str, members), "--out",
                              str(tmp_path / "out")], capture_output=True, text=True, timeout=120)
        assert run.returncode == 2 and message in run.stderr and len(run.stderr.strip().splitlines()) == 1
        assert not (tmp_path / "out").exists()
