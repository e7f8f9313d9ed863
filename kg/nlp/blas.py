"""Matrix products on numpy's OpenBLAS, in one thread, for the NER.

thinc multiplies with blis, whose build falls back to its reference kernel on
CPUs it does not know (this machine's AMD EPYC of family 25): three times
slower than OpenBLAS on the encoder's products, a quarter of the NER's time
when tagging and most of a training step. One thread, because on matrices
this small OpenBLAS's threads spin away more CPU than they save.
"""
from __future__ import annotations

import contextlib
from typing import Iterator


def fast_ops():
    """thinc's numpy backend without blis."""
    from thinc.api import NumpyOps

    return NumpyOps(use_blis=False)


def one_thread():
    """A context in which OpenBLAS runs in the calling thread only."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(1, user_api="blas")


@contextlib.contextmanager
def openblas(nlp) -> Iterator[None]:
    """Run `nlp`'s models on OpenBLAS for the duration; the pipeline is shared, so
    its operators are put back afterwards (the numbers differ from blis's only in
    the last bits: the same entities on the seeds, dev and People's Daily text)."""
    nodes = [node for _, pipe in nlp.pipeline if hasattr(pipe, "model") for node in pipe.model.walk()]
    saved = [node.ops for node in nodes]
    ops = fast_ops()
    try:
        with one_thread():
            for node in nodes:
                node.ops = ops
            yield
    finally:
        for node, original in zip(nodes, saved):
            node.ops = original
