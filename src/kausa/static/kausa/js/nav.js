// On wide screens the main menu is always open; on phones it folds into "Menu".
(function () {
  "use strict";
  var menu = document.querySelector("[data-nav-menu]");
  if (!menu) { return; }
  var wide = window.matchMedia("(min-width: 48rem)");
  function apply() {
    if (wide.matches) { menu.setAttribute("open", ""); } else { menu.removeAttribute("open"); }
    menu.classList.toggle("is-wide", wide.matches);
  }
  apply();
  wide.addEventListener("change", apply);
})();

// Forms that delete something others depend on ask first: <form data-confirm="…">.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form && form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  }, true);
})();

// A form re-shown with errors: a summary at its top takes focus and links to each field.
// Pages render it (includes/error_summary.html); for a form that does not, it is built here
// from the fields marked with errors.
(function () {
  "use strict";
  function labelOf(control) {
    var box = control.closest("fieldset");
    var legend = box && box.querySelector("legend");
    if (legend) return legend.textContent.trim();
    var label = control.id && document.querySelector('label[for="' + control.id + '"]');
    return (label ? label.textContent : control.name || "").replace(/\s*\*\s*$/, "").trim();
  }
  function build() {
    var marked = document.querySelector("main form .has-error, main form .field-error, main form [aria-invalid=true], main form .errorlist");
    if (!marked) return null;
    var form = marked.closest("form");
    var summary = document.createElement("div");
    summary.className = "error-summary";
    summary.setAttribute("role", "alert");
    summary.setAttribute("tabindex", "-1");
    var heading = document.createElement("h2");
    heading.className = "h3";
    heading.textContent = document.getElementById("main").getAttribute("data-error-heading") || "";
    summary.appendChild(heading);
    var list = document.createElement("ul");
    var seen = {};
    form.querySelectorAll(".has-error, [aria-invalid=true], .errorlist").forEach(function (box) {
      var control = box.matches("input, select, textarea") ? box
        : (box.querySelector("input:not([type=hidden]), select, textarea")
           || (box.previousElementSibling && box.previousElementSibling.matches("input, select, textarea") ? box.previousElementSibling : null));
      if (!control || !control.id || seen[control.id]) return;
      seen[control.id] = true;
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#" + control.id;
      var message = box.querySelector(".field-error, .errorlist li");
      link.textContent = labelOf(control) + (message ? ": " + message.textContent.trim() : "");
      item.appendChild(link);
      list.appendChild(item);
    });
    form.querySelectorAll(".errorlist.nonfield li, .non-field-errors li").forEach(function (error) {
      var item = document.createElement("li");
      item.textContent = error.textContent.trim();
      list.appendChild(item);
    });
    if (!list.children.length) return null;
    summary.appendChild(list);
    form.insertBefore(summary, form.firstChild);
    return summary;
  }
  var summary = document.querySelector("[data-error-summary]") || build();
  if (!summary) return;
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var target = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!target) return;
    event.preventDefault();
    target.focus();
    target.scrollIntoView({ block: "center" });
  });
  summary.focus();
  // scrolling to a #fragment after load can take the focus away again
  window.addEventListener("load", function () {
    if (document.activeElement === document.body) summary.focus();
  });
})();
