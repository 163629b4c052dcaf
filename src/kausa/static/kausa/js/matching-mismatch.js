/* Mismatch map: a circle at each district centre, sized by young people without an offer.
   Circles are vector shapes, so the map works without tiles. */
(function () {
  "use strict";
  function start() {
    var el = document.getElementById("mismatch-map");
    var dataEl = document.getElementById("mismatch-map-data");
    if (!el || !dataEl || typeof L === "undefined") return;
    var data = JSON.parse(dataEl.textContent);
    var map = L.map(el, { scrollWheelZoom: false });
    if (el.dataset.tiles) L.tileLayer(el.dataset.tiles, { maxZoom: 14, attribution: "© OpenStreetMap" }).addTo(map);
    var bounds = [];
    data.points.forEach(function (p) {
      var radius = p.size ? 6 + Math.sqrt(p.size) * 3 : 4;
      var circle = L.circleMarker([p.lat, p.lon], {
        radius: radius, color: "#a8430f", weight: 1, fillColor: p.size ? "#a8430f" : "#0b5c55", fillOpacity: 0.45
      }).addTo(map);
      var box = document.createElement("div");
      var title = document.createElement("strong");
      title.textContent = p.name;
      box.appendChild(title);
      var line1 = document.createElement("div");
      line1.textContent = p.people + " " + el.dataset.labelPeople;
      var line2 = document.createElement("div");
      line2.textContent = p.offers + " " + el.dataset.labelOffers;
      box.appendChild(line1); box.appendChild(line2);
      circle.bindPopup(box);
      bounds.push([p.lat, p.lon]);
    });
    if (bounds.length === 1) map.setView(bounds[0], 9);
    else if (bounds.length) map.fitBounds(bounds, { padding: [20, 20], maxZoom: 10 });
    else map.setView([51.2, 10.4], 5);
    el.dataset.ready = "1";
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
