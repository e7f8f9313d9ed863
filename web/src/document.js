// The document view: the document's sentences that the graph holds, every mention highlighted
// by type and linked to its entity, with a per-type toggle, and the relations the document states.
import { TYPE_COLORS, el, entityHref, entityLink, getJSON, initHeader, markSpans, typeBadge } from "./common.js";

initHeader();
const docId = document.body.dataset.document;
const root = document.getElementById("document");

function sentenceNodes(sentence) {
  return markSpans(sentence.text, sentence.mentions.map((m) => (
    { start: m.start, end: m.end, cls: `t-${m.type}`, title: `${m.type}: ${m.label}`, href: entityHref(m.id) })));
}

async function render() {
  const [doc, text] = await Promise.all([
    getJSON(`/documents/${encodeURIComponent(docId)}`),
    getJSON(`/explorer/documents/${encodeURIComponent(docId)}/sentences`),
  ]);
  document.title = `${doc.headline || doc.name} · kg-zh-gov`;
  const counts = {};
  for (const e of doc.entities) counts[e.type] = (counts[e.type] || 0) + 1;
  const toggles = el("div", { class: "type-toggles" }, Object.keys(TYPE_COLORS).filter((t) => counts[t]).map((t) =>
    el("label", { class: `t-${t}` }, el("input", { type: "checkbox", checked: true,
      onchange: (e) => root.classList.toggle(`hide-${t}`, !e.target.checked) }), ` ${t} (${counts[t]})`)));
  // sentences grouped into their paragraphs; "…" where sentences without mentions were left out
  let previous = -1;
  let paragraph;
  const body = el("div", { class: "doc-text", id: "doc-text" });
  for (const sentence of text.sentences) {
    if (!paragraph || sentence.paragraph === null || String(sentence.paragraph) !== paragraph.dataset.paragraph) {
      paragraph = el("p", { "data-paragraph": sentence.paragraph ?? "" });
      body.append(paragraph);
    }
    if (sentence.index !== previous + 1) paragraph.append(el("span", { class: "gap", title: "sentences without mentions are not stored in the graph" }, " … "));
    paragraph.append(el("span", { class: "sentence", "data-index": sentence.index }, sentenceNodes(sentence)));
    previous = sentence.index;
  }
  root.replaceChildren(
    el("header", {},
      el("h1", {}, doc.headline || doc.name),
      el("p", { class: "ids" }, el("code", {}, doc.name), " · ", doc.date || "undated", " · ", el("code", {}, doc.id))),
    toggles,
    body,
    el("p", { class: "hint" }, "Only sentences that carry a mention are stored in the graph; “…” marks the sentences between them."),
    el("section", { class: "facts" }, el("h2", {}, `关系 Relations stated (${doc.relations.length})`),
      el("ul", { class: "relations" }, doc.relations.map((r) => el("li", {},
        entityLink(r.head), ` — ${r.relation}${r.title ? ` (${r.title})` : ""} → `, r.tail ? entityLink(r.tail) : "—")))),
    el("section", { class: "facts" }, el("h2", {}, `实体 Entities (${doc.entities.length})`),
      el("ul", { class: "entity-list" }, doc.entities.map((e) => el("li", {}, typeBadge(e.type), " ", entityLink(e), ` ×${e.mentions}`)))),
  );
}

render().catch((err) => root.replaceChildren(el("p", { class: "error" }, err.message)));
