// Bundles src/ into api/explorer/static (committed, so serving needs no node), and writes
// manifest.json with a hash of the sources so a test can tell when the bundle is stale.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const src = join(here, "src");
const out = join(here, "..", "api", "explorer", "static");

// Same recipe as tests/test_web_assets.py: sha256 over "name\0content\0" of src/* and package-lock.json, sorted by name.
function sourceHash() {
  const hash = createHash("sha256");
  const files = readdirSync(src).sort().map((name) => [`src/${name}`, join(src, name)]);
  files.push(["package-lock.json", join(here, "package-lock.json")]);
  for (const [name, path] of files) {
    hash.update(name + "\0");
    hash.update(readFileSync(path));
    hash.update("\0");
  }
  return hash.digest("hex");
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: {
    search: join(src, "search.js"),
    entity: join(src, "entity.js"),
    document: join(src, "document.js"),
    query: join(src, "query.js"),
    common: join(src, "common-page.js"),
    style: join(src, "style.css"),
  },
  bundle: true,
  splitting: true,
  format: "esm",
  minify: true,
  target: ["chrome100", "firefox100", "safari15"],
  outdir: out,
  chunkNames: "chunk-[hash]",
  legalComments: "linked",
  logLevel: "warning",
});
const files = readdirSync(out).sort();
const sizes = Object.fromEntries(files.map((f) => [f, statSync(join(out, f)).size]));
writeFileSync(join(out, "manifest.json"), JSON.stringify({ sources: sourceHash(), files: sizes }, null, 1) + "\n");
console.log(Object.entries(sizes).map(([f, n]) => `${f.padEnd(28)} ${(n / 1024).toFixed(1)} KiB`).join("\n"));
