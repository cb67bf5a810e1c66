// Survey pages, progressive enhancement only: everything works without this file.
// 1. Autosave: when an answer changes, post the same form in the background (same CSRF
//    token, header X-Candor-Autosave: 1); the server saves with the same code and
//    answers 204. 2. A live character count under text answers.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = form.querySelector(".autosave-status");
  var timer = null;
  var inFlight = false;
  var again = false;

  function say(text) { if (status) { status.textContent = text; } }

  function save() {
    if (inFlight) { again = true; return; }
    inFlight = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Candor-Autosave": "1" }
    }).then(function (answer) {
      say(answer.status === 204 ? "Saved." : "");
    }).catch(function () {
      say("");
    }).then(function () {
      inFlight = false;
      if (again) { again = false; save(); }
    });
  }

  function later(delay) {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, delay);
  }

  form.addEventListener("change", function () { later(400); });
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA") { later(2000); }
  });
  form.addEventListener("submit", function () { window.clearTimeout(timer); });

  var counters = form.querySelectorAll("[data-counter-for]");
  Array.prototype.forEach.call(counters, function (counter) {
    var field = document.getElementById(counter.getAttribute("data-counter-for"));
    if (!field) { return; }
    var limit = parseInt(field.getAttribute("maxlength"), 10);
    function update() {
      var used = field.value.length;
      counter.textContent = used + " of " + limit + " used.";
      counter.classList.toggle("over", used > limit);
    }
    field.addEventListener("input", update);
    update();
  });
})();
