// Autosave for the story form (autosave/admin.py): every few seconds while the text changes, and
// when the tab is hidden, the form's text fields are posted as this editor's draft copy. Never
// the story itself: only a save does that. Leaving with unsaved changes asks first.
(function () {
  "use strict";

  function start() {
    const box = document.getElementById("autosave");
    if (!box) return;
    const form = box.closest("form");
    const fields = JSON.parse(document.getElementById("autosave-fields").textContent);
    const status = box.querySelector(".autosave-status");
    const interval = Number(box.dataset.interval) || 10000;
    let submitting = false;

    if (box.dataset.restored) {
      // The form posts to its page's address: keep the restore request out of it.
      const address = new URL(window.location.href);
      address.searchParams.delete(box.dataset.restoreParam);
      window.history.replaceState(null, "", address);
    }

    function values() {
      const data = {};
      for (const name of fields) {
        const element = form.elements.namedItem(name);
        if (element && "value" in element) data[name] = element.value;
      }
      return data;
    }

    // What the form held when it opened; a restored copy is unsaved from the start.
    const opened = JSON.stringify(values());
    let sent = box.dataset.restored ? null : opened;

    function changed() {
      return box.dataset.restored === "1" || JSON.stringify(values()) !== opened;
    }

    function say(text, kind) {
      status.textContent = text;
      status.className = "autosave-status" + (kind ? " autosave-" + kind : "");
    }

    function payload(data) {
      const body = new FormData();
      body.append("csrfmiddlewaretoken", form.elements.namedItem("csrfmiddlewaretoken").value);
      const version = form.elements.namedItem("edit_version");
      if (version) body.append("edit_version", version.value);
      for (const [name, value] of Object.entries(data)) body.append(name, value);
      return body;
    }

    async function keep(leaving) {
      if (submitting) return;
      const data = values();
      const text = JSON.stringify(data);
      if (text === sent) return;
      sent = text;
      let response;
      try {
        response = await fetch(box.dataset.url, {
          method: "POST",
          body: payload(data),
          credentials: "same-origin",
          headers: { Accept: "application/json" },
          keepalive: leaving,
        });
      } catch (error) {
        sent = null;
        say("Not connected: your latest changes are only in this page. Keep it open until you can save.", "error");
        return;
      }
      if (!response.ok) {
        sent = null;
        const reason = response.status === 403 ? "you may not edit this story now" : "the server refused it";
        say("Your changes could not be kept as a draft copy (" + reason + "). Save the story to keep them.", "error");
        return;
      }
      const result = await response.json();
      if (result.stale) {
        say(result.stale, "stale");
      } else if (result.saved) {
        say("Draft copy kept at " + result.time + " (not yet saved to the story).");
      }
    }

    window.setInterval(() => keep(false), interval);
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") keep(true);
    });
    form.addEventListener("submit", () => {
      submitting = true;
    });
    window.addEventListener("beforeunload", (event) => {
      if (!submitting && changed()) {
        event.preventDefault();
        event.returnValue = "";
      }
    });

    const discard = box.querySelector(".autosave-discard");
    if (discard) {
      discard.addEventListener("click", async () => {
        const body = new FormData();
        body.append("csrfmiddlewaretoken", form.elements.namedItem("csrfmiddlewaretoken").value);
        const response = await fetch(box.dataset.discardUrl, {
          method: "POST",
          body: body,
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        });
        if (response.ok) {
          box.querySelector(".autosave-offer").remove();
          say("Your unsaved changes were discarded.");
        } else {
          say("Your unsaved changes could not be discarded. Try again.", "error");
        }
      });
    }
  }

  // The admin loads form media in the head, before the form exists.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
