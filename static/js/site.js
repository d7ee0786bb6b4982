/* Text size (A- A A+), high contrast, the phone menu and print buttons (sharing: news/share.js). */
(function () {
  var root = document.documentElement;
  function save(key, value) { try { localStorage.setItem(key, value); } catch (e) { /* ignore */ } }
  function currentFont() { try { return parseInt(localStorage.getItem("bcd35-font") || "0", 10); } catch (e) { return 0; } }
  function setFont(level) {
    level = Math.max(-1, Math.min(2, level));
    root.classList.remove("font--1", "font-1", "font-2");
    if (level) root.classList.add("font-" + level);
    save("bcd35-font", String(level));
  }
  document.querySelectorAll("[data-font]").forEach(function (btn) {
    btn.addEventListener("click", function () {
      var step = parseInt(btn.getAttribute("data-font"), 10);
      setFont(step === 0 ? 0 : currentFont() + step);
    });
  });
  var contrast = document.querySelector("[data-contrast]");
  if (contrast) {
    contrast.setAttribute("aria-pressed", root.classList.contains("contrast") ? "true" : "false");
    contrast.addEventListener("click", function () {
      var on = root.classList.toggle("contrast");
      contrast.setAttribute("aria-pressed", on ? "true" : "false");
      save("bcd35-contrast", on ? "1" : "0");
    });
  }
  var nav = document.querySelector(".main-nav");
  var toggle = document.querySelector(".main-nav__toggle");
  if (nav && toggle) {
    toggle.addEventListener("click", function () {
      var open = nav.classList.toggle("is-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
    // Esc closes the open menu and puts the focus back on its button, as for any disclosure.
    nav.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !nav.classList.contains("is-open")) return;
      nav.classList.remove("is-open");
      toggle.setAttribute("aria-expanded", "false");
      toggle.focus();
    });
  }
  // Collapsed on phones, where they would fill the first screen; opened on wider screens, where
  // they fit beside the content (the markup opens them itself once the reader has filtered).
  if (window.matchMedia("(min-width: 40rem)").matches) {
    document.querySelectorAll("details[data-open-wide]").forEach(function (d) { d.open = true; });
  }
  document.querySelectorAll("[data-print]").forEach(function (btn) {
    btn.addEventListener("click", function () { window.print(); });
  });
})();
