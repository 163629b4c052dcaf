/* JOBWALK maps: route and stations drawn as vectors, so they show even without tiles. */
(function () {
  "use strict";

  function label(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span;
  }

  function pin(position, cls) {
    return L.divIcon({
      className: "jw-pin " + (cls || ""),
      html: "<span>" + String(parseInt(position, 10) || "") + "</span>",
      iconSize: [28, 28],
      iconAnchor: [14, 14],
    });
  }

  function create(el) {
    var map = L.map(el, { scrollWheelZoom: false, zoomControl: true });
    var tiles = el.getAttribute("data-tile-url");
    if (tiles) {
      L.tileLayer(tiles, {
        maxZoom: 19,
        attribution: "© OpenStreetMap contributors",
      }).addTo(map);
    }
    return map;
  }

  /* geojson: FeatureCollection from the API (route LineString, start and station Points). */
  function drawTour(map, geojson, options) {
    options = options || {};
    var bounds = [];
    var markers = {};
    var route = null;
    (geojson.features || []).forEach(function (f) {
      var p = f.properties || {};
      if (f.geometry.type === "LineString") {
        var latlngs = f.geometry.coordinates.map(function (c) { return [c[1], c[0]]; });
        if (latlngs.length > 1) {
          route = L.polyline(latlngs, { color: "#0b5cad", weight: 5, opacity: 0.85 }).addTo(map);
          bounds = bounds.concat(latlngs);
        }
      } else if (f.geometry.type === "Point") {
        var ll = [f.geometry.coordinates[1], f.geometry.coordinates[0]];
        bounds.push(ll);
        if (p.kind === "start") {
          L.circleMarker(ll, { radius: 8, color: "#fff", weight: 2, fillColor: "#1e6b34", fillOpacity: 1 })
            .bindTooltip(label(p.name || options.startLabel || "Start"))
            .addTo(map);
        } else {
          var m = L.marker(ll, { icon: pin(p.position), keyboard: true, title: p.name || "" })
            .bindTooltip(label((p.position ? p.position + ". " : "") + (p.name || "")))
            .addTo(map);
          markers[p.id] = m;
          if (options.onStation) {
            m.on("click", function () { options.onStation(p.id); });
          }
        }
      }
    });
    if (bounds.length) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 17 });
    } else {
      map.setView([51.1, 10.4], 6);
    }
    return { route: route, markers: markers };
  }

  window.JobwalkMap = { create: create, drawTour: drawTour, pin: pin, label: label };
})();
