// The map: server-side clusters from /api/v1/map and a list of the incidents in view from
// /api/v1/incidents, both with the page's filters, redrawn when the view moves.
// Everything from reports is set with textContent only: nothing is ever parsed as HTML.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  const element = document.getElementById("map");
  if (!element || !window.L) { return; }
  const filters = element.dataset.query || "";
  const map = L.map(element, { worldCopyJump: true });
  const tiles = element.dataset.tiles;
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 18, attribution: "© OpenStreetMap contributors" }).addTo(map);
  }
  const layer = L.layerGroup().addTo(map);
  // How far from its point a single incident may be, by the precision of its place.
  const uncertainty = { point: 200, town: 2000, admin2: 15000, admin1: 60000, country: 250000 };
  // Colour is the grade; one list feeds the circles and the legend.
  const grades = [
    ["confirmed", "#2f7d32"], ["fair", "#8aa62c"], ["weak", "#d9a21b"],
    ["contested", "#c0392b"], ["discounted", "#7f7f7f"],
    ["mixed", "#7b5ea7", "grades differ"], ["", "#4f7aa6", "no grade"],
  ];
  const colour = {};
  grades.forEach(function (g) { colour[g[0]] = g[1]; });
  const SHOWN = 50;

  // Size is the number killed (lower bounds, summed over a group).
  function radius(killed) { return 5 + Math.min(25, Math.sqrt(killed || 0) * 2.5); }

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }

  // A place by the gazetteer's name, the report's spelling beside it (as _places.html does).
  function placeName(i) {
    const name = el("span", i.place || i.place_mentioned || "unknown place");
    const written = i.place_mentioned;
    if (i.place && written && written.toLowerCase() !== i.place.toLowerCase()) {
      name.appendChild(document.createTextNode(" "));
      name.appendChild(el("small", "(" + written + ")", "as-written"));
    } else if (!i.place && written) {
      name.appendChild(document.createTextNode(" "));
      name.appendChild(el("small", "(as written)", "as-written"));
    }
    return name;
  }

  function query(extra) {
    const params = new URLSearchParams(filters);
    Object.keys(extra).forEach(function (k) { params.set(k, extra[k]); });
    return params.toString();
  }

  function legend() {
    const box = document.getElementById("map-legend");
    if (!box) { return; }
    const sizes = el("div", undefined, "legend-row");
    sizes.appendChild(el("span", "Killed (at least):", "legend-title"));
    [1, 10, 100].forEach(function (killed) {
      const dot = el("span", undefined, "legend-dot");
      const d = 2 * radius(killed);
      dot.style.width = d + "px";
      dot.style.height = d + "px";
      sizes.appendChild(dot);
      sizes.appendChild(el("span", String(killed)));
    });
    const colours = el("div", undefined, "legend-row");
    colours.appendChild(el("span", "Grade:", "legend-title"));
    grades.forEach(function (g) {
      const dot = el("span", undefined, "legend-dot");
      dot.style.background = g[1];
      colours.appendChild(dot);
      colours.appendChild(el("span", g[2] || g[0], "legend-grade"));
    });
    const counts = el("div", undefined, "legend-row");
    counts.appendChild(el("span", "12", "cluster-count legend-count"));
    counts.appendChild(el("span", "a group of 12 nearby incidents; click to zoom in"));
    box.replaceChildren(sizes, colours, counts);
  }

  function figure(low, high) {
    if (low === null && high === null) { return "–"; }
    if (low === high) { return String(low); }
    if (high === null) { return "≥ " + low; }
    if (low === null) { return "≤ " + high; }
    return low + "–" + high;
  }

  function popup(cell) {
    const box = el("div");
    const title = el("strong", "1 incident");
    box.appendChild(title);
    box.appendChild(el("div", "at least " + cell.killed + " killed"));
    const link = el("a", "Open the incident");
    link.href = "/incidents/" + encodeURIComponent(cell.id);
    box.appendChild(link);
    // The cell knows no place: ask for the incident, and name it once it answers.
    fetch("/api/v1/incidents/" + encodeURIComponent(cell.id), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (i) { if (i) { title.replaceChildren(placeName(i)); } })
      .catch(function () { /* the popup keeps "1 incident" */ });
    return box;
  }

  function drawCells(cells) {
    layer.clearLayers();
    cells.forEach(function (cell) {
      if (cell.n === 1 && uncertainty[cell.geo_precision]) {
        L.circle([cell.lat, cell.lon], {
          radius: uncertainty[cell.geo_precision], color: "#6d8fb3", weight: 1, fillOpacity: 0.08,
          interactive: false,
        }).addTo(layer);
      }
      const fill = colour[cell.grade || ""] || colour[""];
      const circle = L.circleMarker([cell.lat, cell.lon], {
        radius: radius(cell.killed), color: "#1d2329", weight: 1, fillColor: fill, fillOpacity: 0.75,
      }).addTo(layer);
      if (cell.n === 1) {
        circle.bindPopup(function () { return popup(cell); });
      } else {
        circle.on("click", function () { map.setView([cell.lat, cell.lon], Math.min(map.getZoom() + 2, 18)); });
        L.marker([cell.lat, cell.lon], {
          interactive: false, keyboard: false,
          icon: L.divIcon({ className: "cluster-count", html: String(Number(cell.n)), iconSize: [28, 16] }),
        }).addTo(layer);
      }
    });
  }

  function drawList(data, box) {
    const aside = document.getElementById("map-list");
    if (!aside) { return; }
    const parts = [el("h2", data.total + " incident" + (data.total === 1 ? "" : "s") + " in view")];
    const open = el("a", "Open them in the list");
    open.href = "/incidents?" + query({ bbox: box });
    const para = el("p");
    para.appendChild(open);
    parts.push(para);
    if (data.total > SHOWN) { parts.push(el("p", "The " + SHOWN + " with the most killed:", "note")); }
    const list = el("ol", undefined, "in-view");
    data.incidents.forEach(function (i) {
      const item = el("li");
      const link = el("a");
      link.appendChild(placeName(i));
      link.href = "/incidents/" + encodeURIComponent(i.id);
      item.appendChild(link);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(el("span", i.grade || "no grade", "grade " + (i.grade || "")));
      item.appendChild(el("br"));
      item.appendChild(el("small", (i.date || "undated") + " · killed " + figure(i.killed_min, i.killed_max)));
      list.appendChild(item);
    });
    parts.push(list);
    aside.replaceChildren.apply(aside, parts);
  }

  function failed(message) {
    const aside = document.getElementById("map-list");
    if (aside) { aside.replaceChildren(el("h2", "In view"), el("p", message, "error")); }
  }

  function wrap(lon) { return ((lon + 180) % 360 + 360) % 360 - 180; }

  let latest = 0;
  function load() {
    const asked = ++latest;
    const b = map.getBounds();
    const view = {
      west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth(), zoom: map.getZoom(),
    };
    // The list's box in -180…180; a view across the antimeridian gives west > east.
    let west = b.getWest();
    let east = b.getEast();
    if (east - west >= 360) {
      west = -180;
      east = 180;
    } else if (west < -180 || east > 180) {
      west = wrap(west);
      east = wrap(east);
    }
    const south = Math.max(-90, b.getSouth());
    const north = Math.min(90, b.getNorth());
    const box = [west, south, east, north].map(function (v) { return v.toFixed(5); }).join(",");
    function json(r) {
      if (!r.ok) { throw new Error("the server answered " + r.status); }
      return r.json();
    }
    fetch(element.dataset.api + "?" + query(view), { credentials: "same-origin" })
      .then(json)
      .then(function (data) { if (asked === latest) { drawCells(data.cells || []); } })
      .catch(function (error) { failed("The map could not load: " + error.message); });
    const wanted = { bbox: box, sort: "-killed", per_page: SHOWN };
    fetch(element.dataset.list + "?" + query(wanted), { credentials: "same-origin" })
      .then(json)
      .then(function (data) { if (asked === latest) { drawList(data, box); } })
      .catch(function (error) { failed("The list could not load: " + error.message); });
  }

  legend();
  const bounds = JSON.parse(element.dataset.bounds || "null");
  if (bounds) {
    map.fitBounds([[bounds[1], bounds[0]], [bounds[3], bounds[2]]], { padding: [30, 30], maxZoom: 11 });
  } else {
    map.setView([35, 40], 6);
  }
  map.on("moveend", load);
  load();
});
