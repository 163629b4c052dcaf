/* Planner: "use my location" fills the hidden lat/lon fields; the result is drawn on a map. */
(function () {
  "use strict";
  document.querySelectorAll("[data-jw-plan]").forEach(function (form) {
    var button = form.querySelector("[data-jw-locate]");
    var status = form.querySelector("[data-jw-locate-status]");
    if (!button || !navigator.geolocation) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = "…";
      navigator.geolocation.getCurrentPosition(function (pos) {
        form.querySelector("[name=lat]").value = pos.coords.latitude.toFixed(6);
        form.querySelector("[name=lon]").value = pos.coords.longitude.toFixed(6);
        form.querySelector("[name=postal_code]").value = "";
        status.textContent = "✓ " + pos.coords.latitude.toFixed(4) + ", " + pos.coords.longitude.toFixed(4);
      }, function () {
        // the page's language, never the browser's English error text
        status.textContent = button.dataset.msgFail;
      }, { enableHighAccuracy: true, timeout: 15000 });
    });
  });

  var dataEl = document.getElementById("jw-plan-data");
  var mapEl = document.getElementById("jw-map");
  if (!dataEl || !mapEl || !window.JobwalkMap) return;
  var plan = JSON.parse(dataEl.textContent);
  var features = [
    { type: "Feature", geometry: plan.geometry, properties: { kind: "route" } },
    { type: "Feature", geometry: { type: "Point", coordinates: [plan.start.lon, plan.start.lat] }, properties: { kind: "start" } },
  ];
  plan.stations.forEach(function (s, i) {
    features.push({
      type: "Feature",
      geometry: { type: "Point", coordinates: [s.lon, s.lat] },
      properties: { kind: "station", id: s.company_id, position: i + 1, name: s.name },
    });
  });
  var map = window.JobwalkMap.create(mapEl);
  window.JobwalkMap.drawTour(map, { type: "FeatureCollection", features: features });
})();
