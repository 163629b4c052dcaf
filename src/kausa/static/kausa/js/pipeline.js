// Drag a card onto another column: choose that stage in the card's own form and submit it.
// Without JavaScript (or with the keyboard) the form's select and button do the same.
(function () {
  "use strict";
  var board = document.querySelector("[data-board]");
  if (!board) { return; }
  var dragged = null;
  board.addEventListener("dragstart", function (event) {
    dragged = event.target.closest("[data-card]");
    if (dragged) {
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.dataset.card);
      dragged.classList.add("dragging");
    }
  });
  board.addEventListener("dragend", function () {
    if (dragged) { dragged.classList.remove("dragging"); }
    board.querySelectorAll(".drop-target").forEach(function (c) { c.classList.remove("drop-target"); });
  });
  board.addEventListener("dragover", function (event) {
    var column = event.target.closest("[data-stage]");
    if (column && dragged) {
      event.preventDefault();
      column.classList.add("drop-target");
    }
  });
  board.addEventListener("dragleave", function (event) {
    var column = event.target.closest("[data-stage]");
    if (column && !column.contains(event.relatedTarget)) { column.classList.remove("drop-target"); }
  });
  board.addEventListener("drop", function (event) {
    var column = event.target.closest("[data-stage]");
    if (!column || !dragged) { return; }
    event.preventDefault();
    var form = dragged.querySelector("form.move-form");
    var select = form.querySelector("select[name=stage]");
    if (select.value !== column.dataset.stage) {
      select.value = column.dataset.stage;
      form.submit();
    }
  });
})();
