// Draws the Leaflet map of the results listed on the page, from the JSON in #map-points.
// Runs again after htmx swaps the results. The list stays the accessible form of the same data.
(function () {
  "use strict";
  var map = null;

  function draw() {
    var element = document.getElementById("map");
    var data = document.getElementById("map-points");
    if (!element || !data || typeof L === "undefined") { return; }
    if (map) { map.remove(); map = null; }
    var points = JSON.parse(data.textContent || "[]");
    map = L.map(element, { scrollWheelZoom: false });
    var tiles = element.getAttribute("data-tile-url");
    if (tiles) {
      L.tileLayer(tiles, { maxZoom: 18, attribution: element.getAttribute("data-attribution") || "" }).addTo(map);
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
