"use strict";
// Image and story choosers by sight (articles.admin.choosers): Django's select2 autocomplete,
// drawing each result with the details the chooser view sends (an image's thumbnail, title,
// credit and size; a story's status, publish time and a warning when it is not live).
// The admin's media may place this file before or after Django's autocomplete.js: it installs
// itself when the document is parsed, which is before jQuery's ready handlers (always run
// later, asynchronously) start the autocompletes. Built with DOM calls only: no HTML from data.
const installChooser = () => {
  const $ = django.jQuery;

  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  };

  // The details of a result: from the chooser view, or (the chosen value as the page was
  // drawn) from the option's data-details.
  const detailsOf = (item) => {
    if (item.thumb !== undefined || item.status !== undefined) return item;
    const raw = item.element && item.element.dataset.details;
    if (!raw) return null;
    try {
      return { ...JSON.parse(raw), id: item.id, text: item.text };
    } catch (error) {
      return null;
    }
  };

  const drawImage = (item, details) => {
    const row = el("span", "chooser-item chooser-image");
    if (details.thumb) {
      const img = el("img", "chooser-thumb");
      img.src = details.thumb;
      img.alt = "";
      img.loading = "lazy";
      row.append(img);
    } else {
      row.append(el("span", "chooser-thumb chooser-thumb-none", "—"));
    }
    const text = el("span", "chooser-text");
    text.append(el("span", "chooser-title", details.title || item.text));
    const meta = [details.credit, details.size].filter(Boolean).join(" · ");
    if (meta) text.append(el("span", "chooser-meta", meta));
    row.append(text);
    return row;
  };

  const drawStory = (item, details) => {
    const row = el("span", "chooser-item chooser-story");
    const text = el("span", "chooser-text");
    text.append(el("span", "chooser-title", item.text));
    const meta = el("span", "chooser-meta");
    meta.append(el("span", `state state-${details.state}`, details.status));
    if (details.published) meta.append(document.createTextNode(` · ${details.published}`));
    text.append(meta);
    if (!details.live) text.append(el("span", "chooser-warning", details.warning));
    row.append(text);
    return row;
  };

  const draw = (item) => {
    if (item.loading || !item.id) return item.text;
    const details = detailsOf(item);
    if (!details) return item.text;
    return details.thumb !== undefined ? drawImage(item, details) : drawStory(item, details);
  };

  const original = $.fn.djangoAdminSelect2;
  if (!original || original.chooser) return;
  $.fn.djangoAdminSelect2 = function () {
    const plain = this.filter(":not([data-chooser])");
    if (plain.length) original.call(plain);
    $.each(this.filter("[data-chooser]"), (i, element) => {
      $(element).select2({
        ajax: {
          data: (params) => ({
            term: params.term,
            page: params.page,
            app_label: element.dataset.appLabel,
            model_name: element.dataset.modelName,
            field_name: element.dataset.fieldName,
          }),
        },
        templateResult: draw,
        templateSelection: draw,
      });
      // The chosen story's warning, also beside the field for as long as it is chosen.
      $(element).on("change", () => document.dispatchEvent(new CustomEvent("chooser:changed")));
    });
    return this;
  };
  $.fn.djangoAdminSelect2.chooser = true;

  // What a chooser holds now, with its details (for the writing aids on the story form).
  window.newsroomChooser = {
    details(select) {
      const chosen = $(select).hasClass("select2-hidden-accessible") ? $(select).select2("data") : [];
      const item = chosen && chosen[0];
      return item && item.id ? detailsOf(item) : null;
    },
  };
};

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", installChooser);
else installChooser();
