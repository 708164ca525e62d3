// storingsradar live map: municipality boundaries as SVG, open alerts on their postcodes,
// a list beside it, updated from server-sent events. No external tiles, fonts or libraries.
"use strict";
(function () {
  const SVG = "http://www.w3.org/2000/svg";
  const COLOURS = { 1: "#f2c84b", 2: "#f28c28", 3: "#d7263d" };
  const W = 1000, LAT0 = 52.2, K = Math.cos(LAT0 * Math.PI / 180);
  const fmt = new Intl.DateTimeFormat("nl-NL", {
    timeZone: "Europe/Amsterdam", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", second: "2-digit",
  });
  const alerts = new Map();      // alert_id -> view
  const pending = new Map();     // alert_id -> view, drawn on the next frame
  let bbox = null, scale = 1;
  // Read by tests and the benchmark: what is drawn and how long drawing took.
  const state = window.storingsradarMap = { ready: false, count: 0, updates: 0, lastDrawMs: 0, maxDrawMs: 0, drawnAt: {} };

  const $ = (id) => document.getElementById(id);
  const project = (lat, lon) => [(lon - bbox[0]) * K * scale, (bbox[3] - lat) * scale];

  function drawMunicipalities(geo) {
    let minX = 180, minY = 90, maxX = -180, maxY = -90;
    for (const f of geo.features) for (const poly of f.geometry.coordinates) for (const ring of poly)
      for (const [x, y] of ring) { minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y); }
    bbox = [minX, minY, maxX, maxY];
    scale = W / ((maxX - minX) * K);
    const H = (maxY - minY) * scale;
    $("map").setAttribute("viewBox", `0 0 ${W} ${H.toFixed(0)}`);
    const parts = [];
    for (const f of geo.features) {
      let d = "";
      for (const poly of f.geometry.coordinates) for (const ring of poly) {
        d += "M" + ring.map(([x, y]) => project(y, x).map((v) => v.toFixed(1)).join(",")).join("L") + "Z";
      }
      parts.push(`<path d="${d}"><title>${f.properties.gemeentenaam}</title></path>`);
    }
    $("gemeenten").innerHTML = parts.join("");
  }

  function when(iso) { return fmt.format(new Date(iso)); }
  function esc(s) { return String(s ?? "").replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]); }

  function marker(a) {
    const g = document.createElementNS(SVG, "g");
    g.setAttribute("data-alert-id", a.alert_id);
    if (a.status === "resolved") g.setAttribute("class", "resolved");
    const r = 3 + 2 * a.level;
    for (const [pc4, lat, lon] of a.points) {
      const [x, y] = project(lat, lon);
      const c = document.createElementNS(SVG, "circle");
      c.setAttribute("cx", x.toFixed(1)); c.setAttribute("cy", y.toFixed(1)); c.setAttribute("r", r);
      c.setAttribute("fill", COLOURS[a.level] || "#888");
      c.setAttribute("class", "u-" + a.utility);
      const t = document.createElementNS(SVG, "title");
      t.textContent = `${pc4} ${a.gemeente || ""}: ${a.utility}, niveau ${a.level}, ${a.reports} meldingen`;
      c.appendChild(t); g.appendChild(c);
    }
    return g;
  }

  function row(a) {
    const tr = document.createElement("tr");
    tr.setAttribute("data-alert-id", a.alert_id);
    tr.dataset.sort = a.detected_at;
    const area = a.postcodes.slice(0, 6).join(" ") + (a.postcodes.length > 6 ? ` +${a.postcodes.length - 6}` : "");
    tr.innerHTML = `<td class="lvl"><span style="background:${COLOURS[a.level]}">${a.level}</span></td>` +
      `<td>${esc(a.utility)}</td><td>${esc(area)} ${esc(a.gemeente)}</td><td>${a.reports}</td>` +
      `<td>${a.evidence}</td><td>${when(a.first_post_at)}</td><td>${when(a.detected_at)}</td><td>${esc(a.status)}</td>`;
    return tr;
  }

  function draw() {
    const t0 = performance.now();
    const layer = $("alerts"), rows = $("rows");
    for (const [id, a] of pending) {
      const old = layer.querySelector(`g[data-alert-id="${CSS.escape(id)}"]`);
      const oldRow = rows.querySelector(`tr[data-alert-id="${CSS.escape(id)}"]`);
      if (old) old.remove();
      if (oldRow) oldRow.remove();
      if (a === null) { alerts.delete(id); continue; }
      alerts.set(id, a);
      state.drawnAt[id] = Date.now();
      layer.appendChild(marker(a));
      const tr = row(a);
      tr.className = "fresh";
      // Newest detection first: find the first row detected before this one.
      let before = rows.firstElementChild;
      while (before && before.dataset.sort > a.detected_at) before = before.nextElementSibling;
      rows.insertBefore(tr, before);
    }
    pending.clear();
    state.count = alerts.size;
    $("count").textContent = `${alerts.size} alerts`;
    $("updated").textContent = "bijgewerkt " + fmt.format(new Date());
    state.lastDrawMs = performance.now() - t0;
    state.maxDrawMs = Math.max(state.maxDrawMs, state.lastDrawMs);
    scheduled = false;
  }

  let scheduled = false;
  function queue(a, removed) {
    pending.set(a.alert_id, removed ? null : a);
    state.updates += 1;
    if (!scheduled) { scheduled = true; requestAnimationFrame(draw); }
  }

  function connect() {
    const source = new EventSource("/map/events");
    source.addEventListener("open", () => { $("status").textContent = "live"; $("status").dataset.state = "live"; });
    source.addEventListener("error", () => { $("status").textContent = "verbinding verbroken, opnieuw…"; $("status").dataset.state = "error"; });
    source.addEventListener("snapshot", (e) => {
      const list = JSON.parse(e.data);
      for (const id of alerts.keys()) pending.set(id, null);
      for (const a of list) queue(a, false);
      if (!scheduled) { scheduled = true; requestAnimationFrame(draw); }
      state.ready = true;
    });
    source.addEventListener("alert", (e) => {
      const a = JSON.parse(e.data);
      // Live, a resolved alert leaves the map; a replay file is all in the snapshot.
      queue(a, a.status === "resolved");
    });
  }

  fetch("/map/static/nl_gemeenten.geojson").then((r) => r.json()).then((geo) => {
    drawMunicipalities(geo);
    connect();
  }).catch((err) => { $("status").textContent = "kaart niet geladen: " + err; $("status").dataset.state = "error"; });
})();
