"""The example queries of ontology/README.md, so the SPARQL editor offers exactly what the docs show."""
from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "ontology" / "README.md"
# a paragraph (its lines), a blank line, then a fenced sparql block
_EXAMPLE = re.compile(r"((?:[^\n`][^\n]*\n)+)\n```sparql\n(.*?)```", re.S)


def load(readme: Path = README) -> list[dict]:
    """[{title, query}] in README order; the title is the paragraph that introduces the query."""
    try:
        text = readme.read_text(encoding="utf-8")
    except OSError:
        return []
    return [
        {"title": " ".join(line.strip() for line in intro.strip().splitlines()).rstrip(":："), "query": query}
        for intro, query in _EXAMPLE.findall(text)
    ]
