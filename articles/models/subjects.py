"""What a story is about (its tags, films, people, sources and authors) is public only while a
live story is about it.

A subject's name can be the news an embargoed or scheduled story holds back: a tag
"avengers-7-delayed", a film announced at the embargo, the director a scoop names, a source or
a byline. So none is reference data shown for its own sake: each has a page, feeds, a place in
the sitemaps and links from other subjects' pages (a film's credits, a person's films) only
while at least one live story is about it, and loses them when the last one goes (expired,
unpublished, deleted). A story's preview may name subjects not yet public; their links there
lead nowhere until the story is live.
"""

from django.db.models import Exists, OuterRef
from taggit.models import Tag

from .articles import Article
from .films import Film
from .people import Author, Person
from .sources import Source

# Each kind of subject by name, as its keys name it (newsroom.dependencies: "tag:3", "list:tag:3").
KINDS = {Tag: "tag", Film: "film", Person: "person", Source: "source", Author: "author"}
# How a live story reaches each kind of subject.
STORY_PATHS = {
    Tag: "tag_links__tag",
    Film: "film_links__film",
    Person: "people",
    Source: "citations__source",
    Author: "bylines__author",
}


def has_live_story(model, at=None, subject="pk"):
    """Whether a story live at `at` (by default now) is about the `model` subject whose id is in
    the field `subject` of the rows filtered (by default the subjects themselves)."""
    return Exists(Article.objects.live(at).filter(**{STORY_PATHS[model]: OuterRef(subject)}))


def public_subjects(model, at=None):
    """The subjects of `model` (Tag, Film, Person, Source or Author) a live story is about."""
    subjects = model.objects.filter(has_live_story(model, at))
    # A tag named without a letter or digit ("!!!") has no slug, and so no address.
    return subjects.exclude(slug="") if model is Tag else subjects


def public_tags(at=None):
    return public_subjects(Tag, at)
