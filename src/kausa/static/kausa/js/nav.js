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
