// The report's small script: filters and sorting of the index kept in the URL, and the static
// compare page's choice of releases. Every page is complete without it. The service's index
// (its form marked `data-server`) is filtered, sorted and paged by the server: there a change
// of the form asks for the first page of the new selection.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var params = new URLSearchParams(location.search);

  // Index: filters and sort, read from and written to the URL.
  var table = document.getElementById("heat");
  var form = document.getElementById("filters");
  if (table && form) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var original = rows.slice();
    var count = document.getElementById("count");
    var columns = Array.prototype.map.call(form.wc.options, function (o) { return o.value; }).filter(Boolean);
    var fields = ["q", "org", "year", "licence", "coverage", "mof"].concat(form.variant ? ["variant"] : []);
    var sort = { key: "", dir: "" };

    // `where=deployment.data.weights>=D3` (or the last part of the id, `weights>=3`).
    var parseWhere = function (text) {
      var m = /^([a-z.]+)\s*(>=|<=)\s*[CD]?([1-5])$/.exec((text || "").trim());
      if (!m) return null;
      var id = columns.indexOf(m[1]) >= 0 ? m[1] : columns.filter(function (c) { return c.split(".").pop() === m[1]; })[0];
      return id ? { component: id, op: m[2], grade: +m[3] } : null;
    };
    var whereText = function () {
      if (!form.wc.value) return "";
      var kind = form.wc.value.split(".")[1] === "code" ? "C" : "D";
      return form.wc.value + form.wo.value + kind + form.wl.value;
    };

    var matches = function (r) {
      var q = form.q.value.trim().toLowerCase();
      var known = +r.dataset.known;
      var cov = form.coverage.value;
      if (q && r.dataset.search.indexOf(q) < 0) return false;
      if (form.org.value && r.dataset.org !== form.org.value) return false;
      if (form.year.value && r.dataset.year !== form.year.value) return false;
      if (form.licence.value && (" " + r.dataset.licences + " ").indexOf(" " + form.licence.value + " ") < 0) return false;
      if (form.mof.value && r.dataset.mof !== form.mof.value) return false;
      if (form.variant && form.variant.value && r.dataset.variant !== form.variant.value) return false;
      if (cov === "ranked" && r.dataset.score < 0) return false;
      if (cov === "sparse" && r.dataset.score >= 0) return false;
      if (cov === "complete" && known !== 12) return false;
      var w = parseWhere(whereText());
      if (w) {
        var g = +r.cells[2 + columns.indexOf(w.component)].dataset.v;
        if (!g || (w.op === ">=" ? g < w.grade : g > w.grade)) return false;
      }
      return true;
    };

    var sortKey = function (r, key) {
      if (key === "name") return r.dataset.name;
      if (key === "score") return +r.dataset.score;
      return +r.cells[2 + +key.slice(1)].dataset.v;
    };

    var apply = function (write) {
      var shown = 0;
      rows.forEach(function (r) {
        var ok = matches(r);
        r.classList.toggle("hidden", !ok);
        if (ok) shown++;
      });
      count.textContent = shown + " of " + rows.length + " releases";
      var order = original.slice();
      if (sort.key) {
        order.sort(function (a, b) {
          var x = sortKey(a, sort.key), y = sortKey(b, sort.key);
          var c = typeof x === "string" ? x.localeCompare(y) : x - y;
          return sort.dir === "desc" ? -c : c;
        });
      }
      order.forEach(function (r) { body.appendChild(r); });
      Array.prototype.forEach.call(table.tHead.querySelectorAll("th[data-sort]"), function (th) {
        if (th.dataset.sort === sort.key) th.setAttribute("aria-sort", sort.dir === "desc" ? "descending" : "ascending");
        else th.removeAttribute("aria-sort");
      });
      if (write) {
        var qs = queryString();
        history.replaceState(null, "", location.pathname + (qs ? "?" + qs : "") + location.hash);
      }
    };

    // The URL's parameters for the form and the order (the server reads the same).
    var queryString = function () {
      var p = new URLSearchParams();
      fields.forEach(function (f) { if (form[f].value) p.set(f, form[f].value); });
      var w = whereText();
      if (w) p.set("where", w);
      if (sort.key) { p.set("sort", sort.key); p.set("dir", sort.dir); }
      return p.toString();
    };

    if (form.hasAttribute("data-server")) {
      sort = { key: form.elements.sort.value, dir: form.elements.dir.value };
      var go = function () {
        var qs = queryString();
        location.assign(location.pathname + (qs ? "?" + qs : ""));
      };
      form.addEventListener("change", go);
      form.addEventListener("submit", function (e) { e.preventDefault(); go(); });
    } else {
      // Read the URL into the form.
      fields.forEach(function (f) { if (params.has(f)) form[f].value = params.get(f); });
      var w = parseWhere(params.get("where")) ||
        (params.get("wc") ? { component: params.get("wc"), op: params.get("wo") || ">=", grade: +params.get("wl") } : null);
      if (w) { form.wc.value = w.component; form.wo.value = w.op; form.wl.value = String(w.grade); }
      if (params.get("sort")) { sort.key = params.get("sort"); sort.dir = params.get("dir") === "desc" ? "desc" : "asc"; }

      form.addEventListener("input", function () { apply(true); });
      form.addEventListener("change", function () { apply(true); });
      form.addEventListener("submit", function (e) { e.preventDefault(); apply(true); });
      document.getElementById("clear").addEventListener("click", function () {
        form.reset();
        sort = { key: "", dir: "" };
        apply(true);
      });
      Array.prototype.forEach.call(table.tHead.querySelectorAll("th[data-sort] button"), function (b) {
        b.addEventListener("click", function () {
          var key = b.parentNode.dataset.sort;
          // Levels and scores sort most open first on the first click; names A to Z.
          var first = key === "name" ? "asc" : "desc";
          sort = { key: key, dir: sort.key === key ? (sort.dir === "asc" ? "desc" : "asc") : first };
          apply(true);
        });
      });
      apply(false);
    }
  }

  // Compare (static report): show the releases of `?ids=a,b` (or `ids=a&ids=b`).
  var compare = document.getElementById("compare");
  if (compare && document.querySelector("th[data-id]")) {
    var ids = [];
    params.getAll("ids").forEach(function (v) { v.split(",").forEach(function (id) { if (id) ids.push(id); }); });
    ids = ids.slice(0, 4);
    Array.prototype.forEach.call(document.querySelectorAll("#chooser input[name=ids]"), function (box) {
      box.checked = ids.indexOf(box.value) >= 0;
    });
    Array.prototype.forEach.call(compare.querySelectorAll("[data-id]"), function (el) {
      el.classList.toggle("on", ids.indexOf(el.dataset.id) >= 0);
    });
    // Mark the rows whose levels differ among the releases shown.
    Array.prototype.forEach.call(compare.querySelectorAll("tr.level-row"), function (tr) {
      var seen = {};
      Array.prototype.forEach.call(tr.querySelectorAll("td.on"), function (td) { seen[td.dataset.v + (td.className.indexOf("lna") >= 0 ? "na" : "")] = 1; });
      tr.classList.toggle("differs", Object.keys(seen).length > 1);
    });
    var chooser = document.getElementById("chooser");
    chooser.addEventListener("submit", function (e) {
      e.preventDefault();
      var chosen = Array.prototype.filter.call(chooser.querySelectorAll("input[name=ids]"), function (b) { return b.checked; })
        .map(function (b) { return b.value; });
      location.search = chosen.length ? "?ids=" + chosen.join(",") : "";
    });
  }
})();
