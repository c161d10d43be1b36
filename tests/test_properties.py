"""Whole classes of bad input, not instances: generated headlines, slugs, tags, deks, bodies and
dates (edges of the calendar, odd Unicode, control characters, markup) are saved through the
admin as an editor would, then every surface that shows the story is fetched. Nothing may answer
5xx: bad input is a form error, and what was saved renders everywhere.

Hypothesis shrinks any failure to its smallest case and prints it; `HYPOTHESIS_PROFILE=thorough`
tries many more cases (make test runs the default few dozen)."""

import os
from datetime import date

from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from articles.models import Article, public_tags
from tests.admin.helpers import ADD_URL, article_post_data, editor_fields
from tests.factories import make_user

settings.register_profile(
    "default", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "thorough", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

HOSTILE = [
    "Pokémon",
    "Émigré",
    "日本語",
    "über",
    "ß",
    "!!!",
    "Amélie",
    "x" * 101,
    "<script>alert(1)</script>",
    "\u202eevil\u202c",
    "zero\u200bwidth",
    "a\x00b",
    "İstanbul",
    "ﬁlm",
    "😀",
    "'; DROP TABLE articles_article; --",
    "../../etc/passwd",
    "%2F%00",
    "e\u0301",
    " ",
]
# Any character a form can carry, surrogates aside (they cannot be encoded in a request).
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=120)
# What a form would take: any letters, marks, symbols and spaces in any script, no control
# characters, something besides spaces.
FAIR_TEXT = st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=120).filter(
    str.strip
)
TEXT = st.one_of(FAIR_TEXT, ANY_TEXT, st.sampled_from(HOSTILE))
# A tag an editor would type: a word or two in any script.
FAIR_TAG = st.text(st.characters(categories=("L", "N", "M")), min_size=1, max_size=30)
YEARS = st.sampled_from([1, 999, 1799, 1800, 1969, 1970, 2026, 2199, 2200, 9999])
DATES = st.one_of(
    # The newsroom's first and last days, whose edge hours are another year in UTC.
    st.sampled_from(["1800-01-01", "2199-12-31"]),
    st.builds(
        lambda year, day: f"{year:04d}-{day:%m-%d}", YEARS, st.dates(date(2001, 1, 1), date(2001, 12, 31))
    ),
    st.dates().map(date.isoformat),
    TEXT,
)
TIMES = st.one_of(st.sampled_from(["00:00:00", "23:59:59", "12:00", "24:00", ""]), TEXT)
PAST = ("2020-01-01", "09:00:00")


def mostly(fair, other):
    """Usually `fair` (four times in five), so that each form has a fair chance of being saved
    whole and rendered, with any of its fields sometimes `other`."""
    return st.one_of(fair, fair, fair, fair, other)


def story_forms():
    """An editor's add form: a story, published or not, at generated times."""
    return st.builds(
        lambda headline, slug, dek, body, tags, status, publish, expire: article_post_data(
            headline=headline,
            slug=slug,
            dek=dek,
            body=body,
            tags=tags,
            **editor_fields(
                status=status,
                publish_at_0=publish[0],
                publish_at_1=publish[1],
                expire_at_0=expire[0],
                expire_at_1=expire[1],
            ),
        ),
        headline=mostly(FAIR_TEXT, TEXT),
        slug=mostly(st.from_regex(r"[a-z0-9]{1,20}(-[a-z0-9]{1,20}){0,3}", fullmatch=True), TEXT),
        dek=mostly(st.just(""), TEXT),
        body=mostly(FAIR_TEXT.map(lambda text: f"<p>{text}</p>"), TEXT),
        tags=st.lists(mostly(FAIR_TAG, TEXT), max_size=4).map(", ".join),
        status=mostly(st.just("published"), st.sampled_from(["draft", "in_review", "nonsense"])),
        publish=mostly(st.just(PAST), st.tuples(DATES, TIMES)),
        expire=mostly(st.just(("", "")), st.tuples(DATES, TIMES)),
    )


class GeneratedStoriesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user("Editors")

    def assert_answers(self, url, client=None, **params):
        response = (client or self.client).get(url, params)
        self.assertLess(response.status_code, 500, f"{url} {params}")
        return response

    @given(form=story_forms())
    def test_any_story_saved_through_the_admin_renders_everywhere(self, form):
        # Each example runs in its own transaction, set up after setUp() would have run.
        self.client.force_login(self.editor)
        response = self.client.post(ADD_URL, form)
        self.assertLess(response.status_code, 500)
        story = Article.objects.order_by("-pk").first()
        event("saved" if response.status_code == 302 else "refused with form errors")
        if response.status_code != 302 or story is None:
            self.assertEqual(response.status_code, 200, "refused with the form, its errors shown")
            return
        self.assert_answers(reverse("admin:articles_article_change", args=[story.pk]))
        self.assert_answers(reverse("admin:articles_article_changelist"), q=form["headline"][:200])
        self.assert_answers(reverse("admin:articles_article_preview", args=[story.pk]))
        reader = self.client_class()
        urls = ["/", "/feed/", "/feed/atom/", "/robots.txt", "/sitemap.xml", "/news-sitemap.xml"]
        urls += [
            f"/sitemap-{section}.xml"
            for section in ("stories", "films", "people", "tags", "sources", "authors")
        ]
        if Article.objects.live().filter(pk=story.pk).exists():
            event("live")
            self.assertEqual(self.assert_answers(story.get_absolute_url(), reader).status_code, 200)
        for tag in public_tags():
            urls += [f"/tags/{tag.slug}/", f"/tags/{tag.slug}/feed/", f"/tags/{tag.slug}/feed/atom/"]
            self.assert_answers("/search/", reader, tag=tag.slug)
        for url in urls:
            self.assert_answers(url, reader)
        self.assert_answers("/search/", reader, q=story.headline[:200])
