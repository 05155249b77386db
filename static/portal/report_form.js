/* The prefecture report form (reporting/report_detail.html): how much is filled, "copy last period's text", and
   the draft saved while the clerk types. Autosave follows the version rule: it sends the version the page holds
   and the server refuses it if the report was saved since (409), so it never overwrites a newer save; it then
   stops and says so. Labels come from the page (report-form-labels), in its language. */
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form || !form.dataset.autosave) { return; }
  var labels = JSON.parse(document.getElementById("report-form-labels").textContent);
  var counter = document.getElementById("filled-count");
  var status = document.getElementById("autosave-status");
  var version = form.querySelector("input[name=version]");
  var narratives = Array.prototype.slice.call(form.querySelectorAll("textarea[name$='-narrative']"));
  var AUTOSAVE_DELAY = 8000;  // ms after the last keystroke: whole sentences, not every pause, reach the trail
  var timer = null;
  var dirty = false;
  var stopped = false;
  var inFlight = null;  // the autosave being sent, if any
  var lastSent = null;  // what the last successful autosave sent: the same form is not sent again

  function count() {
    var filled = narratives.filter(function (t) { return t.value.trim() !== ""; }).length;
    counter.textContent = labels.filled.replace("{filled}", filled).replace("{total}", narratives.length);
    narratives.forEach(function (t) {
      var card = t.closest(".report-item");
      if (card) { card.classList.toggle("is-empty", t.value.trim() === ""); }
    });
  }

  function fields(data) {  // the form's values, less the token and version, to tell a change from none
    return Array.from(data.entries()).filter(function (entry) {
      return entry[0] !== "csrfmiddlewaretoken" && entry[0] !== "version";
    }).map(function (entry) { return entry[0] + "=" + entry[1]; }).join("&");
  }

  function autosave() {
    timer = null;
    if (!dirty || stopped) { return; }
    if (inFlight) { timer = setTimeout(autosave, AUTOSAVE_DELAY); return; }
    var data = new FormData(form);
    Array.from(data.keys()).forEach(function (key) { if (/-evidence$/.test(key)) { data.delete(key); } });
    dirty = false;
    var sent = fields(data);
    if (sent === lastSent) { return; }
    status.textContent = labels.saving;
    // No redirect is followed: an ended session (or a second factor asked for) must not read as saved.
    inFlight = fetch(form.dataset.autosave, {
      method: "POST", body: data, credentials: "same-origin", redirect: "manual",
      headers: { "X-CSRFToken": data.get("csrfmiddlewaretoken"), Accept: "application/json" } })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          if (response.ok && typeof body.version === "number") {
            version.value = body.version;  // the next save, by hand or not, builds on this one
            lastSent = sent;
            status.textContent = labels.saved.replace("{time}", body.saved_at);
          } else if (response.status === 409) {
            stopped = true;  // a newer save exists: never write over it
            status.textContent = body.detail || labels.stale;
            status.classList.add("text-danger");
          } else {
            dirty = true;  // try again after the next change
            status.textContent = body.detail || labels.failed;
          }
        });
      })
      .catch(function () { dirty = true; status.textContent = labels.failed; })
      .then(function () { inFlight = null; });
  }

  function changed(event) {
    if (event.target.type === "file") { return; }  // files go with the clerk's own save
    dirty = true;
    count();
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(autosave, AUTOSAVE_DELAY);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  // The clerk's own save waits for an autosave on its way, then goes with the version that autosave made (else
  // the two would carry the same version and the clerk's would be refused as stale).
  form.addEventListener("submit", function (event) {
    stopped = true;
    if (timer) { clearTimeout(timer); }
    if (inFlight) {
      event.preventDefault();
      var submitter = event.submitter;
      inFlight.then(function () { form.requestSubmit(submitter); });
    }
  });

  form.querySelectorAll(".copy-previous").forEach(function (button) {
    button.addEventListener("click", function () {
      var prefix = "item-" + button.dataset.item + "-";
      var narrative = document.getElementById(prefix + "narrative");
      var problems = document.getElementById(prefix + "problems");
      var typed = narrative.value.trim() !== "" || problems.value.trim() !== "";
      if (typed && !window.confirm(labels.overwrite)) { return; }
      narrative.value = button.dataset.narrative;
      problems.value = button.dataset.problems;
      var select = document.getElementById(prefix + "status");
      if (button.dataset.status && select) { select.value = button.dataset.status; }
      narrative.dispatchEvent(new Event("input", { bubbles: true }));
      narrative.focus();
    });
  });

  count();
}());
