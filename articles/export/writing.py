"""Writing an export: every table as JSON Lines, then the images' originals, then the manifest.

Rows are read and written a batch at a time, and each file goes into the zip as it is made,
so an export of a large newsroom holds one batch of stories in memory, never the whole site.
On PostgreSQL the export reads one snapshot (REPEATABLE READ, when the export opens the
transaction): stories saved while it runs are either wholly in it or not at all.
"""

import shutil
import zipfile
from collections import defaultdict
from itertools import batched

from django.db import connection, transaction
from django.utils import timezone
from reversion.models import Revision, Version

from articles.models import Article, Image, TaggedStory

from . import format as fmt

BATCH = 1000


class MissingMedia(Exception):
    """An image's original is not in the storage: the export would not restore."""


def export_newsroom(path, *, with_history=False):
    """Write the newsroom to the zip file at `path` (a path or a writable binary file); return
    the manifest written (counts of each file's rows, the media files, the format's version)."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        return write_archive(path, with_history)


def write_archive(path, with_history):
    counts = {}
    media = set()
    check_media()
    # The fastest deflate: it still shrinks JSON several times, in a fraction of the default's time.
    with zipfile.ZipFile(
        path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1, allowZip64=True
    ) as archive:
        counts[fmt.USERS] = write_lines(archive, fmt.USERS, user_rows())
        for name, model in fmt.TABLES:
            if model is Article:
                rows = story_rows()
            else:
                rows = plain_rows(model)
                if name == "images.jsonl":
                    rows = noting_files(rows, media)
            counts[name] = write_lines(archive, name, rows)
        if with_history:
            counts[fmt.REVISIONS] = write_lines(archive, fmt.REVISIONS, revision_rows())
        write_media(archive, sorted(media))
        manifest = {
            "format": fmt.FORMAT,
            "version": fmt.VERSION,
            "exported_at": timezone.now().isoformat(),
            "with_history": with_history,
            "files": counts,
            "media": len(media),
        }
        archive.writestr(fmt.MANIFEST, fmt.dumps(manifest) + "\n")
    return manifest


def write_lines(archive, name, rows):
    """Write `rows` to the zip's file `name`, one JSON object a line; return how many."""
    written = 0
    with archive.open(name, "w", force_zip64=True) as entry:
        for chunk in batched(rows, BATCH):
            entry.write("".join(fmt.dumps(row) + "\n" for row in chunk).encode())
            written += len(chunk)
    return written


def plain_rows(model):
    return model.objects.order_by("pk").values(*fmt.attnames(model)).iterator(chunk_size=BATCH)


def noting_files(rows, media):
    for row in rows:
        media.add(row["file"])
        yield row


def user_rows():
    """Staff accounts without their passwords (see docs/EXPORT.md: why)."""
    users = fmt.user_model().objects.order_by("pk").prefetch_related("groups")
    for user in users:
        row = {"id": user.pk, **{name: getattr(user, name) for name in fmt.USER_FIELDS}}
        row["groups"] = sorted(group.name for group in user.groups.all())
        yield row


def story_rows():
    """Each story's row with its parts: bylines, films, people, tags, citations, related links,
    corrections and old slugs, read a batch of stories at a time."""
    fields = fmt.attnames(Article)
    stories = Article.objects.order_by("pk").values(*fields).iterator(chunk_size=BATCH)
    for chunk in batched(stories, BATCH):
        ids = [row["id"] for row in chunk]
        parts = {key: grouped(model, ids) for key, model, _ in fmt.PARTS}
        people = pairs(Article.people.through.objects.filter(article_id__in=ids), "article_id", "person_id")
        tags = pairs(TaggedStory.objects.filter(content_object_id__in=ids), "content_object_id", "tag_id")
        for row in chunk:
            for key, _, _ in fmt.PARTS:
                row[key] = parts[key].get(row["id"], [])
            row["people"] = people.get(row["id"], [])
            row["tags"] = tags.get(row["id"], [])
            yield row


def grouped(model, ids):
    """{story id: [its rows of `model`, in primary key order, without the story's id]}."""
    by_story = defaultdict(list)
    for row in model.objects.filter(article_id__in=ids).order_by("pk").values(*fmt.attnames(model)):
        by_story[row.pop("article_id")].append(row)
    return by_story


def pairs(links, story, other):
    by_story = defaultdict(list)
    for story_id, other_id in links.order_by("pk").values_list(story, other):
        by_story[story_id].append(other_id)
    return by_story


def revision_rows():
    """django-reversion's revisions, each with its versions (the objects as they were saved)."""
    revisions = Revision.objects.order_by("pk").values("id", "date_created", "user_id", "comment")
    for chunk in batched(revisions.iterator(chunk_size=BATCH), BATCH):
        versions = defaultdict(list)
        found = Version.objects.filter(revision_id__in=[row["id"] for row in chunk]).order_by("pk")
        for version in found.values(
            "id",
            "revision_id",
            "object_id",
            "content_type__app_label",
            "content_type__model",
            "db",
            "format",
            "serialized_data",
            "object_repr",
        ):
            revision_id = version.pop("revision_id")
            version["model"] = (
                f"{version.pop('content_type__app_label')}.{version.pop('content_type__model')}"
            )
            versions[revision_id].append(version)
        for row in chunk:
            row["versions"] = versions.get(row["id"], [])
            yield row


def check_media():
    """Refuse to start when an image's original is missing from the storage: the export would
    not restore."""
    storage = Image._meta.get_field("file").storage
    names = Image.objects.order_by().values_list("file", flat=True).distinct()
    missing = [name for name in names.iterator(chunk_size=BATCH) if not storage.exists(name)]
    if missing:
        raise MissingMedia(
            f"{len(missing)} image file(s) are missing from the media storage, so the export could not "
            f"restore them: {', '.join(missing[:10])}{' …' if len(missing) > 10 else ''}. Upload the "
            "images again, or delete them, then export again."
        )


def write_media(archive, names):
    """Copy each original from the storage into the zip under media/, as stored (no compression:
    images are compressed already)."""
    storage = Image._meta.get_field("file").storage
    for name in names:
        entry = zipfile.ZipInfo(fmt.MEDIA + name, date_time=timezone.now().timetuple()[:6])
        entry.compress_type = zipfile.ZIP_STORED
        with storage.open(name, "rb") as source, archive.open(entry, "w", force_zip64=True) as target:
            shutil.copyfileobj(source, target, 1024 * 1024)
