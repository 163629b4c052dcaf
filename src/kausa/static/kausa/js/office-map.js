// An office's area on a small Leaflet map: one circle at the centre of its postal code
// (drawn even when no tile loads). The address itself is text on the page.
(function () {
  "use strict";
  var el = document.getElementById("office-map");
  if (!el || typeof L === "undefined") return;
  var lat = parseFloat(el.dataset.lat), lon = parseFloat(el.dataset.lon);
  if (isNaN(lat) || isNaN(lon)) return;
  var map = L.map(el, { scrollWheelZoom: false }).setView([lat, lon], 14);
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(map);
  }
  L.circleMarker([lat, lon], {
    radius: 10, color: "#0b5d5b", weight: 2, fillColor: "#12827f", fillOpacity: 0.85
  }).addTo(map);
})();
