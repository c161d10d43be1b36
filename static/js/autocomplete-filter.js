"use strict";
// The story list's tag, film and author filters: choosing one in the autocomplete applies it at
// once; clearing it lists every story again (an empty choice is left out of the address).
window.addEventListener("load", () => {
  const $ = window.django && window.django.jQuery;
  if (!$) return;
  $("select[data-filter-autosubmit]").on("change", (event) => {
    const select = event.target;
    if (!select.value) select.disabled = true;
    select.form.submit();
  });
});
