"""Bulk-generating a realistic newsroom: stories with tags, links, films, release dates and images."""

import io
import math
import random
from contextlib import contextmanager
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image as PILImage
from taggit.models import Tag

from articles import changes
from articles.models import (
    Article,
    ArticleFilm,
    Author,
    Byline,
    Citation,
    Film,
    Image,
    Person,
    RelatedLink,
    ReleaseDate,
    Source,
    TaggedStory,
)

FILM_WORDS = (
    "cruise stunt halo jump featurette trailer premiere sequel franchise studio director producer cast "
    "release theatrical digital streaming festival review interview box office weekend opening record "
    "camera helicopter parachute desert mountain city chase explosion score composer editor script "
    "casting rumour exclusive poster teaser runtime rating critics audience summer winter holiday"
).split()
SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]


def vocabulary(size=20_000):
    """Words ranked by frequency: film words spread from the top rank (in nearly every story) to
    the rare end, the ranks between filled with made-up words. A handful of words in every story,
    as a 54-word vocabulary would give, is nothing like an archive's text."""
    words = []
    n = 0
    while len(words) < size:
        word = "".join(SYLLABLES[int(digit)] for digit in f"{n:o}") + "x"
        words.append(word)
        n += 1
    for j, word in enumerate(FILM_WORDS):
        words[4 * j * j] = word
    return words


WORDS = vocabulary()
LOG_WORDS = math.log(len(WORDS))
BATCH = 2000


def word(rng):
    """A word drawn by Zipf's law (rank k has a chance near 1/k), as in real text."""
    return WORDS[int(math.exp(rng.random() * LOG_WORDS)) - 1]


def sentence(rng, words=14):
    return " ".join(word(rng) for _ in range(words)).capitalize() + "."


def body(rng):
    paragraphs = ["<p>" + " ".join(sentence(rng) for _ in range(4)) + "</p>" for _ in range(6)]
    return "".join(paragraphs)


def shared_image():
    """One real image with renditions; every generated story gets its own library row pointing at it."""
    buffer = io.BytesIO()
    PILImage.new("RGB", (2400, 1350), (120, 40, 40)).save(buffer, format="JPEG")
    image = Image(title="Benchmark still", alt_text="A still from the film", credit="Courtesy of the studio")
    image.file.save("bench.jpg", ContentFile(buffer.getvalue(), name="bench.jpg"), save=True)
    changes.make_renditions(image)
    return image


def generate(stories, seed=42, report=print):
    """Create `stories` live stories (5 tags, 2 related links, 1–2 films with dates, a lead image
    each), then their search vectors (after the stories' transaction: see gin_indexes_built_after)."""
    made = generate_stories(stories, seed, report)
    build_search_vectors()
    return made


@transaction.atomic
def generate_stories(stories, seed, report):
    rng = random.Random(seed)
    now = timezone.now()
    template = shared_image()
    authors = Author.objects.bulk_create(
        Author(name=f"Writer {n}", slug=f"bench-writer-{n}") for n in range(50)
    )
    people = Person.objects.bulk_create(
        Person(name=f"Person {n}", slug=f"bench-person-{n}") for n in range(1000)
    )
    sources = Source.objects.bulk_create(
        Source(name=f"Outlet {n}", slug=f"bench-outlet-{n}") for n in range(20)
    )
    tags = Tag.objects.bulk_create(Tag(name=f"Topic {n}", slug=f"bench-topic-{n}") for n in range(500))
    films = Film.objects.bulk_create(
        Film(title=f"Film {n}", slug=f"bench-film-{n}", year=2000 + n % 26)
        for n in range(max(stories // 5, 10))
    )
    ReleaseDate.objects.bulk_create(
        ReleaseDate(film=film, kind=kind, country="US", date=date(film.year, 1 + n % 12, 1 + n % 27))
        for film in films
        for n, kind in enumerate(("theatrical", "digital", "physical"))
    )
    made = 0
    while made < stories:
        size = min(BATCH, stories - made)
        images = Image.objects.bulk_create(
            Image(
                title=f"Still {made + n}",
                alt_text="A still from the film",
                file=template.file.name,
                width=template.width,
                height=template.height,
                renditions=template.renditions,
            )
            for n in range(size)
        )
        batch = []
        for n in range(size):
            number = made + n
            headline = f"{sentence(rng, 8)[:-1]} ({number})"
            html = body(rng)
            batch.append(
                Article(
                    headline=headline,
                    slug=slugify(headline)[:180] + f"-{number}",
                    dek=sentence(rng, 20),
                    body=html,
                    body_text=html.replace("<p>", "").replace("</p>", "\n"),
                    status=Article.Status.PUBLISHED,
                    publish_at=now - timedelta(minutes=10 + number),
                    first_published_at=now - timedelta(minutes=10 + number),
                    lead_image=images[n],
                    kind=KIND_MIX[number % len(KIND_MIX)],
                )
            )
        # bulk_create skips save(): the body above is already clean, and its text is derived here.
        created = Article.objects.bulk_create(batch)
        Byline.objects.bulk_create(Byline(article=a, author=rng.choice(authors)) for a in created)
        Citation.objects.bulk_create(Citation(article=a, source=rng.choice(sources)) for a in created)
        ArticleFilm.objects.bulk_create(
            ArticleFilm(article=a, film=film, order=i)
            for a in created
            for i, film in enumerate(rng.sample(films, rng.choice((1, 2))))
        )
        TaggedStory.objects.bulk_create(
            TaggedStory(tag=tag, content_object=a, publish_at=a.publish_at)
            for a in created
            for tag in rng.sample(tags, 5)
        )
        Article.people.through.objects.bulk_create(
            Article.people.through(article_id=a.pk, person_id=rng.choice(people).pk) for a in created
        )
        RelatedLink.objects.bulk_create(
            link
            for i, a in enumerate(created)
            for link in (
                RelatedLink(article=a, placement="inline", after_paragraph=2, target_article=created[i - 1])
                if i
                else RelatedLink(
                    article=a,
                    placement="inline",
                    after_paragraph=2,
                    url="https://example.com/",
                    title="Elsewhere",
                ),
                RelatedLink(
                    article=a, placement="next", url="https://example.com/next", title="Next elsewhere"
                ),
            )
        )
        made += size
        report(f"  {made} stories")
    return {"tags": [t.slug for t in tags], "films": [f.slug for f in films]}


def settle(*tables):
    """VACUUM ANALYZE after a bulk load, so autovacuum does not wake up mid-measurement and
    the visibility map lets index-only scans skip the table, as on a long-running site; then a
    CHECKPOINT where the role may run one."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")
        # VACUUM cannot run inside a transaction (the tests' toy-size run is inside one).
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        cursor.execute(" ".join([command, ", ".join(tables)]))
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if not connection.in_atomic_block and cursor.fetchone()[0]:
            # Write the load's dirty pages out now, not while the first pages are being timed.
            cursor.execute("CHECKPOINT")


def build_search_vectors():
    """The same weighting as articles.search, computed in one statement for speed."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        # Bulk work, not a reader's request: the site's statement timeout does not apply.
        cursor.execute("SET statement_timeout = 0")
        with gin_indexes_built_after("articles_article"):
            cursor.execute(
                """
            UPDATE articles_article a SET search_vector =
                setweight(to_tsvector('english', a.headline || ' ' || coalesce((
                    SELECT string_agg(t.name, ' ')
                    FROM articles_taggedstory ts JOIN taggit_tag t ON t.id = ts.tag_id
                    WHERE ts.content_object_id = a.id), '')), 'A')
                || setweight(to_tsvector('english', a.dek), 'B')
                || setweight(to_tsvector('english', a.body_text), 'C')
            WHERE a.search_vector IS NULL
            """
            )
        # After the indexes are built: the word pairs' index expression has statistics of its own.
        cursor.execute("ANALYZE")


@contextmanager
def gin_indexes_built_after(table):
    """Drop `table`'s GIN indexes (search words and word pairs) for a bulk load, and build them
    again after it: at 1,000,000 stories, keeping the word pairs' index up row by row took
    several times longer than building it. Inside a transaction (the tests' toy-size run)
    they are kept: PostgreSQL builds no index on a table with foreign-key checks pending."""
    if connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes"
            " WHERE schemaname = current_schema() AND tablename = %s AND indexdef LIKE '%% USING gin %%'",
            [table],
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 0")
            cursor.execute("SET maintenance_work_mem = '512MB'")
            for _, definition in indexes:
                cursor.execute(definition)
            cursor.execute("RESET maintenance_work_mem")


def bulk_search_rows(total, report=print):
    """Add plain live stories (text only) until there are `total`, in SQL: for the search benchmark.

    Stories are strung from a pool of Zipf-drawn sentences (drawing every word of a million
    stories anew takes far longer): word frequencies stay those of word(), and each story's
    twelve body sentences out of 20,000 are its own. Words and sentences sit in keyed tables:
    indexing a large PostgreSQL array walks it from the start on every access.
    """
    with connection.cursor() as cursor, gin_indexes_built_after("articles_article"):
        cursor.execute("SET statement_timeout = 0")
        cursor.execute("SELECT count(*) FROM articles_article")
        have = cursor.fetchone()[0]
        cursor.execute("CREATE TEMPORARY TABLE bench_words (rank int PRIMARY KEY, word text)")
        cursor.execute("CREATE TEMPORARY TABLE bench_sentences (n int PRIMARY KEY, s text)")
        cursor.execute(
            "INSERT INTO bench_words SELECT r, w FROM unnest(%s::text[]) WITH ORDINALITY AS u(w, r)",
            [WORDS],
        )
        # exp(random() * ln N) picks rank k with a chance near 1/k, as word() does. Reading n makes
        # the draws run anew per sentence (PostgreSQL runs an uncorrelated subquery only once).
        cursor.execute(
            """
            INSERT INTO bench_sentences
            SELECT n, (
                SELECT string_agg(word, ' ' ORDER BY i)
                FROM (
                    SELECT i, floor(exp(random() * ln(%s::int)))::int + 0 * n AS drawn
                    FROM generate_series(1, 10) i
                ) draws JOIN bench_words ON rank = drawn
            )
            FROM generate_series(1, %s::int) n
            """,
            [len(WORDS), SENTENCE_POOL],
        )
        cursor.execute("ANALYZE bench_words, bench_sentences")
        step = 200_000
        for start in range(have, total, step):
            stop = min(start + step, total)
            cursor.execute(
                f"""
                INSERT INTO articles_article (headline, slug, dek, body, body_text, kind, is_exclusive,
                    video_url, video_caption, status, publish_at, first_published_at, created_at, updated_at,
                    version, seo_title, seo_description, verdict, pros, cons, search_vector)
                SELECT h, 'search-' || g, d, '<p>' || b || '</p>', b, (%s::text[])[1 + g %% {len(KIND_MIX)}],
                    false, '', '', 'published',
                    now() - make_interval(secs => g), now() - make_interval(secs => g), now(), now(),
                    1, '', '', '', '', '',
                    setweight(to_tsvector('english', h), 'A') || setweight(to_tsvector('english', d), 'B')
                    || setweight(to_tsvector('english', b), 'C')
                FROM (
                    SELECT g, {pooled(0, 1)} AS h, {pooled(1, 2)} AS d, {pooled(3, 12)} AS b
                    FROM generate_series(%s::int, %s::int) g
                ) rows
                """,
                [KIND_MIX, start + 1, stop],
            )
            report(f"  {stop} stories for search")
        cursor.execute("DROP TABLE bench_words, bench_sentences")
    settle("articles_article")


SENTENCE_POOL = 20_000
# Kinds as a film newsroom publishes them: news mostly, analysis rarely (one story in twenty).
KIND_MIX = ["news"] * 11 + ["feature"] * 3 + ["review"] * 3 + ["interview", "opinion", "analysis"]


def pooled(first, sentences):
    """SQL joining `sentences` sentences of the pool, picked for story `g` with two large primes
    (`first` numbers the picks on, so headline, dek and body do not repeat each other)."""
    picks = [
        f"(SELECT s FROM bench_sentences"
        f" WHERE n = 1 + mod(g::bigint * 7919 + {k} * 104729 + {k * k} * g, {SENTENCE_POOL}))"
        for k in range(first, first + sentences)
    ]
    return " || ' ' || ".join(picks)
