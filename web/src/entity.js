// The entity page: identity, attributes (a locality's code, level, parent chain and pin), every
// relation with the documents and sentences that state it, the mentioning documents, and the graph.
import {
  documentHref, el, entityLink, getJSON, highlight, initHeader, markSpans, sparqlRows, typeBadge,
} from "./common.js";
import { NeighborhoodGraph } from "./graph.js";

initHeader();
const entityId = document.body.dataset.entity;
const root = document.getElementById("entity");
const facts = document.getElementById("entity-facts");
const LEVELS = ["country", "province", "city", "county", "town", "village", "region", "zone"];
// a hub (a province) can have thousands of facts; the page shows the first ones and the graph stays bounded
const GROUP_CAP = 60;
const DOCUMENT_CAP = 100;
const MAP_DOTS = 3000;
const EXACT_EVIDENCE_DOCUMENTS = 30; // documents whose stored mention spans replace name matching

// [direction, relation, heading]; the order a reader expects: posts first, then programs, places, affiliations
const GROUPS = [
  ["outgoing", "holds_position", "职务 Posts held"],
  ["incoming", "holds_position", "在此任职 Officials with posts here"],
  ["incoming", "implements", "实施主体 Implemented by"],
  ["outgoing", "implements", "实施项目 Programs implemented"],
  ["outgoing", "located_in", "位于 Located in"],
  ["incoming", "located_in", "下辖 / 驻地 Contains or hosts"],
  ["outgoing", "affiliated_with", "隶属 Affiliated with"],
  ["incoming", "affiliated_with", "成员 Members"],
];

function section(title, ...children) {
  return el("section", { class: "facts" }, el("h2", {}, title), ...children);
}

function needlesFor(entity, other, title) {
  return [
    ...[...entity.labels, ...entity.aliases].map((text) => ({ text, cls: `t-${entity.type}`, title: entity.label })),
    ...(other ? [{ text: other.label, cls: `t-${other.type}`, title: other.label }] : []),
    ...(title ? [{ text: title, cls: "title", title: "title", rank: 1 }] : []),
  ];
}

// Quotes drawn with name matching; refineEvidence() redraws them from the stored mention spans.
const evidenceQuotes = [];

// Name matching misses surface forms the entity page does not know (“4151”计划 for 4151计划);
// the document's stored mentions say exactly where each name is, so quotes are redrawn from them.
async function refineEvidence() {
  const documents = [...new Set(evidenceQuotes.map((q) => q.document))].slice(0, EXACT_EVIDENCE_DOCUMENTS);
  for (const doc of documents) {
    let body;
    try {
      body = await getJSON(`/explorer/documents/${encodeURIComponent(doc)}/sentences`);
    } catch {
      continue;
    }
    const byText = new Map(body.sentences.map((s) => [s.text, s]));
    for (const q of evidenceQuotes.filter((q) => q.document === doc && byText.has(q.sentence))) {
      const sentence = byText.get(q.sentence);
      const own = sentence.mentions.filter((m) => q.ids.includes(m.id));
      const spans = own.map((m) => ({ start: m.start, end: m.end, cls: `t-${m.type}`, title: m.label }));
      if (!spans.length) continue;
      for (let at = q.title ? q.sentence.indexOf(q.title) : -1; at >= 0; at = q.sentence.indexOf(q.title, at + 1)) {
        spans.push({ start: at, end: at + q.title.length, cls: "title", title: "title" });
      }
      // the entity's own mention, as an offset into the document, so its page can scroll to it
      const target = own.find((m) => m.id === q.ids[0]) || own[0];
      const where = sentence.start === null ? null
        : el("a", { class: "jump", href: `${documentHref(doc)}#m-${sentence.start + target.start}-${sentence.start + target.end}`,
          title: "show this sentence in the whole document" }, "↗ 原文");
      q.quote.replaceChildren(...markSpans(q.sentence, spans), where || "");
      q.quote.dataset.exact = "true";
    }
  }
}

function evidence(entity, fact) {
  return el("ul", { class: "evidence" }, fact.provenance.map((source) => {
    if (!source.document) return el("li", { class: "gazetteer" }, "来源 source: ", el("code", {}, source.source));
    return el("li", {},
      el("a", { href: documentHref(source.document), class: "doc" }, source.name || source.document),
      el("span", { class: "date" }, source.date || "undated"),
      (source.sentences || []).map((s) => {
        const quote = el("blockquote", { "data-document": source.document }, highlight(s, needlesFor(entity, fact.entity, fact.title)));
        evidenceQuotes.push({ quote, sentence: s, document: source.document, ids: [entity.id, fact.entity?.id], title: fact.title });
        return quote;
      }));
  }));
}

function factTable(entity, facts, relation) {
  const rows = facts.slice(0, GROUP_CAP).map((fact) => {
    const dates = [...new Set(fact.provenance.map((s) => s.date).filter(Boolean))].sort();
    return el("tr", {},
      relation === "holds_position" ? el("td", { class: "title" }, fact.title || "—") : null,
      el("td", {}, fact.entity ? [typeBadge(fact.entity.type), " ", entityLink(fact.entity)] : "—"),
      relation === "holds_position" ? el("td", { class: "date" }, dates.join(", ") || "undated") : null,
      el("td", {}, evidence(entity, fact)));
  });
  const head = relation === "holds_position" ? ["Title", "Place or body", "Reported", "Evidence"] : ["Entity", "Evidence"];
  return [
    el("table", { class: "fact-table", "data-relation": relation }, el("thead", {}, el("tr", {}, head.map((h) => el("th", {}, h)))), el("tbody", {}, rows)),
    facts.length > GROUP_CAP ? el("p", { class: "more" }, `… ${facts.length - GROUP_CAP} more (query them in the SPARQL editor)`) : null,
  ];
}

// A small equirectangular frame around China with the locality's pin: no tiles, works offline.
function pinMap(lat, lon) {
  const [w, h, west, east, south, north] = [220, 140, 73, 136, 17, 54];
  const x = ((lon - west) / (east - west)) * w;
  const y = ((north - lat) / (north - south)) * h;
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
  svg.setAttribute("class", "pinmap");
  const grid = [];
  for (let g = 80; g < east; g += 10) grid.push(`<line x1="${((g - west) / (east - west)) * w}" y1="0" x2="${((g - west) / (east - west)) * w}" y2="${h}"/>`);
  for (let g = 20; g < north; g += 10) grid.push(`<line x1="0" y1="${((north - g) / (north - south)) * h}" x2="${w}" y2="${((north - g) / (north - south)) * h}"/>`);
  svg.innerHTML = `<rect width="${w}" height="${h}" class="frame"/><g class="grid">${grid.join("")}</g>` +
    `<g class="others"></g><circle cx="${x}" cy="${y}" r="4" class="pin"/>`;
  // the other localities the graph places, as faint dots: the shape of the corpus around the pin
  sparqlRows(`PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#>
SELECT DISTINCT ?lat ?lon WHERE { ?e geo:lat ?lat ; geo:long ?lon } LIMIT ${MAP_DOTS}`).then((rows) => {
    svg.querySelector(".others").innerHTML = rows.map((r) =>
      `<circle cx="${((Number(r.lon) - west) / (east - west)) * w}" cy="${((north - Number(r.lat)) / (north - south)) * h}" r="1"/>`).join("");
  }).catch(() => {});
  return svg;
}

async function parentChain(iri) {
  const rows = await sparqlRows(`PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX kgo: <https://kg-zh-gov.example/ontology#>
SELECT DISTINCT ?p ?label ?level WHERE { <${iri}> schema:containedInPlace+ ?p .
  OPTIONAL { ?p skos:prefLabel ?label } OPTIONAL { ?p kgo:level ?level } }`);
  const rank = (level) => (LEVELS.includes(level) ? LEVELS.indexOf(level) : LEVELS.length);
  return rows.sort((a, b) => rank(a.level) - rank(b.level));
}

function localityBlock(entity) {
  const a = entity.attributes;
  const chain = el("div", { class: "chain", id: "parent-chain" }, "…");
  parentChain(entity.iri).then((parents) => {
    const prefix = `${entity.iri.slice(0, entity.iri.indexOf("/id/") + 4)}`;
    chain.replaceChildren(...parents.flatMap((p) => [
      el("a", { href: `/entity/${encodeURIComponent(p.p.slice(prefix.length).replaceAll("/", ":"))}`, class: "t-Locality" }, p.label || p.p), " › ",
    ]), el("b", {}, entity.label));
  }).catch((err) => chain.replaceChildren(err.message));
  return el("div", { class: "locality" },
    el("dl", { class: "attrs" },
      el("dt", {}, "行政区划代码 adcode"), el("dd", { id: "adcode" }, a.adcode || "—"),
      el("dt", {}, "级别 level"), el("dd", { id: "level" }, a.level || "—"),
      el("dt", {}, "上级 parent chain"), el("dd", {}, chain),
      el("dt", {}, "坐标 coordinates"), el("dd", { id: "coords" }, a.lat !== undefined ? `${a.lat.toFixed(4)}°N, ${a.lon.toFixed(4)}°E` : "—")),
    a.lat !== undefined ? pinMap(a.lat, a.lon) : null);
}

async function render() {
  const entity = await getJSON(`/entities/${encodeURIComponent(entityId)}`);
  document.title = `${entity.label} · kg-zh-gov`;
  const groups = GROUPS.map(([direction, relation, title]) => {
    const facts = entity.relations[direction].filter((f) => f.relation === relation);
    return facts.length ? section(`${title} (${facts.length})`, factTable(entity, facts, relation)) : null;
  });
  root.replaceChildren(...[
    el("header", { class: "entity-head" },
      el("h1", {}, el("span", { id: "entity-label" }, entity.label), " ", typeBadge(entity.type)),
      el("p", { class: "ids" }, el("code", {}, entity.id), " · ", el("code", {}, entity.iri), " · ",
        el("a", { href: `/entities/${encodeURIComponent(entity.id)}?format=turtle` }, "Turtle"), " · ",
        el("a", { href: `/entities/${encodeURIComponent(entity.id)}?format=jsonld` }, "JSON-LD"), " · ",
        el("a", { href: `/query?query=${encodeURIComponent(`DESCRIBE <${entity.iri}>`)}` }, "SPARQL")),
      entity.aliases.length ? el("p", { class: "aliases" }, "别名 aliases: ", entity.aliases.join("、")) : null,
      el("p", { class: "types" }, entity.types.join(" · "))),
    entity.type === "Locality" ? localityBlock(entity) : null,
  ].filter(Boolean));
  const documents = entity.documents.slice(0, DOCUMENT_CAP);
  facts.replaceChildren(...[
    ...groups,
    groups.every((g) => !g) ? el("p", { class: "none" }, "No relations recorded for this entity.") : null,
    section(`文档 Documents mentioning it (${entity.documents.length})`,
      el("ul", { class: "documents" }, documents.map((d) =>
        el("li", {}, el("a", { href: documentHref(d.document) }, d.name || d.document), ` ${d.date || "undated"} · ${d.mentions} mentions`))),
      entity.documents.length > documents.length ? el("p", { class: "more" }, `… ${entity.documents.length - documents.length} more`) : null),
    entity.truncated ? el("p", { class: "more" }, "Some relations were left out (row limit).") : null,
  ].filter(Boolean));
}

render().then(refineEvidence).catch((err) => root.replaceChildren(el("p", { class: "error" }, err.message)));

const value = (id) => document.getElementById(id).value;
const graph = new NeighborhoodGraph(document.getElementById("graph"), {
  centerId: entityId,
  status: document.getElementById("g-status"),
  info: document.getElementById("g-info"),
  filters: () => ({ depth: Number(value("g-depth")), relation: value("g-relation"), type: value("g-type") }),
});
for (const id of ["g-depth", "g-relation", "g-type"]) document.getElementById(id).addEventListener("change", () => graph.load());
document.getElementById("g-reset").addEventListener("click", () => graph.load());
document.getElementById("g-gexf").addEventListener("click", () => graph.downloadGexf());
window.kgGraph = graph; // for the end-to-end test and the console
graph.load();
