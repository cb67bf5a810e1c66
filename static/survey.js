// Survey pages, progressive enhancement only: everything works without this file.
// 1. Autosave: when an answer changes, post the same form in the background (same CSRF
//    token, header X-Candor-Autosave: 1); the server saves with the same code and
//    answers 204. Offline or on a dropped connection the page says the answer is not
//    saved yet and retries: every 5 s, and at once when the browser is back online.
// 2. A live character count under text answers.
// Everything it says comes from the page (the form's data-messages, in its language).
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var words = {};
  try { words = JSON.parse(form.getAttribute("data-messages") || "{}"); } catch (e) { words = {}; }
  function word(key) { return words[key] || ""; }
  var status = form.querySelector(".autosave-status");
  var how = form.querySelector(".saved-how");
  if (how) { how.textContent = word("saved_how"); }
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

  // The form, posted in the background; `keepalive` lets it finish after the page is gone.
  function post(keepalive) {
    return fetch(target, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Candor-Autosave": "1" },
      keepalive: keepalive
    });
  }

  function save() {
    if (inFlight) { again = true; return; }
    if (navigator.onLine === false) {
      failed(word("offline"));
      return;
    }
    inFlight = true;
    window.clearTimeout(retry);
    say(word("saving"), "saving");
    post(false).then(function (answer) {
      if (answer.status === 204) {
        unsaved = timer !== null;  // a newer change may already wait for its turn
        if (!unsaved) { say(word("saved"), "saved"); }
      } else if (answer.status === 422) {
        unsaved = false;
        say(word("invalid"), "unsaved");
      } else if (answer.status >= 500 || answer.status === 429) {
        failed(word("server"));
      } else {
        unsaved = true;
        say(word("stale"), "unsaved");
      }
    }).catch(function () {
      failed(word("dropped"));
    }).then(function () {
      inFlight = false;
      if (again) { again = false; save(); }
    });
  }

  // A save is due at `due`: a later keystroke never pushes back a save an earlier
  // click asked for (the save posts the whole form, typed text included).
  var due = 0;
  function later(delay) {
    var when = Date.now() + delay;
    unsaved = true;
    say(word("pending"), "pending");
    if (timer && due <= when) { return; }
    window.clearTimeout(timer);
    due = when;
    timer = window.setTimeout(function () { timer = null; save(); }, delay);
  }

  // Leaving the page (closing the tab, switching apps on a phone) saves what is
  // pending at once; keepalive lets the request finish after the page is gone.
  function flush() {
    if (!unsaved || submitting) { return; }
    window.clearTimeout(timer);
    timer = null;
    post(true).catch(function () {});
  }
  var submitting = false;
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { flush(); }
  });
  window.addEventListener("pagehide", flush);

  form.addEventListener("change", function () { later(400); });
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA") { later(1500); }
  });
  form.addEventListener("submit", function () {
    submitting = true;
    window.clearTimeout(timer);
    window.clearTimeout(retry);
  });
  window.addEventListener("online", function () { if (unsaved) { save(); } });

  // 3. Live branching: a question whose show_if does not hold yet is hidden and its
  //    fields disabled (so it is neither required nor sent); it appears as soon as an answer
  //    makes it apply. The rules mirror assess/core/banks/answers.py condition_holds,
  //    and the server decides again on every save. Visible questions are renumbered.
  var earlier = {};
  try { earlier = JSON.parse(form.getAttribute("data-answers") || "{}"); } catch (e) { earlier = {}; }

  function answerOf(itemId) {
    var box = form.querySelector('.question[data-item="' + itemId + '"]');
    if (!box) { return Object.prototype.hasOwnProperty.call(earlier, itemId) ? earlier[itemId] : null; }
    if (box.closest(".branch[hidden]")) { return null; }  // hidden: no answer
    var type = box.getAttribute("data-type");
    if (type === "text") {
      var area = box.querySelector("textarea");
      return area && area.value.trim() ? area.value.trim() : null;
    }
    var picked = box.querySelector('input[type=radio][name="' + itemId + '"]:checked');
    if (!picked) { return null; }
    if (type === "likert" || type === "likelihood") {
      var number = parseInt(picked.value, 10);
      return isNaN(number) ? picked.value : number;  // "not_observed" is no number
    }
    if (type === "yes_no") { return picked.value === "yes"; }
    return picked.value;
  }

  function same(answer, expected) {
    return (typeof answer === "boolean") === (typeof expected === "boolean") && answer === expected;
  }

  function holds(condition) {
    if (condition.all) { return condition.all.every(holds); }
    if (condition.any) { return condition.any.some(holds); }
    if (condition.not) { return !holds(condition.not); }
    var value = answerOf(condition.item);
    if (value === null || value === undefined) { return false; }
    if ("equals" in condition) { return same(value, condition.equals); }
    if ("in" in condition) { return condition["in"].some(function (option) { return same(value, option); }); }
    if (typeof value !== "number") { return false; }
    if ("at_least" in condition) { return value >= condition.at_least; }
    return value <= condition.at_most;
  }

  var branches = form.querySelectorAll(".branch");
  function branch() {
    Array.prototype.forEach.call(branches, function (box) {
      var rule = box.getAttribute("data-show-if");
      if (!rule) { return; }
      var show = false;
      try { show = holds(JSON.parse(rule)); } catch (e) { show = !box.hidden; }
      box.hidden = !show;
      Array.prototype.forEach.call(box.querySelectorAll("input, textarea"), function (field) {
        field.disabled = !show;
      });
    });
    var number = 0;
    Array.prototype.forEach.call(branches, function (box) {
      var mark = box.querySelector(".question-number");
      if (!mark) { return; }
      if (box.hidden) { mark.textContent = ""; } else { number += 1; mark.textContent = number + "."; }
    });
  }
  // branching runs before autosave's change handler posts the form, and again after
  form.addEventListener("change", branch, true);
  branch();

  // A forced-choice block: the statement picked as most like me cannot also be the one
  // least like me (the server refuses it too; here the option is simply unavailable).
  function pairForced() {
    Array.prototype.forEach.call(form.querySelectorAll(".forced-pair"), function (pair) {
      var radios = pair.querySelectorAll("input[type=radio]");
      var picked = {};
      Array.prototype.forEach.call(radios, function (radio) {
        if (radio.checked) { picked[radio.name] = radio.value; }
      });
      if (pair.closest(".branch[hidden]")) { return; }  // branch() keeps those disabled
      Array.prototype.forEach.call(radios, function (radio) {
        var other = /\.most$/.test(radio.name)
          ? radio.name.replace(/\.most$/, ".least") : radio.name.replace(/\.least$/, ".most");
        radio.disabled = picked[other] === radio.value;
        if (radio.disabled && radio.checked) { radio.checked = false; }
      });
    });
  }
  form.addEventListener("change", pairForced);
  pairForced();

  // counts as the page prints them: "1,000" in English, "1.000" in Spanish (the page
  // gives its thousands separator), the same as "Up to 1,000 characters"
  function grouped(count) {
    return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, word("group") || ",");
  }
  var counters = form.querySelectorAll("[data-counter-for]");
  Array.prototype.forEach.call(counters, function (counter) {
    var field = document.getElementById(counter.getAttribute("data-counter-for"));
    if (!field) { return; }
    var limit = parseInt(field.getAttribute("maxlength"), 10);
    function update() {
      var used = field.value.length;
      counter.textContent = word("counter")
        .replace("{used}", grouped(used)).replace("{limit}", grouped(limit));
      counter.classList.toggle("over", used > limit);
    }
    field.addEventListener("input", update);
    update();
  });
})();
