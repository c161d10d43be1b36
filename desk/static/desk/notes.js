// Return to draft needs a note for the writer: pressing the button with the note empty brings the
// note into view instead of sending a form the server would refuse.
document.addEventListener("click", (event) => {
  const button = event.target.closest("button[name=_workflow][value=return_to_draft]");
  const note = document.getElementById("id_return_note");
  if (!button || !note || note.value.trim()) return;
  event.preventDefault();
  note.setAttribute("aria-invalid", "true");
  note.scrollIntoView({ block: "center" });
  note.focus();
});
