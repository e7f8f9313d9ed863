// The document view: the whole normalized text, one paragraph per line, every mention highlighted by
// type and linked to its entity (the per-type toggles double as the colour legend), and the relations
// the document states, each linked to its evidence in the text. Opening `#m-<start>-<end>` (the links
// on entity pages) scrolls to that span and flashes it.
import { TYPE_COLORS, el, entityHref, entityLink, getJSON, initHeader, markSpans, typeBadge } from "./common.js";

initHeader();
const docId = document.body.dataset.document;
const root = document.getElementById("document");
const ANCHOR = /^#m-(\d+)-(\d+)$/;

const anchor = (span) => `#m-${span.start}-${span.end}`;

// every entity mention as a highlight span with document offsets, in text order
function mentionSpans(entities) {
  return entities.flatMap((e) => e.spans.map((s) => ({
    start: s.start, end: s.end, cls: `t-${e.type}`, title: `${e.type}: ${e.label}`, href: entityHref(e.id),
    attrs: { id: anchor(s).slice(1), "data-start": s.start, "data-end": s.end },
  }))).sort((a, b) => a.start - b.start || b.end - a.end);
}

// one <p> per line of the text, each with the mentions that lie inside it (offsets made line-local)
function paragraphs(text, spans) {
  const body = el("div", { class: "doc-text", id: "doc-text" });
  let offset = 0;
  let next = 0;
  for (const line of text.split("\n")) {
    const end = offset + line.length;
    while (next < spans.length && spans[next].start < offset) next++; // a span across lines cannot be drawn
    const local = [];
    for (; next < spans.length && spans[next].start < end; next++) {
      if (spans[next].end <= end) local.push({ ...spans[next], start: spans[next].start - offset, end: spans[next].end - offset });
    }
    body.append(el("p", { "data-start": offset, "data-end": end }, markSpans(line, local)));
    offset = end + 1;
  }
  return body;
}

// The drawn marks a span covers: the mention itself, else the marks inside it (relation evidence spans
// several names), else its paragraph.
function targetsOf(body, start, end) {
  const exact = document.getElementById(`m-${start}-${end}`);
  if (exact) return [exact];
  const inside = [...body.querySelectorAll("mark[data-start]")]
    .filter((m) => Number(m.dataset.start) < end && Number(m.dataset.end) > start);
  if (inside.length) return inside;
  return [...body.querySelectorAll("p")].filter((p) => Number(p.dataset.start) <= start && start <= Number(p.dataset.end));
}

function showAnchor(body) {
  const found = ANCHOR.exec(location.hash);
  if (!found || !body) return;
  const targets = targetsOf(body, Number(found[1]), Number(found[2]));
  if (!targets.length) return;
  targets[0].scrollIntoView({ block: "center" });
  for (const t of targets) {
    t.classList.remove("flash");
    void t.offsetWidth; // restart the animation when the same span is opened twice
    t.classList.add("flash");
  }
}

function legend(entities, spans) {
  const counts = {};
  for (const s of spans) counts[s.cls] = (counts[s.cls] || 0) + 1;
  const kinds = {};
  for (const e of entities) kinds[e.type] = (kinds[e.type] || 0) + 1;
  return el("div", { class: "type-toggles", title: "show or hide the highlights of a type" },
    Object.keys(TYPE_COLORS).filter((t) => kinds[t]).map((t) => el("label", {},
      el("input", { type: "checkbox", checked: true, onchange: (e) => root.classList.toggle(`hide-${t}`, !e.target.checked) }),
      " ", el("mark", { class: `t-${t}` }, t), ` ${kinds[t]} entities, ${counts[`t-${t}`]} mentions`)));
}

async function render() {
  const doc = await getJSON(`/documents/${encodeURIComponent(docId)}`);
  document.title = `${doc.headline || doc.name} · kg-zh-gov`;
  const spans = mentionSpans(doc.entities);
  const body = doc.text === null
    ? el("p", { class: "error", id: "doc-text-missing" },
      "This graph was built before documents carried their text: rebuild it (kg build) to read the whole document here.")
    : paragraphs(doc.text, spans);
  const lines = doc.text === null ? 0 : doc.text.split("\n").length;
  root.replaceChildren(
    el("header", {},
      el("h1", {}, doc.headline || doc.name),
      el("p", { class: "ids" }, el("code", {}, doc.name), " · ", doc.date || "undated",
        doc.publisher ? [" · ", entityLink(doc.publisher)] : null, " · ", el("code", {}, doc.id)),
      doc.text === null ? null : el("p", { class: "ids" },
        `${lines} paragraphs · ${doc.text.length} characters · ${spans.length} mentions of ${doc.entities.length} entities`)),
    legend(doc.entities, spans),
    body,
    el("section", { class: "facts" }, el("h2", {}, `关系 Relations stated (${doc.relations.length})`),
      el("ul", { class: "relations" }, doc.relations.map((r) => el("li", {},
        entityLink(r.head), ` — ${r.relation}${r.title ? ` (${r.title})` : ""} → `, r.tail ? entityLink(r.tail) : "—",
        r.evidence.length ? [" ", el("a", { href: anchor(r.evidence[0]), class: "jump", title: "show the evidence in the text" }, "↧ evidence")] : null)))),
    el("section", { class: "facts" }, el("h2", {}, `实体 Entities (${doc.entities.length})`),
      el("ul", { class: "entity-list" }, doc.entities.map((e) => el("li", {}, typeBadge(e.type), " ", entityLink(e), ` ×${e.mentions} `,
        e.spans.length ? el("a", { href: anchor(e.spans[0]), class: "jump", title: "first mention in the text" }, "↧") : null)))),
  );
  window.addEventListener("hashchange", () => showAnchor(body));
  showAnchor(body);
  root.dataset.ready = "true";
}

render().catch((err) => root.replaceChildren(el("p", { class: "error" }, err.message)));
