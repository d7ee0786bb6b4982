/* Citizen forms (civic): the ALTCHA widget solves its proof of work in a Web Worker served from
   our own static files, with our Vietnamese wording. Loaded after vendor/altcha/altcha.min.js. */
(function () {
  "use strict";
  var altcha = window.$altcha;
  if (!altcha) {
    return;
  }
  var widget = document.querySelector("altcha-widget[data-worker]");
  if (widget) {
    var workerUrl = widget.getAttribute("data-worker");
    altcha.algorithms.set("SHA-256", function () {
      return new Worker(workerUrl);
    });
  }
  altcha.i18n.set("vi", {
    ariaLinkLabel: "ALTCHA",
    enterCode: "Nhập mã",
    enterCodeAria: "Nhập mã bạn nghe được. Nhấn phím cách để phát âm thanh.",
    enterCodeFromImage: "Để tiếp tục, hãy nhập mã trong hình dưới đây.",
    error: "Xác minh không thành công. Hãy tải lại trang rồi thử lại.",
    expired: "Xác minh đã hết hạn. Hãy bấm xác minh lại.",
    footer: "",
    getAudioChallenge: "Nghe mã bằng âm thanh",
    label: "Xác minh chống thư rác (tự động trên máy bạn)",
    loading: "Đang tải…",
    reload: "Tải lại",
    verify: "Xác minh",
    verificationRequired: "Cần xác minh trước khi gửi.",
    verified: "Đã xác minh",
    verifying: "Đang xác minh…",
    waitAlert: "Đang xác minh, xin chờ trong giây lát.",
    cancel: "Huỷ"
  });
  // Start solving only now, with our worker set: the widget's own auto="onload" starts a
  // moment after it is defined, which can be before this script runs, and its default worker
  // (a blob: URL) is refused by the CSP, so the check then fails ("Xác minh không thành công").
  if (widget && typeof widget.verify === "function") {
    widget.verify();
  }
})();
