/* Runs in <head> before paint: applies the reader's saved text size and contrast. */
(function () {
  var root = document.documentElement;
  root.classList.remove("no-js");
  try {
    var f = parseInt(localStorage.getItem("bcd35-font") || "0", 10);
    if (f) root.classList.add("font-" + f);
    if (localStorage.getItem("bcd35-contrast") === "1") root.classList.add("contrast");
  } catch (e) { /* storage blocked: defaults */ }
})();
