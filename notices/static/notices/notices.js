/* Banners (notices app): "Ẩn thông báo" hides a banner in this browser only.
 * What was hidden is kept in localStorage, never in a cookie, so the server neither reads it
 * nor stops caching pages for it. The key is the banner's id and its last edit: a banner its
 * staff changed shows again. Without JavaScript (or storage) the button stays hidden and the
 * banner stays. */
(function () {
  "use strict";
  var PREFIX = "thong-bao-da-an:";

  function hidden(key) {
    try {
      return window.localStorage.getItem(PREFIX + key) === "1";
    } catch (e) {
      return false;
    }
  }

  function remember(key) {
    try {
      window.localStorage.setItem(PREFIX + key, "1");
      return true;
    } catch (e) {
      return false;
    }
  }

  var banners = document.querySelectorAll("[data-notice]");
  Array.prototype.forEach.call(banners, function (banner) {
    var key = banner.getAttribute("data-notice");
    if (hidden(key)) {
      banner.hidden = true;
      return;
    }
    var button = banner.querySelector("[data-notice-close]");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      remember(key);
      banner.hidden = true;
      // Focus goes on to the next banner still shown, else to the page's main content.
      var next = document.querySelector("[data-notice]:not([hidden]) [data-notice-close]");
      var target = next || document.getElementById("noi-dung");
      if (target) target.focus();
    });
  });
})();
