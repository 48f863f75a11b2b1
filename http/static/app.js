// app.js: the dashboard of 'dateline serve': a map of incidents (events
// while the server has none), a timeline of events per day with a brush,
// filters, a table of events and an article view with its evidence
// highlighted. Talks only to the server's /v1 API; no framework.
"use strict";
(function () {
  const $ = (s) => document.querySelector(s);
  const SVG = "http://www.w3.org/2000/svg";
  const FAMILIES = [ // CAMEO roots -> family and colour
    ["violence", ["18", "19", "20"], "#d62728"],
    ["coerce", ["15", "16", "17"], "#8c564b"],
    ["protest", ["14"], "#9b3fb5"],
    ["disapprove", ["09", "10", "11", "12", "13"], "#f28e2b"],
    ["cooperate", ["03", "04", "05", "06", "07", "08"], "#2a9d5c"],
    ["statement", ["01", "02"], "#7f7f7f"],
  ];
  const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#1f77b4", "#17becf"];
  const state = { filters: {}, events: [], next: null, colour: "root",
    incidents: null, ploverColour: {}, selected: null };

  function el(tag, attrs, text) {
    const ns = ["svg", "circle", "path", "rect", "text", "g", "line", "title"].includes(tag);
    const e = ns ? document.createElementNS(SVG, tag) : document.createElement(tag);
    for (const k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text != null) e.textContent = text;
    return e;
  }
  function familyOf(root) {
    for (const f of FAMILIES) if (f[1].includes(root)) return f;
    return ["other", [], "#aaaaaa"];
  }
  function familyByName(name) {
    for (const f of FAMILIES) if (f[0] === name) return f;
    return [name || "other", [], "#aaaaaa"];
  }
  function ploverColour(p) {
    if (!p) return "#aaaaaa";
    if (!state.ploverColour[p])
      state.ploverColour[p] = PALETTE[Object.keys(state.ploverColour).length % PALETTE.length];
    return state.ploverColour[p];
  }
  function colourOf(ev) {
    return state.colour === "plover" ? ploverColour(ev.plover) : familyOf(ev.root)[2];
  }
  function query(extra, skip) {
    const p = new URLSearchParams();
    const f = Object.assign({}, state.filters, extra || {});
    for (const k in f) if (f[k] && !(skip || []).includes(k)) p.set(k, f[k]);
    const s = p.toString();
    return s ? "?" + s : "";
  }
  async function api(path) {
    const r = await fetch(path);
    let body = null;
    try { body = await r.json(); } catch (e) { body = { error: "not JSON" }; }
    return { status: r.status, body };
  }
  function setStatus(msg) { $("#status").textContent = msg; }

  // ------------------------------------------------------------ filters
  function readForm() {
    const f = new FormData($("#filters"));
    const kind = f.get("kind") || "";
    state.colour = f.get("colour") || "root";
    state.filters = {
      country: (f.get("country") || "").trim(),
      since: f.get("since") || "", until: f.get("until") || "",
      text: (f.get("text") || "").trim(),
      root: kind.startsWith("root:") ? kind.slice(5) : "",
      plover: kind.startsWith("plover:") ? kind.slice(7) : "",
    };
  }
  function writeForm() {
    const form = $("#filters"), f = state.filters;
    for (const k of ["country", "since", "until", "text"]) form.elements[k].value = f[k] || "";
    form.elements.kind.value = f.root ? "root:" + f.root : f.plover ? "plover:" + f.plover : "";
    form.elements.colour.value = state.colour;
  }
  async function fillKinds() {
    const r = await api("/v1/stats");
    if (r.status !== 200) return;
    const roots = $("#roots"), plovers = $("#plovers");
    for (const c of r.body.by_root) if (c.key) roots.append(el("option", { value: "root:" + c.key }, c.key + " (" + c.events + ")"));
    for (const c of r.body.by_plover) if (c.key) plovers.append(el("option", { value: "plover:" + c.key }, c.key + " (" + c.events + ")"));
  }

  // ------------------------------------------------------------ map
  let projection = null, world = null;
  async function drawBase() {
    const svg = $("#map");
    projection = d3.geoEqualEarth().fitExtent([[4, 4], [956, 476]], { type: "Sphere" });
    const path = d3.geoPath(projection);
    svg.append(el("path", { class: "sphere", d: path({ type: "Sphere" }) }));
    try {
      const topo = await (await fetch("countries-110m.json")).json();
      world = topojson.feature(topo, topo.objects.countries);
      const g = el("g", { id: "land" });
      for (const f of world.features) {
        const p = el("path", { class: "land", d: path(f) || "" });
        p.append(el("title", {}, f.properties && f.properties.name || ""));
        g.append(p);
      }
      svg.append(g);
    } catch (e) { setStatus("no country outlines: " + e); }
    svg.append(el("g", { id: "markers" }));
  }
  function markersFromEvents(evs) { // one marker per place and colour
    const m = new Map();
    for (const ev of evs) {
      if (!ev.place || ev.place.lat == null) continue;
      const key = ev.place.lat.toFixed(2) + "," + ev.place.lon.toFixed(2) + "," + colourOf(ev);
      if (!m.has(key)) m.set(key, { lat: ev.place.lat, lon: ev.place.lon, name: ev.place.name,
        colour: colourOf(ev), mentions: 0, events: [] });
      const k = m.get(key); k.mentions++; k.events.push(ev);
    }
    return [...m.values()];
  }
  function markersFromIncidents(incs) {
    return incs.filter((i) => i.lat != null).map((i) => ({ lat: i.lat, lon: i.lon,
      name: i.place, colour: familyByName(i.family)[2], mentions: i.mentions || 1,
      incident: i, events: [] }));
  }
  function drawMarkers(ms) {
    const g = $("#markers");
    g.replaceChildren();
    ms.sort((a, b) => b.mentions - a.mentions); // small ones on top
    for (const mk of ms) {
      const xy = projection([mk.lon, mk.lat]);
      if (!xy) continue;
      const c = el("circle", { class: "marker", cx: xy[0].toFixed(1), cy: xy[1].toFixed(1),
        r: (3 + 3 * Math.sqrt(mk.mentions)).toFixed(1), fill: mk.colour });
      const label = (mk.name || "?") + ": " + mk.mentions + (mk.incident ? " mentions" : " events");
      c.append(el("title", {}, label));
      c.addEventListener("click", () => {
        g.querySelectorAll(".sel").forEach((x) => x.classList.remove("sel"));
        c.classList.add("sel");
        const ev = mk.events[0] || null;
        if (ev) showArticle(ev);
        else if (mk.incident && mk.incident.reports && mk.incident.reports[0]) {
          const r = mk.incident.reports[0];
          const found = state.events.find((e) => e.article === r.article && e.id === r.event);
          showArticle(found || { article: r.article, id: r.event, trigger: r.trigger, cameo: r.cameo, day: r.day });
        }
      });
      g.append(c);
    }
    const lg = $("#legend");
    lg.replaceChildren();
    const seen = new Map();
    for (const mk of ms) seen.set(mk.colour, 1);
    const entries = state.colour === "plover" && !state.incidents
      ? Object.entries(state.ploverColour).map(([k, v]) => [k, v])
      : FAMILIES.map((f) => [f[0], f[2]]);
    for (const [name, col] of entries) {
      if (!seen.has(col)) continue;
      const s = el("span", {}, name);
      const sw = el("span", { class: "sw" }); sw.style.background = col;
      s.prepend(sw); lg.append(s);
    }
    lg.dataset.markers = String(ms.length);
  }

  // ------------------------------------------------------------ timeline
  let days = [];
  async function drawTimeline() {
    const r = await api("/v1/stats" + query({ by: "day" }, ["since", "until"]));
    const svg = $("#timeline");
    svg.replaceChildren();
    days = r.status === 200 ? r.body.counts.filter((c) => c.key) : [];
    if (!days.length) { svg.append(el("text", { x: 10, y: 60, class: "axis" }, "no events")); return; }
    const t0 = Date.parse(days[0].key), t1 = Date.parse(days[days.length - 1].key);
    const nd = Math.round((t1 - t0) / 864e5) + 1;
    const W = 940, H = 95, x0 = 10, bw = W / nd;
    const max = Math.max(...days.map((d) => d.events));
    const f = state.filters;
    for (const d of days) {
      const i = Math.round((Date.parse(d.key) - t0) / 864e5);
      const h = Math.max(1, (H - 10) * d.events / max);
      const out = (f.since && d.key < f.since) || (f.until && d.key > f.until);
      const b = el("rect", { class: "bar" + (out ? " out" : ""), x: (x0 + i * bw).toFixed(2),
        y: (H - h).toFixed(1), width: Math.max(1, bw - 1).toFixed(2), height: h.toFixed(1) });
      b.append(el("title", {}, d.key + ": " + d.events));
      svg.append(b);
    }
    svg.append(el("text", { x: x0, y: 115, class: "axis" }, days[0].key));
    svg.append(el("text", { x: x0 + W, y: 115, class: "axis", "text-anchor": "end" }, days[days.length - 1].key));
    svg.append(el("text", { x: x0 + W, y: 10, class: "axis", "text-anchor": "end" }, "max " + max + "/day"));
    // brush: drag across the bars to filter by that date range
    const dayAt = (px) => {
      const i = Math.min(nd - 1, Math.max(0, Math.floor((px - x0) / bw)));
      return new Date(t0 + i * 864e5).toISOString().slice(0, 10);
    };
    const toX = (ev) => { const p = svg.createSVGPoint(); p.x = ev.clientX; p.y = ev.clientY;
      return p.matrixTransform(svg.getScreenCTM().inverse()).x; };
    let start = null, rect = null;
    svg.onmousedown = (ev) => { start = toX(ev); rect = el("rect", { class: "brush", x: start, y: 0, width: 0, height: H });
      svg.append(rect); ev.preventDefault(); };
    svg.onmousemove = (ev) => { if (start == null) return; const x = toX(ev);
      rect.setAttribute("x", Math.min(x, start)); rect.setAttribute("width", Math.abs(x - start)); };
    svg.onmouseup = (ev) => {
      if (start == null) return;
      const x = toX(ev), a = Math.min(x, start), b = Math.max(x, start);
      start = null;
      if (b - a < 3) { state.filters.since = ""; state.filters.until = ""; }
      else { state.filters.since = dayAt(a); state.filters.until = dayAt(b); }
      writeForm(); refresh();
    };
  }

  // ------------------------------------------------------------ table
  function cell(tr, text) { tr.append(el("td", { title: text || "" }, text || "")); }
  function actorText(a) { return a ? (a.code ? a.code + " " : "") + (a.text || "") : ""; }
  function addRows(evs) {
    const tb = $("#events tbody");
    for (const ev of evs) {
      const tr = el("tr", { "data-article": ev.article, "data-event": ev.id });
      cell(tr, ev.day); cell(tr, ev.article); cell(tr, ev.trigger); cell(tr, ev.cameo);
      cell(tr, ev.plover); cell(tr, actorText(ev.source)); cell(tr, actorText(ev.target));
      cell(tr, ev.place ? ev.place.name : ""); cell(tr, ev.modality);
      tr.addEventListener("click", () => showArticle(ev));
      tb.append(tr);
    }
  }
  async function loadTable(reset) {
    if (reset) { $("#events tbody").replaceChildren(); state.events = []; }
    const url = reset ? "/v1/events" + query({ limit: 100 }) : state.next;
    if (!url) return;
    const r = await api(url);
    if (r.status !== 200) { setStatus("events: " + r.body.error); return; }
    state.events.push(...r.body.events);
    state.next = r.body.next;
    addRows(r.body.events);
    $("#more").hidden = !state.next;
    $("#count").textContent = state.events.length + (state.next ? "+" : "") + " shown";
  }

  // ------------------------------------------------------------ article
  const enc = new TextEncoder(), dec = new TextDecoder();
  // Text with byte spans [s, e) wrapped in spans of their classes.
  function highlight(text, marks) {
    const bytes = enc.encode(text);
    const pts = new Set([0, bytes.length]);
    for (const m of marks) { pts.add(Math.max(0, Math.min(m.s, bytes.length))); pts.add(Math.max(0, Math.min(m.e, bytes.length))); }
    const cuts = [...pts].sort((a, b) => a - b);
    const frag = document.createDocumentFragment();
    for (let i = 0; i + 1 < cuts.length; i++) {
      const a = cuts[i], b = cuts[i + 1];
      const seg = dec.decode(bytes.subarray(a, b));
      const on = marks.filter((m) => m.s <= a && m.e >= b);
      if (!on.length) { frag.append(document.createTextNode(seg)); continue; }
      const sp = el("span", { class: [...new Set(on.map((m) => m.cls))].join(" ") }, seg);
      sp.title = on.map((m) => m.label).join("; ");
      frag.append(sp);
    }
    return frag;
  }
  function renderRecord(text, rec, focus) {
    const marks = [];
    for (const en of rec.entities || [])
      for (const m of en.mentions || []) marks.push({ s: m[0], e: m[1], cls: "hl-entity", label: en.type + " " + en.name });
    for (const q of rec.quotes || []) marks.push({ s: q.span[0], e: q.span[1], cls: "hl-quote", label: "quote" + (q.speaker ? " by " + q.speaker.text : "") });
    for (const v of rec.events || [])
      marks.push({ s: v.span[0], e: v.span[1], cls: "hl-event" + (v.id === focus ? " focus" : ""), label: v.id + " " + v.cameo + " " + (v.plover || "") });
    const box = $("#atext");
    box.replaceChildren(highlight(text, marks));
    const f = box.querySelector(".focus");
    if (f && f.scrollIntoView) f.scrollIntoView({ block: "nearest" });
  }
  function evidence(ev) {
    const dl = el("dl", { id: "evidence-list", "data-event": ev.id || "" });
    const add = (k, v) => { if (v == null || v === "") return; dl.append(el("dt", {}, k)); dl.append(el("dd", {}, String(v))); };
    add("event", (ev.article || "") + " " + (ev.id || ""));
    add("trigger", ev.trigger);
    add("CAMEO", ev.cameo && ev.cameo + " (root " + ev.root + ", " + familyOf(ev.root)[0] + ")");
    add("PLOVER", ev.plover);
    add("source", actorText(ev.source)); add("target", actorText(ev.target));
    add("place", ev.place && [ev.place.name, ev.place.country].filter(Boolean).join(", "));
    add("day", ev.day); add("modality", ev.modality);
    add("killed", ev.killed); add("injured", ev.injured); add("arrested", ev.arrested);
    add("rule", ev.rule);
    $("#evidence").replaceChildren(dl);
  }
  async function showArticle(ev) {
    state.selected = ev;
    document.querySelectorAll("#events tr.sel").forEach((x) => x.classList.remove("sel"));
    for (const tr of document.querySelectorAll("#events tbody tr"))
      if (tr.dataset.article === ev.article && tr.dataset.event === ev.id) tr.classList.add("sel");
    $("#articlebox").hidden = false;
    $("#atitle").textContent = ev.article || "Article";
    $("#ameta").textContent = "";
    evidence(ev);
    $("#atext").replaceChildren();
    const u = new URL(location.href);
    u.searchParams.set("article", ev.article); u.searchParams.set("event", ev.id);
    history.replaceState(null, "", u);
    const r = await api("/v1/articles/" + encodeURIComponent(ev.article));
    if (r.status === 200) {
      const a = r.body;
      $("#atitle").textContent = a.title || a.id;
      $("#ameta").textContent = [a.id, a.date, a.url].filter(Boolean).join(" · ");
      renderRecord(a.text, a.record || {}, ev.id);
    } else {
      // without the text, the trigger still shows as the evidence
      $("#ameta").textContent = "article text unavailable (" + r.status + ": " + r.body.error + ")";
      const t = ev.trigger || "";
      renderRecord(t, { events: [{ id: ev.id, span: [0, enc.encode(t).length], cameo: ev.cameo, plover: ev.plover }] }, ev.id);
    }
  }
  async function codeText() {
    const text = $("#codetext").value;
    if (!text.trim()) return;
    const r = await fetch("/v1/code", { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ id: "pasted", text }) });
    const rec = await r.json();
    $("#articlebox").hidden = false;
    $("#atitle").textContent = "Pasted article";
    if (r.status !== 200) { $("#ameta").textContent = rec.error; return; }
    $("#ameta").textContent = rec.events.length + " events, " + rec.entities.length + " entities, " + rec.quotes.length + " quotes";
    $("#evidence").replaceChildren();
    renderRecord(text, rec, rec.events[0] && rec.events[0].id);
  }

  // ------------------------------------------------------------ wiring
  async function refresh() {
    setStatus("loading…");
    const u = new URL(location.href);
    for (const k of ["country", "root", "plover", "since", "until", "text"]) {
      if (state.filters[k]) u.searchParams.set(k, state.filters[k]); else u.searchParams.delete(k);
    }
    history.replaceState(null, "", u);
    await loadTable(true);
    const inc = await api("/v1/incidents" + query({ limit: 5000 }, ["plover"]));
    let ms, what;
    if (inc.status === 200 && Array.isArray(inc.body.incidents) && state.colour === "root") {
      state.incidents = inc.body.incidents; ms = markersFromIncidents(state.incidents); what = "incidents";
    } else {
      state.incidents = null;
      const r = await api("/v1/events" + query({ limit: 5000 }));
      ms = markersFromEvents(r.status === 200 ? r.body.events : []); what = "places";
    }
    drawMarkers(ms);
    await drawTimeline();
    setStatus(ms.length + " " + what + " on the map" + (what === "places" && inc.status !== 200 ? " (events; incidents unavailable)" : ""));
    document.body.dataset.ready = "1";
  }
  async function main() {
    const u = new URL(location.href);
    for (const k of ["country", "root", "plover", "since", "until", "text"]) state.filters[k] = u.searchParams.get(k) || "";
    await drawBase();
    await fillKinds();
    writeForm();
    $("#filters").addEventListener("submit", (e) => { e.preventDefault(); readForm(); refresh(); });
    $("#reset").addEventListener("click", () => { state.filters = {}; writeForm(); refresh(); });
    $("#more").addEventListener("click", () => loadTable(false));
    $("#codebtn").addEventListener("click", codeText);
    await refresh();
    const art = u.searchParams.get("article"), evid = u.searchParams.get("event");
    if (art) {
      const ev = state.events.find((e) => e.article === art && (!evid || e.id === evid)) || { article: art, id: evid };
      await showArticle(ev);
    }
  }
  main().catch((e) => setStatus("error: " + e));
})();
