// Survey pages, progressive enhancement only: everything works without this file.
// 1. Autosave: when an answer changes, post the same form in the background (same CSRF
//    token, header X-Candor-Autosave: 1); the server saves with the same code and
//    answers 204. Offline or on a dropped connection the page says the answer is not
//    saved yet and retries: every 5 s, and at once when the browser is back online.
// 2. A live character count under text answers.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = form.querySelector(".autosave-status");
  var how = form.querySelector(".saved-how");
  if (how) { how.textContent = "Your answers are saved as you go."; }
  // The form has a button named "action", so form.action is that button, not the URL.
  var target = form.getAttribute("action") || window.location.href;
  var timer = null;
  var retry = null;
  var inFlight = false;
  var again = false;
  var unsaved = false;

  function say(text, state) {
    if (!status) { return; }
    status.textContent = text;
    status.setAttribute("data-state", state || "");
  }

  function failed(text) {
    unsaved = true;
    say(text, "unsaved");
    window.clearTimeout(retry);
    retry = window.setTimeout(save, 5000);  // and at once when the browser is back online
  }

  function save() {
    if (inFlight) { again = true; return; }
    if (navigator.onLine === false) {
      failed("Not saved yet: you are offline. Your answers will be saved when you are back online.");
      return;
    }
    inFlight = true;
    window.clearTimeout(retry);
    say("Saving…", "saving");
    fetch(target, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Candor-Autosave": "1" }
    }).then(function (answer) {
      if (answer.status === 204) {
        unsaved = false;
        say("Your answers are saved.", "saved");
      } else if (answer.status >= 500 || answer.status === 429) {
        failed("Not saved yet: the server did not answer. Trying again in a moment.");
      } else {
        unsaved = true;
        say("Not saved: this page is out of date. Reload it to carry on.", "unsaved");
      }
    }).catch(function () {
      failed("Not saved yet: the connection dropped. Your answers will be saved when it is back.");
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
  form.addEventListener("submit", function () {
    window.clearTimeout(timer);
    window.clearTimeout(retry);
  });
  window.addEventListener("online", function () { if (unsaved) { save(); } });

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
