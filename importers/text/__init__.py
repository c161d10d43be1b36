"""The plain-text copy importer: wire copy or a press release, pasted or uploaded, becomes a draft
story (parse: the copy's parts; names: matching films, people and stories; draft: the story)."""

from .draft import CopyError, Imported, import_copy, read_copy

__all__ = ["CopyError", "Imported", "import_copy", "read_copy"]
