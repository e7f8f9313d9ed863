"""Extraction throughput of `kg extract` against jieba.posseg on the same text.

End to end means what `kg extract` does per file: read (decode), normalize,
structure, then every extraction stage. Throughput is characters of decoded
text per CPU second of this one process, i.e. per core; wall-clock rates are
given too but on a shared machine they measure the neighbours as well.
The per-stage breakdown comes from wrapping the stage functions the reader
and the extraction pipeline call, so a stage added to the pipeline shows up
without touching this script.
"""
from __future__ import annotations

import contextlib
import inspect
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Callable, Iterator

from bench import common

TARGET_CHARS = 5_000_000 // 3  # "about 5 MB" of UTF-8 Chinese text


class StageClock:
    """CPU seconds per stage, accumulated by wrappers around the stage functions.

    Only the outermost wrapped call is charged, so a stage calling another
    wrapped function is not counted twice.
    """

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self._depth = 0

    def wrap(self, name: str, fn: Callable) -> Callable:
        def timed(*args, **kwargs):
            if self._depth:
                return fn(*args, **kwargs)
            self._depth += 1
            start = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[name] += time.process_time() - start
                self._depth -= 1
        return timed


@contextlib.contextmanager
def instrumented(clock: StageClock) -> Iterator[None]:
    """Wrap the reader's stages and every function the extraction pipeline module calls."""
    import kg.extract.pipeline as pipeline
    import kg.read.reader as reader

    patches = [(reader, name, f"read: {name}") for name in ("decode", "normalize", "articles")]
    patches += [(pipeline, name, f"extract: {name}") for name, obj in vars(pipeline).items()
                if inspect.isfunction(obj) and name != "extract_document" and obj.__module__.startswith("kg.")]
    matcher = type(pipeline.place_matcher())
    saved = [(mod, name, getattr(mod, name)) for mod, name, _ in patches] + [(matcher, "find", matcher.find)]
    try:
        for mod, name, label in patches:
            setattr(mod, name, clock.wrap(label, getattr(mod, name)))
        matcher.find = clock.wrap("extract: place automaton (find)", matcher.find)
        yield
    finally:
        for mod, name, original in saved:
            setattr(mod, name, original)


def corpus(args, tmp: Path) -> list[Path]:
    files = common.seed_files(args.quick)
    chars = sum(len(f.read_text(encoding="utf-8")) for f in files)
    copies = 1 if args.quick else max(1, round(args.chars / chars))
    return common.replicate(files, copies, tmp / "corpus")


def run_kg(files: list[Path]) -> tuple[float, float, int]:
    """(CPU seconds, wall seconds, characters) of reading and extracting every file."""
    import json

    from kg.extract import extract_document
    from kg.read import iter_documents

    chars = 0
    cpu, wall = time.process_time(), time.perf_counter()
    for doc in iter_documents(files):
        chars += len(doc.raw)
        json.dumps(extract_document(doc).to_prediction(), ensure_ascii=False)
    return time.process_time() - cpu, time.perf_counter() - wall, chars


def run_jieba(texts: list[str]) -> tuple[float, float]:
    import jieba.posseg as pseg

    cpu, wall = time.process_time(), time.perf_counter()
    for text in texts:
        for _ in pseg.cut(text):
            pass
    return time.process_time() - cpu, time.perf_counter() - wall


def main(argv=None) -> int:
    parser = common.arguments(__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=TARGET_CHARS,
                        help=f"input size: the seeds are repeated to about this many characters (default {TARGET_CHARS:,})")
    args = parser.parse_args(argv)
    repeat = common.repeats(args, 3)
    with common.workdir(args) as tmp:
        files = corpus(args, tmp)
        texts = [f.read_text(encoding="utf-8") for f in files]
        total_chars = sum(len(t) for t in texts)
        size_mb = sum(f.stat().st_size for f in files) / 1e6
        print(f"extract: {len(files)} files, {total_chars:,} chars ({size_mb:.1f} MB)", file=sys.stderr)

        # warm up both: load models, gazetteers and jieba's dictionary outside the clock
        import jieba

        jieba.initialize()
        run_kg(files[:1])
        run_jieba(texts[:1])

        kg_cpu, kg_wall, jb_cpu, jb_wall = [], [], [], []
        stages: dict[str, list[float]] = defaultdict(list)
        for i in range(repeat):
            clock = StageClock()
            with instrumented(clock):
                cpu, wall, chars = run_kg(files)
            kg_cpu.append(chars / cpu)
            kg_wall.append(chars / wall)
            for name, sec in clock.seconds.items():
                stages[name].append(sec / cpu)
            cpu, wall = run_jieba(texts)
            jb_cpu.append(total_chars / cpu)
            jb_wall.append(total_chars / wall)
            print(f"extract: run {i + 1}/{repeat}: kg {kg_cpu[-1]:,.0f} chars/CPU-s, jieba {jb_cpu[-1]:,.0f}",
                  file=sys.stderr)

    med = statistics.median
    body = (f"Input: the {len(common.seed_files(args.quick))} seed file(s) repeated to {len(files)} files, "
            f"{total_chars:,} characters ({size_mb:.1f} MB UTF-8). "
            f"Rates are characters per CPU second of one process (= per core); wall-clock rates beside them.\n\n")
    body += common.table(
        ["pipeline", "chars/s per core (CPU)", "spread", "chars/s (wall)", "vs jieba.posseg"],
        [
            ["`kg extract` end to end (read, normalize, structure, all stages)", common.fmt_rate(med(kg_cpu)),
             common.spread(kg_cpu), common.fmt_rate(med(kg_wall)), common.ratio(med(kg_cpu), med(jb_cpu))],
            ["jieba.posseg.cut (segmentation + POS only)", common.fmt_rate(med(jb_cpu)), common.spread(jb_cpu),
             common.fmt_rate(med(jb_wall)), "1.00×"],
        ],
    )
    body += "\nPer-stage share of the end-to-end CPU time (median of runs):\n\n"
    rows = sorted(((name, med(v)) for name, v in stages.items()), key=lambda r: -r[1])
    accounted = sum(share for _, share in rows)
    rows.append(("other (JSON, iteration, unwrapped helpers)", max(0.0, 1 - accounted)))
    body += common.table(["stage", "share of CPU", "chars/s if it were alone"],
                         [[n, f"{s:.1%}", common.fmt_rate(med(kg_cpu) / s) if s > 0.001 else "-"] for n, s in rows])
    common.write_section(args.report, "extract", "Extraction throughput",
                         "python -m bench.extract" + (" --quick" if args.quick else ""), body, args.quick)
    return 0


if __name__ == "__main__":
    sys.exit(main())
