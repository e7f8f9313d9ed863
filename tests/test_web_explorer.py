"""The explorer as a user drives it: Debian's headless Chromium (Selenium) against a real `kg serve`
over the seed graph. Search a locality, open its page, expand the graph, download what is on screen,
read a document, run an example query. Screenshots go to $KG_WEB_SCREENSHOTS or a temporary folder.
"""
from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, unquote

import networkx as nx
import pytest
import requests
from pypinyin import lazy_pinyin
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait
from test_api_support import NEIGHBORHOOD_LIMIT, PREFIXES, Server, seed_store, sparql_json

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver fonts-noto-cjk)",
)
ID = "https://kg-zh-gov.example/id/"
WAIT = 60  # seconds a page may take to show what the test waits for (slow CI machines)


def eid(iri: str) -> str:
    return iri[len(ID):].replace("/", ":")


@pytest.fixture(scope="module")
def url():
    """A server of its own over the shared seed store, with a query timeout that a loaded CI machine
    cannot hit while a page makes its first cold queries (the assertions are about content, not speed)."""
    server = Server(seed_store(), "--timeout", "30", "--workers", "1")
    yield server.url
    server.stop()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("KG_WEB_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="kg-web-chromium-")
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--window-size=1280,1400", f"--user-data-dir={profile}"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def wait(driver, condition, what: str):
    return WebDriverWait(driver, WAIT, poll_frequency=0.1).until(lambda d: condition(d), message=what)


def css(driver, selector: str):
    return driver.find_elements(By.CSS_SELECTOR, selector)


def graph_ready(driver) -> bool:
    return driver.execute_script("const g = document.getElementById('graph'); return g && g.dataset.ready === 'true';")


def on_screen(driver) -> tuple[set[str], int]:
    nodes, edges = driver.execute_script("const cy = window.kgGraph.cy; return [cy.nodes().map(n => n.id()), cy.edges().length];")
    return set(nodes), edges


def downloaded(folder: Path, suffix: str, before: set[Path]) -> Path:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        fresh = [p for p in folder.glob(f"*{suffix}") if p not in before]
        if fresh:
            return fresh[0]
        time.sleep(0.1)
    raise AssertionError(f"no {suffix} file was downloaded")


def page_is_clean(driver, url: str) -> None:
    """Every resource the page loaded came from our server (pages work without internet), and no
    script error or failed request reached the console since the last check."""
    loaded = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name);")
    assert loaded and all(name.startswith(url) or name.startswith("blob:") for name in loaded), loaded
    severe = [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    assert not severe, severe


def outermost(mentions: list[dict]) -> list[dict]:
    """The mentions a reader sees highlighted: in text order, a span inside an earlier one is not drawn."""
    kept: list[dict] = []
    for m in sorted(mentions, key=lambda m: (m["start"], -m["end"])):
        if not kept or m["start"] >= kept[-1]["end"]:
            kept.append(m)
    return kept


@pytest.fixture(scope="module")
def locality(url) -> dict:
    """The city implementing the most programs in the seed graph, with its parent province."""
    rows = sparql_json(url, PREFIXES + """
        SELECT ?e ?label ?code ?parentLabel WHERE {
          { SELECT ?e (COUNT(DISTINCT ?x) AS ?n) WHERE { ?e kgo:implements ?x } GROUP BY ?e }
          ?e kgo:level "city" ; skos:prefLabel ?label ; kgo:adcode ?code ; schema:containedInPlace ?parent .
          ?parent skos:prefLabel ?parentLabel } ORDER BY DESC(?n) ?e LIMIT 1""")
    assert rows, "the seeds mention at least one city inside a province"
    return rows[0]


def test_search_suggests_a_locality_by_pinyin_and_opens_its_page(browser, url, locality, shots):
    browser.get(url + "/")
    box = browser.find_element(By.ID, "q")
    box.send_keys("".join(lazy_pinyin(locality["label"])))
    wanted = f'.suggestions li[data-id="{eid(locality["e"])}"]'

    def suggested(match: str):
        return lambda d: [li for li in css(d, wanted) if li.is_displayed() and li.find_element(By.TAG_NAME, "small").text == match]
    wait(browser, suggested("pinyin"), "pinyin suggestion for the locality")
    browser.save_screenshot(str(shots / "01-search-pinyin.png"))

    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(locality["label"])
    first = wait(browser, suggested("exact"), "the Chinese name suggests the locality as an exact match")[0]
    assert locality["label"] in first.text
    browser.find_element(By.CSS_SELECTOR, 'input[name=type][value="Program"]').click()
    wait(browser, lambda d: not css(d, wanted) and css(d, ".suggestions li"), "the Program filter drops the locality")
    assert all(b.get_attribute("class") == "badge t-Program" for b in css(browser, ".suggestions .badge"))
    browser.find_element(By.CSS_SELECTOR, 'input[name=type][value="Locality"]').click()
    wait(browser, lambda d: css(d, wanted), "the Locality filter brings it back")
    box.send_keys(Keys.ENTER)
    wait(browser, lambda d: css(d, "#results .result-list li"), "full result list")
    assert all("t-Locality" in b.get_attribute("class") for b in css(browser, "#results .badge"))
    browser.find_element(By.CSS_SELECTOR, "#results").find_element(By.LINK_TEXT, locality["label"]).click()
    wait(browser, lambda d: d.find_element(By.ID, "adcode").text == locality["code"] if css(d, "#adcode") else False,
         "entity page with the adcode")
    assert unquote(browser.current_url).endswith("/entity/" + eid(locality["e"]))
    assert browser.find_element(By.ID, "entity-label").text == locality["label"]
    assert browser.find_element(By.ID, "level").text == "city"
    wait(browser, lambda d: locality["parentLabel"] in d.find_element(By.ID, "parent-chain").text, "parent chain")
    assert css(browser, "svg.pinmap circle.pin")
    wait(browser, graph_ready, "graph drawn")
    browser.save_screenshot(str(shots / "02-locality-page.png"))
    page_is_clean(browser, url)

    # the header search of any page: arrow down to the parent province's suggestion, Enter opens it
    header = browser.find_element(By.CSS_SELECTOR, "header .searchbox input")
    header.send_keys(locality["parentLabel"])
    wait(browser, lambda d: [li for li in css(d, "header .suggestions li[data-id]") if li.is_displayed()
                             and li.find_element(By.CSS_SELECTOR, ".label").text == locality["parentLabel"]], "header suggestion")
    header.send_keys(Keys.ARROW_DOWN, Keys.ENTER)
    wait(browser, lambda d: css(d, "#entity-label") and d.find_element(By.ID, "entity-label").text == locality["parentLabel"],
         "the province's page")


def test_graph_filters_expands_on_click_and_downloads_what_is_on_screen(browser, url, locality, shots, downloads):
    browser.get(url + "/entity/" + quote(eid(locality["e"])))
    wait(browser, graph_ready, "graph drawn")
    Select(browser.find_element(By.ID, "g-depth")).select_by_visible_text("1")
    wait(browser, lambda d: graph_ready(d) and d.find_element(By.ID, "graph").get_attribute("data-nodes") != "0", "depth 1")
    api = requests.get(f"{url}/entities/{quote(eid(locality['e']))}/neighborhood", params={"depth": 1, "limit": 150},
                       timeout=60).json()
    nodes, edges = on_screen(browser)
    assert nodes == {n["id"] for n in api["nodes"]} and edges == len(api["edges"])
    assert len(nodes) <= NEIGHBORHOOD_LIMIT

    # click the neighbour whose own neighbourhood adds the most nodes not yet drawn
    def gain(node_id: str) -> set[str]:
        answer = requests.get(f"{url}/entities/{quote(node_id)}/neighborhood", params={"depth": 1, "limit": 150}, timeout=60).json()
        return {n["id"] for n in answer["nodes"]} - nodes
    target = max(sorted(nodes - {eid(locality["e"])}), key=lambda n: len(gain(n)))
    expected_new = gain(target)
    assert expected_new, "some neighbour of the city has neighbours of its own"
    graph = browser.find_element(By.ID, "graph")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", graph)
    # zoom in on the node as a user would before clicking it, so no neighbour sits under the pointer
    x, y, width, height = browser.execute_script(
        "const cy = window.kgGraph.cy, n = cy.getElementById(arguments[0]); cy.zoom(2.5); cy.center(n);"
        "const p = n.renderedPosition(), r = arguments[1].getBoundingClientRect(); return [p.x, p.y, r.width, r.height];",
        target, graph)
    ActionChains(browser).move_to_element_with_offset(graph, int(x - width / 2), int(y - height / 2)).click().perform()
    wait(browser, lambda d: graph_ready(d) and len(on_screen(d)[0]) > len(nodes), "expanded neighbourhood")
    expanded, expanded_edges = on_screen(browser)
    assert expanded == nodes | expected_new
    label = browser.execute_script("return window.kgGraph.cy.getElementById(arguments[0]).data('label');", target)
    assert browser.find_element(By.ID, "g-info").text.startswith(label), "the clicked node is described under the graph"
    browser.save_screenshot(str(shots / "03-graph-expanded.png"))

    before = set(downloads.iterdir())
    browser.find_element(By.ID, "g-gexf").click()
    gexf = nx.read_gexf(downloaded(downloads, ".gexf", before))
    assert set(gexf.nodes) == expanded and gexf.number_of_edges() == expanded_edges
    assert {gexf.nodes[n]["type"] for n in gexf.nodes} <= {"Official", "Person", "Locality", "Organization", "Program"}

    Select(browser.find_element(By.ID, "g-relation")).select_by_visible_text("implements")
    wait(browser, lambda d: graph_ready(d) and len(on_screen(d)[0]) < len(expanded), "relation filter")
    relations = browser.execute_script("return window.kgGraph.cy.edges().map(e => e.data('relation'));")
    assert relations and set(relations) == {"implements"}

    Select(browser.find_element(By.ID, "g-relation")).select_by_visible_text("all")
    Select(browser.find_element(By.ID, "g-depth")).select_by_visible_text("3")
    wait(browser, lambda d: graph_ready(d) and "bounded" in d.find_element(By.ID, "g-status").text, "bounded depth 3")
    assert len(on_screen(browser)[0]) <= NEIGHBORHOOD_LIMIT
    browser.save_screenshot(str(shots / "04-graph-depth3.png"))
    page_is_clean(browser, url)


def test_official_page_shows_posts_with_highlighted_evidence_and_its_document(browser, url, shots):
    post = sparql_json(url, PREFIXES + """
        SELECT ?person ?place ?title ?doc WHERE {
          GRAPH ?doc { ?person org:holds ?post } ?post org:postIn ?place ; kgo:title ?title .
          ?place a kgo:Locality } ORDER BY ?person ?place LIMIT 1""")[0]
    browser.get(url + "/entity/" + quote(eid(post["person"])))
    table = wait(browser, lambda d: css(d, 'table.fact-table[data-relation="holds_position"]'), "posts table")[0]
    rows = [r for r in table.find_elements(By.CSS_SELECTOR, "tbody tr")
            if r.find_element(By.CSS_SELECTOR, "td.title").text == post["title"]]
    assert rows, table.text
    place_link = rows[0].find_element(By.CSS_SELECTOR, "a.ent")
    assert unquote(place_link.get_attribute("href")).endswith("/entity/" + eid(post["place"]))
    person = browser.find_element(By.ID, "entity-label").text
    exact = wait(browser, lambda d: rows[0].find_elements(By.CSS_SELECTOR, 'blockquote[data-exact="true"]'),
                 "evidence redrawn from the stored mention spans")
    titles = [m.get_attribute("title") for q in exact for m in q.find_elements(By.TAG_NAME, "mark")]
    assert person in titles, "the evidence sentence highlights the person's mention"
    doc_id = post["doc"][len(ID + "document/"):]
    doc_links = rows[0].find_elements(By.CSS_SELECTOR, f'a.doc[href="/document/{doc_id}"]')
    assert doc_links
    jumps = [a for q in exact for a in q.find_elements(By.CSS_SELECTOR, "a.jump")]
    assert jumps, "an exact evidence quote links to its place in the document"
    href = jumps[0].get_attribute("href")
    assert href.split("#")[0].endswith(f"/document/{doc_id}")
    start, end = map(int, href.rsplit("#m-", 1)[1].split("-"))
    browser.save_screenshot(str(shots / "05-official-page.png"))
    jumps[0].click()

    # the evidence link opens the document scrolled to the person's mention, flashing
    target = wait(browser, lambda d: css(d, f"#doc-text mark#m-{start}-{end}.flash"), "the linked mention flashes")[0]
    assert target.text == person or person in target.get_attribute("title")
    top, bottom, height = browser.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return [r.top, r.bottom, window.innerHeight];", target)
    assert 0 <= top and bottom <= height, "the linked mention is scrolled into view"
    browser.save_screenshot(str(shots / "06-document-evidence.png"))

    # the whole text, one paragraph per line, each mention highlighted exactly on its span
    doc = requests.get(f"{url}/documents/{doc_id}", timeout=60).json()
    text = doc["text"]
    assert text[start:end] == target.text
    shown = browser.execute_script("return [...document.querySelectorAll('#doc-text p')].map(p => p.textContent);")
    assert len(shown) == len(text.split("\n")) > 10 and "\n".join(shown) == text
    mentions = [{"start": s["start"], "end": s["end"], "id": e["id"], "type": e["type"]}
                for e in doc["entities"] for s in e["spans"]]
    drawn = browser.execute_script(
        "return [...document.querySelectorAll('#doc-text mark')].map(m => [Number(m.dataset.start), Number(m.dataset.end),"
        " m.textContent, m.className.replace(' flash', ''), m.parentElement.getAttribute('href')]);")
    assert [(d[0], d[1]) for d in drawn] == [(m["start"], m["end"]) for m in outermost(mentions)]
    at = {}
    for m in mentions:
        at.setdefault((m["start"], m["end"]), set()).add((f"t-{m['type']}", f"/entity/{m['id']}"))
    for start, end, shown_text, cls, link in drawn:
        assert shown_text == text[start:end]
        assert (cls, unquote(link)) in at[(start, end)], (start, end, cls, link)
    types = {d[3] for d in drawn}
    assert types <= {"t-Official", "t-Person", "t-Locality", "t-Organization", "t-Program"} and len(types) >= 2
    legend = {m.get_attribute("class") for m in css(browser, ".type-toggles mark")}
    assert types <= legend
    font = browser.execute_script("return getComputedStyle(document.querySelector('#doc-text')).fontFamily;")
    assert "Noto Sans CJK SC" in font
    browser.execute_script("window.scrollTo(0, 0);")
    browser.save_screenshot(str(shots / "07-document.png"))
    page_is_clean(browser, url)


def test_sparql_editor_runs_an_example_shows_errors_and_downloads_csv(browser, url, shots, downloads):
    browser.get(url + "/query")
    buttons = wait(browser, lambda d: css(d, "#examples button.example"), "example buttons")
    examples = browser.execute_script("return JSON.parse(document.getElementById('example-queries').textContent);")
    assert len(buttons) == len(examples) >= 1
    answers = [sparql_json(url, e["query"]) for e in examples]
    index = next(i for i, rows in enumerate(answers) if rows)  # an example the seeds answer
    buttons[index].click()
    wait(browser, lambda d: d.find_element(By.ID, "q-results").get_attribute("data-state") == "done", "results")
    assert browser.execute_script("return window.kgEditor.state.doc.toString();") == examples[index]["query"]
    header = [th.text for th in css(browser, "#q-results th")]
    cells = [[td.text for td in tr.find_elements(By.TAG_NAME, "td")] for tr in css(browser, "#q-results tbody tr")]
    assert len(cells) == len(answers[index])
    assert cells == [[row.get(h[1:], "") for h in header] for row in answers[index]]
    styled = {s.get_attribute("class") for s in css(browser, ".cm-content .cm-line span")}
    assert len(styled) >= 3, "SPARQL keywords, variables and strings are highlighted differently"
    browser.save_screenshot(str(shots / "08-sparql-example.png"))

    before = set(downloads.iterdir())
    browser.find_element(By.ID, "csv").click()
    table = list(csv.reader(io.StringIO(downloaded(downloads, ".csv", before).read_text(encoding="utf-8"))))
    assert [f"?{h}" for h in table[0]] == header and len(table) - 1 == len(cells)
    page_is_clean(browser, url)

    editor = browser.find_element(By.CSS_SELECTOR, ".cm-content")
    editor.click()
    editor.send_keys(Keys.CONTROL, "a")
    editor.send_keys("SELECT ?x WHERE { ?x ?y }")
    editor.send_keys(Keys.CONTROL, Keys.ENTER)
    wait(browser, lambda d: d.find_element(By.ID, "q-results").get_attribute("data-state") == "error", "syntax error shown")
    assert browser.find_element(By.CSS_SELECTOR, "#q-results .error").text.startswith("400")
    browser.save_screenshot(str(shots / "09-sparql-error.png"))

    place = answers[index][0]  # a graph answer (DESCRIBE) is shown as Turtle
    iri = next((v for v in place.values() if v.startswith(ID)), None) or sparql_json(
        url, PREFIXES + "SELECT ?e WHERE { ?e a kgo:Locality } LIMIT 1")[0]["e"]
    editor.send_keys(Keys.CONTROL, "a")
    editor.send_keys(f"DESCRIBE <{iri}>")
    browser.find_element(By.ID, "run").click()
    wait(browser, lambda d: d.find_element(By.ID, "q-results").get_attribute("data-state") == "done", "graph answer")
    assert iri in browser.find_element(By.CSS_SELECTOR, "#q-results pre.graph-answer").text
