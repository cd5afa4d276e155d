// "Près de moi" on the agenda: asks the browser for the position, puts it in the hidden
// lat/lon fields and sends the form (htmx then swaps the results). Without JavaScript the
// button stays hidden and the postcode field does the same job.
(function () {
  "use strict";

  function setUp() {
    var form = document.getElementById("agenda-filters");
    var button = form && form.querySelector("[data-near-me]");
    if (!button || !("geolocation" in navigator)) { return; }
    var status = form.querySelector("[data-near-me-status]");
    var lat = form.querySelector("input[name=lat]");
    var lon = form.querySelector("input[name=lon]");
    var near = form.querySelector("input[name=near]");
    button.hidden = false;

    function say(text) { if (status) { status.textContent = text; } }

    button.addEventListener("click", function () {
      say(button.getAttribute("data-locating") || "…");
      navigator.geolocation.getCurrentPosition(function (position) {
        lat.value = position.coords.latitude.toFixed(5);
        lon.value = position.coords.longitude.toFixed(5);
        if (near) { near.value = ""; }
        say(button.getAttribute("data-located") || "");
        if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
      }, function () {
        say(button.getAttribute("data-refused") || "");
      }, { enableHighAccuracy: false, timeout: 10000, maximumAge: 600000 });
    });
    // Typing a place replaces the position given by the browser.
    if (near) {
      near.addEventListener("input", function () { lat.value = ""; lon.value = ""; });
    }
  }

  document.addEventListener("DOMContentLoaded", setUp);
})();
