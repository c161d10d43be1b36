"""The site's own address (newsroom/site.py): absolute links never follow a request's Host or
scheme when NEWSROOM_SITE_URL is set, other hosts are redirected to it, and the page cache keeps
hosts and schemes apart when it is not set."""

import json
import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ImproperlyConfigured
from django.test import TestCase, override_settings

from newsroom.settings import env_site_url
from tests.factories import library_image, make_article

ROOT = Path(__file__).resolve().parent.parent
SITE = "https://news.example.com"
HOSTS = ["news.example.com", "localhost", "testserver"]


def addresses(response):
    """Every absolute address a page, feed, sitemap or robots.txt gives (but JSON-LD's schema.org)."""
    text = response.content.decode()
    kind = response["Content-Type"]
    if kind.startswith("text/plain"):
        found = [line.split(": ", 1)[1] for line in text.splitlines() if line.startswith("Sitemap: ")]
    elif kind.startswith("text/html"):
        soup = BeautifulSoup(text, "html.parser")
        found = [tag["href"] for tag in soup.select("link[href]")]
        found += [tag["content"] for tag in soup.select("meta[property^='og:']")]
        for script in soup.select("script[type='application/ld+json']"):
            found += [value for value in walk(json.loads(script.string)) if value != "https://schema.org"]
    else:
        found = []
        for element in ElementTree.fromstring(response.content).iter():
            found += [element.text or "", *element.attrib.values()]
    return [address.strip() for address in found if address.strip().startswith(("http://", "https://"))]


def walk(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item)
    elif isinstance(value, str):
        yield value


class SiteAddressSettingTests(TestCase):
    def test_the_address_is_a_scheme_and_a_host(self):
        for value, expected in (
            ("https://news.example.com/", "https://news.example.com"),
            ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
            ("https://news.example.com:443", "https://news.example.com"),
            ("http://news.example.com:80/", "http://news.example.com"),
            ("", ""),
        ):
            with self.subTest(value=value), mock_env(NEWSROOM_SITE_URL=value):
                self.assertEqual(env_site_url("NEWSROOM_SITE_URL"), expected)
        for value in (
            "news.example.com",
            "ftp://news.example.com",
            "https://news.example.com/news",
            "https://",
        ):
            with self.subTest(value=value), mock_env(NEWSROOM_SITE_URL=value):
                with self.assertRaises(ImproperlyConfigured):
                    env_site_url("NEWSROOM_SITE_URL")

    def test_its_host_is_allowed(self):
        code = "from django.conf import settings; print(settings.ALLOWED_HOSTS)"
        env = {
            **os.environ,
            "DJANGO_SECRET_KEY": "x",
            "NEWSROOM_SITE_URL": SITE,
            "DJANGO_ALLOWED_HOSTS": "a.b",
        }
        shown = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", code],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        self.assertIn("'news.example.com'", shown.stdout, shown.stderr)


class mock_env:
    def __init__(self, **values):
        self.values = values

    def __enter__(self):
        self.saved = {name: os.environ.get(name) for name in self.values}
        os.environ.update(self.values)

    def __exit__(self, *exc):
        for name, value in self.saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@override_settings(NEWSROOM_SITE_URL=SITE, ALLOWED_HOSTS=HOSTS)
class ConfiguredAddressTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.story = make_article(headline="Addresses", lead_image=library_image())
        cls.story.tags.add("Stunts")

    def surfaces(self):
        return [
            self.story.get_absolute_url(),
            "/",
            "/tags/stunts/",
            "/feed/",
            "/feed/atom/",
            "/tags/stunts/feed/",
            "/sitemap.xml",
            "/sitemap-stories.xml",
            "/sitemap-tags.xml",
            "/news-sitemap.xml",
            "/robots.txt",
        ]

    def test_every_absolute_address_is_the_sites_whatever_the_request_said(self):
        for url in self.surfaces():
            with self.subTest(url=url):
                response = self.client.get(url, headers={"host": "news.example.com"}, secure=False)
                self.assertEqual(response.status_code, 200)
                found = addresses(response)
                self.assertTrue(found, "the surface gives absolute addresses")
                self.assertEqual([a for a in found if not a.startswith(SITE + "/")], [])

    def test_another_host_is_redirected_to_the_site_and_nothing_is_built_for_it(self):
        for url in self.surfaces():
            with self.subTest(url=url):
                response = self.client.get(url + "?x=1", headers={"host": "localhost:6666"})
                self.assertEqual(response.status_code, 301)
                self.assertEqual(response["Location"], SITE + url + "?x=1")

    def test_a_port_in_the_address_or_the_host_makes_no_redirect_loop(self):
        """nginx passes the host on without its port ($host); browsers leave out a scheme's own."""
        with self.settings(NEWSROOM_SITE_URL="http://news.example.com:8080"):
            for host in ("news.example.com", "news.example.com:8080"):
                with self.subTest(host=host):
                    response = self.client.get("/", headers={"host": host})
                    self.assertEqual(response.status_code, 200)
                    self.assertTrue(
                        all(a.startswith("http://news.example.com:8080/") for a in addresses(response))
                    )

    def test_health_checks_answer_on_any_host(self):
        for url in ("/healthz", "/readyz"):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url, headers={"host": "localhost"}).status_code, 200)


@pytest.mark.page_cache
@override_settings(NEWSROOM_SITE_URL="", NEWSROOM_CACHE_SECONDS=300, ALLOWED_HOSTS=HOSTS)
class UnconfiguredAddressTests(TestCase):
    """Without the setting (local development), addresses follow the request, so the cache
    keeps each scheme and host's copy apart."""

    @classmethod
    def setUpTestData(cls):
        cls.story = make_article(headline="Addresses")

    def test_a_page_cached_for_one_host_or_scheme_is_never_served_to_another(self):
        url = self.story.get_absolute_url()
        poisoned = self.client.get(url, headers={"host": "localhost:6666"})
        self.assertTrue(all(a.startswith("http://localhost:6666/") for a in addresses(poisoned)))
        for host, secure in (("testserver", False), ("testserver", True), ("localhost:6666", True)):
            with self.subTest(host=host, secure=secure):
                response = self.client.get(url, headers={"host": host}, secure=secure)
                scheme = "https" if secure else "http"
                found = addresses(response)
                self.assertTrue(found)
                self.assertTrue(all(a.startswith(f"{scheme}://{host}/") for a in found), found)
        self.assertEqual(self.client.get(url, headers={"host": "localhost:6666"})["X-Cache"], "hit")
