// Our extensions of the story body's editor (django-prose-editor, articles.admin.editor):
//
// StoryImage: "Insert image" picks an image from the library (the image chooser's own search,
// articles.admin.choosers) and places it as <figure data-image="ID"><figcaption>…</figcaption>
// </figure>: a reference to the library image with the story's caption. The story page draws the
// picture from the image's renditions with its alt text and credit (articles.body); the body
// never holds an image address, and the sanitizer would drop one (articles.sanitize).
//
// ClipCards: a paragraph holding only a YouTube or Vimeo address (what the story page turns into
// a player, articles.clips) shows a card naming the provider and the clip's id. Nothing is
// fetched from the video host.
import { crel, Extension, Node, pm } from "django-prose-editor/editor"

const { Plugin, PluginKey } = pm.state
const { Decoration, DecorationSet } = pm.view

// What the editor knows of library images: id -> {thumb, title, credit, caption, alt, size}.
const known = new Map()

const textareaOf = (editor) => editor.options.element?.querySelector("textarea")

const learnImages = (editor) => {
  const textarea = textareaOf(editor)
  if (!textarea || textarea.dataset.storyImagesRead) return
  textarea.dataset.storyImagesRead = "1"
  try {
    for (const [id, details] of Object.entries(JSON.parse(textarea.dataset.storyImages || "{}"))) {
      known.set(id, details)
    }
  } catch (_error) {
    // Without the details, figures show their id and a note instead of a thumbnail.
  }
}

const chooserUrl = (editor, term, page = 1) => {
  const textarea = textareaOf(editor)
  const url = new URL(textarea.dataset.imageChooserUrl, location.href)
  url.search = new URLSearchParams({
    app_label: "articles",
    model_name: "article",
    field_name: "lead_image",
    term,
    page,
  })
  return url
}

const imageButton = (item, onPick) => {
  const button = crel("button", { type: "button", title: item.alt || item.text })
  const img = crel("img", { alt: "", loading: "lazy" })
  if (item.thumb) img.src = item.thumb
  button.append(
    img,
    crel("span", { className: "chooser-title", textContent: item.title || item.text }),
    crel("span", {
      className: "chooser-meta",
      textContent: [item.credit, item.size].filter(Boolean).join(" · "),
    }),
  )
  button.addEventListener("click", () => onPick(item))
  return crel("li", {}, [button])
}

// A dialog to search the library and pick one image; resolves to its details, or null.
const pickImage = (editor) =>
  new Promise((resolve) => {
    const textarea = textareaOf(editor)
    const search = crel("input", {
      type: "search",
      placeholder: "Search the image library (title, credit, caption)",
      "aria-label": "Search the image library",
    })
    const results = crel("ul", { className: "image-picker-results" })
    const status = crel("p", { className: "help", "aria-live": "polite" })
    // Upload from here: Django's related-object popup, answering into this hidden select.
    const target = crel("select", { id: `body_image_upload_${Date.now()}`, hidden: true })
    const upload = crel("a", {
      id: `add_${target.id}`,
      className: "related-widget-wrapper-link add-related",
      href: `${textarea.dataset.imageAddUrl}?_to_field=id&_popup=1`,
      textContent: "Upload a new image",
      "data-popup": "yes",
    })
    const cancel = crel("button", { type: "button", textContent: "Cancel" })
    const dialog = crel("dialog", { className: "prose-editor-dialog image-picker" }, [
      crel("h3", { className: "prose-editor-dialog-title", textContent: "Insert an image from the library" }),
      search,
      status,
      results,
      crel("div", { className: "prose-editor-dialog-buttons" }, [upload, target, cancel]),
    ])
    let chosen = null
    const finish = (item) => {
      chosen = item
      dialog.close()
    }
    dialog.addEventListener("close", () => {
      dialog.remove()
      resolve(chosen)
    })
    cancel.addEventListener("click", () => dialog.close())

    let asked = 0
    const find = async () => {
      const ask = ++asked
      status.textContent = "Searching…"
      try {
        const response = await fetch(chooserUrl(editor, search.value.trim()), {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        })
        if (ask !== asked) return
        if (!response.ok) throw new Error(response.statusText)
        const { results: items } = await response.json()
        results.replaceChildren(...items.map((item) => imageButton(item, finish)))
        status.textContent = items.length
          ? `${items.length} image${items.length === 1 ? "" : "s"}${search.value.trim() ? "" : ", newest first"}`
          : "No image matches: try another word, or upload one."
      } catch (_error) {
        if (ask === asked) status.textContent = "The library could not be searched. Try again."
      }
    }
    let timer = null
    search.addEventListener("input", () => {
      clearTimeout(timer)
      timer = setTimeout(find, 200)
    })
    // An upload comes back as a new option of the hidden select (RelatedObjectLookups.js).
    window.django?.jQuery(target).on("change", () => {
      const option = target.selectedOptions[0]
      if (!option) return
      search.value = option.textContent
      find()
    })

    editor.view.dom.parentElement.append(dialog)
    dialog.showModal()
    search.focus()
    find()
  })

export const StoryImage = Node.create({
  name: "storyImage",
  group: "block",
  content: "inline*",
  draggable: true,
  isolating: true,
  defining: true,

  addAttributes() {
    return {
      image: {
        default: null,
        parseHTML: (element) => element.getAttribute("data-image"),
        renderHTML: (attributes) => ({ "data-image": attributes.image }),
      },
    }
  },

  parseHTML() {
    return [
      {
        tag: "figure[data-image]",
        contentElement: (dom) => dom.querySelector("figcaption") || document.createElement("figcaption"),
      },
    ]
  },

  renderHTML({ HTMLAttributes }) {
    return ["figure", HTMLAttributes, ["figcaption", 0]]
  },

  addNodeView() {
    return ({ node, editor }) => {
      learnImages(editor)
      const id = String(node.attrs.image)
      const details = known.get(id)
      const dom = crel("figure", { className: "body-image" })
      dom.dataset.image = id
      const picture = crel("div", { contentEditable: false, className: "body-image-picture" })
      if (details?.thumb) {
        picture.append(
          crel("img", { src: details.thumb, alt: details.alt || "" }),
          crel("span", {
            className: "body-image-credit",
            textContent: [details.title, details.credit].filter(Boolean).join(" · "),
          }),
        )
      } else if (details) {
        picture.append(crel("span", { className: "body-image-credit", textContent: details.title }))
      } else {
        picture.append(
          crel("span", {
            className: "body-image-missing",
            textContent: `Image ${id}: not in the library. It will not show on the page.`,
          }),
        )
      }
      const caption = crel("figcaption", { "data-placeholder": "Caption" })
      dom.append(picture, caption)
      return {
        dom,
        contentDOM: caption,
        update: (updated) => updated.type.name === "storyImage" && String(updated.attrs.image) === id,
        stopEvent: (event) => picture.contains(event.target) && event.type !== "dragstart",
        ignoreMutation: (mutation) => !caption.contains(mutation.target),
      }
    }
  },

  addCommands() {
    return {
      insertStoryImage:
        (item) =>
        ({ commands }) => {
          known.set(String(item.id), item)
          const caption = (item.caption || "").trim()
          return commands.insertContent({
            type: this.name,
            attrs: { image: String(item.id) },
            content: caption ? [{ type: "text", text: caption }] : [],
          })
        },
    }
  },

  // A caption is one line: Enter leaves it for a new paragraph after the figure.
  addKeyboardShortcuts() {
    return {
      Enter: ({ editor }) => {
        const { $from } = editor.state.selection
        if ($from.parent.type.name !== this.name) return false
        const after = $from.after()
        return editor.chain().insertContentAt(after, { type: "paragraph" }).focus(after + 1).run()
      },
    }
  },

  addMenuItems({ buttons, menu }) {
    menu.defineItem({
      name: "storyImage",
      groups: "nodes",
      button: buttons.text("Image", "Insert image from the library"),
      command: (editor) => {
        pickImage(editor).then((item) => {
          if (item) editor.chain().focus().insertStoryImage(item).run()
        })
      },
    })
  },
})

// The clip addresses the story page embeds (a subset check of articles.clips.parse_clip: the
// same hosts and id shapes).
const YOUTUBE_HOSTS = new Set([
  "youtube.com",
  "www.youtube.com",
  "m.youtube.com",
  "youtube-nocookie.com",
  "www.youtube-nocookie.com",
])

export const parseClip = (text) => {
  let url
  try {
    url = new URL(text.trim())
  } catch (_error) {
    return null
  }
  if (!["http:", "https:"].includes(url.protocol)) return null
  const host = url.hostname.toLowerCase()
  const path = url.pathname.replace(/\/+$/, "")
  let provider = null
  let id = null
  if (YOUTUBE_HOSTS.has(host)) {
    provider = "youtube"
    if (path === "/watch") id = url.searchParams.get("v")
    else if (/^\/(embed|shorts|live)\//.test(path)) id = path.split("/")[2]
  } else if (host === "youtu.be") {
    provider = "youtube"
    id = path.replace(/^\//, "")
  } else if (host === "vimeo.com" || host === "www.vimeo.com") {
    provider = "vimeo"
    id = path.replace(/^\//, "")
  } else if (host === "player.vimeo.com" && path.startsWith("/video/")) {
    provider = "vimeo"
    id = path.split("/")[2]
  }
  const pattern = { youtube: /^[A-Za-z0-9_-]{11}$/, vimeo: /^[0-9]{1,12}$/ }[provider]
  return pattern && id && pattern.test(id) ? { provider, id } : null
}

const LABELS = { youtube: "YouTube", vimeo: "Vimeo" }

const clipCard = (clip) => () => {
  const card = crel("div", { className: "clip-card", contentEditable: false })
  card.dataset.provider = clip.provider
  card.append(
    crel("span", { className: "clip-card-play", "aria-hidden": "true", textContent: "▶" }),
    crel("span", { textContent: `${LABELS[clip.provider]} clip` }),
    crel("span", { className: "clip-card-id", textContent: clip.id }),
    crel("span", { textContent: "— shown as a player on the story page" }),
  )
  return card
}

const clipDecorations = (doc) => {
  const decorations = []
  doc.forEach((node, offset) => {
    if (node.type.name !== "paragraph") return
    const clip = parseClip(node.textContent)
    if (clip) {
      decorations.push(
        Decoration.widget(offset + node.nodeSize, clipCard(clip), {
          side: -1,
          key: `clip-${clip.provider}-${clip.id}`,
          ignoreSelection: true,
        }),
      )
    }
  })
  return DecorationSet.create(doc, decorations)
}

export const ClipCards = Extension.create({
  name: "clipCards",

  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey("clipCards"),
        state: {
          init: (_config, state) => clipDecorations(state.doc),
          apply: (tr, old) => (tr.docChanged ? clipDecorations(tr.doc) : old),
        },
        props: {
          decorations(state) {
            return this.getState(state)
          },
        },
      }),
    ]
  },
})
