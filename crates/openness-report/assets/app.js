// Sorting and filtering for the report's table. The page is complete without it.
(function () {
  var table = document.querySelector("table.heat");
  if (!table) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var form = document.querySelector("form.filters");
  var count = document.getElementById("count");
  function apply() {
    var q = (form.q.value || "").toLowerCase();
    var org = form.org.value, year = form.year.value, level = form.level.value;
    var shown = 0;
    rows.forEach(function (r) {
      var ok = (!q || r.dataset.search.indexOf(q) >= 0) && (!org || r.dataset.org === org) &&
        (!year || r.dataset.year === year) && (!level || (" " + r.dataset.levels + " ").indexOf(" " + level + " ") >= 0);
      r.classList.toggle("hidden", !ok);
      if (ok) shown++;
    });
    count.textContent = shown + " of " + rows.length + " releases";
  }
  if (form) {
    form.addEventListener("input", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
    apply();
  }
  Array.prototype.forEach.call(table.querySelectorAll("th.sortable"), function (th) {
    th.addEventListener("click", function () {
      var col = +th.dataset.col, asc = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(table.querySelectorAll("th.sortable"), function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      rows.sort(function (a, b) {
        var x = a.cells[col].dataset.v || a.cells[col].textContent, y = b.cells[col].dataset.v || b.cells[col].textContent;
        var nx = parseFloat(x), ny = parseFloat(y);
        var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
        return asc ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
})();
