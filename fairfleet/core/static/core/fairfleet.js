// Progressive enhancements only: every page works without this file.
(function () {
  // On a phone, fold the device filters away unless some are in use, so the list comes first.
  var filters = document.getElementById("filters");
  if (filters && !filters.hasAttribute("data-active") && window.matchMedia("(max-width: 720px)").matches) {
    filters.removeAttribute("open");
  }
})();
