// The map: server-side clusters from /api/v1/map, redrawn when the view moves.
// Popups are built with textContent only: no text from reports is ever parsed as HTML.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  const element = document.getElementById("map");
  if (!element || !window.L) { return; }
  const map = L.map(element, { worldCopyJump: true }).setView([35, 40], 6);
  const tiles = element.dataset.tiles;
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 18, attribution: "© OpenStreetMap contributors" }).addTo(map);
  }
  const layer = L.layerGroup().addTo(map);
  // How far from its point a single incident may be, by the precision of its place.
  const uncertainty = { point: 200, town: 2000, admin2: 15000, admin1: 60000, country: 250000 };

  function popup(cell) {
    const box = document.createElement("div");
    const line = document.createElement("div");
    line.textContent = cell.n + " incident(s), at least " + cell.killed + " killed";
    box.appendChild(line);
    const link = document.createElement("a");
    if (cell.n === 1) {
      link.href = "/incidents/" + encodeURIComponent(cell.id);
      link.textContent = "Open the incident";
    } else {
      link.href = "#";
      link.textContent = "Zoom in to see them";
      link.addEventListener("click", function (event) {
        event.preventDefault();
        map.setView([cell.lat, cell.lon], Math.min(map.getZoom() + 3, 18));
      });
    }
    box.appendChild(link);
    return box;
  }

  function load() {
    const b = map.getBounds();
    const query = new URLSearchParams({
      west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth(),
      zoom: map.getZoom(),
    });
    fetch(element.dataset.api + "?" + query.toString(), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        layer.clearLayers();
        (data.cells || []).forEach(function (cell) {
          if (cell.n === 1 && uncertainty[cell.geo_precision]) {
            L.circle([cell.lat, cell.lon], {
              radius: uncertainty[cell.geo_precision], color: "#6d8fb3", weight: 1, fillOpacity: 0.08,
              interactive: false,
            }).addTo(layer);
          }
          const radius = 6 + Math.min(30, Math.sqrt(cell.killed + cell.n) * 2);
          L.circleMarker([cell.lat, cell.lon], { radius: radius, color: "#b3564a", weight: 1, fillOpacity: 0.6 })
            .bindPopup(function () { return popup(cell); })
            .addTo(layer);
        });
      });
  }
  map.on("moveend", load);
  load();
});
