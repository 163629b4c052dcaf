/* Staff tour builder: pick companies on the map or in the list, reorder, save or optimise. */
(function () {
  "use strict";
  var dataEl = document.getElementById("jw-builder-data");
  var form = document.querySelector("[data-jw-builder]");
  if (!dataEl || !form) return;
  var data = JSON.parse(dataEl.textContent);
  var t = document.querySelector("[data-jw-i18n]").dataset;
  var orderInput = form.querySelector("[data-jw-order]");
  var list = form.querySelector("[data-jw-order-list]");
  var byId = {};
  data.companies.forEach(function (c) { byId[c.id] = c; });
  var order = orderInput.value ? orderInput.value.split(",").map(Number) : [];
  var editable = !!form.querySelector("[data-jw-pick]");

  var mapEl = document.getElementById("jw-map");
  var map = null, markers = {};
  if (mapEl && window.L && window.JobwalkMap) {
    map = window.JobwalkMap.create(mapEl);
    window.JobwalkMap.drawTour(map, data.tour, { startLabel: t.start });
    data.companies.forEach(function (c) {
      var m = L.circleMarker([c.lat, c.lon], { radius: 7, color: "#fff", weight: 2, fillColor: "#6b7785", fillOpacity: 0.9 })
        .bindTooltip(window.JobwalkMap.label(c.name)).addTo(map);
      if (editable) m.on("click", function () { toggle(c.id); });
      markers[c.id] = m;
    });
  }

  function toggle(id) {
    var i = order.indexOf(id);
    if (i >= 0) order.splice(i, 1); else order.push(id);
    render();
  }

  function move(id, step) {
    var i = order.indexOf(id), j = i + step;
    if (i < 0 || j < 0 || j >= order.length) return;
    order[i] = order[j];
    order[j] = id;
    render();
  }

  function button(text, label, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "button button-secondary button-small";
    b.textContent = text;
    b.setAttribute("aria-label", label);
    b.addEventListener("click", onClick);
    return b;
  }

  function render() {
    orderInput.value = order.join(",");
    if (!editable) return;
    list.textContent = "";
    order.forEach(function (id) {
      var c = byId[id];
      if (!c) return;
      var li = document.createElement("li");
      li.setAttribute("data-company", id);
      var name = document.createElement("span");
      name.textContent = c.name;
      li.appendChild(name);
      var tools = document.createElement("span");
      tools.className = "jw-tools";
      tools.appendChild(button("↑", t.up + ": " + c.name, function () { move(id, -1); }));
      tools.appendChild(button("↓", t.down + ": " + c.name, function () { move(id, 1); }));
      tools.appendChild(button("×", t.remove + ": " + c.name, function () { toggle(id); }));
      li.appendChild(tools);
      list.appendChild(li);
    });
    form.querySelectorAll("[data-jw-pick]").forEach(function (box) {
      box.checked = order.indexOf(Number(box.value)) >= 0;
    });
    Object.keys(markers).forEach(function (id) {
      var on = order.indexOf(Number(id)) >= 0;
      markers[id].setStyle({ fillColor: on ? "#b3261e" : "#6b7785" });
    });
  }

  form.querySelectorAll("[data-jw-pick]").forEach(function (box) {
    box.addEventListener("change", function () { toggle(Number(box.value)); });
  });
  render();
})();
