"use strict";
// Writing aids on the story form (articles.admin.aids): the body's word count and reading time,
// character counters, a search-result and a social-card preview, the checks before publishing
// redone as the form is typed, tag suggestions, and Ctrl/Cmd+S to save and keep editing.
// Everything is built with DOM calls (no HTML from data) and nothing is sent anywhere but the
// tag suggestions, which ask this admin.
(() => {
  const WORDS_PER_MINUTE = 230;
  const HEADLINE_LIMIT = 110;

  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  // Blocks end with a space, so the last word of a paragraph and the first of the next stay two.
  const textOf = (html) =>
    new DOMParser().parseFromString((html || "").replace(/<\/(p|h\d|li|blockquote|figcaption|pre)>|<br\s*\/?>/gi, "$& "), "text/html")
      .body.textContent || "";
  const countWords = (text) => (text.match(/[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu) || []).length;
  const plural = (n, one, many) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

  // Word count and reading time under the body.
  const bodyStats = (form) => {
    const body = form.querySelector("#id_body");
    if (!body) return;
    const out = el("p", "aid-stats help");
    out.setAttribute("aria-live", "polite");
    out.dataset.aid = "word-count";
    (body.closest(".form-row, .fieldBox") || body.parentElement).append(out);
    const update = () => {
      const words = countWords(textOf(body.value));
      const minutes = Math.max(1, Math.ceil(words / WORDS_PER_MINUTE));
      out.textContent = words ? `${plural(words, "word", "words")} · ${minutes} min read` : "No words yet";
    };
    body.addEventListener("input", update);
    update();
  };

  // A counter after each field with data-count-limit.
  const counters = (form) => {
    for (const input of form.querySelectorAll("[data-count-limit]")) {
      const limit = Number(input.dataset.countLimit);
      const out = el("span", "aid-counter");
      out.id = `${input.id}_counter`;
      out.setAttribute("aria-live", "polite");
      input.after(out);
      input.setAttribute("aria-describedby", [input.getAttribute("aria-describedby"), out.id].filter(Boolean).join(" "));
      const update = () => {
        const length = [...input.value].length;
        out.textContent = `${length} / ${limit}`;
        out.classList.toggle("over", length > limit);
        out.title = length > limit ? `${length - limit} over the ${limit} characters that show` : "";
      };
      input.addEventListener("input", update);
      update();
    }
  };

  const chooserDetails = (select) =>
    select && select.value && window.newsroomChooser ? window.newsroomChooser.details(select) : null;

  // The search result and the social card, as the story would show in them.
  const previews = (form) => {
    const seo = form.querySelector("#id_seo_description");
    if (!seo) return;
    const field = (name) => form.querySelector(`#id_${name}`);
    const wrap = el("div", "aid-previews");
    wrap.dataset.aid = "previews";
    const serp = el("div", "serp-preview");
    serp.setAttribute("aria-label", "Search result preview");
    serp.setAttribute("role", "group");
    const serpUrl = el("span", "serp-url");
    const serpTitle = el("span", "serp-title");
    const serpText = el("span", "serp-text");
    serp.append(el("span", "aid-label", "In search results"), serpUrl, serpTitle, serpText);
    const card = el("div", "social-preview");
    card.setAttribute("aria-label", "Social card preview");
    card.setAttribute("role", "group");
    const cardImage = el("img", "social-image");
    cardImage.alt = "";
    const cardNone = el("span", "social-image social-image-none", "No lead image");
    const cardHost = el("span", "social-host", location.host);
    const cardTitle = el("span", "social-title");
    const cardText = el("span", "social-text");
    const cardBody = el("span", "social-body");
    cardBody.append(cardHost, cardTitle, cardText);
    card.append(el("span", "aid-label", "Shared on social media"), cardImage, cardNone, cardBody);
    wrap.append(serp, card);
    (seo.closest(".form-row") || seo.parentElement).after(wrap);

    const clip = (text, limit) => ([...text].length > limit ? `${[...text].slice(0, limit - 1).join("").trimEnd()}…` : text);
    const update = () => {
      const title = (field("seo_title")?.value || field("headline")?.value || "").trim() || "Headline";
      const description = (seo.value || field("dek")?.value || "").trim();
      const slug = (field("slug")?.value || "").trim();
      serpUrl.textContent = `${location.host} › articles › ${slug || "…"}`;
      serpTitle.textContent = clip(title, 60);
      serpText.textContent = description ? clip(description, 155) : "No description: search engines will pick some text.";
      cardTitle.textContent = clip(title, 90);
      cardText.textContent = clip(description, 120);
      const image = chooserDetails(field("lead_image"));
      cardImage.hidden = !(image && image.social);
      cardNone.hidden = !cardImage.hidden;
      if (image && image.social && cardImage.getAttribute("src") !== image.social) cardImage.src = image.social;
    };
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    document.addEventListener("chooser:changed", update);
    window.addEventListener("load", update);
    update();
  };

  // The checks before publishing, as the form stands (the server drew them for the saved story).
  const checks = (form) => {
    const panels = document.querySelectorAll("[data-prepublish]");
    if (!panels.length) return;
    const value = (name) => (form.querySelector(`#id_${name}`)?.value || "").trim();
    const rows = (prefix, field) =>
      [...form.querySelectorAll(`select[name^="${prefix}-"][name$="-${field}"]`)].filter((select) => {
        if (select.name.includes("__prefix__") || !select.value) return false;
        const remove = form.querySelector(`[name="${select.name.replace(new RegExp(`-${field}$`), "-DELETE")}"]`);
        return !(remove && remove.checked);
      });
    const compute = () => {
      const found = [];
      const image = form.querySelector("#id_lead_image");
      if (image && !image.value) {
        found.push(["no_lead_image", "no lead image", "No lead image: the story shows no picture and its link previews none."]);
      } else if (image) {
        const details = chooserDetails(image);
        if (details && (!details.alt || details.alt.trim().toLowerCase() === (details.title || "").trim().toLowerCase())) {
          found.push(["lead_image_alt", "lead image alt text", `The lead image “${details.title}” has no real alt text (it only repeats the title): describe what it shows.`]);
        }
      }
      if (form.querySelector('[name="bylines-TOTAL_FORMS"]') && !rows("bylines", "author").length) {
        found.push(["no_byline", "no byline", "No byline: add the author."]);
      }
      const headline = [...value("headline")].length;
      if (headline > HEADLINE_LIMIT) {
        found.push(["long_headline", "long headline", `The headline is ${headline} characters, over ${HEADLINE_LIMIT}: it will wrap badly in lists and be cut in search results.`]);
      }
      if (form.querySelector("#id_dek") && !value("dek")) {
        found.push(["empty_dek", "empty dek", "The dek is empty: lists, search results and link previews have no summary."]);
      }
      for (const select of rows("related_links", "target_article")) {
        const details = chooserDetails(select);
        if (details && details.live === false) {
          const name = select.selectedOptions[0]?.textContent || "a story";
          found.push(["link_not_live", "link to a story not live", `The related link to “${name}” leads to a story that is not live: it will not show until that story is.`]);
        }
      }
      // A link still waiting for its address (articles.models.links.PLACEHOLDER_URL).
      for (const input of form.querySelectorAll('input[name^="related_links-"][name$="-url"]')) {
        const remove = form.querySelector(`[name="${input.name.replace(/-url$/, "-DELETE")}"]`);
        if (input.value.trim() !== "https://address-needed.invalid/" || (remove && remove.checked)) continue;
        const title = form.querySelector(`[name="${input.name.replace(/-url$/, "-title")}"]`)?.value || "";
        found.push(["link_without_address", "link without an address", `The related link “${title}” has no address yet: readers will not see it until it has one (or links one of our stories).`]);
      }
      return found;
    };
    const update = () => {
      // Not every field can be read on every form (a writer's form hides some); where the form
      // cannot tell, the server's check of the saved story stands.
      const found = compute();
      for (const panel of panels) {
        const list = panel.querySelector("[data-prepublish-list]");
        const summary = panel.querySelector("[data-prepublish-summary]");
        list.replaceChildren(
          ...found.map(([code, , message]) => {
            const item = el("li", "", message);
            item.dataset.code = code;
            return item;
          }),
        );
        summary.textContent = found.map(([, label]) => label).join(" · ");
        panel.hidden = !found.length;
      }
    };
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    document.addEventListener("chooser:changed", update);
    document.addEventListener("formset:removed", update);
    window.addEventListener("load", update);
  };

  // Suggestions of existing tags for the last name being typed in the comma-separated field.
  const tagSuggestions = (form) => {
    const input = form.querySelector("[data-suggest-url]");
    if (!input) return;
    const list = el("datalist");
    list.id = `${input.id}_suggestions`;
    input.after(list);
    input.setAttribute("list", list.id);
    input.setAttribute("autocomplete", "off");
    let asked = "";
    let timer = null;
    const suggest = async () => {
      const parts = input.value.split(",");
      const term = parts.pop().trim();
      const before = parts.map((part) => part.trim()).filter(Boolean);
      if (!term || term === asked) return;
      asked = term;
      const url = new URL(input.dataset.suggestUrl, location.href);
      url.searchParams.set("q", term);
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok || asked !== term) return;
      const { tags } = await response.json();
      const taken = new Set(before.map((name) => name.toLowerCase()));
      list.replaceChildren(
        ...tags
          .filter((name) => !taken.has(name.toLowerCase()))
          .map((name) => {
            const option = el("option");
            // A trailing comma keeps a name with spaces whole (django-taggit splits on commas
            // when there is one) and leaves the field ready for the next tag.
            option.value = `${[...before, name.includes(",") ? `"${name}"` : name].join(", ")}, `;
            option.label = name;
            return option;
          }),
      );
    };
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(suggest, 150);
    });
  };

  // Ctrl+S / Cmd+S: "Save and continue editing".
  const saveShortcut = (form) => {
    document.addEventListener("keydown", (event) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.key.toLowerCase() !== "s") return;
      const button = form.querySelector('input[name="_continue"]');
      if (!button) return;
      event.preventDefault();
      if (form.dataset.saving) return;
      form.dataset.saving = "1";
      form.requestSubmit(button);
      setTimeout(() => delete form.dataset.saving, 3000);
    });
  };

  const start = () => {
    const form = document.querySelector("#article_form");
    if (!form) return;
    bodyStats(form);
    counters(form);
    previews(form);
    checks(form);
    tagSuggestions(form);
    saveShortcut(form);
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
