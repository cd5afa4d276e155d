// The « Filtres » panel of the search pages (a <details> element, closed in the HTML so that a
// phone shows the results first, with or without JavaScript). On a wide screen the panel is
// the sidebar: opened here, unless the person closed it. After htmx swaps the results, the
// count of active filters is read from the new results (data-active-filters), which the server
// computes: one rule, in templatetags/search_filters.py.
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 48rem)");

  function panels() { return document.querySelectorAll("details[data-filters-panel]"); }

  function openOnWideScreens() {
    panels().forEach(function (panel) {
      if (panel.hasAttribute("data-toggled")) { return; }
      panel.open = wide.matches || panel.hasAttribute("data-open-by-server");
    });
  }

  function setUp() {
    panels().forEach(function (panel) {
      if (panel.open) { panel.setAttribute("data-open-by-server", ""); }
      panel.querySelector("summary").addEventListener("click", function () {
        panel.setAttribute("data-toggled", "");
      });
    });
    openOnWideScreens();
    if (wide.addEventListener) { wide.addEventListener("change", openOnWideScreens); }
  }

  function updateCount() {
    var results = document.getElementById("results");
    if (!results || !results.hasAttribute("data-active-filters")) { return; }
    var count = results.getAttribute("data-active-filters");
    document.querySelectorAll("[data-filter-count]").forEach(function (badge) {
      badge.querySelector("[data-filter-number]").textContent = count;
      badge.hidden = count === "0";
    });
  }

  document.addEventListener("DOMContentLoaded", setUp);
  document.addEventListener("htmx:afterSettle", updateCount);
})();
