// The image admin's focal point: click the preview to choose what crops keep in view.
(() => {
  function place(picker, x, y) {
    const marker = picker.querySelector(".focal-marker");
    marker.style.left = `${x * 100}%`;
    marker.style.top = `${y * 100}%`;
  }

  function init(picker) {
    const xInput = document.getElementById(picker.dataset.xInput);
    const yInput = document.getElementById(picker.dataset.yInput);
    if (!xInput || !yInput) return;
    place(picker, parseFloat(xInput.value) || 0.5, parseFloat(yInput.value) || 0.5);
    picker.querySelector("img").addEventListener("click", (event) => {
      const box = event.currentTarget.getBoundingClientRect();
      const x = Math.min(Math.max((event.clientX - box.left) / box.width, 0), 1);
      const y = Math.min(Math.max((event.clientY - box.top) / box.height, 0), 1);
      xInput.value = x.toFixed(4);
      yInput.value = y.toFixed(4);
      place(picker, x, y);
    });
  }

  document.addEventListener("DOMContentLoaded", () => document.querySelectorAll(".focal-picker").forEach(init));
})();
