// Copy buttons beside a read-only field (a survey link, a new API token, a webhook's
// signing secret): progressive enhancement, shown only where the clipboard can be
// written; elsewhere the field selects itself when tapped.
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("input.copy-link"), function (field) {
    field.addEventListener("focus", function () { field.select(); });
  });
  if (!navigator.clipboard || window.isSecureContext === false) { return; }
  Array.prototype.forEach.call(document.querySelectorAll("[data-copy-for]"), function (button) {
    var field = document.getElementById(button.getAttribute("data-copy-for"));
    if (!field) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        button.textContent = "Copied";
        window.setTimeout(function () { button.textContent = "Copy"; }, 2000);
      }, function () { field.select(); });
    });
  });
})();
