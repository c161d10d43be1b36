"""Cross-site scripting: vectors stored through the admin must not run on public or admin pages.

Pages are parsed with html5lib, which follows the HTML5 parsing algorithm the
way browsers do, so mutation tricks are judged as a browser would see them.
"""

import io
import json
import re

from bs4 import BeautifulSoup
from django.test import Client, TestCase
from PIL import Image as PILImage

from articles.models import Article, Author, Image
from tests.admin.helpers import article_post_data, editor_fields
from tests.factories import csrf_post, make_user

VECTORS = [
    "<script>alert(1)</script>",
    '"><script>alert(2)</script>',
    "<img src=x onerror=alert(3)>",
    '<a href="javascript:alert(4)">a</a>',
    '<a href="jav&#x09;ascript:alert(5)">b</a>',
    '<a href=" &#14;javascript:alert(6)">c</a>',
    '<a href="JaVaScRiPt&colon;alert(7)">d</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCg4KTwvc2NyaXB0Pg==">e</a>',
    "<svg><script>alert(9)</script></svg>",
    "<svg/onload=alert(10)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(11)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(12)>">',
    '<iframe src="javascript:alert(13)"></iframe>',
    "<form><button formaction=javascript:alert(14)>x</button></form>",
    '<div style="background:url(javascript:alert(15))">f</div>',
    '<blockquote class="pull-quote evil" onmouseover="alert(16)">g</blockquote>',
    "<object data=javascript:alert(17)></object><embed src=javascript:alert(18)>",
    '<a href="vbscript:msgbox(19)">h</a>',
    "<details open ontoggle=alert(20)>",
    "<template><script>alert(21)</script></template>",
]
PAYLOAD = "".join(VECTORS)
DANGEROUS_URL = re.compile(r"^(javascript|vbscript|data):", re.IGNORECASE)
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "xlink:href")


def script_problems(html, allowed_script_prefixes=("/static/",)):
    """Everything in a page that could run script, as a browser would parse it."""
    soup = BeautifulSoup(html, "html5lib")
    problems = []
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            if name.lower().startswith("on"):
                problems.append(f"<{element.name} {name}>")
            if name.lower() in URL_ATTRIBUTES:
                cleaned = re.sub(r"[\x00-\x20]", "", str(value))
                if DANGEROUS_URL.match(cleaned):
                    problems.append(f"<{element.name} {name}={value!r}>")
        if element.name == "script":
            src, kind, text = element.get("src", ""), element.get("type", ""), element.string or ""
            if kind in ("application/ld+json", "application/json"):
                # A data block: harmless if it is JSON and nothing in it could end the block.
                json.loads(text)
                if "<" in text:
                    problems.append(f"{kind} data with a raw '<'")
            elif not (src.startswith(allowed_script_prefixes) or kind == "importmap"):
                problems.append(f"<script> {text[:40]!r}")
        if element.name in ("iframe", "object", "embed", "frame", "base"):
            problems.append(f"<{element.name}>")
        if element.name == "style" and not element.get("nonce"):
            problems.append("<style> without nonce")
    return problems


class XSSTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user("Editors")
        cls.client_ = Client(enforce_csrf_checks=True)
        cls.client_.force_login(cls.editor)
        buffer = io.BytesIO()
        PILImage.new("RGB", (400, 300), (9, 9, 9)).save(buffer, format="JPEG")
        buffer.seek(0)
        buffer.name = "still.jpg"
        csrf_post(
            cls.client_,
            "/admin/articles/image/add/",
            {"file": buffer, "title": PAYLOAD[:200], "alt_text": PAYLOAD[:300], "caption": PAYLOAD[:400],
             "credit": PAYLOAD[:200], "focal_x": "0.5", "focal_y": "0.5"},
        )  # fmt: skip
        csrf_post(
            cls.client_,
            "/admin/articles/author/add/",
            {"name": PAYLOAD[:120], "slug": "xss-author", "bio": PAYLOAD},
        )
        image, author = Image.objects.get(), Author.objects.get()
        assert image.alt_text == PAYLOAD[:300] and author.name == PAYLOAD[:120]
        data = article_post_data(
            headline=PAYLOAD[:200],
            slug="xss-story",
            dek=PAYLOAD,
            body=PAYLOAD,
            tags="<script>alert(99)</script>, safe tag",
            video_caption=PAYLOAD[:300],
            video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            seo_title="<script>alert(98)</script>",
            seo_description='"><script>alert(97)</script>',
            lead_image=str(image.pk),
            **editor_fields(),
            _workflow="publish_now",
            **{
                "bylines-TOTAL_FORMS": "1",
                "bylines-0-author": str(author.pk),
                "bylines-0-order": "0",
                "related_links-TOTAL_FORMS": "1",
                "related_links-0-placement": "read_more",
                "related_links-0-url": "https://example.com/",
                "related_links-0-title": PAYLOAD[:300],
                "related_links-0-order": "0",
                "corrections-2-TOTAL_FORMS": "1",
                "corrections-2-0-kind": "correction",
                "corrections-2-0-note": PAYLOAD,
            },
        )
        response = csrf_post(cls.client_, "/admin/articles/article/add/", data)
        assert response.status_code == 302, response.content[:2000]
        cls.article = Article.objects.get(slug="xss-story")

    def assertSafe(self, url, client=None, prefixes=("/static/",)):
        response = (client or Client()).get(url)
        self.assertEqual(response.status_code, 200, url)
        self.assertEqual(script_problems(response.content, prefixes), [], url)
        return response

    def test_stored_body_is_clean(self):
        self.assertEqual(script_problems(self.article.body), [])
        self.assertNotIn("alert", re.sub(r">[^<]*<", "><", self.article.body))

    def test_public_pages(self):
        """No public page showing the stored vectors could run script."""
        for url in ["/", self.article.get_absolute_url(), "/tags/safe-tag/", "/authors/xss-author/"]:
            with self.subTest(url=url):
                self.assertSafe(url)

    def test_text_fields_are_shown_as_text(self):
        soup = BeautifulSoup(self.assertSafe(self.article.get_absolute_url()).content, "html5lib")
        self.assertEqual(soup.h1.get_text(), PAYLOAD[:200].strip())
        self.assertEqual(soup.select_one(".dek").get_text(), PAYLOAD)
        self.assertEqual(soup.select_one(".lead-image img")["alt"], PAYLOAD[:300])
        self.assertIn(PAYLOAD, soup.select_one(".corrections").get_text())

    def test_admin_pages(self):
        """No admin page showing the stored vectors could run script."""
        admin_scripts = ("/static/", "/admin/jsi18n/")
        for url in [
            "/admin/articles/article/",
            f"/admin/articles/article/{self.article.pk}/change/",
            f"/admin/articles/article/{self.article.pk}/history/",
            "/admin/articles/image/",
            f"/admin/articles/image/{Image.objects.get().pk}/change/",
            "/admin/articles/author/",
            "/admin/articles/article/calendar/?day=2018-07-01",
            f"/admin/articles/article/{self.article.pk}/preview/",
        ]:
            with self.subTest(url=url):
                self.assertSafe(url, client=self.client_, prefixes=admin_scripts)

    def test_feeds(self):
        """Feeds carry the vectors as text: the headline plain, the dek escaped."""
        import feedparser

        for url in ("/feed/", "/feed/atom/", "/authors/xss-author/feed/"):
            with self.subTest(url=url):
                response = Client().get(url)
                entry = feedparser.parse(response.content).entries[0]
                self.assertEqual(entry.title, PAYLOAD[:200].strip())
                # Descriptions are HTML to feed readers: the plain-text dek must arrive escaped.
                self.assertEqual(script_problems(entry.summary), [])
                self.assertNotIn("<script", entry.summary)
                self.assertEqual(BeautifulSoup(entry.summary, "html5lib").get_text(), PAYLOAD)

    def test_detector_catches_what_it_should(self):
        raw = "<p>x</p>" + PAYLOAD
        self.assertGreaterEqual(len(script_problems(raw)), 10)
