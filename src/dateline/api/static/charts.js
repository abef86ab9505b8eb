// The search page's timeline and map, drawn as SVG from the events embedded in the page.
// Offline by design: the world outline is a vendored TopoJSON file (world-atlas, decoded by
// topojson-client), no tiles, no CDN. Article text only ever goes in through textContent.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const DAY = 86400000;

function el(name, attrs, parent) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}

function text(parent, attrs, value) {
  const node = el("text", attrs, parent);
  node.textContent = value;
  return node;
}

function day(value) {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const t = Date.parse(value + "T00:00:00Z");
  return Number.isNaN(t) ? null : t;
}

function iso(t) {
  return new Date(t).toISOString().slice(0, 10);
}

function eventLink(e) {
  return "/documents/" + encodeURIComponent(e.doc_id) + "#events-" + e.idx;
}

// Bounds of when an event happened: [earliest, latest], either may be null (open).
function bounds(e) {
  const time = e.time || {};
  const exact = day(time.value);
  if (exact !== null) return [exact, exact];
  return [day(time.earliest), day(time.latest)];
}

function drawTimeline(box, events) {
  const rows = events.map((e) => ({ e, b: bounds(e), pub: day(e.dct) }))
    .filter((r) => r.b[0] !== null || r.b[1] !== null);
  box.dataset.events = String(rows.length);
  if (!rows.length) {
    box.textContent = "No event of these articles has a known time.";
    return;
  }
  const times = rows.flatMap((r) => [...r.b, r.pub]).filter((t) => t !== null);
  let lo = Math.min(...times), hi = Math.max(...times);
  const pad = Math.max((hi - lo) * 0.05, 2 * DAY);
  lo -= pad; hi += pad;
  const width = 900, label = 260, rowH = 18, top = 46;
  const height = top + rows.length * rowH + 10;
  const svg = el("svg", { viewBox: `0 0 ${width} ${height}`, class: "timeline", role: "img" }, box);
  const x = (t) => label + ((t - lo) / (hi - lo)) * (width - label - 10);
  // axis
  for (let i = 0; i <= 4; i++) {
    const t = lo + ((hi - lo) * i) / 4;
    el("line", { x1: x(t), x2: x(t), y1: 14, y2: height, class: "grid" }, svg);
    text(svg, { x: x(t), y: 10, class: "tick" }, iso(t));
  }
  // publication dates, apart from when things happened
  text(svg, { x: 4, y: 32, class: "lane" }, "published");
  for (const pub of new Set(rows.map((r) => r.pub).filter((t) => t !== null))) {
    const p = el("path", { d: `M${x(pub)},24 l5,6 l-5,6 l-5,-6 z`, class: "pub" }, svg);
    el("title", {}, p).textContent = "published " + iso(pub);
  }
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    const a = el("a", { href: eventLink(r.e), class: "event-row" }, svg);
    const who = r.e.actor_text || r.e.target_text || "";
    text(a, { x: 4, y: y + 12, class: "label" },
      `${r.e.type} · ${r.e.trigger.text}${who ? " · " + who : ""}`.slice(0, 44));
    const [e0, e1] = r.b;
    const start = e0 === null ? lo : e0, end = e1 === null ? hi : e1;
    const open = e0 === null || e1 === null;
    const bar = el("rect", {
      x: x(start), y: y + 4, height: 10, rx: 2,
      width: Math.max(x(end) - x(start), 4),
      class: open ? "bar open" : "bar range",
    }, a);
    const when = (e0 === null ? "…" : iso(e0)) + " – " + (e1 === null ? "…" : iso(e1));
    el("title", {}, bar).textContent = `${r.e.type} '${r.e.trigger.text}': ${when}`;
  });
}

// A ring as path data; a jump of more than half the globe (a ring cut at the antimeridian)
// starts a new subpath instead of drawing a line across the map.
function ring(coords, project) {
  return coords.map((p, i) => {
    const jump = i && Math.abs(p[0] - coords[i - 1][0]) > 180;
    return (i && !jump ? "L" : "M") + project(p).join(",");
  }).join("") + "Z";
}

function pathOf(geometry, project) {
  if (!geometry) return "";
  const polys = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  return polys.map((poly) => poly.map((r) => ring(r, project)).join("")).join("");
}

// Places of the articles, one marker per place (grouped by name and coordinates); a place an
// event is tied to gets a ring and links to its first event.
async function drawMap(box, places, events) {
  const groups = new Map();
  const keyOf = (p) => `${p.name || p.text}|${p.lat}|${p.lon}`;
  for (const p of places.filter((p) => p.lat !== null && p.lon !== null)) {
    const key = keyOf(p);
    if (!groups.has(key)) groups.set(key, { place: p, mentions: 0, events: [] });
    groups.get(key).mentions += 1;
  }
  for (const e of events.filter((e) => e.place_detail && e.place_detail.lat !== null)) {
    const key = keyOf(e.place_detail);
    if (!groups.has(key)) groups.set(key, { place: e.place_detail, mentions: 0, events: [] });
    groups.get(key).events.push(e);
  }
  const located = [...groups.values()];
  const project = ([lon, lat]) => [(lon + 180).toFixed(2), (90 - lat).toFixed(2)];
  // fit the view to the places, at least 40 by 20 degrees
  let view = [0, 0, 360, 180];
  if (located.length) {
    const xs = located.map((g) => g.place.lon + 180);
    const ys = located.map((g) => 90 - g.place.lat);
    const cx = (Math.min(...xs) + Math.max(...xs)) / 2;
    const cy = (Math.min(...ys) + Math.max(...ys)) / 2;
    const w = Math.min(Math.max((Math.max(...xs) - Math.min(...xs)) * 1.3 + 10, 40), 360);
    view = [cx - w / 2, cy - w / 4, w, w / 2];
  }
  const svg = el("svg", { viewBox: view.join(" "), class: "map", role: "img" }, box);
  el("rect", { x: -180, y: -90, width: 720, height: 360, class: "sea" }, svg);
  const land = el("g", { class: "land" }, svg);
  try {
    const world = await (await fetch("/static/vendor/countries-110m.json")).json();
    for (const f of topojson.feature(world, world.objects.countries).features) {
      const p = el("path", { d: pathOf(f.geometry, project) }, land);
      el("title", {}, p).textContent = f.properties.name;
    }
  } catch (err) {
    box.dataset.outline = "missing";
  }
  const r = view[2] / 150;
  for (const g of located) {
    const name = g.place.name || g.place.text;
    const [px, py] = project([g.place.lon, g.place.lat]);
    const href = g.events.length ? eventLink(g.events[0])
      : "/documents/" + encodeURIComponent(g.place.doc_id) + "#places-" + g.place.idx;
    const a = el("a", { href, class: g.events.length ? "marker event-place" : "marker" }, svg);
    a.dataset.name = name;
    el("circle", { cx: px, cy: py, r: r * Math.sqrt(g.mentions + g.events.length) }, a);
    text(a, { x: Number(px) + r * 1.5, y: Number(py) + r * 0.5, "font-size": r * 2.2 }, name);
    const told = g.events.map((e) => `${e.type} '${e.trigger.text}'`).join("; ");
    el("title", {}, a).textContent = `${name}: ${g.mentions} mention(s)` +
      (told ? `; events: ${told}` : "");
  }
  box.dataset.places = String(located.length);
}

const data = JSON.parse(document.getElementById("page-data").textContent);
drawTimeline(document.getElementById("timeline"), data.events);
drawMap(document.getElementById("map"), data.places, data.events).then(() => {
  document.body.dataset.ready = "true";
});
