// The round board, progressive enhancement only (its copy buttons: copy.js). While a
// closed round's reports are being rendered, poll their status (reports.json), move
// their progress bars, and reload once they are all done or failed, so the download
// links appear by themselves.
(function () {
  "use strict";
  var script = document.querySelector("script[data-status-url]");
  var url = script && script.getAttribute("data-status-url");
  var pending = document.querySelectorAll("[data-report-id], [data-report-ids]");
  if (!url || !pending.length || !window.fetch) { return; }
  var tries = 0;

  function update(reports) {
    var waiting = reports.length === 0;
    reports.forEach(function (report) {
      var box = document.querySelector('[data-report-id="' + report.id + '"]');
      if (report.status !== "done" && report.status !== "failed") { waiting = true; }
      if (!box) { return; }
      var bar = box.querySelector("progress");
      var label = box.querySelector(".report-status");
      if (bar) { bar.value = report.progress; bar.textContent = report.progress + "%"; }
      if (label) { label.textContent = report.status; }
    });
    // a rep's two copies share one bar: their mean progress
    var byId = {};
    reports.forEach(function (report) { byId[report.id] = report; });
    Array.prototype.forEach.call(document.querySelectorAll("[data-report-ids]"), function (box) {
      var copies = box.getAttribute("data-report-ids").split(" ").map(function (id) {
        return byId[id];
      }).filter(Boolean);
      if (!copies.length) { return; }
      var total = 0, running = false;
      copies.forEach(function (copy) {
        total += copy.progress;
        running = running || copy.status === "running";
      });
      var bar = box.querySelector("progress");
      var label = box.querySelector(".report-status");
      var progress = Math.round(total / copies.length);
      if (bar) { bar.value = progress; bar.textContent = progress + "%"; }
      if (label) { label.textContent = running ? "running" : "queued"; }
    });
    return waiting;
  }

  function poll() {
    tries += 1;
    fetch(url, { credentials: "same-origin" }).then(function (answer) {
      return answer.ok ? answer.json() : null;
    }).then(function (reports) {
      if (reports === null) { return; }
      var waiting = update(reports);
      var known = document.querySelector('[data-report-id="pending"]');
      if (!waiting || (known && reports.length)) { window.location.reload(); return; }
      if (tries < 600) { window.setTimeout(poll, 2000); }
    }).catch(function () {
      if (tries < 600) { window.setTimeout(poll, 5000); }
    });
  }
  window.setTimeout(poll, 1500);
})();
