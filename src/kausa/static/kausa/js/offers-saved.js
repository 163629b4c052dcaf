/* "My offers": offers saved on this device, without an account.
   The list lives in localStorage (key STORE) with what the "My offers" page shows: title,
   company, place, start. A service worker (offers-sw.js, scope /<lang>/offers/) keeps that
   page and the saved offers' pages, so they open without internet.
   Also the share buttons of an offer page: the Web Share API where the browser has it, else
   "Copy link". Without a script the save and share buttons stay hidden; the link and the QR
   code are in the page. */
(function () {
  "use strict";
  var STORE = "kausa.savedOffers.v1";
  var MAX = 200;
  var config = document.querySelector("[data-saved-config]");
  if (!config) return;
  var status = document.querySelector("[data-saved-status]");

  function say(text) {
    if (!status || !text) return;
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 60);
  }

  function valid(o) {
    return o && typeof o.id === "number" && o.id > 0 && typeof o.title === "string";
  }

  function storageWorks() {
    try {
      localStorage.setItem(STORE + ".test", "1");
      localStorage.removeItem(STORE + ".test");
      return true;
    } catch (e) { return false; }
  }

  function load() {
    try {
      var list = JSON.parse(localStorage.getItem(STORE) || "[]");
      return Array.isArray(list) ? list.filter(valid) : [];
    } catch (e) { return []; }
  }

  function store(list) {
    try {
      localStorage.setItem(STORE, JSON.stringify(list.slice(0, MAX)));
      return true;
    } catch (e) { return false; }
  }

  function offerUrl(id) { return config.dataset.offerUrl.replace("999999999", String(id)); }

  function startLabel(iso) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    if (!parts) return iso || "";
    var date = new Date(Date.UTC(+parts[1], +parts[2] - 1, +parts[3]));
    try {
      return new Intl.DateTimeFormat(document.documentElement.lang || undefined,
        { dateStyle: "long", timeZone: "UTC" }).format(date);
    } catch (e) { return iso; }
  }

  /* --- offline: the service worker keeps "My offers" and the saved offers' pages ------- */
  function pageAssets() {
    var urls = [];
    document.querySelectorAll("script[src]").forEach(function (s) { urls.push(s.getAttribute("src")); });
    document.querySelectorAll("link[rel=stylesheet], link[rel=icon]").forEach(function (l) { urls.push(l.getAttribute("href")); });
    return urls;
  }

  function tellWorker(message) {
    if (!("serviceWorker" in navigator)) return;
    var url = config.dataset.swUrl;
    navigator.serviceWorker.register(url, { scope: url.replace(/sw\.js$/, "") }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (reg) {
      if (reg.active) reg.active.postMessage(message);
    }).catch(function () { /* no offline copy; the list itself still works */ });
  }

  function showCount(list) {
    document.querySelectorAll("[data-saved-count]").forEach(function (el) {
      el.textContent = list.length ? " (" + list.length + ")" : "";
    });
  }

  /* --- "Save" buttons on the search results and the offer page ---------------------------- */
  function setupSaveButtons() {
    var buttons = document.querySelectorAll("[data-save-offer]");
    if (!buttons.length) return;
    var saved = {};
    load().forEach(function (o) { saved[o.id] = true; });
    buttons.forEach(function (button) {
      var id = parseInt(button.dataset.id, 10);
      button.setAttribute("aria-pressed", saved[id] ? "true" : "false");
      button.hidden = false;
      button.addEventListener("click", function () {
        var list = load();
        var at = list.findIndex(function (o) { return o.id === id; });
        if (at >= 0) {
          list.splice(at, 1);
          if (!store(list)) { say(config.dataset.msgFailed); return; }
          button.setAttribute("aria-pressed", "false");
          tellWorker({ type: "forget", urls: [offerUrl(id)] });
          say(config.dataset.msgRemoved);
        } else {
          list.unshift({
            id: id,
            title: button.dataset.title || "",
            titleLang: button.dataset.titleLang || "",
            company: button.dataset.company || "",
            place: button.dataset.place || "",
            start: button.dataset.start || "",
            savedAt: new Date().toISOString()
          });
          if (!store(list)) { say(config.dataset.msgFailed); return; }
          button.setAttribute("aria-pressed", "true");
          tellWorker({ type: "keep", urls: [config.dataset.savedUrl, offerUrl(id)].concat(pageAssets()) });
          say(config.dataset.msgSaved);
        }
        showCount(list);
      });
    });
  }

  /* --- the "My offers" page ---------------------------------------------------------------- */
  function renderSaved() {
    var listEl = document.querySelector("[data-saved-list]");
    var template = document.getElementById("saved-offer-item");
    if (!listEl || !template) return;
    var empty = document.querySelector("[data-saved-empty]");
    var list = load();
    listEl.textContent = "";
    list.forEach(function (offer) {
      var item = template.content.firstElementChild.cloneNode(true);
      var link = item.querySelector("[data-field=link]");
      link.textContent = offer.title;
      link.href = offerUrl(offer.id);
      if (offer.titleLang) link.lang = offer.titleLang;
      item.querySelector("[data-field=company]").textContent = offer.company;
      item.querySelector("[data-field=place]").textContent = offer.place;
      item.querySelector("[data-field=start]").textContent = startLabel(offer.start);
      item.querySelector("[data-field=remove-name]").textContent = ": " + offer.title;
      item.querySelector("[data-remove-offer]").addEventListener("click", function () {
        var rest = load().filter(function (o) { return o.id !== offer.id; });
        if (!store(rest)) { say(config.dataset.msgFailed); return; }
        tellWorker({ type: "forget", urls: [offerUrl(offer.id)] });
        var next = item.nextElementSibling || item.previousElementSibling;
        renderSaved();
        // the keyboard stays in the list: on the next offer's button, else the heading
        var focus = next && listEl.querySelector('[data-id="' + next.dataset.id + '"] [data-remove-offer]');
        (focus || document.getElementById("saved-title")).focus();
        say(config.dataset.msgRemoved);
      });
      item.dataset.id = String(offer.id);
      listEl.appendChild(item);
    });
    if (empty) empty.hidden = list.length > 0;
    showCount(list);
  }

  /* --- share an offer: the Web Share API, else copy the link ------------------------------ */
  function setupShare() {
    var input = document.querySelector("[data-share-url]");
    if (!input) return;
    var native = document.querySelector("[data-share-native]");
    var copy = document.querySelector("[data-share-copy]");
    if (native && navigator.share) {
      native.hidden = false;
      native.addEventListener("click", function () {
        navigator.share({ title: native.dataset.shareTitle, url: input.value }).catch(function () { /* closed */ });
      });
    }
    if (copy) {
      copy.hidden = false;
      copy.addEventListener("click", function () {
        function selected() {
          input.focus();
          input.select();
          var done = false;
          try { done = document.execCommand("copy"); } catch (e) { done = false; }
          if (done) say(config.dataset.msgCopied);
        }
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(input.value).then(function () {
            say(config.dataset.msgCopied);
          }, selected);
        } else selected();
      });
    }
  }

  function start() {
    setupShare();
    if (!storageWorks()) return;  // no storage (private mode): no "Save", the page still works
    setupSaveButtons();
    renderSaved();
    showCount(load());
    if (document.querySelector("[data-saved-list]")) {
      var list = load();
      tellWorker({
        type: "keep",
        urls: [location.pathname].concat(pageAssets(), list.slice(0, 50).map(function (o) { return offerUrl(o.id); }))
      });
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
