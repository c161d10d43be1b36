"""The editors' desk: every newsroom model in the Django admin."""

from . import articles, reference, story_parts, workflow  # noqa: F401  (registers the ModelAdmins)
