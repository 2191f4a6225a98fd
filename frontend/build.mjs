// Builds the dashboard into src/marsad/server/static/ (committed, so installing marsad needs no Node).
// Reproducible: `npm ci` installs the exact versions of package-lock.json, esbuild output is deterministic.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "src", "marsad", "server", "static");
const modules = join(here, "node_modules");

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "vendor"), { recursive: true });

await build({
  entryPoints: [join(here, "src", "main.js")],
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  legalComments: "linked",
  outfile: join(out, "app.js"),
});

const copies = [
  [join(here, "src", "index.html"), "index.html"],
  [join(here, "src", "style.css"), "style.css"],
  [join(here, "src", "favicon.svg"), "favicon.svg"],
  // Natural Earth 1:50m country outlines (public domain), drawn by d3-geo: no tile server.
  [join(modules, "world-atlas", "countries-50m.json"), "countries-50m.json"],
  // Swagger UI for /docs, served locally instead of from a CDN.
  [join(modules, "swagger-ui-dist", "swagger-ui-bundle.js"), "vendor/swagger-ui-bundle.js"],
  [join(modules, "swagger-ui-dist", "swagger-ui.css"), "vendor/swagger-ui.css"],
];
for (const [from, to] of copies) copyFileSync(from, join(out, to));
console.log(`built ${out}`);
