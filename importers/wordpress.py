"""Importing a WordPress export (WXR) into the newsroom, through the write path.

Two passes over the file, each a stream: the first checks all of it and notes its attachments
(id → address), so a file that is broken anywhere stops the import before anything is written;
the second imports posts in batches, each batch one transaction. Every story is saved with
articles.changes.save_story and its batch finished with story_parts_saved, so search, tag
links' times, cached pages and webhooks follow as for any edit. Items are keyed by the source
site and WordPress id (ImportedItem): importing again updates what changed and nothing else.
"""

import hashlib
import json
from dataclasses import dataclass, field
from itertools import batched
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

from articles import changes
from articles.images.uploads import clean_image
from articles.models import Article, Author, Byline, Image, TaggedStory
from newsroom.dependencies import invalidate, list_key

from . import media
from .content import BodyConverter, clean_line, clean_slug, plain_text
from .models import ImportedItem, PathRedirect
from .report import Report
from .wxr import Reader

BATCH = 200
STATUSES = {
    "publish": Article.Status.PUBLISHED,
    "future": Article.Status.PUBLISHED,
    "draft": Article.Status.DRAFT,
    "auto-draft": Article.Status.DRAFT,
    "pending": Article.Status.IN_REVIEW,
    "private": Article.Status.DRAFT,
}
# Post meta the importer reads, and WordPress's own bookkeeping, which means nothing here.
USED_META = {"_thumbnail_id", "_yoast_wpseo_title", "_yoast_wpseo_metadesc"}
BOOKKEEPING_META = {"_edit_lock", "_edit_last", "_wp_old_slug", "_encloseme", "_pingme", "_wp_page_template"}
SKIPPED_TYPES = {"page": "pages", "nav_menu_item": "menu items", "attachment": "attachments (as items)"}


@dataclass
class Options:
    dry_run: bool = False
    media_dir: str = ""
    fetch_media: bool = False
    site_url: str = ""
    categories_as_kinds: dict = field(default_factory=dict)  # category slug or name (lowercase): kind
    user: object = None


def parse_kinds(values):
    """{"reviews": "review"} from ["reviews=review", …]; ValueError naming a bad one."""
    kinds = {}
    for value in values or []:
        category, _, kind = value.partition("=")
        kind = kind.strip().lower()
        if not category.strip() or kind not in Article.Kind.values:
            raise ValueError(f"{value!r}: write CATEGORY=KIND, KIND one of {', '.join(Article.Kind.values)}.")
        kinds[category.strip().lower()] = kind
    return kinds


def old_paths(item):
    """The addresses readers knew the post by: its permalink's path, and /?p=ID."""
    paths = set()
    if item.link:
        parts = urlsplit(item.link)
        query = parse_qs(parts.query)
        if "p" in query:
            paths.add(normalized_path(parts.path, query["p"][0]))
        elif parts.path.strip("/"):
            paths.add(normalized_path(unquote(parts.path)))
    if item.post_id:
        paths.add(normalized_path("/", str(item.post_id)))
    return sorted(paths)


def normalized_path(path, post_id=None):
    """How a PathRedirect stores an address: one leading and one trailing slash, and for
    WordPress's plain links ?p=ID."""
    stripped = path.strip("/")
    path = f"/{stripped}/" if stripped else "/"
    return f"{path}?p={post_id}" if post_id else path


class Importer:
    """One import of one file; `progress(done, total)` is called as items are read."""

    def __init__(self, path, options, progress=None):
        self.path = path
        self.options = options
        self.progress = progress or (lambda done, total: None)
        self.report = Report()
        self.attachments = {}  # id: (url, title, alt)
        self.by_url = {}  # url path: id
        self.images = {}  # attachment id: our image id (None: failed)
        self.authors = {}  # name: Author
        self.tags = {}  # name: Tag
        self.source = ""
        self.slugs_taken = set()
        self.total = 0
        self.done = 0

    # The first pass.
    def check(self):
        """Read the whole file, raising WXRError at its first problem; returns the item count."""
        total = 0
        for entry in Reader(self.path):
            if not hasattr(entry, "post_id"):
                self.header = entry
                continue
            total += 1
            if entry.post_type == "attachment":
                url = entry.attachment_url or entry.guid
                alt = entry.meta.get("_wp_attachment_image_alt", "")
                self.attachments[entry.post_id] = (url, entry.title, alt)
                self.by_url[urlsplit(url).path] = entry.post_id
        self.source = (self.options.site_url or self.header.base_site_url or self.header.link).rstrip("/")
        if not self.source:
            self.source = "wordpress"
        return total

    def run(self):
        """Check the file, then import it (or, for a dry run, only report what would be)."""
        self.total = total = self.check()
        self.progress(0, total)
        done = 0
        posts = self.posts(total)
        for batch in batched(posts, BATCH):
            known = {
                entry.wp_id: entry
                for entry in ImportedItem.objects.filter(
                    source_site=self.source,
                    kind=ImportedItem.Kind.POST,
                    wp_id__in=[item.post_id for item in batch],
                ).select_related("article")
            }
            if self.options.dry_run:
                for item in batch:
                    self.import_post(item, known.get(item.post_id))
            else:
                with transaction.atomic():
                    self.new_links, self.new_keys, self.new_paths = [], [], {}
                    stories = [self.import_post(item, known.get(item.post_id)) for item in batch]
                    stories = [story for story in stories if story is not None]
                    self.save_new_parts()
                    if stories:
                        changes.story_parts_saved(*stories)
            done = self.done
            self.progress(done, total)
        self.progress(total, total)
        return self.report

    def posts(self, total):
        """The posts of the second pass; everything else counted in the report as it goes by."""
        self.done = 0
        for entry in Reader(self.path):
            if not hasattr(entry, "post_id"):
                continue
            self.done += 1
            if self.done % BATCH == 0:
                self.progress(self.done, total)
            self.report.counts["comments"] += entry.comments
            if entry.post_type != "post":
                self.report.skipped[
                    SKIPPED_TYPES.get(entry.post_type, f"custom post type “{entry.post_type}”")
                ] += 1
                continue
            self.report.statuses[entry.status or "(none)"] += 1
            if entry.status == "trash":
                self.report.skipped["posts in the trash"] += 1
                self.report.note("Posts in the trash, skipped", self.label(entry))
                continue
            if entry.status not in STATUSES:
                self.report.skipped[f"posts with status “{entry.status}”"] += 1
                self.report.note("Posts with an unknown status, skipped", self.label(entry))
                continue
            if entry.status == "private":
                self.report.note("Private posts, imported as drafts", self.label(entry))
            yield entry

    def label(self, item):
        return f"{clean_line(item.title) or '(untitled)'} (WordPress id {item.post_id}, line {item.line})"

    # One post.
    def digest(self, item):
        kinds = sorted(self.options.categories_as_kinds.items())
        data = [item.__dict__ | {"line": 0}, kinds]
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()

    def import_post(self, item, known):
        """Create or update the story for `item` (`known`: its ImportedItem, if it was imported
        before); returns it, or None if nothing was saved."""
        digest = self.digest(item)
        if known and known.article and known.digest == digest:
            self.report.counts["unchanged"] += 1
            self.note_terms(item)
            return None
        story = known.article if known and known.article else Article()
        self.fill(story, item)
        if self.options.dry_run:
            self.report.counts["updated" if story.pk else "created"] += 1
            return None
        try:
            story.full_clean(
                exclude=["slug", "body", "lead_image", "reviewed_film"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            self.report.skipped["posts that could not be saved"] += 1
            self.report.note("Posts that could not be saved", f"{self.label(item)}: {error.messages[0]}")
            return None
        new = story.pk is None
        self.report.counts["created" if new else "updated"] += 1
        changes.save_story(story, user=self.options.user, parts_follow=True)
        tags = list(self.tag_objects(item))
        self.set_bylines(story, item, new)
        if new:
            # A new story's parts are written a batch at a time (save_new_parts).
            self.new_links.extend(
                TaggedStory(content_object=story, tag=tag, publish_at=story.publish_at) for tag in tags
            )
            self.new_keys.append(
                ImportedItem(
                    source_site=self.source,
                    kind=ImportedItem.Kind.POST,
                    wp_id=item.post_id,
                    article=story,
                    digest=digest,
                )
            )
        else:
            story.tags.set(tags)
            known.article, known.digest = story, digest
            known.save()
        for path in old_paths(item):
            self.new_paths[path] = story
        return story

    def save_new_parts(self):
        """Write the batch's new tag links, source keys and old addresses in a few queries. Bulk
        inserts send no signal: the tags' pages are dropped here (the stories' own pages and the
        searches by story_parts_saved)."""
        TaggedStory.objects.bulk_create(self.new_links)
        invalidate(*{list_key("tag", link.tag_id) for link in self.new_links})
        ImportedItem.objects.bulk_create(self.new_keys)
        existing = PathRedirect.objects.filter(old_path__in=list(self.new_paths))
        moved = []
        for redirect in existing:
            story = self.new_paths.pop(redirect.old_path)
            if redirect.article_id != story.pk:
                redirect.article = story
                moved.append(redirect)
        PathRedirect.objects.bulk_update(moved, ["article"])
        PathRedirect.objects.bulk_create(
            PathRedirect(old_path=path, article=story) for path, story in self.new_paths.items()
        )
        self.report.counts["redirects"] += len(self.new_paths)

    def fill(self, story, item):
        story.headline = clean_line(item.title, 200) or f"Untitled (WordPress post {item.post_id})"
        if not story.pk:
            story.slug = self.unique_slug(
                clean_slug(item.post_name) or slugify(story.headline)[:190] or f"post-{item.post_id}"
            )
        story.dek = plain_text(item.excerpt)
        body, notes = BodyConverter(self.image_for).convert(item.content)
        story.body = body or "<p></p>"
        self.report.shortcodes.update(notes.shortcodes)
        for url in notes.images_missing:
            self.report.note("Pictures left out of bodies", f"{self.label(item)}: {url}")
        for url in notes.videos_as_links:
            self.report.note("Videos kept as links (not YouTube or Vimeo)", f"{self.label(item)}: {url}")
        when = item.published_at()
        story.status = STATUSES[item.status]
        if story.status == Article.Status.PUBLISHED:
            story.publish_at = when or timezone.now()
            if item.status == "future" and story.publish_at <= timezone.now():
                self.report.note("Scheduled posts whose time has passed, published", self.label(item))
        else:
            story.publish_at = None
            story.first_published_at = None
        story.seo_title = clean_line(item.meta.get("_yoast_wpseo_title", ""), 70)
        story.seo_description = clean_line(item.meta.get("_yoast_wpseo_metadesc", ""), 160)
        for key in item.meta:
            if key not in USED_META and key not in BOOKKEEPING_META:
                self.report.unknown_meta[key] += 1
        story.kind = Article.Kind.NEWS if story.kind == Article.Kind.REVIEW or not story.kind else story.kind
        for domain, nicename, name in item.categories:
            if domain == "category":
                kind = self.options.categories_as_kinds.get(
                    nicename.lower()
                ) or self.options.categories_as_kinds.get(clean_line(name).lower())
                if kind and kind != Article.Kind.REVIEW:
                    story.kind = kind
        thumbnail = item.meta.get("_thumbnail_id", "").strip()
        image_id = self.image_for(int(thumbnail), "") if thumbnail.isdigit() else None
        story.lead_image_id = image_id
        self.note_terms(item)

    def note_terms(self, item):
        for name in self.tag_names(item):
            self.report.tags[name] += 1
        for domain, _, name in item.categories:
            if domain == "category":
                self.report.categories[clean_line(name)] += 1
        for name in self.byline_names(item):
            self.report.authors[name] += 1

    def tag_names(self, item):
        names = []
        for domain, nicename, name in item.categories:
            name = clean_line(name, 100)
            if domain not in ("category", "post_tag") or not name:
                continue
            if domain == "category" and (
                nicename.lower() == "uncategorized"
                or nicename.lower() in self.options.categories_as_kinds
                or name.lower() in self.options.categories_as_kinds
            ):
                continue
            if name.lower() not in (n.lower() for n in names):
                names.append(name)
        return names

    def tag_objects(self, item):
        for name in self.tag_names(item):
            key = name.lower()
            if key not in self.tags:
                tag = Tag.objects.filter(name__iexact=name).first()
                if tag is None:
                    tag = Tag.objects.create(name=name, slug=self.unique_tag_slug(name))
                self.tags[key] = tag
            yield self.tags[key]

    def unique_tag_slug(self, name):
        base = slugify(name)[:90] or "tag"
        slug, n = base, 1
        while Tag.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug

    def byline_names(self, item):
        login = item.creator
        name = clean_line(self.header.authors.get(login) or login, 120)
        return [name] if name else []

    def set_bylines(self, story, item, new):
        authors = []
        for name in self.byline_names(item):
            if name not in self.authors:
                slug = slugify(name)[:140] or "author"
                author = Author.objects.filter(slug=slug).first() or Author.objects.create(
                    name=name, slug=slug
                )
                self.authors[name] = author
            authors.append(self.authors[name])
        if new:
            for order, author in enumerate(authors):
                Byline.objects.create(article=story, author=author, order=order)
            return
        story.bylines.exclude(author__in=authors).delete()
        for order, author in enumerate(authors):
            Byline.objects.update_or_create(article=story, author=author, defaults={"order": order})

    def unique_slug(self, slug):
        base, n = slug[:190], 1
        while Article.objects.filter(slug=slug).exists() or slug in self.slugs_taken:
            n += 1
            slug = f"{base}-{n}"
        if self.options.dry_run:
            self.slugs_taken.add(slug)
        return slug

    # Pictures.
    def image_for(self, attachment_id, url):
        """Our library image's id for a picture (by attachment id, else by its address), made on
        first use; None if it cannot be had (noted in the report)."""
        if attachment_id not in self.attachments and url:
            attachment_id = self.by_url.get(urlsplit(url).path)
        if attachment_id not in self.attachments:
            if url:
                self.report.note("Pictures not among the export's attachments", url)
            return None
        if attachment_id in self.images:
            return self.images[attachment_id]
        known = ImportedItem.objects.filter(
            source_site=self.source,
            kind=ImportedItem.Kind.ATTACHMENT,
            wp_id=attachment_id,
            image__isnull=False,
        ).first()
        if known:
            self.images[attachment_id] = known.image_id
            return known.image_id
        self.images[attachment_id] = image_id = self.make_image(attachment_id)
        return image_id

    def make_image(self, attachment_id):
        url, title, alt = self.attachments[attachment_id]
        if not (self.options.media_dir or self.options.fetch_media):
            self.report.note("Pictures not imported (neither a media folder nor fetching was asked for)", url)
            return None
        if self.options.dry_run:
            return None
        try:
            if self.options.media_dir:
                content = media.from_media_dir(self.options.media_dir, url)
            else:
                content = media.fetch(urljoin(self.source + "/", url))
            name = urlsplit(url).path.rsplit("/", 1)[-1] or "image"
            cleaned = clean_image(ContentFile(content, name=name), title=clean_line(title))
        except (media.MediaError, ValidationError) as error:
            reason = error.messages[0] if isinstance(error, ValidationError) else str(error)
            self.report.note("Pictures that failed (stories kept without them)", f"{url}: {reason}")
            return None
        image = Image(
            title=clean_line(title, 200) or name,
            alt_text=clean_line(alt, 300) or clean_line(title, 300) or name,
            file=cleaned,
        )
        with transaction.atomic():
            changes.save_image(image)
            ImportedItem.objects.update_or_create(
                source_site=self.source,
                kind=ImportedItem.Kind.ATTACHMENT,
                wp_id=attachment_id,
                defaults={"image": image},
            )
        self.report.counts["images"] += 1
        return image.pk
