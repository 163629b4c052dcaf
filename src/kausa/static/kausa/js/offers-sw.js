/* Service worker of /<lang>/offers/ (served by matching.views.offers_service_worker): keeps
   "My offers" (/<lang>/offers/saved/), the pages of the offers saved on this device and the
   files they load, so they open without internet. Network first: fresh when online, the
   kept copy when offline. Other pages (the search) are never kept. */
"use strict";
var CACHE = "kausa-offers-v1";

function scopePath() { return new URL(self.registration.scope).pathname; }

function isSavedPage(url) { return url.pathname === scopePath() + "saved/"; }

function keepable(url) {
  if (url.origin !== self.location.origin) return false;
  if (url.pathname.indexOf("/static/") === 0) return true;
  if (isSavedPage(url)) return true;
  var rest = url.pathname.slice(scopePath().length);
  return url.pathname.indexOf(scopePath()) === 0 && /^\d+\/$/.test(rest) && !url.search;
}

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) {
      return k.indexOf("kausa-offers-") === 0 && k !== CACHE;
    }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("message", function (event) {
  var msg = event.data || {};
  if (!Array.isArray(msg.urls)) return;
  var urls = msg.urls.slice(0, 80).map(function (u) { return new URL(u, self.location.origin); }).filter(keepable);
  if (msg.type === "keep") {
    // fetch what is not kept yet (what is kept is refreshed when it is opened online)
    event.waitUntil(caches.open(CACHE).then(function (cache) {
      return Promise.all(urls.map(function (url) {
        return cache.match(url, { ignoreVary: true }).then(function (hit) {
          if (hit) return null;
          return fetch(url, { credentials: "same-origin" }).then(function (r) {
            return r.ok && !r.redirected ? cache.put(url, r) : null;
          }).catch(function () { return null; });
        });
      }));
    }));
  } else if (msg.type === "forget") {
    event.waitUntil(caches.open(CACHE).then(function (cache) {
      return Promise.all(urls.filter(function (url) { return !isSavedPage(url) && url.pathname.indexOf("/static/") !== 0; })
        .map(function (url) { return cache.delete(url, { ignoreVary: true }); }));
    }));
  }
});

self.addEventListener("fetch", function (event) {
  var req = event.request;
  if (req.method !== "GET") return;
  var url = new URL(req.url);
  if (!keepable(url)) return;
  event.respondWith(caches.open(CACHE).then(function (cache) {
    return cache.match(req, { ignoreVary: true }).then(function (hit) {
      if (!hit && !isSavedPage(url)) return fetch(req);  // not saved: not kept
      return fetch(req).then(function (response) {
        if (response.ok && !response.redirected) cache.put(req, response.clone());
        return response;
      }).catch(function () {
        return hit || Response.error();
      });
    });
  }));
});
