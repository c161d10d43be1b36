// The story form's workflow buttons that put a story live at once ask first (data-confirm).
// The server decides what a button may do (articles.workflow); this only asks before it is sent.
(() => {
  document.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
  });
})();
