"""The editors' desk: every newsroom model in the Django admin."""

from . import (  # noqa: F401  (registers the ModelAdmins)
    articles,
    corrections,
    images,
    previews,
    redirects,
    reference,
    story_parts,
    tags,
)
