"""Chinese administrative divisions, province to village, from public reference data.

The hierarchy and official codes come from jionlp's ``china_location.zip``
(provinces, prefectures and counties carry their 6-digit adcode and short
form; towns and villages carry names only), coordinates from cpca's
``adcodes.csv``. Both ship inside maintained PyPI packages, so nothing is
downloaded. The files are read directly (importing jionlp itself costs seconds)
and the parsed table is cached per process.

Towns and villages have no official code in that data; they get a synthetic
code ``<county adcode>/<name>`` (and ``/<town>/<village>``), which is stable
as long as the names are.
"""
from __future__ import annotations

import csv
import importlib.util
import io
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Iterator, NamedTuple, Optional

LEVELS = ("province", "city", "county", "town", "village")
_SKIP_CITY = "省直辖行政区划"


class Division(NamedTuple):
    name: str  # full official name with suffix: 嵊州市
    adcode: str  # 6-digit adcode, or synthetic "<county>/<town>[/<village>]"
    level: str  # one of LEVELS
    parent_adcode: Optional[str]
    short: Optional[str] = None  # short form the data gives or the suffix rule yields: 嵊州
    lat: Optional[float] = None
    lon: Optional[float] = None


def _package_file(package: str, *parts: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the gazetteer needs the '{package}' package: pip install {package}")
    return Path(list(spec.submodule_search_locations)[0], *parts)


def _coordinates() -> dict[str, tuple[float, float]]:
    path = _package_file("cpca", "resources", "adcodes.csv")
    coords = {}
    with open(path, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            try:
                coords[row["adcode"][:6]] = (float(row["latitude"]), float(row["longitude"]))
            except (KeyError, ValueError):
                continue
    return coords


_TOWN_SUFFIXES = ("街道", "镇", "乡")


def _town_short(name: str) -> Optional[str]:
    for suffix in _TOWN_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


class Divisions:
    """All divisions, indexed by code and by name.

    Villages (~650k) are kept as name → parent-code lists and turned into
    Division objects only when asked for, which keeps loading to about a second.
    """

    def __init__(self, divisions: list[Division], villages: dict[str, list[str]]):
        self._by_code = {d.adcode: d for d in divisions}
        self._by_name: dict[str, list[Division]] = {}
        for d in divisions:
            self._by_name.setdefault(d.name, []).append(d)
        self._villages = villages

    def __len__(self) -> int:
        return len(self._by_code) + sum(len(v) for v in self._villages.values())

    def __iter__(self) -> Iterator[Division]:
        """Province to town; villages only through ``named``/``get``."""
        return iter(self._by_code.values())

    def _village(self, name: str, parent_code: str) -> Division:
        return Division(name, f"{parent_code}/{name}", "village", parent_code)

    def get(self, adcode: str) -> Optional[Division]:
        found = self._by_code.get(adcode)
        if found is None and adcode.count("/") == 2:
            parent_code, _, name = adcode.rpartition("/")
            if parent_code in self._villages.get(name, ()):
                found = self._village(name, parent_code)
        return found

    def named(self, name: str) -> list[Division]:
        found = self._by_name.get(name, [])
        if not found and name in self._villages:
            found = [self._village(name, p) for p in self._villages[name]]
        return found

    def is_village(self, name: str) -> bool:
        return name in self._villages

    def ancestors(self, adcode: str) -> list[Division]:
        """Parent chain, nearest first: 嵊州市 → [绍兴市, 浙江省]."""
        chain = []
        d = self.get(adcode)
        while d is not None and d.parent_adcode:
            d = self.get(d.parent_adcode)
            if d is not None:
                chain.append(d)
        return chain

    def province_of(self, adcode: str) -> Optional[Division]:
        d = self.get(adcode)
        if d is not None and d.level == "province":
            return d
        chain = self.ancestors(adcode)
        return chain[-1] if chain else None


def _parse(text: str, coords: dict[str, tuple[float, float]]) -> Divisions:
    out: list[Division] = []
    villages: dict[str, list[str]] = {}
    stack: list[Optional[Division]] = [None] * 4
    town_code = None
    for line in text.splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        if depth == 4:
            villages.setdefault(line[4:], []).append(town_code)
            continue
        cells = line.strip().split("\t")
        name = cells[0]
        if not name:
            continue
        parent = next((stack[i] for i in range(depth - 1, -1, -1) if stack[i] is not None), None)
        parent_code = parent.adcode if parent else None
        if depth <= 2:
            code = cells[1] if len(cells) > 1 else None
            if name == _SKIP_CITY or code is None or (parent is not None and code == parent.adcode):
                # municipalities repeat themselves as their own city; 省直辖 is no real level
                stack[depth] = None
                continue
            lat, lon = coords.get(code, (None, None))
            short = cells[2] if len(cells) > 2 and cells[2] != name else None
            d = Division(name, code, LEVELS[depth], parent_code, short, lat, lon)
        else:
            d = Division(name, f"{parent_code}/{name}", "town", parent_code, _town_short(name))
            town_code = d.adcode
        stack[depth] = d
        for i in range(depth + 1, 4):
            stack[i] = None
        out.append(d)
    return Divisions(out, villages)


@lru_cache(maxsize=1)
def divisions() -> Divisions:
    """The full table (~700k divisions); parsed once per process."""
    path = _package_file("jionlp", "dictionary", "china_location.zip")
    with zipfile.ZipFile(path) as zf:
        text = io.TextIOWrapper(zf.open("china_location.txt"), encoding="utf-8").read()
    return _parse(text, _coordinates())
