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
