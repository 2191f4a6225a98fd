// The marsad dashboard: map, timeline, filters, table, and event pages with the Arabic evidence.
// Safety: every value from the API is untrusted. Text reaches the page only through
// textContent / DOM text nodes and attribute setters (never innerHTML), links only when http(s).
import { geoMercator, geoPath } from "d3-geo";
import { select } from "d3-selection";
import { zoom, zoomIdentity } from "d3-zoom";
import { brushX } from "d3-brush";
import { scaleTime, scaleLinear } from "d3-scale";
import { max } from "d3-array";
import { feature, mesh } from "topojson-client";
import Supercluster from "supercluster";
import { LABELS, TYPE_LABELS } from "./labels.js";

const TYPE_COLORS = {
  "Battles": "#d62728",
  "Explosions/Remote violence": "#ff7f0e",
  "Violence against civilians": "#9467bd",
  "Protests": "#2ca02c",
  "Riots": "#8c564b",
  "Strategic developments": "#1f77b4",
};
const FILTER_KEYS = ["since", "until", "country", "admin1", "admin2", "event_type", "sub_event_type", "actor",
  "inter", "min_fatalities", "claim_status", "q", "bbox"];
const PAGE = 50;

// ------------------------------------------------------------------ helpers

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "style") node.style.cssText = v; // CSSOM: allowed by the page's CSP, unlike style=""
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

const params = () => new URLSearchParams(location.search);
const lang = () => (params().get("lang") === "en" ? "en" : "ar");
const t = (key) => (LABELS[lang()][key] ?? LABELS.en[key] ?? key);
const typeLabel = (type) => (lang() === "ar" ? TYPE_LABELS[type] ?? type : type);

function safeHref(url) {
  try {
    const u = new URL(url, location.origin);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch {
    return null;
  }
}

async function api(path, query) {
  const url = query ? `${path}?${query}` : path;
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.message || response.statusText);
  return body;
}

// The filters of the URL, as sent to the API (the dashboard's own keys are dropped).
function filterQuery(without = []) {
  const out = new URLSearchParams();
  for (const [k, v] of params()) if (FILTER_KEYS.includes(k) && !without.includes(k) && v !== "") out.append(k, v);
  return out;
}

function navigate(mutator, push = true) {
  const p = params();
  mutator(p);
  p.delete("offset_keep");
  const url = `${location.pathname}${p.toString() ? "?" + p : ""}`;
  if (push) history.pushState(null, "", url);
  else history.replaceState(null, "", url);
  route();
}

function setLanguage() {
  const l = lang();
  document.documentElement.lang = l;
  document.documentElement.dir = l === "ar" ? "rtl" : "ltr";
  document.getElementById("lang-toggle").textContent = l === "ar" ? "English" : "عربي";
  document.getElementById("docs-link").textContent = t("api_docs");
  document.title = `${t("title")} — marsad`;
}

document.getElementById("lang-toggle").addEventListener("click", () =>
  navigate((p) => (lang() === "ar" ? p.set("lang", "en") : p.delete("lang")), false));
window.addEventListener("popstate", route);

// ------------------------------------------------------------------ routing

let META = null;
let WORLD = null;

async function route() {
  setLanguage();
  const app = document.getElementById("app");
  const match = location.pathname.match(/^\/event\/(.+)$/);
  try {
    META = META || (await api("/api/meta"));
    if (match) await eventPage(app, decodeURIComponent(match[1]));
    else await dashboard(app);
  } catch (err) {
    app.replaceChildren(h("p", { class: "error", role: "alert" }, `${t("error")}: ${err.message}`));
  }
}

// ------------------------------------------------------------------ dashboard

async function dashboard(app) {
  const mapBox = h("section", { class: "map", "aria-label": t("map") });
  const timeline = h("section", { class: "timeline", "aria-label": t("timeline") });
  const table = h("section", { class: "table" });
  const summary = h("p", { class: "summary", id: "summary" });
  app.replaceChildren(h("div", { class: "layout" }, filtersForm(), h("div", { class: "content" },
    summary, mapBox, timeline, table)));
  const query = filterQuery();
  const offset = Math.max(0, parseInt(params().get("offset") || "0", 10) || 0);
  const [points, page, series] = await Promise.all([
    api("/api/points", query),
    api("/api/events", `${query}&limit=${PAGE}&offset=${offset}`),
    api("/api/aggregates", `${filterQuery(["since", "until"])}&interval=day`),
    WORLD ? null : loadWorld(),
  ]);
  summary.textContent = `${page.total} ${t("events_found")}`;
  drawMap(mapBox, points.points);
  drawTimeline(timeline, series);
  drawTable(table, page, offset, query);
}

async function loadWorld() {
  const [topo, admin] = await Promise.all(["/static/countries-50m.json", "/static/admin1.json"]
    .map(async (url) => (await fetch(url)).json()));
  WORLD = { land: feature(topo, topo.objects.countries), borders: mesh(topo, topo.objects.countries, (a, b) => a !== b),
            // Only the lines between two provinces: coasts and frontiers come from the country layer.
            admin1: mesh(admin, admin.objects.admin1, (a, b) => a !== b) };
}

function field(label, control) {
  return h("label", { class: "field" }, h("span", {}, label), control);
}

function filtersForm() {
  const p = params();
  const input = (name, type = "text", extra = {}) => h("input", { name, type, value: p.get(name) ?? "", ...extra });
  const select_ = (name, options) => {
    const s = h("select", { name }, h("option", { value: "" }, t("any")),
      options.map(([value, label]) => h("option", { value }, label)));
    s.value = p.get(name) ?? "";
    return s;
  };
  const chosen = new Set(p.getAll("event_type"));
  const types = h("fieldset", { class: "types" }, h("legend", {}, t("event_type")),
    Object.keys(META.event_types).map((type) => h("label", { class: "type" },
      h("input", { type: "checkbox", name: "event_type", value: type, checked: chosen.has(type) }),
      h("span", { class: "swatch", style: `background:${TYPE_COLORS[type]}` }),
      typeLabel(type))));
  const form = h("form", { class: "filters", id: "filters", "aria-label": t("filters") },
    h("h2", {}, t("filters")),
    field(t("q"), input("q", "search", { placeholder: t("q_hint") })),
    field(t("since"), input("since", "date")),
    field(t("until"), input("until", "date")),
    types,
    field(t("country"), select_("country", META.countries.map((c) => [String(c.iso), c.country]))),
    field(t("admin1"), select_("admin1", META.admin1.map((a) => [a, a]))),
    field(t("actor"), input("actor")),
    field(t("inter"), select_("inter", Object.entries(META.inter_codes).map(([k, v]) => [k, `${k} ${v}`]))),
    field(t("claim_status"), select_("claim_status", META.claim_statuses.map((c) => [c, t(c)]))),
    field(t("min_fatalities"), input("min_fatalities", "number", { min: 0 })),
    h("div", { class: "buttons" },
      h("button", { type: "submit" }, t("apply")),
      h("button", { type: "button", onclick: () => navigate((q) => { for (const k of [...FILTER_KEYS, "offset"]) q.delete(k); }) }, t("reset"))));
  const apply = (event) => {
    event?.preventDefault();
    const data = new FormData(form);
    navigate((q) => {
      for (const k of [...FILTER_KEYS, "offset"]) if (k !== "bbox") q.delete(k);
      for (const [k, v] of data) if (v !== "") q.append(k, v);
    });
  };
  form.addEventListener("submit", apply);
  form.addEventListener("change", (e) => { if (e.target.type === "checkbox" || e.target.tagName === "SELECT") apply(); });
  return form;
}

function drawMap(box, points) {
  const width = Math.max(320, box.clientWidth || 800);
  const height = 460;
  const located = points.filter((p) => Number.isFinite(p[1]) && Number.isFinite(p[2]));
  const projection = geoMercator().fitExtent([[20, 20], [width - 20, height - 20]], focusArea(located));
  const path = geoPath(projection);
  const svg = select(box).append("svg").attr("viewBox", `0 0 ${width} ${height}`).attr("class", "map-svg")
    .attr("role", "img").attr("aria-label", t("map"));
  const layer = svg.append("g");
  layer.append("path").datum(WORLD.land).attr("class", "land").attr("d", path);
  layer.append("path").datum(WORLD.admin1).attr("class", "admin1").attr("d", path);
  layer.append("path").datum(WORLD.borders).attr("class", "border").attr("d", path);
  const marks = layer.append("g").attr("class", "marks");

  const index = new Supercluster({
    radius: 40, maxZoom: 16,
    map: (props) => ({ types: { [props.type]: 1 } }),
    reduce: (acc, props) => { for (const [k, v] of Object.entries(props.types)) acc.types[k] = (acc.types[k] || 0) + v; },
  });
  index.load(located.map((p) => ({ type: "Feature", geometry: { type: "Point", coordinates: [p[1], p[2]] },
    properties: { id: p[0], type: p[3], fatalities: p[4], date: p[5] } })));

  let k = 1;
  const render = () => {
    // Supercluster's zoom z spans a world of 512 * 2^z pixels; ours spans 2π * scale * k.
    const z = Math.max(0, Math.min(16, Math.floor(Math.log2((2 * Math.PI * projection.scale() * k) / 512))));
    const clusters = index.getClusters([-180, -85, 180, 85], z);
    marks.selectAll("*").remove();
    for (const c of clusters) {
      const [x, y] = projection(c.geometry.coordinates);
      const props = c.properties;
      if (props.cluster) {
        const types = Object.entries(props.types).sort((a, b) => b[1] - a[1]);
        const g = marks.append("g").attr("class", "cluster").attr("data-count", props.point_count)
          .attr("transform", `translate(${x},${y}) scale(${1 / k})`)
          .on("click", (event) => {
            event.stopPropagation();
            const target = Math.min(index.getClusterExpansionZoom(props.cluster_id), 16);
            const factor = Math.pow(2, target - z);
            svg.call(zoomer.transform, zoomIdentity.translate(width / 2, height / 2).scale(k * factor)
              .translate(-x, -y));
          });
        g.append("circle").attr("r", 10 + Math.sqrt(props.point_count) * 3).attr("fill", TYPE_COLORS[types[0][0]] || "#555");
        g.append("text").attr("text-anchor", "middle").attr("dy", "0.35em").text(props.point_count);
        g.append("title").text(types.map(([type, n]) => `${typeLabel(type)}: ${n}`).join("\n"));
      } else {
        const a = marks.append("a").attr("href", `/event/${encodeURIComponent(props.id)}${langSuffix()}`)
          .attr("class", "point").attr("data-event-id", props.id).attr("data-type", props.type);
        a.append("circle").attr("cx", x).attr("cy", y).attr("r", 6 / k).attr("stroke-width", 1.5 / k)
          .attr("fill", TYPE_COLORS[props.type] || "#555");
        a.append("title").text(`${props.date ?? ""} ${typeLabel(props.type)} (${props.fatalities})`);
      }
    }
  };
  const zoomer = zoom().scaleExtent([1, 256]).on("zoom", (event) => {
    layer.attr("transform", event.transform);
    layer.selectAll(".land, .border").attr("stroke-width", 0.7 / event.transform.k);
    layer.selectAll(".admin1").attr("stroke-width", 0.4 / event.transform.k);
    if (event.transform.k !== k) { k = event.transform.k; render(); }
  });
  svg.call(zoomer);
  render();
  const legend = h("ul", { class: "legend" }, Object.entries(TYPE_COLORS).map(([type, color]) =>
    h("li", {}, h("span", { class: "swatch", style: `background:${color}` }), typeLabel(type))));
  box.append(legend);
  if (points.length > located.length || !located.length) box.append(h("p", { class: "note" }, t(located.length ? "some_unlocated" : "no_points")));
}

// The corners of the points' box, at least 3 degrees wide and high (one event: its region,
// not a street); the Levant and Iraq when nothing is located.
function focusArea(located) {
  if (!located.length) return { type: "MultiPoint", coordinates: [[35, 29], [48, 38]] };
  const lons = located.map((p) => p[1]), lats = located.map((p) => p[2]);
  const box = [[Math.min(...lons), Math.min(...lats)], [Math.max(...lons), Math.max(...lats)]];
  for (const axis of [0, 1]) {
    const pad = Math.max(0, 3 - (box[1][axis] - box[0][axis])) / 2 + 0.3;
    box[0][axis] -= pad;
    box[1][axis] += pad;
  }
  return { type: "MultiPoint", coordinates: box };
}

const langSuffix = () => (lang() === "en" ? "?lang=en" : "");

function drawTimeline(box, series) {
  box.append(h("h2", {}, t("timeline")));
  const width = Math.max(320, box.clientWidth || 800);
  const height = 150;
  const margin = { top: 10, right: 20, bottom: 24, left: 30 };
  const days = series.map((d) => ({ day: new Date(d.period + "T00:00:00Z"), events: d.events, fatalities: d.fatalities }));
  if (!days.length) { box.append(h("p", { class: "note" }, t("no_events"))); return; }
  const first = days[0].day, last = days[days.length - 1].day;
  const spare = Math.max(864e5, (7 * 864e5 - (last - first)) / 2); // at least a week is shown
  const x = scaleTime().domain([new Date(+first - spare), new Date(+last + spare)]).range([margin.left, width - margin.right]);
  const y = scaleLinear().domain([0, max(days, (d) => Math.max(d.events, d.fatalities)) || 1]).nice()
    .range([height - margin.bottom, margin.top]);
  const svg = select(box).append("svg").attr("viewBox", `0 0 ${width} ${height}`).attr("class", "timeline-svg")
    .attr("direction", "ltr");
  const barWidth = Math.max(1, (x(new Date(+first + 864e5)) - x(first)) * 0.8);
  svg.append("g").selectAll("rect").data(days).join("rect").attr("class", "bar")
    .attr("x", (d) => x(d.day) - barWidth / 2).attr("width", barWidth)
    .attr("y", (d) => y(d.events)).attr("height", (d) => y(0) - y(d.events))
    .append("title").text((d) => `${d.day.toISOString().slice(0, 10)}: ${d.events} ${t("events")}, ${d.fatalities} ${t("fatalities")}`);
  svg.append("g").selectAll("circle").data(days.filter((d) => d.fatalities)).join("circle").attr("class", "fatal")
    .attr("cx", (d) => x(d.day)).attr("cy", (d) => y(d.fatalities)).attr("r", 2.5);
  const labels = new Map(x.ticks(Math.min(8, Math.floor(width / 100))).map((d) => [d.toISOString().slice(0, 10), d]));
  const ticks = [...labels.values()]; // one label a day, even when ticks fall on hours
  const axis = svg.append("g").attr("class", "axis");
  axis.selectAll("text").data(ticks).join("text").attr("x", (d) => x(d)).attr("y", height - 6)
    .attr("text-anchor", "middle").text((d) => d.toISOString().slice(0, 10));
  svg.append("text").attr("class", "axis").attr("x", 2).attr("y", margin.top + 8).text(y.domain()[1]);

  const iso = (d) => d.toISOString().slice(0, 10);
  const brush = brushX().extent([[margin.left, margin.top], [width - margin.right, height - margin.bottom]])
    .on("end", (event) => {
      if (!event.sourceEvent) return; // moved by code, not by the user
      navigate((p) => {
        p.delete("offset");
        if (!event.selection) { p.delete("since"); p.delete("until"); return; }
        const [a, b] = event.selection.map((v) => x.invert(v));
        p.set("since", iso(a));
        p.set("until", iso(b));
      });
    });
  const g = svg.append("g").attr("class", "brush").call(brush);
  const since = params().get("since"), until = params().get("until");
  if (since || until) {
    const a = since ? new Date(since + "T00:00:00Z") : x.domain()[0];
    const b = until ? new Date(until + "T00:00:00Z") : x.domain()[1];
    const [ra, rb] = [x(a), x(b)].map((v) => Math.max(margin.left, Math.min(width - margin.right, v)));
    if (rb > ra) g.call(brush.move, [ra, rb]);
  }
  box.append(h("p", { class: "note" }, h("span", { class: "swatch bar" }), t("events"), " ",
    h("span", { class: "swatch fatal" }), t("fatalities"), " — ", t("brush_hint")));
}

function drawTable(box, page, offset, query) {
  const exports = h("p", { class: "exports" }, t("export"), ": ",
    ["csv", "geojson", "jsonl"].map((fmt) => [h("a", { href: `/api/export/${fmt}?${query}`, download: "" }, fmt.toUpperCase()), " "]));
  const head = ["date", "event_type", "location", "actors", "fatalities", "sources", "claim_status"];
  const rows = page.events.map((e) => h("tr", { "data-event-id": e.event_id },
    h("td", {}, h("a", { href: `/event/${encodeURIComponent(e.event_id)}${langSuffix()}` }, e.event_date ?? t("undated"))),
    h("td", {}, h("span", { class: "swatch", style: `background:${TYPE_COLORS[e.event_type] || "#555"}` }),
      typeLabel(e.event_type), h("br"), h("small", {}, e.sub_event_type)),
    h("td", {}, h("span", { lang: "ar", dir: "rtl" }, e.location_ar), h("br"), h("small", {}, [e.location, e.admin1].filter(Boolean).join(", "))),
    h("td", {}, [e.actor1, e.actor2].filter(Boolean).join(" — ")),
    h("td", { class: "num" }, e.fatalities_min === e.fatalities_max ? e.fatalities : `${e.fatalities_min}–${e.fatalities_max}`),
    h("td", { class: "num" }, e.n_sources),
    h("td", {}, t(e.claim_status))));
  const pager = h("p", { class: "pager" },
    h("button", { type: "button", disabled: offset <= 0, onclick: () => navigate((p) => p.set("offset", Math.max(0, offset - PAGE))) }, t("previous")),
    ` ${page.total ? offset + 1 : 0}–${Math.min(offset + PAGE, page.total)} / ${page.total} `,
    h("button", { type: "button", disabled: offset + PAGE >= page.total, onclick: () => navigate((p) => p.set("offset", offset + PAGE)) }, t("next")));
  box.replaceChildren(h("h2", {}, t("table")), exports,
    h("table", { id: "events-table" }, h("thead", {}, h("tr", {}, head.map((k) => h("th", {}, t(k))))), h("tbody", {}, rows)),
    pager);
}

// ------------------------------------------------------------------ event page

// The article text with evidence spans as <mark> elements: text nodes only, so whatever the
// article contains (even "<script>") is shown as characters, never parsed as HTML.
export function highlighted(text, spans) {
  const sorted = spans.filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.start < s.end)
    .map((s) => [Math.max(0, s.start), Math.min(text.length, s.end)]).sort((a, b) => a[0] - b[0]);
  const merged = [];
  for (const [a, b] of sorted) {
    if (merged.length && a <= merged[merged.length - 1][1]) merged[merged.length - 1][1] = Math.max(b, merged[merged.length - 1][1]);
    else merged.push([a, b]);
  }
  const out = [];
  let pos = 0;
  for (const [a, b] of merged) {
    if (a > pos) out.push(document.createTextNode(text.slice(pos, a)));
    out.push(h("mark", { class: "evidence" }, text.slice(a, b)));
    pos = b;
  }
  if (pos < text.length) out.push(document.createTextNode(text.slice(pos)));
  return out;
}

async function eventPage(app, eventId) {
  const { event: e, reports } = await api(`/api/events/${encodeURIComponent(eventId)}`);
  const row = (label, ...value) => h("tr", {}, h("th", {}, t(label)), h("td", {}, ...value));
  const facts = h("table", { class: "facts" }, h("tbody", {},
    row("date", e.event_date ?? t("undated")),
    row("event_type", typeLabel(e.event_type), " / ", e.sub_event_type),
    row("location", h("span", { lang: "ar", dir: "rtl" }, e.location_ar), " — ",
      [e.location, e.admin2, e.admin1, e.country].filter(Boolean).join(", ")),
    row("actors", h("span", {}, e.actor1, " ", h("small", { lang: "ar" }, e.actor1_ar)), e.actor2 ? " — " : "",
      h("span", {}, e.actor2, " ", h("small", { lang: "ar" }, e.actor2_ar))),
    row("fatalities", e.fatalities_min === e.fatalities_max ? e.fatalities : `${e.fatalities} (${e.fatalities_min}–${e.fatalities_max})`),
    row("claim_status", t(e.claim_status), e.claim_statuses ? ` (${e.claim_statuses})` : ""),
    row("notes", e.notes),
    row("sources", `${e.n_sources}`)));
  const victims = reports.flatMap((r) => r.victims);
  const cards = reports.map((r, i) => {
    const href = safeHref(r.article.url);
    return h("article", { class: "report", "data-article-id": r.article_id },
      h("h3", {}, `${i + 1}. `, h("span", { lang: "ar", dir: "auto" }, r.article.title || r.article.doc_id)),
      h("p", { class: "meta" }, h("span", { dir: "auto" }, r.outlet || r.article.source), " · ", r.article.published ?? "",
        r.source && r.source !== r.outlet ? [" · ", t("attributed"), ": ", h("span", { dir: "auto" }, r.source)] : "",
        " · ", t(r.claim_status), " · ", `${t("fatalities")}: ${r.fatalities}`,
        href ? [" · ", h("a", { href, rel: "noopener noreferrer nofollow", target: "_blank" }, t("original"))] : ""),
      h("div", { class: "article-text", dir: "rtl", lang: "ar" }, highlighted(r.article.text ?? "", r.evidence)));
  });
  app.replaceChildren(h("div", { class: "event-page" },
    h("p", {}, h("a", { href: `/${sessionStorage.getItem("marsad-last-search") ?? langSuffix()}`, class: "back" }, t("back"))),
    h("h1", {}, typeLabel(e.event_type), " — ", h("span", { lang: "ar" }, e.location_ar || e.location)),
    facts,
    victims.length ? h("section", {}, h("h2", {}, t("victims")), h("ul", {}, victims.map((v) =>
      h("li", {}, h("span", { lang: "ar", dir: "rtl" }, v.name_ar), v.name ? ` (${v.name})` : "", ` — ${t(v.status)}`)))) : "",
    h("section", { class: "reports" }, h("h2", {}, t("reports"), ` (${reports.length})`), cards)));
}

window.addEventListener("click", () => {
  if (!location.pathname.startsWith("/event/")) sessionStorage.setItem("marsad-last-search", location.search);
}, true);

route();
