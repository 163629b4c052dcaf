/* JOBWALK service worker: keeps tour pages, tour data and static files for offline use.
   Network first (fresh data when online), the cache when offline. Map tiles are not kept. */
"use strict";
var CACHE = "kausa-jobwalk-v3";

function cacheable(url) {
  if (url.origin !== self.location.origin) return false;
  return url.pathname.indexOf("/static/") === 0 ||
    url.pathname.indexOf("/api/v1/jobwalk/tours/") === 0 ||
    /^\/[a-z]{2}\/jobwalk\/tours\/\d+\/$/.test(url.pathname) ||
    /^\/[a-z]{2}\/jobwalk\/planned\/[A-Za-z0-9_-]+\/$/.test(url.pathname) ||
    /^\/[a-z]{2}\/jobwalk\/manifest\.webmanifest$/.test(url.pathname);
}

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== CACHE; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("message", function (event) {
  var msg = event.data || {};
  if (msg.type !== "cache" || !Array.isArray(msg.urls)) return;
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(msg.urls.slice(0, 50).map(function (u) {
      var url = new URL(u, self.location.origin);
      if (!cacheable(url)) return null;
      return fetch(url, { credentials: "same-origin" }).then(function (r) {
        if (r.ok) return cache.put(url, r);
        return null;
      }).catch(function () { return null; });
    }));
  }));
});

self.addEventListener("fetch", function (event) {
  var req = event.request;
  if (req.method !== "GET") return;
  var url = new URL(req.url);
  if (!cacheable(url)) return;
  event.respondWith(fetch(req).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(req, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(req).then(function (hit) {
      return hit || Response.error();
    });
  }));
});
