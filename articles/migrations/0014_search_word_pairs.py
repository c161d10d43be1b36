"""An index of the word pairs in stories, for phrase searches on PostgreSQL.

The search index knows which stories hold a word, not where, so a search for "box office" read
every story holding both words (tens of thousands at 1,000,000 stories) to test each one's
vector for the phrase. article_word_pairs() turns a search vector into its adjacent word pairs
('box offic', 'offic record') as lexemes, and a GIN index on it finds the stories holding a
phrase's pairs directly (articles.search.phrase_pairs). Derived from the stored vector, it is
never out of step with it, and it counts positions as the phrase operator does (stop words keep
their places). SQLite has neither.
"""

from django.db import migrations

FUNCTION = "article_word_pairs"
INDEX = "article_search_word_pairs"
# Not a pair (a pair holds a space): marks a vector with too many pairs to list (see create).
UNPAIRED = "*"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        # Every lexeme at a position joined with every lexeme at the next (a thesaurus can put
        # two at one position), in about 0.13 ms per story. A vector whose pairs would not fit
        # in one (a lexeme holds 2,047 bytes, a vector 1 MB of them) gets UNPAIRED instead,
        # which every phrase query accepts (its stories are then tested for the phrase itself):
        # a story is never missed, and its save never fails on this index.
        f"""
        CREATE OR REPLACE FUNCTION {FUNCTION}(vector tsvector) RETURNS tsvector
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
            WITH word AS MATERIALIZED (SELECT lexeme, unnest(positions) AS at FROM unnest(vector)),
            pair AS MATERIALIZED (
                SELECT word.lexeme || ' ' || next.lexeme AS pair
                FROM word JOIN word AS next ON next.at = word.at + 1
            )
            SELECT CASE
                WHEN (SELECT max(octet_length(pair)) > 2047 OR sum(octet_length(pair)) > 1048575 FROM pair)
                THEN '{UNPAIRED}'::tsvector
                -- Repeated pairs are listed once.
                ELSE array_to_tsvector(array(SELECT pair FROM pair))
            END
        $$
        """
    )
    # Built without blocking story saves while it runs (DEPLOY.md: migrations run while the old
    # code still serves), and as long as it takes: about 8 minutes per 1,000,000 stories, where
    # the site's statement timeout is for readers' requests. A build that failed leaves an
    # invalid index behind, dropped first so this one is built anew.
    schema_editor.execute("SET statement_timeout = 0")
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY {INDEX} ON articles_article USING gin ({FUNCTION}(search_vector))"
    )
    schema_editor.execute("RESET statement_timeout")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}(tsvector)")


class Migration(migrations.Migration):
    # PostgreSQL builds an index CONCURRENTLY only outside a transaction.
    atomic = False

    dependencies = [("articles", "0013_tagged_story")]

    operations = [migrations.RunPython(create, drop)]
