"""Restoring an export into an empty database, in one transaction.

Everything is checked that can be before anything is written: the zip opens, its manifest
names this format and version, every file it lists is there (and every image's original), and
the database holds no newsroom yet. Then the rows go in with their own primary keys, so every
address, API id and rendition file name is what it was. A damaged entry or a bad row found on
the way rolls the whole restore back and removes the files it had stored.

What derives from the rows is made again as the write path makes it: images' renditions
(articles.changes.save_image), stories' plain text, tag links' copy of the publication time,
search vectors (articles.changes.story_parts_saved), and every cached page is dropped once the
restore commits. Nothing is announced: restored stories send no webhooks and no notices (the
rows are inserted in bulk, which sends no signals).
"""

import io
import json
import zipfile
import zlib
from collections import defaultdict
from itertools import batched

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction
from PIL import Image as PILImage
from reversion.models import Revision, Version
from taggit.models import Tag

from articles import changes
from articles.models import Article, Author, Film, Franchise, Image, Person, Source, TaggedStory
from articles.text import html_to_text
from newsroom.dependencies import ALL, invalidate

from . import format as fmt

BATCH = 1000
# A database holding any of these already has a newsroom: a restore would mix two.
OWNED = [Article, Author, Person, Source, Franchise, Film, Image, Tag, Revision]


# What reading a damaged zip entry raises: a wrong checksum, a broken compressed stream, an end
# come too soon.
DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, OSError)


class RestoreError(Exception):
    """The export cannot be restored here; nothing was written."""


def import_newsroom(path, *, report=None):
    """Restore the export at `path` (a path or a readable binary file) into this empty database;
    return {file name: rows restored}. Raises RestoreError, writing nothing, if it cannot."""
    report = report or (lambda message: None)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise RestoreError(f"{path} is not a zip file the export wrote ({error}).") from error
    with archive:
        manifest = read_manifest(archive)
        check_complete(archive, manifest)
        check_empty()
        written = []
        try:
            with transaction.atomic():
                restored = Restore(archive, manifest, written, report).run()
                invalidate(ALL)
        except BaseException as error:
            storage = Image._meta.get_field("file").storage
            for name in written:
                storage.delete(name)
            if isinstance(error, (*DAMAGED, ValueError, ValidationError)):
                raise RestoreError(f"The export is damaged: {error}. Nothing was restored.") from error
            if isinstance(error, (KeyError, TypeError, AttributeError)):
                raise RestoreError(
                    f"The export holds a row not as format version {fmt.VERSION} writes them "
                    f"({type(error).__name__}: {error}). Nothing was restored."
                ) from error
            if isinstance(error, DatabaseError):
                raise RestoreError(
                    f"The export's rows do not fit together ({error}). Nothing was restored."
                ) from error
            raise
    return restored


def read_manifest(archive):
    try:
        manifest = json.loads(archive.read(fmt.MANIFEST))
    except KeyError:
        raise RestoreError(f"The zip has no {fmt.MANIFEST}: it is not a newsroom export.") from None
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise RestoreError(f"The export's {fmt.MANIFEST} is damaged ({error}).") from error
    if not isinstance(manifest, dict) or manifest.get("format") != fmt.FORMAT:
        raise RestoreError(f"The zip's {fmt.MANIFEST} does not describe a newsroom export.")
    if manifest.get("version") != fmt.VERSION:
        raise RestoreError(
            f"The export is in version {manifest.get('version')!r} of the format; this newsroom reads "
            f"version {fmt.VERSION} only. Restore it with the release of Newsroom that wrote it."
        )
    return manifest


def check_complete(archive, manifest):
    """Every file the manifest counts, and every image's original, must be in the zip."""
    present = set(archive.namelist())
    wanted = [fmt.USERS, *(name for name, _ in fmt.TABLES)]
    if manifest.get("with_history"):
        wanted.append(fmt.REVISIONS)
    missing = [name for name in wanted if name not in present]
    if missing:
        raise RestoreError(f"The export is incomplete: {', '.join(missing)} missing from the zip.")
    originals = set()
    for number, row in read_lines(archive, "images.jsonl"):
        if not isinstance(row.get("file"), str) or not row["file"]:
            raise RestoreError(f"images.jsonl, line {number}: no file name.")
        originals.add(row["file"])
    lost = sorted(name for name in originals if fmt.MEDIA + name not in present)
    if lost:
        raise RestoreError(
            f"The export is incomplete: {len(lost)} image original(s) missing from the zip, such as "
            f"{fmt.MEDIA}{lost[0]}."
        )


def check_empty():
    found = [model._meta.verbose_name_plural for model in OWNED if model.objects.exists()]
    if found:
        raise RestoreError(
            f"This database already holds a newsroom ({', '.join(map(str, found))}): an export is "
            "restored into an empty one only. Create a new database, run `manage.py migrate`, and "
            "restore into it."
        )


def read_lines(archive, name):
    """(line number, object) for each line of the zip's file `name`."""
    try:
        with archive.open(name) as entry:
            for number, line in enumerate(entry, start=1):
                try:
                    row = json.loads(line)
                except ValueError as error:
                    raise RestoreError(f"{name}, line {number}: not JSON ({error}).") from None
                if not isinstance(row, dict):
                    raise RestoreError(f"{name}, line {number}: not an object.")
                yield number, row
    except DAMAGED as error:
        raise RestoreError(f"{name} is damaged in the zip ({error}).") from error


class Restore:
    """One restore's state: the zip, the accounts' ids mapped, the files stored so far."""

    def __init__(self, archive, manifest, written, report):
        self.archive, self.manifest, self.written, self.report = archive, manifest, written, report
        self.users = {}
        # {image id: the renditions the export lists}: files a restore may find in its way.
        self.images = {}
        self.restored = {}
        self.storage = Image._meta.get_field("file").storage

    def run(self):
        self.restore_users()
        for name, model in fmt.TABLES:
            if model is Article:
                self.restore_stories()
            elif model is Image:
                self.restore_images()
            else:
                self.restore_table(name, model)
        if self.manifest.get("with_history"):
            self.restore_revisions()
        self.reset_sequences()
        # Deferred foreign keys (a story linking a story further on) are checked now, before
        # any file is touched, rather than at the commit.
        connection.check_constraints()
        self.refresh_search()
        self.make_media()
        return self.restored

    def count(self, name, rows):
        expected = self.manifest.get("files", {}).get(name)
        if expected is not None and expected != rows:
            raise RestoreError(
                f"{name} holds {rows} rows where the manifest counts {expected}: it is damaged."
            )
        self.restored[name] = rows
        self.report(f"{name}: {rows}")

    def build(self, model, row, name, number, extra=()):
        """An unsaved `model` from an exported row, each value checked by its field."""
        values = {}
        for field in fmt.fields_of(model):
            if field.attname not in row:
                raise RestoreError(f"{name}, line {number}: no {field.attname!r}.")
            value = row[field.attname]
            if field.attname in fmt.USER_REFERENCES.get(model, ()):
                value = self.users.get(value)
            try:
                values[field.attname] = None if value is None else field.to_python(value)
            except ValidationError as error:
                raise RestoreError(
                    f"{name}, line {number}: {field.attname}: {' '.join(error.messages)}"
                ) from None
        unknown = set(row) - set(values) - set(extra)
        if unknown:
            raise RestoreError(f"{name}, line {number}: unknown field(s) {', '.join(sorted(unknown))}.")
        return model(**values)

    def restore_users(self):
        """Staff accounts by username: one the site has is used as it is; another is created
        without a usable password (its owner sets one: `manage.py changepassword`)."""
        model = fmt.user_model()
        username = model.USERNAME_FIELD
        existing = dict(model.objects.values_list(username, "pk"))
        keep_ids = not existing
        groups = {group.name: group for group in Group.objects.all()}
        rows = 0
        for _, row in read_lines(self.archive, fmt.USERS):
            rows += 1
            if row[username] in existing:
                self.users[row["id"]] = existing[row[username]]
                continue
            user = model(**{field: row[field] for field in fmt.USER_FIELDS})
            if keep_ids:
                user.pk = row["id"]
            user.set_unusable_password()
            user.save()
            user.groups.set([groups[name] for name in row.get("groups", []) if name in groups])
            self.users[row["id"]] = user.pk
        self.count(fmt.USERS, rows)

    def restore_table(self, name, model):
        rows = 0
        batch = []
        for number, row in read_lines(self.archive, name):
            batch.append(self.build(model, row, name, number))
            rows += 1
            if len(batch) == BATCH:
                self.insert(model, batch)
                batch = []
        self.insert(model, batch)
        self.count(name, rows)

    def insert(self, model, objects):
        """Insert `objects` as they are, their automatic times included (bulk_create stamps
        auto_now and auto_now_add fields with the present: they are put back after)."""
        if not objects:
            return
        stamped = [
            f.attname
            for f in model._meta.concrete_fields
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        ]
        kept = [[getattr(obj, attname) for attname in stamped] for obj in objects]
        model.objects.bulk_create(objects, batch_size=BATCH)
        if stamped:
            for obj, values in zip(objects, kept, strict=True):
                for attname, value in zip(stamped, values, strict=True):
                    setattr(obj, attname, value)
            model.objects.bulk_update(objects, stamped, batch_size=BATCH)

    def restore_images(self):
        """The images' rows, without renditions: their files are stored at the end (make_media)."""
        name = "images.jsonl"
        rows = 0
        batch = []
        for number, row in read_lines(self.archive, name):
            image = self.build(Image, row, name, number)
            self.images[image.pk] = image.renditions if isinstance(image.renditions, list) else []
            image.renditions = []
            batch.append(image)
            rows += 1
            if len(batch) == BATCH:
                self.insert(Image, batch)
                batch = []
        self.insert(Image, batch)
        self.count(name, rows)

    def make_media(self):
        """Store every image's original under its own name, each checked to be an image first,
        then save each image through the write path, which makes its renditions again.

        Files an earlier site left at an image's rendition names are replaced (no image here owns
        them: the database was empty). That happens last, once every row has been written and
        every original read and checked, so a refused restore leaves them as they were."""
        images = Image.objects.order_by("pk")
        for image in images.only("pk", "file"):
            stored = self.place_original(image.file.name)
            if stored != image.file.name:
                Image.objects.filter(pk=image.pk).update(file=stored)
        for chunk in batched(images.iterator(chunk_size=BATCH), BATCH):
            for image in chunk:
                for rendition in self.images.get(image.pk, []):
                    if isinstance(rendition, dict) and self.storage.exists(rendition.get("name") or ""):
                        self.storage.delete(rendition["name"])
                changes.save_image(image)
                self.written.extend(rendition["name"] for rendition in image.renditions)

    def place_original(self, name):
        """Store an image's original from the zip under `name`; a file already there with the
        same bytes is used as it is (a restore onto the same media storage)."""
        try:
            data = self.archive.read(fmt.MEDIA + name)
        except DAMAGED as error:
            raise RestoreError(f"{fmt.MEDIA}{name} is damaged in the zip ({error}).") from error
        try:
            with PILImage.open(io.BytesIO(data)) as opened:
                opened.verify()
        except Exception as error:
            raise RestoreError(
                f"{fmt.MEDIA}{name} is not an image ({error}). Nothing was restored."
            ) from None
        if self.storage.exists(name):
            with self.storage.open(name, "rb") as stored:
                if stored.read() == data:
                    return name
        stored = self.storage.save(name, ContentFile(data))
        self.written.append(stored)
        if stored != name:
            self.report(f"{name}: another file holds this name in the storage; stored as {stored}.")
        return stored

    def restore_stories(self):
        name = "stories.jsonl"
        extra = [key for key, _, _ in fmt.PARTS] + ["people", "tags"]
        rows = 0
        batch = []
        for number, row in read_lines(self.archive, name):
            story = self.build(Article, row, name, number, extra=extra)
            story.body_text = html_to_text(story.body)
            batch.append((story, row, number))
            rows += 1
            if len(batch) == BATCH:
                self.insert_stories(batch)
                batch = []
        self.insert_stories(batch)
        self.count(name, rows)

    def insert_stories(self, batch):
        if not batch:
            return
        name = "stories.jsonl"
        self.insert(Article, [story for story, _, _ in batch])
        parts = defaultdict(list)
        people, tags = [], []
        for story, row, number in batch:
            for key, model, story_field in fmt.PARTS:
                for part in self.list_of(row, key, name, number):
                    parts[model].append(
                        self.build(model, {**part, story_field: story.pk}, f"{name} ({key})", number)
                    )
            people.extend(
                Article.people.through(article_id=story.pk, person_id=person)
                for person in self.list_of(row, "people", name, number)
            )
            tags.extend(
                TaggedStory(content_object_id=story.pk, tag_id=tag, publish_at=story.publish_at)
                for tag in self.list_of(row, "tags", name, number)
            )
        for model, objects in parts.items():
            self.insert(model, objects)
        Article.people.through.objects.bulk_create(people, batch_size=BATCH)
        TaggedStory.objects.bulk_create(tags, batch_size=BATCH)

    @staticmethod
    def list_of(row, key, name, number):
        value = row.get(key)
        if not isinstance(value, list):
            raise RestoreError(f"{name}, line {number}: {key!r} is not a list.")
        return value

    def restore_revisions(self):
        """django-reversion's revisions and versions, their ids kept; the accounts they name
        mapped, in the saved objects too."""
        name = fmt.REVISIONS
        types = {}
        rows = 0
        revisions, versions = [], []
        for number, row in read_lines(self.archive, name):
            rows += 1
            revisions.append(
                Revision(
                    pk=row["id"],
                    date_created=row["date_created"],
                    user_id=self.users.get(row["user_id"]),
                    comment=row["comment"],
                )
            )
            for version in self.list_of(row, "versions", name, number):
                label = version["model"]
                if label not in types:
                    try:
                        types[label] = ContentType.objects.get_by_natural_key(*label.split("."))
                    except (ContentType.DoesNotExist, TypeError):
                        raise RestoreError(f"{name}, line {number}: unknown model {label!r}.") from None
                versions.append(
                    Version(
                        pk=version["id"],
                        revision_id=row["id"],
                        object_id=version["object_id"],
                        content_type=types[label],
                        db=version["db"],
                        format=version["format"],
                        serialized_data=self.with_users_mapped(version),
                        object_repr=version["object_repr"],
                    )
                )
            if len(versions) >= BATCH:
                self.insert_revisions(revisions, versions)
                revisions, versions = [], []
        self.insert_revisions(revisions, versions)
        self.count(name, rows)

    def insert_revisions(self, revisions, versions):
        Revision.objects.bulk_create(revisions, batch_size=BATCH)
        Version.objects.bulk_create(versions, batch_size=BATCH)

    def with_users_mapped(self, version):
        """A version's serialized object with the accounts it names as this site numbers them."""
        data = version["serialized_data"]
        if version["format"] != "json" or all(old == new for old, new in self.users.items()):
            return data
        objects = json.loads(data)
        user_model = fmt.user_model()
        for obj in objects:
            model = ContentType.objects.get_by_natural_key(*obj["model"].split(".")).model_class()
            for field in model._meta.concrete_fields if model else ():
                if field.is_relation and field.related_model is user_model and field.name in obj["fields"]:
                    old = obj["fields"][field.name]
                    obj["fields"][field.name] = self.users.get(old)
        return json.dumps(objects)

    def reset_sequences(self):
        """Rows inserted with their ids leave PostgreSQL's sequences behind: set them past them."""
        models = [model for _, model in fmt.TABLES] + [fmt.user_model(), Revision, Version, TaggedStory]
        models += [model for _, model, _ in fmt.PARTS] + [Article.people.through]
        statements = connection.ops.sequence_reset_sql(no_style(), models)
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    def refresh_search(self):
        ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), 500):
            changes.story_parts_saved(*[Article(pk=pk) for pk in ids[start : start + 500]])
