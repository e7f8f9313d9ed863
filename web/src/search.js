// The home page: search with type filters and instant suggestions, full result list, graph counts.
import { attachSuggestions, el, entityHref, getJSON, initHeader, typeBadge } from "./common.js";

initHeader();
const form = document.getElementById("search-form");
const results = document.getElementById("results");
const typeOf = () => form.querySelector("input[name=type]:checked").value;

async function search(q) {
  const url = new URL(location.href);
  url.searchParams.set("q", q);
  if (typeOf()) url.searchParams.set("type", typeOf()); else url.searchParams.delete("type");
  history.replaceState(null, "", url);
  if (!q) return results.replaceChildren();
  results.replaceChildren(el("p", { class: "loading" }, "…"));
  try {
    const body = await getJSON("/entities", { q, type: typeOf(), limit: 50 });
    results.replaceChildren(
      el("p", { class: "count" }, `${body.total} 个结果 results for “${q}”`),
      el("ol", { class: "result-list" },
        body.results.map((r) =>
          el("li", {}, typeBadge(r.type), " ", el("a", { href: entityHref(r.id) }, r.label),
            el("small", {}, ` ${r.match} · ${r.mentions} mentions · ${r.id}`)),
        )),
    );
  } catch (err) {
    results.replaceChildren(el("p", { class: "error" }, err.message));
  }
}

const box = attachSuggestions(form, { typeOf, onSubmit: search });
form.querySelectorAll("input[name=type]").forEach((radio) =>
  radio.addEventListener("change", () => {
    box.input.focus();
    box.update();
    if (box.input.value.trim()) search(box.input.value.trim());
  }));

const params = new URLSearchParams(location.search);
if (params.get("type")) {
  const radio = form.querySelector(`input[name=type][value="${CSS.escape(params.get("type"))}"]`);
  if (radio) radio.checked = true;
}
if (params.get("q")) { box.input.value = params.get("q"); search(params.get("q")); }

getJSON("/stats").then((stats) => {
  document.getElementById("stats").replaceChildren(
    el("h2", {}, "图谱规模 The graph"),
    el("ul", {}, Object.entries(stats.types).map(([k, v]) => el("li", {}, el("b", {}, v.toLocaleString()), ` ${k}`)),
      el("li", {}, el("b", {}, stats.triples.toLocaleString()), " triples")),
  );
}).catch(() => {});
