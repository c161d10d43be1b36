"""The newsroom's content model: stories and the film data they are built from."""

from .articles import Article, ArticleFilm, ArticleQuerySet, Byline, Citation
from .films import Credit, Film, Franchise, ReleaseDate
from .images import Image
from .links import RelatedLink
from .people import Author, Person
from .sources import Source

__all__ = [
    "Article",
    "ArticleFilm",
    "ArticleQuerySet",
    "Author",
    "Byline",
    "Citation",
    "Credit",
    "Film",
    "Franchise",
    "Image",
    "Person",
    "RelatedLink",
    "ReleaseDate",
    "Source",
]
