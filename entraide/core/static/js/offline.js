// Registers the service worker (served at the root, see core/web_app.py), which shows the
// offline page when the network is gone. Without it the site works the same, online only.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.getAttribute("data-service-worker");
  if (!url || !("serviceWorker" in navigator)) { return; }
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(url, { scope: "/" }).catch(function () {});
  });
})();
