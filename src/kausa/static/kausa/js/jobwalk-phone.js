/* JOBWALK phone page: where am I, where is the next station, check in, quiz, offline. */
(function () {
  "use strict";
  var dataEl = document.getElementById("jw-phone-data");
  if (!dataEl) return;
  var data = JSON.parse(dataEl.textContent);
  var tour = data.tour;
  var t = document.querySelector("[data-jw-i18n]").dataset;
  var csrfInput = document.querySelector("[data-jw-csrf] input[name=csrfmiddlewaretoken]");
  var csrf = csrfInput ? csrfInput.value : "";
  var key = "kausa-jobwalk-" + tour.properties.id;
  var state = load();
  var here = null;        // last position {lat, lon}
  var hereMarker = null;
  var arrivedAt = null;   // station id whose card was opened on arrival
  var geoProblem = "";    // the last location error, said in the page's language
  // a planned tour (from the planner) is checked in on the phone by location: no codes
  var onDevice = data.checkin === "device";

  var stations = tour.features
    .filter(function (f) { return f.properties.kind === "station"; })
    .map(function (f) {
      return Object.assign({}, f.properties, { lat: f.geometry.coordinates[1], lon: f.geometry.coordinates[0] });
    })
    .sort(function (a, b) { return a.position - b.position; });

  function load() {
    try { return JSON.parse(localStorage.getItem(key)) || {}; } catch (e) { return {}; }
  }
  function save() {
    try { localStorage.setItem(key, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }
  state.done = state.done || {};
  state.queue = state.queue || [];
  state.points = state.points || 0;

  /* --- map --------------------------------------------------------------------------- */
  var map = null, drawn = { markers: {} };
  var mapEl = document.getElementById("jw-map");
  if (mapEl && window.L && window.JobwalkMap) {
    map = window.JobwalkMap.create(mapEl);
    drawn = window.JobwalkMap.drawTour(map, tour, { startLabel: t.start, onStation: openCard });
  }

  /* --- geometry ---------------------------------------------------------------------- */
  function rad(d) { return d * Math.PI / 180; }
  function distance(a, b) {
    var dLat = rad(b.lat - a.lat), dLon = rad(b.lon - a.lon);
    var h = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * 6371008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
  }
  function bearing(a, b) {
    var y = Math.sin(rad(b.lon - a.lon)) * Math.cos(rad(b.lat));
    var x = Math.cos(rad(a.lat)) * Math.sin(rad(b.lat)) - Math.sin(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.cos(rad(b.lon - a.lon));
    return (Math.atan2(y, x) * 180 / Math.PI + 360) % 360;
  }
  function formatDistance(m) {
    return m < 1000 ? Math.round(m / 5) * 5 + " m" : (m / 1000).toFixed(1) + " km";
  }

  /* --- next station ------------------------------------------------------------------ */
  function nextStation() {
    for (var i = 0; i < stations.length; i++) {
      if (!state.done[stations[i].id]) return stations[i];
    }
    return null;
  }

  var nextBox = document.querySelector("[data-jw-next]");
  function showNext() {
    var next = nextStation();
    document.querySelector("[data-jw-points]").textContent = state.points;
    Object.keys(state.done).forEach(markDone);
    nextBox.hidden = false;
    if (!next) {
      nextBox.querySelector("[data-jw-next-name]").textContent = t.done;
      nextBox.querySelector("[data-jw-next-distance]").textContent = "";
      nextBox.querySelector("[data-jw-next-direction]").textContent = "";
      return;
    }
    nextBox.querySelector("[data-jw-next-name]").textContent = next.position + ". " + next.name;
    if (!here) return;
    var d = distance(here, next);
    var b = bearing(here, next);
    var dirs = t.dirs.split(",");
    nextBox.querySelector("[data-jw-next-distance]").textContent = formatDistance(d);
    nextBox.querySelector("[data-jw-next-direction]").textContent = dirs[Math.round(b / 45) % 8];
    nextBox.querySelector("[data-jw-arrow]").style.transform = "rotate(" + Math.round(b) + "deg)";
    if (d <= next.radius_m) {
      nextBox.querySelector("[data-jw-gps-status]").textContent = t.arrived;
      if (arrivedAt !== next.id) {
        arrivedAt = next.id;
        openCard(next.id);
      }
    }
  }

  function openCard(id) {
    var item = document.getElementById("station-" + id);
    if (!item) return;
    var card = item.querySelector("[data-jw-card]");
    card.open = true;
    item.scrollIntoView({ behavior: "smooth", block: "start" });
  }

  function markDone(id) {
    var item = document.getElementById("station-" + id);
    if (item) {
      item.classList.add("jw-done");
      item.querySelector("[data-jw-done]").hidden = false;
    }
    var m = drawn.markers[id];
    if (m && m.getElement()) m.getElement().classList.add("jw-pin-done");
  }

  /* --- location ---------------------------------------------------------------------- */
  var gpsHelp = document.querySelector("[data-jw-gps-help]");
  function onPosition(pos) {
    here = { lat: pos.coords.latitude, lon: pos.coords.longitude };
    geoProblem = "";
    if (gpsHelp) gpsHelp.hidden = true;
    nextBox.querySelector("[data-jw-gps-status]").textContent = "±" + Math.round(pos.coords.accuracy) + " m";
    if (map) {
      if (!hereMarker) {
        hereMarker = L.circleMarker([here.lat, here.lon], { radius: 9, color: "#fff", weight: 3, fillColor: "#1a73e8", fillOpacity: 1 })
          .bindTooltip(window.JobwalkMap.label(t.here)).addTo(map);
      } else {
        hereMarker.setLatLng([here.lat, here.lon]);
      }
    }
    showNext();
  }
  /* Never the browser's own text (English "User denied Geolocation"): what happened and
     what to do next, from the page (its language). */
  function geoMessage(error) {
    var text = t.geoUnavailable;
    if (!error) text = t.geoUnsupported;
    else if (error.code === 1) text = t.geoDenied;       // PERMISSION_DENIED
    else if (error.code === 3) text = t.geoTimeout;      // TIMEOUT
    if (t.codeHint && (!error || error.code !== 3)) text += " " + t.codeHint;
    return text;
  }
  function onPositionError(error) {
    if (here && error && error.code === 3) return;  // a slow fix while we have one
    geoProblem = geoMessage(error);
    nextBox.querySelector("[data-jw-gps-status]").textContent = "";
    if (gpsHelp) {
      gpsHelp.textContent = geoProblem;
      gpsHelp.hidden = false;
    }
  }
  if (navigator.geolocation) {
    nextBox.querySelector("[data-jw-gps-status]").textContent = t.gpsWait;
    navigator.geolocation.watchPosition(onPosition, onPositionError, { enableHighAccuracy: true, maximumAge: 5000, timeout: 30000 });
  } else {
    onPositionError(null);
  }

  /* --- team walk and check-in -------------------------------------------------------- */
  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body || {}),
    });
  }

  function ensureWalk() {
    if (state.token) return Promise.resolve(state.token);
    return post(data.urls.walk).then(function (r) {
      if (!r.ok) throw new Error("walk");
      return r.json();
    }).then(function (body) {
      state.token = body.token;
      save();
      return state.token;
    });
  }

  function send(payload) {
    return ensureWalk().then(function (token) {
      return post(data.urls.checkin.replace("TOKEN", token), payload);
    });
  }

  function showResult(form, text, ok) {
    var out = form.querySelector("[data-jw-result]");
    out.textContent = text;
    out.classList.toggle("jw-ok", !!ok);
  }

  function handle(form, payload) {
    return send(payload).then(function (r) {
      return r.json().then(function (body) { return { ok: r.ok, body: body }; });
    }).then(function (res) {
      if (!res.ok) {
        showResult(form, res.body.detail || "?", false);
        return;
      }
      state.done[payload.station] = true;
      state.points = res.body.points;
      save();
      var text = t.checked;
      if (res.body.quiz_correct === true) text += " " + t.quizRight;
      if (res.body.quiz_correct === false) text += " " + t.quizWrong;
      showResult(form, text, true);
      showNext();
    }, function () {
      // offline: keep it and send it later
      state.queue.push(payload);
      state.done[payload.station] = true;
      save();
      showResult(form, t.queued, true);
      document.querySelector("[data-jw-offline]").hidden = false;
      showNext();
    });
  }

  function flush() {
    if (!state.queue.length || !navigator.onLine) return;
    var queued = state.queue.slice();
    state.queue = [];
    save();
    queued.forEach(function (payload) {
      send(payload).then(function (r) { return r.json(); }).then(function (body) {
        if (body.points !== undefined) { state.points = body.points; save(); showNext(); }
      }, function () { state.queue.push(payload); save(); });
    });
    document.querySelector("[data-jw-offline]").hidden = true;
  }
  window.addEventListener("online", flush);

  /* planned tour: near enough to the station by location, decided here */
  function checkInOnDevice(form, id) {
    var station = stations.filter(function (s) { return s.id === id; })[0];
    if (!station) return;
    if (!here) {
      showResult(form, geoProblem || t.geoPending, false);
      return;
    }
    var d = distance(here, station);
    if (d > station.radius_m) {
      showResult(form, t.far.replace("{d}", Math.round(d)).replace("{r}", station.radius_m), false);
      return;
    }
    if (!state.done[id]) {
      state.done[id] = true;
      state.points += 10;
      save();
    }
    showResult(form, t.checked, true);
    showNext();
  }

  document.querySelectorAll("[data-jw-checkin]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (onDevice) {
        checkInOnDevice(form, parseInt(form.getAttribute("data-jw-checkin"), 10));
        return;
      }
      var payload = { station: parseInt(form.getAttribute("data-jw-checkin"), 10) };
      var code = form.querySelector("[name=code]").value.trim();
      if (code) payload.code = code;
      if (here) { payload.lat = here.lat; payload.lon = here.lon; }
      var answer = form.querySelector("[name=answer]:checked");
      if (answer) payload.answer = parseInt(answer.value, 10);
      handle(form, payload);
    });
  });

  /* QR code at the station: #station=<id>&code=<code> */
  function fromHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    var id = params.get("station"), code = params.get("code");
    if (!id || !code) return;
    var form = document.querySelector('[data-jw-checkin="' + parseInt(id, 10) + '"]');
    if (!form || !form.querySelector("[name=code]")) return;
    form.querySelector("[name=code]").value = code;
    openCard(parseInt(id, 10));
    history.replaceState(null, "", location.pathname + location.search);
  }

  /* --- offline: a service worker keeps the page, the tour data and the scripts ---------- */
  function registerWorker() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.register(data.urls.sw, { scope: data.urls.scope }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (reg) {
      var urls = [location.pathname];
      if (data.urls.api) urls.push(data.urls.api);
      document.querySelectorAll("script[src]").forEach(function (s) { urls.push(s.getAttribute("src")); });
      document.querySelectorAll("link[rel=stylesheet], link[rel=manifest], link[rel=icon], link[rel=apple-touch-icon]").forEach(function (l) { urls.push(l.getAttribute("href")); });
      if (reg.active) reg.active.postMessage({ type: "cache", urls: urls });
    }).catch(function () { /* no offline mode, the page still works */ });
  }

  showNext();
  fromHash();
  if (!onDevice) flush();
  registerWorker();
})();
