"use strict";
// Delegated listeners only: nothing runs per mention when a page loads, so a long document
// opens as fast as its HTML. Text shown in the tooltip is copied with textContent (never
// parsed as HTML).
(function () {
  var body = document.body;

  function toggle(event) {
    var box = event.target;
    if (!box.classList || !box.classList.contains("toggle")) return;
    body.classList.toggle("hide-" + box.getAttribute("data-kind"), !box.checked);
  }
  var legend = document.getElementById("legend");
  if (legend) legend.addEventListener("change", toggle);

  var tip = document.getElementById("tip");
  function target(node) {
    while (node && node !== body) {
      if (node.nodeType === 1 && (node.hasAttribute("data-mention-id") || node.hasAttribute("data-reject") || node.hasAttribute("data-dropped") || node.hasAttribute("data-continues"))) return node;
      node = node.parentNode;
    }
    return null;
  }
  function ident(node) {
    if (node.hasAttribute("data-mention-id")) return node.getAttribute("data-mention-id");
    if (node.hasAttribute("data-reject")) return "reject-" + node.getAttribute("data-reject");
    if (node.hasAttribute("data-dropped")) return "correction-" + node.getAttribute("data-dropped");
    return node.getAttribute("data-continues");
  }
  function show(node) {
    var row = document.getElementById("row-" + ident(node));
    if (!tip || !row) return;
    var heads = row.closest("table").tHead.rows[0].cells;
    var table = document.createElement("table");
    for (var i = 0; i < row.cells.length; i++) {
      var value = row.cells[i].textContent;
      if (value === "") continue;
      var line = table.insertRow();
      var th = document.createElement("th");
      th.textContent = heads[i] ? heads[i].textContent : "";
      line.appendChild(th);
      line.insertCell().textContent = value;
    }
    tip.replaceChildren(table);
    var box = node.getBoundingClientRect();
    tip.hidden = false;
    tip.style.left = Math.max(4, window.scrollX + box.left) + "px";
    tip.style.top = (window.scrollY + box.bottom + 6) + "px";
  }
  function hide() { if (tip) tip.hidden = true; }
  var text = document.getElementById("text");
  if (text) {
    text.addEventListener("mouseover", function (e) { var n = target(e.target); if (n) show(n); });
    text.addEventListener("mouseout", function (e) { if (!target(e.relatedTarget)) hide(); });
    text.addEventListener("focusin", function (e) { var n = target(e.target); if (n) show(n); });
    text.addEventListener("focusout", hide);
  }

  // Index: sort by a column heading, filter by text and status.
  var documents = document.getElementById("documents");
  if (!documents) return;
  var rows = Array.prototype.slice.call(documents.tBodies[0].rows);
  var filter = document.getElementById("filter");
  var status = document.getElementById("status-filter");
  var shown = document.getElementById("shown");
  function apply() {
    var words = filter.value.toLowerCase();
    var wanted = status.value;
    var count = 0;
    rows.forEach(function (row) {
      var visible = (!wanted || row.getAttribute("data-status") === wanted) &&
        (!words || row.textContent.toLowerCase().indexOf(words) !== -1);
      row.hidden = !visible;
      if (visible) count++;
    });
    shown.textContent = count + " of " + rows.length + " shown";
  }
  filter.addEventListener("input", apply);
  status.addEventListener("change", apply);
  apply();
  documents.tHead.addEventListener("click", function (e) {
    var th = e.target.closest("th");
    if (!th) return;
    var column = th.cellIndex;
    var numeric = th.getAttribute("data-type") === "number";
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(th.parentNode.cells, function (c) { c.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    function key(row) {
      var value = row.cells[column].textContent.trim();
      return numeric ? (parseFloat(value) || 0) : value.toLowerCase();
    }
    rows.sort(function (a, b) {
      var x = key(a), y = key(b);
      var order = x < y ? -1 : x > y ? 1 : 0;
      return ascending ? order : -order;
    });
    var tbody = documents.tBodies[0];
    rows.forEach(function (row) { tbody.appendChild(row); });
  });
})();
