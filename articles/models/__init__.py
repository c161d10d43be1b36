"""The newsroom's content model: stories and the film data they are built from."""

from .articles import Article, ArticleFilm, ArticleQuerySet, Byline, Citation
from .films import Credit, Film, Franchise, ReleaseDate
from .images import Image
from .links import RelatedLink
from .people import Author, Person
from .sources import Source
from .tagging import TaggedStory
from .workflow import Correction, PreviewLink, SlugRedirect

__all__ = [
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
]
