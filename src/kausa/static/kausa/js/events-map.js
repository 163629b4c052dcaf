// The venue on a Leaflet map; the marker shows even when no tile loads.
(function () {
  "use strict";
  var el = document.getElementById("event-map");
  if (!el || typeof L === "undefined") return;
  var lat = parseFloat(el.dataset.lat), lon = parseFloat(el.dataset.lon);
  if (isNaN(lat) || isNaN(lon)) return;
  var map = L.map(el, { scrollWheelZoom: false }).setView([lat, lon], 15);
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(map);
  }
  L.circleMarker([lat, lon], { radius: 10, color: "#0b5d5b", fillOpacity: 0.8 })
    .addTo(map)
    .bindPopup(el.dataset.label || "");
})();
