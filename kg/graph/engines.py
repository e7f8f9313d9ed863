"""Where extraction runs: in this process, over all local cores, or on a Dask cluster.

Extraction is a pure function of one document, so the build only needs a
*mapper* (``mapper(function, documents)`` yielding results in input order,
see :data:`kg.graph.build.Mapper`); the store writes stay in the driver, in
the build's single transaction. Each engine is a context manager that starts
its workers and stops them afterwards.

The NLP pipeline is loaded once per worker process (``kg.nlp`` caches it per
process), so a worker pays the load once and then only per-document cost.
Documents are streamed: at most a few partitions are in flight at a time, so
memory stays bounded however large the corpus.
"""
from __future__ import annotations

import contextlib
import itertools
import os
from typing import Callable, Iterable, Iterator, Optional, TypeVar

from kg.types import Document

ENGINES = ("local", "processes", "dask")
T = TypeVar("T")


def _partitions(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _processes_mapper(workers: int, partition: int) -> Iterator[Callable]:
    from multiprocessing import get_context

    # fork: the driver has not loaded the NLP pipeline nor opened the store yet, so children start light
    with get_context("fork").Pool(workers) as pool:
        yield lambda function, documents: pool.imap(function, documents, chunksize=max(1, partition // workers))


def _lost(doc: Document, err: BaseException) -> tuple[Document, str]:
    """A document whose task Dask gave up on (its workers kept dying), reported like a failed extraction."""
    return doc, f"{doc.source or doc.name}: extraction failed on the cluster: {type(err).__name__}: {err}"


class DaskMapper:
    """Partitions of documents scattered to the cluster, results gathered back in order.

    Why partitions rather than one future per document: the scheduler's
    overhead is per task, and a bounded window of partitions keeps the driver's
    memory flat. Dask reschedules the tasks of a worker that dies; a partition
    whose workers die too often (distributed's ``allowed-failures``) is retried
    one document at a time and only the documents that fail again are reported.
    """

    def __init__(self, client, partition: int, window: int) -> None:
        self.client = client
        self.partition = partition
        self.window = window

    def __call__(self, function: Callable, documents: Iterable[Document]) -> Iterator:
        from collections import deque

        in_flight: deque = deque()
        for batch in _partitions(documents, self.partition):
            in_flight.append((batch, self.client.submit(_map_batch, function, batch, pure=False, retries=2)))
            if len(in_flight) >= self.window:
                yield from self._gather(function, *in_flight.popleft())
        while in_flight:
            yield from self._gather(function, *in_flight.popleft())

    def _gather(self, function: Callable, batch: list[Document], future) -> list:
        try:
            return future.result()
        except Exception:  # KilledWorker and friends: the partition may hold innocent documents
            return [self._alone(function, doc) for doc in batch]
        finally:
            future.release()

    def _alone(self, function: Callable, doc: Document):
        """Retry one document of a lost partition on its own: only the one that kills workers again is reported.

        Why: Dask blames every task queued on a worker that dies, not just the one that killed it.
        """
        future = self.client.submit(_map_batch, function, [doc], pure=False)
        try:
            return future.result()[0]
        except Exception as err:
            return _lost(doc, err)
        finally:
            future.release()


def _map_batch(function: Callable, batch: list[Document]) -> list:
    return [function(doc) for doc in batch]


def _dask_mapper(scheduler: Optional[str], workers: int, partition: int) -> Iterator[Callable]:
    from distributed import Client, LocalCluster

    with contextlib.ExitStack() as stack:
        if scheduler:
            client = stack.enter_context(Client(scheduler))
        else:
            cluster = stack.enter_context(
                LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
            )
            client = stack.enter_context(Client(cluster))
        nworkers = max(1, len(client.scheduler_info().get("workers", {})))
        yield DaskMapper(client, partition, window=2 * nworkers)


@contextlib.contextmanager
def open_engine(
    name: str = "local", *, scheduler: Optional[str] = None, workers: Optional[int] = None, partition: int = 8
) -> Iterator[Callable]:
    """A mapper running extraction on engine *name*; *scheduler* is a Dask scheduler address.

    Without a scheduler the dask engine starts a LocalCluster of *workers*
    processes (default: the number of cores) for the duration of the build.
    """
    if name not in ENGINES:
        raise ValueError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")
    if scheduler and name != "dask":
        raise ValueError("--scheduler needs --engine dask")
    workers = workers or os.cpu_count() or 1
    if name == "local":
        yield map
    elif name == "processes":
        yield from _processes_mapper(workers, partition)
    else:
        yield from _dask_mapper(scheduler, workers, partition)
