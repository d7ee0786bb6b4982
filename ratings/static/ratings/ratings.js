/* "Thông tin này có hữu ích không?" (ratings app), progressively.
 * The page may come from the whole-page cache, so its form carries no CSRF token. The script
 * asks for one (ma-xac-nhan/), sends the rating with it and says thank you in place. If
 * anything goes wrong the form is sent the ordinary way, which works without JavaScript: the
 * server then asks the reader to confirm (with a token) and shows the thank-you page. */
(function () {
  "use strict";
  var forms = document.querySelectorAll("[data-rating-form]");
  Array.prototype.forEach.call(forms, function (form) {
    var status = form.querySelector("[data-rating-status]");
    var button = form.querySelector("button[type=submit]");
    var sending = false;

    function plainSubmit() {
      HTMLFormElement.prototype.submit.call(form);
    }

    function tokenField(token) {
      var field = form.querySelector("[name=csrfmiddlewaretoken]");
      if (!field) {
        field = document.createElement("input");
        field.type = "hidden";
        field.name = "csrfmiddlewaretoken";
        form.appendChild(field);
      }
      field.value = token;
    }

    form.addEventListener("submit", function (event) {
      if (!window.fetch || !window.FormData || sending) return;
      event.preventDefault();
      sending = true;
      if (button) button.disabled = true;
      if (status) status.textContent = "Đang gửi đánh giá…";
      fetch(form.getAttribute("data-token-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error("token " + response.status);
          return response.json();
        })
        .then(function (data) {
          tokenField(data.token);
          return fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" });
        })
        .then(function (response) {
          if (response.ok && response.redirected && /\/cam-on\/$/.test(new URL(response.url).pathname)) {
            form.querySelectorAll("fieldset, p:not([data-rating-status])").forEach(function (el) { el.hidden = true; });
            if (status) {
              status.textContent = "Cảm ơn bạn đã đánh giá. Đánh giá của bạn đã được ghi nhận.";
              status.setAttribute("tabindex", "-1");
              status.focus();
            }
            return;
          }
          plainSubmit(); // errors, a full budget, a refused token: the server's own page says why
        })
        .catch(function () {
          plainSubmit();
        });
    });
  });
})();
