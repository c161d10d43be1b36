"""The one write path: every change readers can see goes through these functions.

The admin, the management commands, the demo loader (and importers and the API after them)
call these rather than saving models themselves. Each one checks what must be checked (the
version a story was opened at, the workflow's rules), keeps derived data current (a story's
search vector, its tag links' copy of its publication time, an image's renditions) and drops
cached pages once the change commits. Signals on the public models drop cached pages too
(articles.invalidation), so a plain `save()` from a shell never leaves a stale page; but only
these functions keep the derived data.
"""

from functools import partial

import reversion
from django.db import transaction
from django.db.models import F
from django.dispatch import Signal
from django.utils import timezone
from django.utils.formats import date_format

from newsroom.dependencies import SEARCH, invalidate, list_key, story_key, subject_key

from . import revisions, search, workflow
from .images.renditions import delete_files, generate_renditions
from .models import Article, ArticleFilm, Correction, Film, Image, SlugRedirect, TaggedStory

# A reviewed film added to its review's films comes before those the editor ordered.
FIRST_FILM = 0
# Sent when a workflow step is saved, inside its transaction, whichever route applied it (a form
# button, a list action, a command): sender=Article, story, transition (its name), user, note.
# The desk's notices listen (desk.notices).
transition_saved = Signal()
# Sent when a story is saved, inside its transaction, whichever route saved it: sender=Article,
# story, before (its publishing fields, articles.workflow.PUBLISHING_FIELDS, as they were; None
# for a new story). Webhooks listen (webhooks.events): whether readers' view of it changed.
story_saved = Signal()
# Sent when a correction is added to a story, inside its transaction: sender=Correction,
# correction. Webhooks listen.
correction_added = Signal()
# Sent when films' records, credits or release dates were saved, once the whole form that saved
# them is (the films' and people's admins): sender=Film, film_ids. Webhooks listen.
films_changed = Signal()


class EditConflict(Exception):
    """Someone else saved the story after this edit began. `current` is the story as saved now."""

    def __init__(self, current):
        self.current = current
        super().__init__(conflict_message(current))


def conflict_message(current):
    if current is None:
        return "This story was deleted after you opened it. Your changes have not been saved."
    who = (
        current.updated_by.get_full_name() or current.updated_by.get_username()
        if current.updated_by
        else "Someone"
    )
    when = date_format(timezone.localtime(current.updated_at), "N j, Y, P T")
    return (
        f"{who} saved this story at {when}, after you opened it. Your changes have not been saved; "
        "they are still in the form. Check their version (open the story in a new tab), then save "
        "again to replace it with yours."
    )


@transaction.atomic
def save_story(story, *, user=None, expected_version=None, parts_follow=False, transition=None, note=""):
    """Save `story` if it is still at `expected_version` (by default the version it was loaded
    at); raise EditConflict, saving nothing, if someone saved it since.

    The check and the version bump are one conditional UPDATE, so two saves racing each other
    cannot both pass: the second one matches no row. Then the story's tag links take its
    publication time, and what derives from its parts is brought up to date with the parts
    saved so far; `parts_follow`: its tags, films and people are saved next (a form with
    inlines), and story_parts_saved() called after them instead. `transition`: the workflow step
    this save applies (its name), told to `transition_saved` with the editor's `note`.
    """
    before = None
    if story.pk is not None:
        expected = story.version if expected_version is None else expected_version
        claimed = Article.objects.filter(pk=story.pk, version=expected).update(version=F("version") + 1)
        if not claimed:
            raise EditConflict(Article.objects.select_related("updated_by").filter(pk=story.pk).first())
        story.version = expected + 1
        # Read once the row is ours: no other save can come between this and ours.
        before = Article.objects.filter(pk=story.pk).values(*workflow.PUBLISHING_FIELDS).first()
    elif user is not None:
        story.created_by = story.created_by or user
    if user is not None:
        story.updated_by = user
    story.save()
    # Tag pages walk a tag's links newest first by this copy (articles.models.tagging); an
    # UPDATE sends no signal, so the tag pages it reorders are dropped here.
    drifted = TaggedStory.objects.filter(content_object=story).exclude(publish_at=story.publish_at)
    tag_ids = list(drifted.values_list("tag_id", flat=True))
    if tag_ids:
        drifted.update(publish_at=story.publish_at)
        invalidate(*(list_key("tag", tag_id) for tag_id in tag_ids))
    if not parts_follow:
        story_parts_saved(story)
    if transition is not None:
        transition_saved.send(sender=Article, story=story, transition=transition, user=user, note=note)
    story_saved.send(sender=Article, story=story, before=before)


def story_parts_saved(*stories):
    """Complete the stories' parts once their tags, films and people are saved: a review is
    about the film it reviews, which joins its films if it is not among them. Then refresh what
    derives from them: the search vector, which weighs their names with the headline (saved by
    an UPDATE, which sends no signal: the searches and the stories' pages are dropped here)."""
    for story in stories:
        if story.reviewed_film_id:
            ArticleFilm.objects.get_or_create(
                article=story, film_id=story.reviewed_film_id, defaults={"order": FIRST_FILM}
            )
    search.refresh_search_vector(*stories)
    invalidate(SEARCH, *(story_key(story.pk) for story in stories))


def record_slug_change(story, old_slug):
    """Keep a story's old address working after its slug changed, if readers may know it.

    Only stories that have been live get a redirect. Every redirect points at the story
    itself, so chains collapse; taking back an old slug removes its redirect, so no loop can
    form.
    """
    SlugRedirect.objects.filter(old_slug=story.slug).delete()
    if old_slug == story.slug or not story.first_published_at or story.first_published_at > timezone.now():
        return
    SlugRedirect.objects.update_or_create(old_slug=old_slug, defaults={"article": story})


def apply_transition(story, name, user, *, expected_version=None, when=None, note=""):
    """Apply the workflow transition `name` (articles.workflow) and save it as a new revision;
    raises ValidationError, PermissionDenied or EditConflict and then changes nothing. `note`:
    the editor's words for the writer, which returning to draft requires."""
    workflow.check_allowed(name, user, story)
    transition = workflow.TRANSITIONS[name]
    workflow.check_note(transition, note)
    for field, value in transition.changes(story, timezone.now(), when).items():
        setattr(story, field, value)
    story.clean()
    with reversion.create_revision():
        save_story(story, user=user, expected_version=expected_version, transition=name, note=note.strip())
        reversion.set_user(user)
        reversion.set_comment(f"{transition.label}.")


def restore_revision(story, version, user, expected_version):
    """Bring back a revision's words and tags as the story's current content.

    Status and times stay as they are, so restoring never publishes a story; the restore is
    itself a new revision. Raises EditConflict if the story changed since the editor looked.
    """
    for name, value in revisions.restored_fields(version).items():
        setattr(story, name, value)
    when = date_format(timezone.localtime(version.revision.date_created), "N j, Y, P")
    with transaction.atomic(), reversion.create_revision():
        save_story(story, user=user, expected_version=expected_version)
        story.tags.set(revisions.version_tags(version))
        story_parts_saved(story)
        reversion.add_to_revision(story)
        reversion.set_user(user)
        reversion.set_comment(f"Restored the version saved {when}.")


@transaction.atomic
def add_correction(correction, user):
    """Append a correction or update note to its story, which now reads as updated."""
    correction.created_by = user
    correction.save()
    story = correction.article
    story.updated_at = timezone.now()
    story.save(update_fields=["updated_at"])
    correction_added.send(sender=Correction, correction=correction)


def film_changes_saved(*film_ids):
    """Say that these films' records, credits or release dates changed, once everything the
    editor saved with them is saved (a film's form with its inlines: one call, not one a row)."""
    film_ids = sorted({pk for pk in film_ids if pk is not None})
    if film_ids:
        films_changed.send(sender=Film, film_ids=film_ids)


def save_image(image, *, remake_renditions=False):
    """Save a library image, making its renditions when it has none or `remake_renditions`
    (its file or focal point changed).

    A save that fails leaves no file behind (neither the newly stored original nor any rendition),
    and the files a save replaces are removed once it commits.
    """
    storage = image.file.storage
    stored = Image.objects.filter(pk=image.pk).values_list("file", flat=True).first() if image.pk else None
    new_files = []
    try:
        with transaction.atomic():
            image.save()
            if image.file.name != stored:
                new_files.append(image.file.name)
            if remake_renditions or not image.renditions:
                make_renditions(image)
    except BaseException:
        delete_files(storage, new_files)
        raise
    if stored and new_files:
        transaction.on_commit(partial(delete_files, storage, [stored]))


@transaction.atomic
def delete_image(image):
    """Delete a library image (no story or film may use it); its original and renditions leave
    the storage once the deletion commits."""
    names = [rendition["name"] for rendition in image.renditions or []]
    if image.file:
        names.append(image.file.name)
    storage = image.file.storage
    image.delete()
    transaction.on_commit(partial(delete_files, storage, names))


def make_renditions(image):
    """Make and store every rendition of `image`, replacing its old ones (their files are removed
    once this commits); returns the new list."""
    storage = image.file.storage
    old = [rendition["name"] for rendition in image.renditions or []]
    made = generate_renditions(image)
    try:
        Image.objects.filter(pk=image.pk).update(renditions=made)
    except BaseException:
        delete_files(storage, [rendition["name"] for rendition in made])
        raise
    image.renditions = made
    transaction.on_commit(partial(delete_files, storage, old))
    # Saved by an UPDATE, which sends no signal.
    invalidate(subject_key("image", image.pk))
    return made
