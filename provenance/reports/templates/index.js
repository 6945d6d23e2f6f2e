(function () {
  "use strict";
  // Sorting by column and filtering by severity and category for the index's article table.
  // The page works without this script: rows come sorted from the server, and the sections
  // below the table group the articles by severity and by category.
  var table = document.getElementById("articles");
  var controls = document.getElementById("filters");
  if (!table || !controls) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var severity = document.getElementById("filter-severity");
  var category = document.getElementById("filter-category");
  var status = document.getElementById("filter-status");
  var ranks = { info: 1, warning: 2, error: 3 };

  rows.forEach(function (row, position) { row.dataset.position = String(position); });

  function keeps(row) {
    var worst = Number(row.dataset.worst);
    var wanted = severity.value;
    var severityOk = !wanted || (wanted === "none" ? worst === 0 : worst >= ranks[wanted]);
    var categories = row.dataset.categories ? row.dataset.categories.split(" ") : [];
    return severityOk && (!category.value || categories.indexOf(category.value) >= 0);
  }

  function filter() {
    var shown = 0;
    rows.forEach(function (row) {
      row.hidden = !keeps(row);
      if (!row.hidden) { shown += 1; }
    });
    status.textContent = "Showing " + shown + " of " + rows.length + " article(s)";
  }

  function sortBy(header, column) {
    var numeric = header.dataset.type === "number";
    var current = header.getAttribute("aria-sort");
    var descending = current ? current === "ascending" : numeric;
    Array.prototype.forEach.call(header.parentNode.cells, function (cell) { cell.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", descending ? "descending" : "ascending");
    rows.sort(function (a, b) {
      var x = a.cells[column].dataset.sort || "";
      var y = b.cells[column].dataset.sort || "";
      var order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
      if (descending) { order = -order; }
      return order || Number(a.dataset.position) - Number(b.dataset.position);
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, column) {
    var button = document.createElement("button");
    button.type = "button";
    button.title = "Sort by this column";
    while (header.firstChild) { button.appendChild(header.firstChild); }
    header.appendChild(button);
    button.addEventListener("click", function () { sortBy(header, column); });
  });
  severity.addEventListener("change", filter);
  category.addEventListener("change", filter);
  controls.hidden = false;
  filter();
}());
