// "Copy" beside a share link: puts the address on the clipboard and says so. Where the clipboard
// API is unavailable (a page not served over https), the address is selected for Ctrl+C instead.
(() => {
  document.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-copy-from]");
    if (!button) return;
    const field = document.getElementById(button.dataset.copyFrom);
    if (!field) return;
    const label = button.textContent;
    try {
      await navigator.clipboard.writeText(field.value);
      button.textContent = "Copied";
    } catch (_error) {
      field.focus();
      field.select();
      button.textContent = "Selected: press Ctrl+C";
    }
    setTimeout(() => {
      button.textContent = label;
    }, 2000);
  });
})();
