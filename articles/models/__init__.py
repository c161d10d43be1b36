"""The newsroom's content model: stories and the film data they are built from."""

from articles.images.models import Image

from .articles import Article, ArticleFilm, ArticleQuerySet, Byline, Citation
from .corrections import Correction
from .films import Credit, Film, Franchise, ReleaseDate
from .links import RelatedLink, visible_links
from .people import Author, Person
from .previews import PreviewLink
from .redirects import SlugRedirect
from .sources import Source
from .subjects import KINDS, has_live_story, public_subjects, public_tags
from .tagging import TaggedStory

__all__ = [
    "KINDS",
    "Article",
    "ArticleFilm",
    "ArticleQuerySet",
    "Author",
    "Byline",
    "Citation",
    "Correction",
    "Credit",
    "Film",
    "Franchise",
    "Image",
    "Person",
    "PreviewLink",
    "RelatedLink",
    "ReleaseDate",
    "SlugRedirect",
    "Source",
    "TaggedStory",
    "has_live_story",
    "public_subjects",
    "public_tags",
    "visible_links",
]
