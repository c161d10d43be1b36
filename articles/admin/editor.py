"""The story body's editor: django-prose-editor, limited to what the sanitizer keeps.

Its assets ship with the package (no CDN) and load through nonce-carrying
media, so it runs under the site's strict Content-Security-Policy. The server
still cleans whatever it sends (articles.sanitize).
"""

from django_prose_editor.widgets import AdminProseEditorWidget

BODY_EXTENSIONS = {
    "Heading": {"levels": [2, 3]},
    "Bold": True,
    "Italic": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "HTML": True,
    "NodeClass": {"cssClasses": {"blockquote": [{"className": "pull-quote", "title": "Pull quote"}]}},
}


def body_widget():
    return AdminProseEditorWidget(config={"extensions": BODY_EXTENSIONS}, preset="configurable")
