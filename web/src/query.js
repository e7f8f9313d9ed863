// The SPARQL editor: CodeMirror 6 with the SPARQL mode, the ontology README's examples one click
// away, results as a table and CSV download, both through the public /sparql endpoint.
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { StreamLanguage, bracketMatching, defaultHighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { sparql } from "@codemirror/legacy-modes/mode/sparql";
import { EditorState } from "@codemirror/state";
import { EditorView, keymap, lineNumbers } from "@codemirror/view";
import { el, errorMessage, initHeader } from "./common.js";

initHeader();
const examples = JSON.parse(document.getElementById("example-queries").textContent);
const status = document.getElementById("q-status");
const results = document.getElementById("q-results");
const STARTER = `PREFIX kgo: <https://kg-zh-gov.example/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?type (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?type } GROUP BY ?type ORDER BY DESC(?n) LIMIT 20
`;

const view = new EditorView({
  parent: document.getElementById("editor"),
  state: EditorState.create({
    doc: new URLSearchParams(location.search).get("query") || examples[0]?.query || STARTER,
    extensions: [
      lineNumbers(), history(), bracketMatching(), StreamLanguage.define(sparql),
      syntaxHighlighting(defaultHighlightStyle),
      keymap.of([{ key: "Mod-Enter", run: () => { run(); return true; } }, ...defaultKeymap, ...historyKeymap]),
      EditorView.lineWrapping,
    ],
  }),
});
window.kgEditor = view; // for the end-to-end test and the console

const query = () => view.state.doc.toString();
function setQuery(text) {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

const box = document.getElementById("examples");
examples.forEach((example, i) => box.append(el("button", { type: "button", class: "example", "data-example": i, title: example.title,
  onclick: () => { setQuery(example.query); run(); } }, example.title.length > 48 ? `${example.title.slice(0, 46)}…` : example.title)));

async function ask(accept) {
  return fetch("/sparql", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: accept },
    body: new URLSearchParams({ query: query() }),
  });
}

function cell(term) {
  if (!term) return el("td", {});
  if (term.type === "uri") {
    const local = term.value.match(/\/id\/((?:person|locality|organization|program)\/.+)$/);
    if (local) return el("td", {}, el("a", { href: `/entity/${encodeURIComponent(local[1].replaceAll("/", ":"))}` }, term.value));
    const doc = term.value.match(/\/id\/document\/([A-Za-z0-9._~-]+)$/);
    if (doc) return el("td", {}, el("a", { href: `/document/${doc[1]}` }, term.value));
  }
  return el("td", { class: term.type === "literal" ? "lit" : "" }, term.value);
}

async function run() {
  status.textContent = "running…";
  results.dataset.state = "running";
  const started = performance.now();
  try {
    const response = await ask("application/sparql-results+json, text/turtle;q=0.9");
    if (!response.ok) throw new Error(await errorMessage(response));
    const type = response.headers.get("Content-Type") || "";
    if (!type.includes("json")) {
      results.replaceChildren(el("pre", { class: "graph-answer" }, await response.text()));
      status.textContent = "graph answer";
    } else {
      const body = await response.json();
      if ("boolean" in body) {
        results.replaceChildren(el("p", { class: "boolean" }, String(body.boolean)));
      } else {
        const vars = body.head.vars;
        results.replaceChildren(el("table", {},
          el("thead", {}, el("tr", {}, vars.map((v) => el("th", {}, `?${v}`)))),
          el("tbody", {}, body.results.bindings.map((b) => el("tr", {}, vars.map((v) => cell(b[v])))))));
        const truncated = response.headers.get("X-Result-Truncated") === "true" ? " (truncated by the server's row limit)" : "";
        status.textContent = `${body.results.bindings.length} rows${truncated} in ${Math.round(performance.now() - started)} ms`;
      }
    }
    results.dataset.state = "done";
  } catch (err) {
    results.replaceChildren(el("p", { class: "error" }, err.message));
    status.textContent = "error";
    results.dataset.state = "error";
  }
}

async function downloadCsv() {
  status.textContent = "preparing CSV…";
  const response = await ask("text/csv");
  if (!response.ok) { status.textContent = await errorMessage(response); return; }
  const a = el("a", { href: URL.createObjectURL(await response.blob()), download: "query-results.csv" });
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  status.textContent = "CSV downloaded";
}

document.getElementById("run").addEventListener("click", run);
document.getElementById("csv").addEventListener("click", downloadCsv);
