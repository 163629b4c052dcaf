/* Check-in at the door on a flaky connection.
   The door list is loaded once and kept in this tab (sessionStorage: gone when the tab
   closes). Search, QR scan and check-in work without the network; check-ins wait in a
   queue and are sent when the connection is back. The server applies them idempotently. */
(function () {
  "use strict";
  var root = document.querySelector("[data-checkin]");
  if (!root || !window.fetch || !window.JSON) return;
  var t = JSON.parse(document.getElementById("checkin-texts").textContent);
  var listUrl = root.getAttribute("data-list-url");
  var syncUrl = root.getAttribute("data-sync-url");
  var key = "kausa-checkin-" + root.getAttribute("data-event");
  var csrf = (document.querySelector("[name=csrfmiddlewaretoken]") || {}).value || "";
  var input = document.getElementById("id_q");
  var form = input.form;
  var results = document.getElementById("checkin-results");
  var status = document.getElementById("checkin-status");
  var pending = document.getElementById("checkin-pending");
  var counter = document.getElementById("checkin-counter");
  var serverList = document.getElementById("checkin-server-results");
  var problem = document.getElementById("checkin-problem");
  var state = load() || { people: [], queue: [], loadedAt: "" };
  var sending = false;

  function load() {
    try { return JSON.parse(sessionStorage.getItem(key)); } catch (e) { return null; }
  }
  function save() {
    try { sessionStorage.setItem(key, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }
  function fmt(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_m, name) { return values[name]; });
  }
  function norm(text) {
    return (text || "").toLocaleLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  function codeOf(text) {
    var value = (text || "").trim();
    var parts = value.split("/").filter(Boolean);  // a scanned URL ends with the code
    if (parts.length > 1) value = parts[parts.length - 1];
    return value.toUpperCase().replace(/[\s-]/g, "");
  }
  function byCode(code) {
    for (var i = 0; i < state.people.length; i++) {
      if (state.people[i].code === code) return state.people[i];
    }
    return null;
  }
  function nowTime() {
    var d = new Date();
    return ("0" + d.getHours()).slice(-2) + ":" + ("0" + d.getMinutes()).slice(-2);
  }

  function showStatus() {
    var online = navigator.onLine !== false;
    status.textContent = fmt(t.list, { count: state.people.length, time: state.loadedAt }) +
      (online ? "" : " · " + t.offline);
    status.classList.toggle("ev-offline", !online);
    pending.hidden = state.queue.length === 0;
    pending.textContent = fmt(t.waiting, { count: state.queue.length });
    var arrived = 0, seats = 0;
    state.people.forEach(function (p) { seats += p.party; if (p["in"]) arrived += p.party; });
    counter.textContent = fmt(t.counter, { attended: arrived, registered: seats });
  }

  function card(person, highlight) {
    var li = document.createElement("li");
    li.className = "card" + (highlight ? " ev-found" : "");
    var p = document.createElement("p");
    var strong = document.createElement("strong");
    strong.textContent = person.name;
    p.appendChild(strong);
    var party = t.party[person.party] || String(person.party);
    p.appendChild(document.createTextNode(" · " + party + (person.group ? " · " + person.group : "")));
    li.appendChild(p);
    if (person["in"]) {
      var ok = document.createElement("p");
      ok.className = "ev-status-ok";
      ok.textContent = "✓ " + t.checkedIn + " " + person["in"];
      li.appendChild(ok);
    } else {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button ev-big";
      button.textContent = t.checkIn;
      button.addEventListener("click", function () { checkIn(person); });
      li.appendChild(button);
    }
    return li;
  }

  function render(list, highlight) {
    results.textContent = "";
    if (serverList) serverList.hidden = true;
    if (!list.length) {
      var li = document.createElement("li");
      li.className = "card";
      li.textContent = t.noneFound;
      results.appendChild(li);
      return;
    }
    list.slice(0, 30).forEach(function (person) { results.appendChild(card(person, highlight)); });
  }

  function search() {
    var query = input.value.trim();
    if (!query) { results.textContent = ""; return; }
    var code = codeOf(query);
    var exact = byCode(code);
    if (exact) { render([exact], true); return; }
    var words = norm(query).split(/\s+/);
    render(state.people.filter(function (person) {
      var name = norm(person.name);
      return words.every(function (w) { return name.indexOf(w) !== -1; });
    }), false);
  }

  function checkIn(person) {
    if (person["in"]) return;
    person["in"] = nowTime();
    state.queue.push({ code: person.code, at: new Date().toISOString() });
    save();
    announce(fmt(t.done, { name: person.name }));
    search();
    showStatus();
    input.focus();  // the button is gone: the next person is searched right away
    input.select();
    send();
  }

  function announce(text) {
    var live = document.getElementById("checkin-live");
    live.textContent = text;
  }

  function send() {
    if (sending || !state.queue.length || navigator.onLine === false) return;
    sending = true;
    var batch = state.queue.slice(0, 200);
    fetch(syncUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ check_ins: batch })
    }).then(function (response) {
      if (response.status >= 400 && response.status < 500 && response.status !== 408 &&
          response.status !== 429) {
        // logged out, no longer allowed, or the form expired: retrying will not help
        problem.hidden = false;
        throw new Error(String(response.status));
      }
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    }).then(function (answer) {
      problem.hidden = true;
      state.queue = state.queue.slice(batch.length);
      (answer.not_confirmed || []).concat(answer.unknown || []).forEach(function (code) {
        var person = byCode(code);
        if (person) person["in"] = "";
        announce(fmt(t.refused, { name: person ? person.name : code }));
      });
      save();
      showStatus();
      sending = false;
      if (state.queue.length) send();
    }).catch(function () {
      sending = false;  // keep the queue; try again when the connection is back
      showStatus();
    });
  }

  function refresh() {
    if (navigator.onLine === false) { showStatus(); return; }
    fetch(listUrl, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    }).then(function (data) {
      var waiting = {};
      state.queue.forEach(function (item) { waiting[item.code] = true; });
      var old = {};
      state.people.forEach(function (p) { old[p.code] = p; });
      state.people = data.people.map(function (p) {
        if (waiting[p.code] && !p["in"] && old[p.code]) p["in"] = old[p.code]["in"];
        return p;
      });
      state.loadedAt = nowTime();
      save();
      showStatus();
      search();
      root.setAttribute("data-ready", "true");
    }).catch(function () { showStatus(); });
  }

  form.addEventListener("submit", function (event) {
    if (!state.people.length) return;  // no list yet: the plain server search
    event.preventDefault();
    search();
    var only = results.querySelectorAll("button");
    if (results.children.length === 1 && only.length === 1 && byCode(codeOf(input.value))) {
      only[0].focus();
    }
  });
  input.addEventListener("input", function () { if (state.people.length) search(); });
  window.addEventListener("online", function () { showStatus(); send(); refresh(); });
  window.addEventListener("offline", showStatus);
  window.setInterval(function () { send(); }, 15000);

  // QR scanning inside the page where the browser can (Chrome on Android); elsewhere the
  // phone's camera app opens the code's link, which needs the network.
  var scan = document.getElementById("checkin-scan");
  if (scan && "BarcodeDetector" in window && navigator.mediaDevices) {
    scan.hidden = false;
    var video = document.getElementById("checkin-video");
    var stream = null;
    var detector = null;
    var stop = function () {
      if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
      stream = null;
      video.hidden = true;
      scan.textContent = t.scan;
    };
    var tick = function () {
      if (!stream) return;
      detector.detect(video).then(function (codes) {
        if (codes.length) {
          var code = codeOf(codes[0].rawValue);
          var person = byCode(code);
          stop();
          input.value = code;
          if (person) { render([person], true); checkIn(person); }
          else { render([], false); announce(t.notOnList); }
          return;
        }
        window.setTimeout(tick, 250);
      }).catch(function () { window.setTimeout(tick, 500); });
    };
    scan.addEventListener("click", function () {
      if (stream) { stop(); return; }
      detector = detector || new window.BarcodeDetector({ formats: ["qr_code"] });
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } })
        .then(function (s) {
          stream = s;
          video.srcObject = s;
          video.hidden = false;
          scan.textContent = t.stopScan;
          return video.play();
        }).then(tick).catch(function () { stop(); announce(t.noCamera); });
    });
  }

  showStatus();
  if (state.people.length) root.setAttribute("data-ready", "true");
  refresh();
  send();
})();
