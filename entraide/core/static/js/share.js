// Sharing an action: the link, the mailto: link and the text field work without this file;
// here the "Copier le lien" button copies the link, and "Partager…" opens the phone's share
// sheet (Web Share API). Both buttons stay hidden where the browser cannot do it.
(function () {
  "use strict";

  function setUp(box) {
    var link = box.querySelector("[data-share-link]");
    var status = box.querySelector("[data-share-status]");
    if (!link) { return; }
    var url = link.value;
    var copy = box.querySelector("[data-share-copy]");
    if (copy && navigator.clipboard && window.isSecureContext) {
      copy.hidden = false;
      copy.addEventListener("click", function () {
        navigator.clipboard.writeText(url).then(function () {
          if (status) { status.textContent = copy.getAttribute("data-done"); }
        }, function () {
          link.select();
        });
      });
    }
    var share = box.querySelector("[data-share-native]");
    if (share && navigator.share) {
      share.hidden = false;
      share.addEventListener("click", function () {
        navigator.share({ title: share.getAttribute("data-title"), url: url }).catch(function () {
          // Closed by the person, or refused by the browser: the other ways are still there.
        });
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-share]"), setUp);
  });
})();
