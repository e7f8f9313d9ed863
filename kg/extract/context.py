"""Where a document is: resolving place names against the document's other places.

A short or shared name (龙港, 朝阳区) is read the way a reader would: as
the candidate that lies in the provinces and cities the document names
unambiguously. The same scores give each document its home province and city,
which bare forms such as 省委 or 市委组织部 need.
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable, Optional

from kg.extract.places import LEVEL_RANK, PlaceHit
from kg.gazetteer import Division, divisions
from kg.gazetteer.lexicon import word_list

_COMMON_SHORT = 500  # jieba's count of the word, above which a short name is more often the word


class PlaceContext:
    def __init__(self, hits: Iterable[PlaceHit]):
        self.table = divisions()
        self.score: Counter[str] = Counter()
        for hit in hits:
            if len(hit.candidates) != 1 or hit.kind != "division":
                continue
            d = hit.candidates[0]
            if hit.short and d.level not in ("province", "city") or len(d.name) < 3:
                continue  # short county names and 2-character names (范县) prove nothing alone
            weight = 1.0 if hit.short else 2.0
            self.score[d.adcode] += weight
            for a in self.table.ancestors(d.adcode):
                self.score[a.adcode] += weight

    def support(self, d: Division, *, local: bool = False) -> float:
        """How much the document's unambiguous places back this candidate
        (with ``local``, only its own county and town count: enough for a village)."""
        chain = [d] + self.table.ancestors(d.adcode)
        if local:
            chain = [x for x in chain if x.level in ("county", "town", "village")]
        return sum(self.score.get(x.adcode, 0.0) for x in chain)

    def resolve(self, hit: PlaceHit) -> Optional[Division]:
        """The division a hit names, or None when the document gives no reason to believe it."""
        cands = hit.candidates
        if not cands:
            return None
        ranked = sorted(cands, key=lambda d: (-self.support(d), LEVEL_RANK[d.level], d.adcode))
        best = ranked[0]
        if len(cands) == 1:
            if not hit.short and best.level in ("province", "city", "county"):
                return best
            if hit.short and best.level in ("province", "city"):
                return best
        # shared names, short county names, towns and villages need backing from context; a short name that is
        # also a common word (新建 of 新建区, in 新建改扩建学校) needs it from below its province
        backing = self.support(best) - self.score.get(best.adcode, 0.0)
        if hit.short and best.level not in ("province", "city") and word_list().get(hit.surface, (0, ""))[0] >= _COMMON_SHORT:
            backing -= sum(self.score.get(a.adcode, 0.0) for a in self.table.ancestors(best.adcode) if a.level == "province")
        if backing > 0 or (
            len(cands) == 1 and self.score.get(best.adcode, 0.0) > 1
        ):
            return best
        return None

    def home(self, level: str) -> Optional[Division]:
        """The most backed division of a level: the province or city the document is about."""
        best, best_score = None, 0.0
        for code, s in self.score.items():
            d = self.table.get(code)
            if d is not None and d.level == level and s > best_score:
                best, best_score = d, s
        return best
