// The neighbourhood graph: Cytoscape.js with the built-in force-directed (cose) layout.
// What is on screen is always bounded: each load asks the API for a capped neighbourhood,
// and expanding stops adding nodes at MAX_NODES, so a hub never floods the canvas.
import cytoscape from "cytoscape";
import { TYPE_COLORS, el, entityHref, errorMessage } from "./common.js";

export const MAX_NODES = 400;
const PER_REQUEST = 150;
const FONT = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", sans-serif';

const STYLE = [
  { selector: "node", style: {
    "background-color": "#888", label: "data(label)", "font-family": FONT, "font-size": 11,
    "text-valign": "bottom", "text-margin-y": 3, width: 18, height: 18, color: "#222",
    "text-outline-color": "#fff", "text-outline-width": 2, "min-zoomed-font-size": 7 } },
  ...Object.entries(TYPE_COLORS).map(([type, color]) => ({ selector: `node[type = "${type}"]`, style: { "background-color": color } })),
  { selector: "node.center", style: { width: 30, height: 30, "border-width": 3, "border-color": "#111", "font-weight": "bold", "font-size": 13 } },
  { selector: "node.expanded", style: { "border-width": 2, "border-color": "#555" } },
  { selector: "node:selected", style: { "overlay-opacity": 0.15, "overlay-color": "#000" } },
  { selector: "edge", style: {
    width: 1.5, "line-color": "#bbb", "target-arrow-color": "#bbb", "target-arrow-shape": "triangle",
    "curve-style": "bezier", "arrow-scale": 0.8, label: "data(caption)", "font-size": 8, "font-family": FONT,
    "text-rotation": "autorotate", color: "#777", "min-zoomed-font-size": 9 } },
  { selector: 'edge[relation = "holds_position"]', style: { "line-color": "#c0392b", "target-arrow-color": "#c0392b" } },
  { selector: 'edge[relation = "implements"]', style: { "line-color": "#e3a857", "target-arrow-color": "#e3a857" } },
];

const edgeId = (e) => `${e.source}|${e.relation}|${e.target}|${e.title || ""}`;

export class NeighborhoodGraph {
  constructor(container, { centerId, status, info, filters }) {
    this.centerId = centerId;
    this.status = status;
    this.info = info;
    this.filters = filters; // () => {depth, relation, type}
    this.truncated = false;
    this.cy = cytoscape({ container, style: STYLE, minZoom: 0.1, maxZoom: 4 });
    this.cy.on("tap", "node", (evt) => this.expand(evt.target));
    this.cy.on("dbltap", "node", (evt) => { location.href = entityHref(evt.target.id()); });
  }

  async fetchNeighborhood(id, depth) {
    const { relation, type } = this.filters();
    const url = new URL(`/entities/${encodeURIComponent(id)}/neighborhood`, location.origin);
    for (const [k, v] of Object.entries({ depth, relation, type, limit: PER_REQUEST })) if (v) url.searchParams.set(k, v);
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(await errorMessage(response));
    return response.json();
  }

  // Adds nodes and edges not yet drawn; returns how many nodes were added. Stops at MAX_NODES.
  add(data, near) {
    const added = [];
    for (const node of data.nodes) {
      if (this.cy.getElementById(node.id).nonempty()) continue;
      if (this.cy.nodes().length >= MAX_NODES) { this.truncated = true; break; }
      const position = near ? { x: near.x + Math.random() * 40 - 20, y: near.y + Math.random() * 40 - 20 } : undefined;
      added.push(this.cy.add({ group: "nodes", data: { id: node.id, label: node.label, type: node.type || "" }, position }));
    }
    for (const edge of data.edges) {
      const id = edgeId(edge);
      if (this.cy.getElementById(id).nonempty()) continue;
      if (this.cy.getElementById(edge.source).empty() || this.cy.getElementById(edge.target).empty()) continue;
      this.cy.add({ group: "edges", data: { id, source: edge.source, target: edge.target, relation: edge.relation,
        title: edge.title || "", caption: edge.title || "" } });
    }
    this.truncated ||= Boolean(data.truncated);
    return added.length;
  }

  layout() {
    return new Promise((resolve) => {
      const layout = this.cy.layout({ name: "cose", animate: false, randomize: false, fit: true, padding: 30,
        nodeRepulsion: () => 12000, idealEdgeLength: () => 80, numIter: 800 });
      layout.one("layoutstop", resolve);
      layout.run();
    });
  }

  report(message) {
    const n = this.cy.nodes().length;
    const m = this.cy.edges().length;
    this.cy.container().dataset.nodes = String(n);
    this.cy.container().dataset.edges = String(m);
    this.status.textContent = `${n} nodes, ${m} edges` + (this.truncated ? " (bounded: not every neighbour is shown)" : "") + (message ? ` · ${message}` : "");
  }

  async load() {
    const { depth } = this.filters();
    this.cy.container().dataset.ready = "false";
    this.status.textContent = "loading…";
    try {
      const data = await this.fetchNeighborhood(this.centerId, depth);
      this.cy.elements().remove();
      this.truncated = false;
      this.add(data);
      this.cy.getElementById(this.centerId).addClass("center expanded");
      await this.layout();
      this.report();
    } catch (err) {
      this.status.textContent = err.message;
    }
    this.cy.container().dataset.ready = "true";
  }

  async expand(node) {
    this.showInfo(node);
    if (node.hasClass("expanded")) return;
    this.cy.container().dataset.ready = "false";
    try {
      const data = await this.fetchNeighborhood(node.id(), 1);
      node.addClass("expanded");
      const added = this.add(data, node.position());
      if (added) await this.layout();
      this.showInfo(node);
      this.report(`expanded ${node.data("label")}: +${added}`);
    } catch (err) {
      this.status.textContent = err.message;
    }
    this.cy.container().dataset.ready = "true";
  }

  showInfo(node) {
    const edges = node.connectedEdges();
    this.info.replaceChildren(
      el("b", {}, node.data("label")), ` ${node.data("type")} · ${edges.length} edges on screen · `,
      el("a", { href: entityHref(node.id()) }, "open page →"),
    );
  }

  // GEXF 1.3 of exactly what is on screen (nodes with type, edges with relation and title).
  gexf() {
    const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
    const lines = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<gexf xmlns="http://gexf.net/1.3" version="1.3">',
      `<meta><creator>kg-zh-gov explorer</creator><description>neighbourhood of ${esc(this.centerId)}</description></meta>`,
      '<graph defaultedgetype="directed" mode="static">',
      '<attributes class="node"><attribute id="type" title="type" type="string"/></attributes>',
      '<attributes class="edge"><attribute id="relation" title="relation" type="string"/><attribute id="title" title="title" type="string"/></attributes>',
      "<nodes>",
      ...this.cy.nodes().map((n) =>
        `<node id="${esc(n.id())}" label="${esc(n.data("label"))}"><attvalues><attvalue for="type" value="${esc(n.data("type"))}"/></attvalues></node>`),
      "</nodes>",
      "<edges>",
      ...this.cy.edges().map((e, i) =>
        `<edge id="e${i}" source="${esc(e.data("source"))}" target="${esc(e.data("target"))}" label="${esc(e.data("relation"))}">` +
        `<attvalues><attvalue for="relation" value="${esc(e.data("relation"))}"/><attvalue for="title" value="${esc(e.data("title"))}"/></attvalues></edge>`),
      "</edges>",
      "</graph>",
      "</gexf>",
    ];
    return lines.join("\n");
  }

  downloadGexf() {
    const blob = new Blob([this.gexf()], { type: "application/gexf+xml" });
    const a = el("a", { href: URL.createObjectURL(blob), download: `neighborhood-${this.centerId.replace(/[\\/:*?"<>|\s]+/g, "_")}.gexf` });
    document.body.append(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }
}
