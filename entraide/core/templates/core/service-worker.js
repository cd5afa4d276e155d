{% autoescape off %}// entraide's service worker: when a page cannot be loaded because the network is gone, it
// shows the offline page kept at install. Pages are never cached: they hold people's data.
"use strict";
var CACHE = {{ cache_name }};
var OFFLINE_URL = {{ offline_url }};
var CACHED_URLS = {{ cached_urls }};

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) { return cache.addAll(CACHED_URLS); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) { return key !== CACHE; })
        .map(function (key) { return caches.delete(key); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(function () { return caches.match(OFFLINE_URL); }));
    return;
  }
  // The offline page's own stylesheet and icon, from the cache only when the network fails.
  var path = new URL(request.url).pathname;
  if (CACHED_URLS.indexOf(path) !== -1) {
    event.respondWith(fetch(request).catch(function () { return caches.match(path); }));
  }
});
{% endautoescape %}
