"""The export's format: its version, its files and the fields each of their objects carries.

Every row keeps its primary key, so a restored site answers at the same addresses, its API
gives the same ids and its images' renditions get the same file names. Fields derived from
others (a story's plain text and search vector, its tag links' copy of its publication time,
an image's renditions) are not exported: the restore derives them again through the write path.
"""

import datetime
import decimal
import json

from django.contrib.auth import get_user_model
from taggit.models import Tag

from articles.models import (
    Article,
    ArticleFilm,
    Author,
    Byline,
    Citation,
    Correction,
    Credit,
    Film,
    Franchise,
    Image,
    Person,
    RelatedLink,
    ReleaseDate,
    SlugRedirect,
    Source,
)
from importers.models import ImportedItem, PathRedirect

FORMAT = "newsroom-export"
# Bumped whenever a file or a field changes meaning; a restore reads its own version only.
VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media/"

# Fields no export carries: derived again on restore. (An image's renditions are exported, to
# say which files the restore replaces; it makes them again.)
DERIVED = {
    Article: {"body_text", "search_vector"},
}
USER_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "is_active",
    "is_staff",
    "is_superuser",
    "date_joined",
)


def fields_of(model):
    """The exported fields of `model`: its concrete fields by their column names (`author_id`),
    less the derived ones."""
    skipped = DERIVED.get(model, set())
    return [field for field in model._meta.concrete_fields if field.name not in skipped]


def attnames(model, without=()):
    return [field.attname for field in fields_of(model) if field.attname not in without]


# The files in the zip, in the order a restore reads them (each only names rows of those before
# it, save stories linking stories), with the model of their rows. Stories carry their parts.
# Imported items are the WordPress import's keys (importers.models): with them, importing the
# same WordPress file again after a restore updates the stories rather than making them twice.
TABLES = [
    ("tags.jsonl", Tag),
    ("authors.jsonl", Author),
    ("people.jsonl", Person),
    ("sources.jsonl", Source),
    ("franchises.jsonl", Franchise),
    ("images.jsonl", Image),
    ("films.jsonl", Film),
    ("credits.jsonl", Credit),
    ("release_dates.jsonl", ReleaseDate),
    ("stories.jsonl", Article),
    ("imported_items.jsonl", ImportedItem),
]
USERS = "users.jsonl"
REVISIONS = "revisions.jsonl"
# A story's parts, as the lists its row carries: (key, model, the part's field naming the story).
PARTS = [
    ("bylines", Byline, "article_id"),
    ("films", ArticleFilm, "article_id"),
    ("citations", Citation, "article_id"),
    ("related_links", RelatedLink, "article_id"),
    ("corrections", Correction, "article_id"),
    ("slug_redirects", SlugRedirect, "article_id"),
    ("path_redirects", PathRedirect, "article_id"),
]
# Fields naming a staff account: mapped to the restoring site's accounts by username.
USER_REFERENCES = {
    Article: ("created_by_id", "updated_by_id"),
    Author: ("user_id",),
    Correction: ("created_by_id",),
}


def user_model():
    return get_user_model()


class Encoder(json.JSONEncoder):
    """JSON for rows: times as ISO 8601 with their offset and every microsecond, dates as
    ISO dates, decimals as strings (so 4.5 stays exactly 4.5)."""

    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.date, datetime.time)):
            return o.isoformat()
        if isinstance(o, decimal.Decimal):
            return str(o)
        return super().default(o)


def dumps(row):
    return json.dumps(row, cls=Encoder, ensure_ascii=False, separators=(",", ":"))
