/* Allocation page: the total of the prefectures' shares and its difference from the provincial target,
   updated while typing (the server checks again on save). */
(function () {
  "use strict";
  var data = document.getElementById("allocation-data");
  var totalEl = document.getElementById("allocation-total");
  var differenceEl = document.getElementById("allocation-difference");
  if (!data || !totalEl || !differenceEl) { return; }
  var live = JSON.parse(data.textContent);
  var inputs = document.querySelectorAll("#allocation-form input.share");

  function plain(n) { return String(Math.round(n * 10000) / 10000); }

  function update() {
    var total = 0;
    inputs.forEach(function (input) {
      var value = parseFloat(input.value);
      if (!isNaN(value)) { total += value; }
    });
    var difference = Math.round((total - live.target) * 10000) / 10000;
    totalEl.textContent = plain(total);
    if (difference === 0) {
      differenceEl.textContent = differenceEl.dataset.labelEqual;
      differenceEl.className = "text-success";
    } else {
      differenceEl.textContent = plain(Math.abs(difference)) + " " +
        (difference > 0 ? differenceEl.dataset.labelMore : differenceEl.dataset.labelLess);
      differenceEl.className = "text-danger";
    }
  }
  inputs.forEach(function (input) { input.addEventListener("input", update); });
  update();
}());
