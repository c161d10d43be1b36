// The image admin's focal point: click the preview to choose what crops keep in view.
// The marker is placed on the picture itself, in pixels, and placed again when the picture loads
// or the window is resized: its box can be wider than the picture on a wide screen.
(() => {
  function place(picker, x, y) {
    const image = picker.querySelector("img");
    const marker = picker.querySelector(".focal-marker");
    marker.style.left = `${image.offsetLeft + x * image.offsetWidth}px`;
    marker.style.top = `${image.offsetTop + y * image.offsetHeight}px`;
  }

  function init(picker) {
    const xInput = document.getElementById(picker.dataset.xInput);
    const yInput = document.getElementById(picker.dataset.yInput);
    if (!xInput || !yInput) return;
    const image = picker.querySelector("img");
    const current = () => [parseFloat(xInput.value) || 0.5, parseFloat(yInput.value) || 0.5];
    const replace = () => place(picker, ...current());
    replace();
    image.addEventListener("load", replace);
    window.addEventListener("resize", replace);
    image.addEventListener("click", (event) => {
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
