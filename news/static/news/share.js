/* Sharing on the article page, with nothing that a third party can switch off: the device's own
   share sheet (Zalo, Messenger, mail…) where the browser offers one, and "Sao chép liên kết"
   everywhere: the Clipboard API, or, without it (plain HTTP on a closed network, old browsers),
   the address selected in a read-only box for the reader to copy. */
(function () {
  var status = document.querySelector("[data-share-status]");
  function announce(text) {
    if (!status) return;
    // Emptied first, so that a second copy of the same link is announced again.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 100);
  }

  var share = document.querySelector("[data-share]");
  if (share && typeof navigator.share === "function") {
    var data = { title: share.getAttribute("data-share-title"), url: share.getAttribute("data-share-url") };
    if (typeof navigator.canShare !== "function" || navigator.canShare(data)) {
      share.hidden = false;
      share.addEventListener("click", function () {
        // A rejection means the reader closed the sheet: nothing to report.
        navigator.share(data).catch(function () {});
      });
    }
  }

  var fallback = document.querySelector("[data-copy-fallback]");
  function copyByHand() {
    if (!fallback) return;
    fallback.hidden = false;
    var input = fallback.querySelector("input");
    input.focus();
    input.select();
    input.setSelectionRange(0, input.value.length);
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
    announce(copied ? "Đã sao chép liên kết"
      : "Liên kết đã được chọn: nhấn Ctrl+C, hoặc chạm giữ rồi chọn Sao chép");
  }
  document.querySelectorAll("[data-copy-link]").forEach(function (button) {
    button.addEventListener("click", function () {
      var url = button.getAttribute("data-copy-link");
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(url).then(function () { announce("Đã sao chép liên kết"); }, copyByHand);
      } else {
        copyByHand();
      }
    });
  });
})();
