"""The explorer without a browser: committed bundle matches web/, pages are offline-only, helpers are exact."""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from test_api_support import seed_server

from api.explorer import examples
from api.explorer.document_text import sentence_start

ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "web"
STATIC = ROOT / "api" / "explorer" / "static"
TEMPLATES = ROOT / "api" / "explorer" / "templates"


def source_hash() -> str:
    """The recipe of web/build.mjs: sha256 over name NUL content NUL of src/* and package-lock.json."""
    digest = hashlib.sha256()
    files = [(f"src/{p.name}", p) for p in sorted((WEB / "src").iterdir(), key=lambda p: p.name)]
    files.append(("package-lock.json", WEB / "package-lock.json"))
    for name, path in files:
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def test_committed_bundle_was_built_from_the_current_sources():
    manifest = json.loads((STATIC / "manifest.json").read_text())
    assert manifest["sources"] == source_hash(), "web/src changed: run `npm ci && npm run build` in web/ and commit"
    on_disk = {p.name: p.stat().st_size for p in STATIC.iterdir() if p.name != "manifest.json"}
    assert on_disk == manifest["files"]
    assert sum(on_disk.values()) < 1_000_000, "the explorer bundle should stay well under a megabyte"


def test_pages_and_assets_reference_no_other_host():
    """Nothing is fetched from a CDN: no absolute URL in templates, CSS, or any script/style/font load in JS."""
    for template in TEMPLATES.glob("*.html"):
        assert not re.search(r"(?:src|href)=\"(?:https?:)?//", template.read_text()), template.name
    css = (STATIC / "style.css").read_text()
    assert "url(" not in css and "@import" not in css
    for script in STATIC.glob("*.js"):
        text = script.read_text()
        assert not re.search(r"""(?:import\s*\(?\s*|from\s*)["'](?:https?:)?//""", text), script.name
        assert not re.search(r"https?://(?:cdn|unpkg|fonts\.googleapis|ajax\.googleapis)", text), script.name


def test_sentence_start_places_every_mention():
    text = "绍兴市委书记说，绍兴要走在前列。"
    # 绍兴 occurs twice; the later mention 走在 shows that the mentioned 绍兴 is the second one
    assert sentence_start(text, [(108, 110, "绍兴"), (111, 113, "走在")]) == 100
    assert sentence_start(text, [(108, 110, "绍兴"), (100, 103, "绍兴市")]) == 100
    assert sentence_start(text, [(200, 202, "杭州")]) is None
    assert sentence_start(text, []) is None


def test_example_queries_are_the_ontology_readme_blocks():
    found = examples.load()
    blocks = re.findall(r"```sparql\n(.*?)```", examples.README.read_text(encoding="utf-8"), re.S)
    assert [e["query"] for e in found] == blocks and len(found) >= 1
    assert all(e["title"] and "\n" not in e["title"] for e in found)
    assert examples.load(Path("/nonexistent/README.md")) == []


@pytest.fixture(scope="module")
def url() -> str:
    return seed_server().url


def test_pages_are_served_and_unknown_ids_are_404(url):
    for path in ("/", "/query"):
        page = requests.get(url + path, timeout=60)
        assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
        assert "/explorer/static/style.css" in page.text
    first = requests.get(url + "/entities", params={"q": "市", "limit": 1}, timeout=60).json()["results"][0]
    assert requests.get(url + "/entity/" + quote(first["id"]), timeout=60).status_code == 200
    for path in ("/entity/person:" + quote("不存在的人"), "/document/0000000000000000", "/entity/planet:mars"):
        missing = requests.get(url + path, timeout=60)
        assert missing.status_code == 404, path
    assert "</script>" not in requests.get(url + "/query", timeout=60).text.split('id="example-queries">')[1].split("</script>")[0]
    asset = requests.get(url + "/explorer/static/entity.js", timeout=60)
    assert asset.status_code == 200 and "javascript" in asset.headers["Content-Type"]


def test_document_sentences_place_mentions_on_their_exact_text(url):
    documents = requests.get(url + "/documents", timeout=60).json()["results"]
    assert documents
    placed = 0
    for doc in documents:
        body = requests.get(url + f"/explorer/documents/{doc['id']}/sentences", timeout=60).json()
        indexes = [s["index"] for s in body["sentences"]]
        assert indexes == sorted(set(indexes))
        paragraphs = [s["paragraph"] for s in body["sentences"]]
        assert None not in paragraphs and paragraphs == sorted(paragraphs)
        for sentence in body["sentences"]:
            for mention in sentence["mentions"]:
                assert 0 <= mention["start"] < mention["end"] <= len(sentence["text"])
                assert mention["type"] and mention["id"]
                placed += 1
    assert placed > 100
    missing = requests.get(url + "/explorer/documents/0000000000000000/sentences", timeout=60)
    assert missing.status_code == 404 and missing.json()["message"]
