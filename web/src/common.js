// Shared by every page: fetch helpers, DOM building, type colours and the search box with suggestions.

export const TYPE_COLORS = {
  Official: "#c0392b",
  Person: "#d9538b",
  Locality: "#2e8b57",
  Organization: "#2f6db5",
  Program: "#e08a1e",
};

export async function getJSON(path, params = {}) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") url.searchParams.set(k, v);
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(await errorMessage(response));
  return response.json();
}

export async function errorMessage(response) {
  try {
    const body = await response.json();
    return `${response.status}: ${body.message || response.statusText}`;
  } catch {
    return `${response.status}: ${response.statusText}`;
  }
}

// Rows of a SELECT as {var: value}; the query runs through the public SPARQL endpoint.
export async function sparqlRows(query) {
  const response = await fetch("/sparql", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/sparql-results+json" },
    body: new URLSearchParams({ query }),
  });
  if (!response.ok) throw new Error(await errorMessage(response));
  const body = await response.json();
  return body.results.bindings.map((b) => Object.fromEntries(Object.entries(b).map(([k, t]) => [k, t.value])));
}

// el("a", {href: "/x", class: "y"}, "text", child) builds an element; strings become text nodes (never HTML).
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export const entityHref = (id) => `/entity/${encodeURIComponent(id)}`;
export const documentHref = (id) => `/document/${encodeURIComponent(id)}`;

export function typeBadge(type) {
  return el("span", { class: `badge t-${type}` }, type || "?");
}

export function entityLink(entity) {
  return el("a", { href: entityHref(entity.id), class: `ent t-${entity.type}` }, entity.label);
}

// Typing shows up to 8 suggestions (names, aliases, pinyin: the /entities ranking); arrows and Enter pick one.
export function attachSuggestions(form, { typeOf = () => "", onSubmit } = {}) {
  const input = form.querySelector("input[name=q]");
  const list = form.querySelector(".suggestions");
  let active = -1;
  let seq = 0;
  let timer;
  const items = () => [...list.querySelectorAll("li")];
  const close = () => { list.hidden = true; active = -1; };
  const highlight = (i) => {
    items().forEach((li, j) => li.classList.toggle("active", j === i));
    active = i;
  };
  async function update() {
    const q = input.value.trim();
    const mine = ++seq;
    if (!q) return close();
    let body;
    try {
      body = await getJSON("/entities", { q, type: typeOf(), limit: 8 });
    } catch {
      return close();
    }
    if (mine !== seq) return; // a newer keystroke already asked
    list.replaceChildren(
      ...body.results.map((r) =>
        el("li", { "data-id": r.id, onmousedown: (e) => { e.preventDefault(); location.href = entityHref(r.id); } },
          typeBadge(r.type), el("span", { class: "label" }, r.label), el("small", {}, r.match)),
      ),
    );
    if (!body.results.length) list.append(el("li", { class: "empty" }, "无结果 no match"));
    list.hidden = false;
    active = -1;
  }
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(update, 120); });
  input.addEventListener("blur", () => setTimeout(close, 150));
  input.addEventListener("keydown", (e) => {
    const n = items().filter((li) => li.dataset.id).length;
    if (e.key === "ArrowDown" && n) { e.preventDefault(); highlight((active + 1) % n); }
    else if (e.key === "ArrowUp" && n) { e.preventDefault(); highlight((active - 1 + n) % n); }
    else if (e.key === "Escape") close();
    else if (e.key === "Enter" && active >= 0) {
      e.preventDefault();
      location.href = entityHref(items()[active].dataset.id);
    }
  });
  form.addEventListener("submit", (e) => {
    if (!onSubmit) return; // plain GET to the search page
    e.preventDefault();
    close();
    onSubmit(input.value.trim());
  });
  return { input, update };
}

// Marks every occurrence of the needles in text without overlaps: lower `rank` first (names before
// titles, so 龙港市 in 龙港市委书记 stays a place), then longer first.
// needles: [{text, cls, title, rank?}]; returns a list of nodes (text and <mark>).
export function highlight(text, needles) {
  const taken = new Array(text.length).fill(null);
  const sorted = needles.filter((n) => n.text).sort((a, b) => (a.rank || 0) - (b.rank || 0) || b.text.length - a.text.length);
  for (const needle of sorted) {
    let at = text.indexOf(needle.text);
    while (at >= 0) {
      const end = at + needle.text.length;
      if (taken.slice(at, end).every((t) => t === null)) for (let i = at; i < end; i++) taken[i] = { needle, start: at };
      at = text.indexOf(needle.text, at + 1);
    }
  }
  return spansToNodes(text, taken);
}

// Marks character spans [{start, end, cls, title, href?, attrs?}] of text (attrs go on the <mark>); a span
// overlapping an earlier one (in start order, longer first) is left out, so nested mentions show their outermost name.
export function markSpans(text, spans) {
  const taken = new Array(text.length).fill(null);
  const ordered = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  for (const span of ordered) {
    if (span.start < 0 || span.end > text.length || taken.slice(span.start, span.end).some((t) => t !== null)) continue;
    const owner = { needle: span };
    for (let i = span.start; i < span.end; i++) taken[i] = owner;
  }
  return spansToNodes(text, taken);
}

// Turns a per-character owner array into text and <mark> nodes.
function spansToNodes(text, taken) {
  const out = [];
  let i = 0;
  while (i < text.length) {
    const owner = taken[i];
    let j = i + 1;
    while (j < text.length && taken[j] === owner) j++;
    if (owner === null) out.push(text.slice(i, j));
    else {
      const n = owner.needle;
      const mark = el("mark", { class: n.cls, title: n.title, ...n.attrs }, text.slice(i, j));
      out.push(n.href ? el("a", { href: n.href, class: "mark-link" }, mark) : mark);
    }
    i = j;
  }
  return out;
}

export function initHeader() {
  const form = document.querySelector("header .searchbox");
  if (form) attachSuggestions(form);
}
