// The header's menu is a <details> element and works without this file; here it only closes
// on Escape (focus back on its control) and on a tap or a focus outside it.
(function () {
  "use strict";

  function setUp() {
    var menu = document.querySelector("details[data-site-menu]");
    if (!menu) { return; }
    var toggle = menu.querySelector("summary");
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.open) {
        menu.open = false;
        toggle.focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (menu.open && !menu.contains(event.target)) { menu.open = false; }
    });
    document.addEventListener("focusin", function (event) {
      if (menu.open && !menu.contains(event.target)) { menu.open = false; }
    });
  }

  document.addEventListener("DOMContentLoaded", setUp);
})();
