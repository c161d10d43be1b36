"""Full-text search over stories.

On PostgreSQL: a stored, weighted search vector (headline, tags, films and people weigh most,
then the dek, then the body) with a GIN index, web-search style queries ("quoted phrases", OR,
-exclusion), ranking and highlighted snippets. On SQLite: every plain word must appear
somewhere, newest first.

- query: reading a search as PostgreSQL does (its tree, stems and phrase pairs);
- matching: the match itself, and the one function that finds the newest matches cheaply;
- results: ranking the newest matches, pages and snippets;
- indexing: keeping each story's vector.
"""

from .indexing import refresh_search_vector
from .matching import search
from .query import UNINDEXABLE, query_tree, uses_postgres
from .results import MAX_RANKED, Results

__all__ = [
    "MAX_RANKED",
    "UNINDEXABLE",
    "Results",
    "query_tree",
    "refresh_search_vector",
    "search",
    "uses_postgres",
]
