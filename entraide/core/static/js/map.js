// Draws the Leaflet map of the results listed on the page, from the JSON in #map-points.
// Runs again after htmx swaps the results. The list stays the accessible form of the same data.
// The markers come from this site; the background tiles come from a tile server (another
// origin, which would learn each visitor's address and the places they look at), so they load
// only once the visitor asks for them, and that choice is kept in this browser alone.
(function () {
  "use strict";
  var map = null;
  var CHOICE = "entraide.map-tiles";
  var english = (document.documentElement.lang || "").indexOf("en") === 0;

  function tilesChosen() {
    try { return window.localStorage.getItem(CHOICE) === "yes"; } catch (error) { return false; }
  }

  function addTiles(element) {
    L.tileLayer(element.getAttribute("data-tile-url"), {
      maxZoom: 18, attribution: element.getAttribute("data-attribution") || ""
    }).addTo(map);
    element.setAttribute("data-tiles", "shown");
  }

  function offerTiles(element) {
    var host = element.getAttribute("data-tile-url").split("/")[2] || "";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "map-tiles-offer button button--small";
    // The page's language: this script has no translation catalogue, and these are its only words.
    button.textContent = english
      ? "Show the map background (loaded from " + host + ")"
      : "Afficher le fond de carte (chargé depuis " + host + ")";
    button.addEventListener("click", function () {
      try { window.localStorage.setItem(CHOICE, "yes"); } catch (error) { /* private mode */ }
      button.remove();
      addTiles(element);
    });
    element.parentNode.insertBefore(button, element);
  }

  function draw() {
    var element = document.getElementById("map");
    var data = document.getElementById("map-points");
    if (!element || !data || typeof L === "undefined") { return; }
    if (map) { map.remove(); map = null; }
    var offered = element.parentNode.querySelector(".map-tiles-offer");
    if (offered) { offered.remove(); }
    var points = JSON.parse(data.textContent || "[]");
    map = L.map(element, { scrollWheelZoom: false });
    if (element.getAttribute("data-tile-url")) {
      if (tilesChosen()) { addTiles(element); } else { offerTiles(element); }
    }
    var bounds = [];
    points.forEach(function (point) {
      var marker = L.marker([point.lat, point.lon], { title: point.name, alt: point.name }).addTo(map);
      var popup = document.createElement("div");
      var link = document.createElement(point.url ? "a" : "strong");
      if (point.url) { link.href = point.url; }
      link.textContent = point.name;
      popup.appendChild(link);
      popup.appendChild(document.createElement("br"));
      popup.appendChild(document.createTextNode(point.commune || ""));
      marker.bindPopup(popup);
      bounds.push([point.lat, point.lon]);
    });
    if (bounds.length) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 });
    } else {
      map.setView([46.6, 2.4], 5);
    }
    element.setAttribute("data-markers", String(points.length));
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
})();
