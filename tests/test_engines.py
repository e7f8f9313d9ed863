"""Extraction engines: a build on a Dask LocalCluster equals the single-process build, and survives failures.

The isomorphism test runs the real pipeline on the five seeds; the failure
tests use a cheap extractor (no NLP) so that killing workers stays fast.
"""
from __future__ import annotations

import os
import sys
from collections import defaultdict
from pathlib import Path

import cloudpickle
import dask
import pyoxigraph as ox
import pytest
import rdflib
from distributed import LocalCluster
from rdflib.compare import isomorphic
from test_api_support import SEEDS, seed_store

from kg.graph.build import build
from kg.graph.engines import open_engine
from kg.graph.store import open_store
from kg.types import Document, Extraction

# workers must run this module's extractors, which they cannot import: ship them by value
cloudpickle.register_pickle_by_value(sys.modules[__name__])


def _graphs(location: Path) -> dict[str, rdflib.Graph]:
    """Each named graph of a store as an rdflib graph."""
    triples: dict[str, list[ox.Triple]] = defaultdict(list)
    with open_store(location, read_only=True) as store:
        for q in store.quads():
            triples[q.graph_name.value].append(ox.Triple(q.subject, q.predicate, q.object))
    return {
        name: rdflib.Graph().parse(data=ox.serialize(items, format=ox.RdfFormat.N_TRIPLES), format="nt")
        for name, items in triples.items()
    }


def test_dask_build_on_two_workers_is_isomorphic_to_the_single_process_build(tmp_path):
    single = _graphs(seed_store())
    with open_engine("dask", workers=2, partition=2) as mapper:
        assert len(mapper.client.scheduler_info()["workers"]) == 2
        summary = build(sorted(SEEDS.glob("*.txt")), tmp_path / "store", progress=False, mapper=mapper)
    assert not summary.errors, summary.errors
    assert summary.added == 5
    distributed = _graphs(tmp_path / "store")
    assert sorted(distributed) == sorted(single)
    assert len(single) == 6  # five documents and the gazetteer hierarchy
    for name, graph in single.items():
        assert len(graph) > 0
        assert isomorphic(graph, distributed[name]), name


def _empty_extraction(doc: Document) -> Extraction:
    return Extraction(doc_id=doc.doc_id, name=doc.name, date=doc.date, source=doc.source)


class _DiesOnce:
    """Kills the worker process the first time it sees *victim* (a marker file remembers it across processes)."""

    def __init__(self, victim: str, marker: Path) -> None:
        self.victim, self.marker = victim, marker

    def __call__(self, doc: Document) -> Extraction:
        if doc.name == self.victim and not self.marker.exists():
            self.marker.touch()
            os._exit(1)
        return _empty_extraction(doc)


class _AlwaysDies:
    def __init__(self, victim: str) -> None:
        self.victim = victim

    def __call__(self, doc: Document) -> Extraction:
        if doc.name == self.victim:
            os._exit(1)
        if doc.name.startswith("002"):
            raise RuntimeError("this document cannot be extracted")
        return _empty_extraction(doc)


@pytest.fixture(scope="module")
def cluster():
    """A running cluster reached through its scheduler address, as `kg build --scheduler` does."""
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as local:
            with open_engine("dask", scheduler=local.scheduler_address, partition=1) as mapper:
                yield mapper


def test_a_worker_lost_mid_build_is_survived(cluster, tmp_path):
    seeds = sorted(SEEDS.glob("*.txt"))
    extract = _DiesOnce(seeds[1].name, tmp_path / "died")
    summary = build(seeds, tmp_path / "store", progress=False, mapper=cluster, extract=extract)
    assert (tmp_path / "died").exists()  # the worker really died
    assert not summary.errors, summary.errors
    assert summary.added == 5


def test_failed_documents_are_reported_and_the_rest_is_built(cluster, tmp_path):
    seeds = sorted(SEEDS.glob("*.txt"))
    summary = build(seeds, tmp_path / "store", progress=False, mapper=cluster, extract=_AlwaysDies(seeds[0].name))
    assert summary.added == 3
    assert summary.failed == 2
    killed, raised = summary.errors
    assert seeds[0].name in killed and "KilledWorker" in killed
    assert seeds[2].name in raised and "cannot be extracted" in raised


def test_process_pool_engine_builds_like_the_local_engine(tmp_path):
    seeds = sorted(SEEDS.glob("*.txt"))[:3]
    with open_engine("processes", workers=2) as mapper:
        pooled = build(seeds, tmp_path / "a", progress=False, mapper=mapper, extract=_empty_extraction)
    local = build(seeds, tmp_path / "b", progress=False, extract=_empty_extraction)
    assert pooled.added == local.added == 3
    assert _graphs(tmp_path / "a").keys() == _graphs(tmp_path / "b").keys()


def test_unknown_engine_and_stray_scheduler_are_refused():
    with pytest.raises(ValueError, match="unknown engine"):
        with open_engine("spark"):
            pass
    with pytest.raises(ValueError, match="needs --engine dask"):
        with open_engine("local", scheduler="tcp://127.0.0.1:8786"):
            pass
