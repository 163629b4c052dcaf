// Network companies on a Leaflet map. Markers are drawn as circles, so they show even
// when no map tile loads (no tile server, offline, blocked).
(function () {
  "use strict";
  var el = document.getElementById("network-map");
  var data = document.getElementById("network-markers");
  if (!el || !data || typeof L === "undefined") return;
  var markers = JSON.parse(data.textContent || "[]");
  var map = L.map(el, { scrollWheelZoom: false }).setView([51.1, 10.4], 6);
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(map);
  }
  var bounds = [];
  var seen = {};
  // Companies often share a postal-code centre: spread those markers on a small ring
  // (about 150 m) so that each one can be clicked.
  function spread(m) {
    var key = m.lat.toFixed(4) + "," + m.lon.toFixed(4);
    var n = seen[key] = (seen[key] || 0) + 1;
    if (n === 1) return [m.lat, m.lon];
    var angle = n * 2.4, radius = 0.0012 * Math.sqrt(n);
    return [m.lat + radius * Math.sin(angle), m.lon + radius * 1.6 * Math.cos(angle)];
  }
  markers.forEach(function (m) {
    if (typeof m.lat !== "number" || typeof m.lon !== "number") return;
    var position = spread(m);
    var marker = L.circleMarker(position, {
      radius: 9, color: "#0b5d5b", weight: 2, fillColor: "#12827f", fillOpacity: 0.85,
      className: "nw-marker"
    }).addTo(map);
    if (m.url) {
      var box = document.createElement("div");
      var link = document.createElement("a");
      link.href = m.url;
      link.textContent = m.name;
      link.className = "nw-popup-link";
      box.appendChild(link);
      if (m.city) {
        var city = document.createElement("div");
        city.textContent = m.city;
        box.appendChild(city);
      }
      marker.bindPopup(box);
    }
    marker.getElement && marker.getElement() && marker.getElement().setAttribute("data-id", m.id);
    bounds.push(position);
  });
  if (bounds.length === 1) map.setView(bounds[0], el.dataset.single ? 14 : 11);
  else if (bounds.length > 1) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 12 });
})();
