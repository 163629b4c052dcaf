/* Offer search: "use my location" (browser geolocation), the Leaflet map of results and the
   focus on the results after a search.
   Data comes from data-* attributes and <script type="application/json" id="offer-map-data">.
   Markers are divIcons, so the map still shows them when no tile loads. */
(function () {
  "use strict";

  function setupLocate() {
    var button = document.querySelector("[data-locate]");
    var form = document.getElementById("offer-search");
    if (!button || !form || !("geolocation" in navigator)) return;
    var status = document.querySelector("[data-locate-status]");
    button.hidden = false;
    button.addEventListener("click", function () {
      if (status) status.textContent = button.dataset.msgWait;
      navigator.geolocation.getCurrentPosition(
        function (pos) {
          form.querySelector("input[name=lat]").value = pos.coords.latitude.toFixed(5);
          form.querySelector("input[name=lon]").value = pos.coords.longitude.toFixed(5);
          form.querySelector("input[name=plz]").value = "";
          form.submit();
        },
        function () { if (status) status.textContent = button.dataset.msgFail; },
        { enableHighAccuracy: false, timeout: 10000, maximumAge: 600000 }
      );
    });
    var plz = form.querySelector("input[name=plz]");
    if (plz) {
      plz.addEventListener("input", function () {
        // typing a postal code replaces the location
        form.querySelector("input[name=lat]").value = "";
        form.querySelector("input[name=lon]").value = "";
      });
    }
  }

  function marker(L, point, label, extraClass) {
    return L.marker([point.lat, point.lon], {
      icon: L.divIcon({
        className: "mt-marker" + (extraClass ? " " + extraClass : ""),
        html: label,
        iconSize: [26, 26],
        iconAnchor: [13, 13]
      }),
      keyboard: true,
      title: point.title || point.label || ""
    });
  }

  function popup(point) {
    var box = document.createElement("div");
    var title = document.createElement(point.url ? "a" : "strong");
    title.textContent = point.title;
    if (point.url) title.href = point.url;
    box.appendChild(title);
    var company = document.createElement("div");
    company.textContent = point.company + (point.km !== undefined ? " · " + point.km + " km" : "");
    box.appendChild(company);
    return box;
  }

  function setupMap() {
    var el = document.getElementById("offer-map");
    var dataEl = document.getElementById("offer-map-data");
    if (!el || !dataEl || typeof L === "undefined") return;
    var data = JSON.parse(dataEl.textContent);
    var map = L.map(el, { scrollWheelZoom: false });
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, {
        maxZoom: 18,
        attribution: "© OpenStreetMap"
      }).addTo(map);
    }
    var bounds = [];
    if (data.origin) {
      marker(L, data.origin, "●", "mt-marker-you").addTo(map).bindPopup(el.dataset.you || "");
      bounds.push([data.origin.lat, data.origin.lon]);
    }
    (data.points || []).forEach(function (point, i) {
      marker(L, point, data.points.length > 1 ? String(i + 1) : "●").addTo(map).bindPopup(popup(point));
      bounds.push([point.lat, point.lon]);
    });
    if (bounds.length === 1) map.setView(bounds[0], 13);
    else if (bounds.length) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 13 });
    el.dataset.ready = "1";
  }

  // After a search the results heading takes the focus, so that screen readers start there,
  // and on a phone it moves to the top of the screen (the form is folded into "Change
  // search" above it). On wide screens the form stays open above the results.
  function focusResults() {
    var heading = document.querySelector("[data-focus-results]");
    if (!heading) return;
    var wide = window.matchMedia("(min-width: 40rem)").matches;
    var change = document.querySelector("[data-change-search]");
    if (change && wide) change.open = true;
    if (!wide) heading.scrollIntoView({ block: "start" });
    heading.focus({ preventScroll: !wide });
  }

  function start() { focusResults(); setupLocate(); setupMap(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
