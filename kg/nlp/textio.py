"""Line-oriented input for `kg ner` and `kg segment`: one output line per input line, always."""
from __future__ import annotations

import sys
from typing import BinaryIO, Callable, Iterator


def open_input(path: str) -> BinaryIO:
    """The named file, or stdin for '-', opened in binary so decoding is ours to report."""
    return sys.stdin.buffer if path == "-" else open(path, "rb")


def read_lines(stream: BinaryIO, prog: str) -> Iterator[str]:
    """Decoded lines without their line ending.

    A line that is not UTF-8 is reported on stderr (one line, naming the line
    number) and yielded as an empty line, so the output stays aligned with the
    input and the rest is still processed.
    """
    for number, raw in enumerate(stream, start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            print(f"{prog}: line {number}: not UTF-8 ({err.reason} at byte {err.start}); "
                  "treated as empty", file=sys.stderr)
            line = ""
        yield line.rstrip("\r\n").lstrip("\ufeff") if number == 1 else line.rstrip("\r\n")


def each_line(path: str, prog: str, handle: Callable[[Iterator[str]], None]) -> int:
    """Give the decoded lines of PATH ('-' = stdin) to HANDLE; exit status for the command.

    A file that cannot be opened is one line on stderr and status 2, before
    HANDLE (and the model it loads) is touched.
    """
    try:
        stream = open_input(path)
    except OSError as err:
        print(f"{prog}: cannot read {path}: {err.strerror}", file=sys.stderr)
        return 2
    with stream:
        handle(read_lines(stream, prog))
    return 0
