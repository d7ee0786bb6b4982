// "In các mã" / "Chép các mã" on the recovery codes page (the buttons stay hidden without JS).
document.addEventListener("DOMContentLoaded", () => {
  const list = document.getElementById("recovery-codes");
  if (!list) return;
  for (const button of document.querySelectorAll("[data-recovery-action]")) {
    if (button.dataset.recoveryAction === "copy" && !navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener("click", () => {
      if (button.dataset.recoveryAction === "print") {
        window.print();
        return;
      }
      const codes = Array.from(list.querySelectorAll("code"), (code) => code.textContent).join("\n");
      navigator.clipboard.writeText(codes).then(() => {
        button.textContent = "Đã chép vào bộ nhớ tạm";
      });
    });
  }
});
