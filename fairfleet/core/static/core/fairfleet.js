// Progressive enhancements only: every page works without this file.
(function () {
  // On a phone, fold the device filters away unless some are in use, so the list comes first.
  var filters = document.getElementById("filters");
  if (filters && !filters.hasAttribute("data-active") && window.matchMedia("(max-width: 720px)").matches) {
    filters.removeAttribute("open");
  }
  // The phone menu (a disclosure) also closes with Escape while the focus is in the header, and gives the focus
  // back to its summary.
  var menu = document.getElementById("menu-toggle");
  if (menu) {
    var header = menu.closest("header");
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !menu.open) return;
      var active = document.activeElement;
      if (active && active !== document.body && !header.contains(active)) return;
      menu.open = false;
      menu.querySelector("summary").focus();
    });
  }
})();
