"""The admin login lockout (newsroom/security.py) and safe redirects after signing in; the security
headers the settings put on public and admin pages."""

import threading
import time
from unittest import mock

import redis
from django.conf import settings
from django.core.cache import cache
from django.test import Client, RequestFactory, TestCase, override_settings

from newsroom.security import LockoutAdminAuthenticationForm
from tests.factories import make_article, make_user
from tests.services import redis_url


class HeaderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.story = make_article()

    def test_public_and_admin_pages_carry_the_security_headers(self):
        staff = Client()
        staff.force_login(make_user("Editors"))
        for client, url in [
            (self.client, "/"),
            (self.client, self.story.get_absolute_url()),
            (staff, "/admin/"),
        ]:
            with self.subTest(url=url):
                response = client.get(url)
                csp = response["Content-Security-Policy"]
                self.assertIn("script-src 'self'", csp)
                self.assertNotIn("unsafe-inline", csp.split("script-src")[1].split(";")[0])
                self.assertIn("frame-ancestors 'none'", csp)
                self.assertIn("object-src 'none'", csp)
                self.assertEqual(response["X-Content-Type-Options"], "nosniff")
                self.assertEqual(response["Referrer-Policy"], "strict-origin-when-cross-origin")
                self.assertEqual(response["X-Frame-Options"], "DENY")
                self.assertEqual(response["Cross-Origin-Opener-Policy"], "same-origin")
                self.assertTrue(response["X-Request-ID"])

    @override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_SSL_REDIRECT=True)
    def test_https_redirect_and_hsts(self):
        """With https on, plain requests are redirected and secure ones carry HSTS."""
        self.assertEqual(self.client.get("/").status_code, 301)
        secure = self.client.get("/", secure=True)
        self.assertIn("max-age=31536000", secure["Strict-Transport-Security"])


class LoginTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = make_user("Editors", username="dana")

    def attempt(self, password, username="dana", client=None, **extra):
        return (client or self.client).post(
            "/admin/login/", {"username": username, "password": password}, **extra
        )

    def signed_in(self, response):
        return response.status_code == 302

    @override_settings(NEWSROOM_LOGIN_ATTEMPTS=3)
    def test_repeated_failures_lock_the_account_even_for_the_right_password(self):
        for _ in range(3):
            self.assertEqual(self.attempt("wrong").status_code, 200)
        locked = self.attempt("pw", REMOTE_ADDR="198.51.100.9")
        self.assertContains(locked, "Too many failed sign-in attempts. Please wait 15 minutes")
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_a_good_password_signs_in_and_forgets_the_accounts_failures(self):
        for _ in range(4):
            self.attempt("wrong")
        self.assertTrue(self.signed_in(self.attempt("pw")))
        for _ in range(4):
            self.attempt("wrong", client=Client())
        self.assertTrue(self.signed_in(self.attempt("pw", client=Client())))

    @override_settings(NEWSROOM_LOGIN_ATTEMPTS=3)
    def test_look_alike_names_count_as_the_account_they_sign_in_as(self):
        """Django signs "ｅditor" (a fullwidth e) in as "editor" (NFKC); its failures are editor's."""
        make_user("Editors", username="editor")
        for name in ("ｅditor", "EDITOR", "editor "):
            self.attempt("wrong", username=name)
        for name in ("ｅditor", "editor"):
            with self.subTest(name=name):
                self.assertContains(self.attempt("pw", username=name), "Too many failed sign-in attempts")
        self.assertTrue(self.signed_in(self.attempt("pw", client=Client())))

    @override_settings(
        NEWSROOM_LOGIN_ATTEMPTS=50, NEWSROOM_LOGIN_ADDRESS_ATTEMPTS=5, NEWSROOM_LOGIN_ADDRESS_SECONDS=60
    )
    def test_an_address_guessing_names_is_throttled_briefly_and_locks_out_no_one_else(self):
        attacker = {"REMOTE_ADDR": "203.0.113.5"}
        for n in range(5):
            self.assertEqual(self.attempt("wrong", username=f"guess{n}", **attacker).status_code, 200)
        throttled = self.attempt("pw", **attacker)
        self.assertContains(throttled, "from your network. Please wait a minute")
        self.assertTrue(self.signed_in(self.attempt("pw", client=Client(), REMOTE_ADDR="198.51.100.9")))
        a_minute_later = time.time() + 61
        with mock.patch("time.time", return_value=a_minute_later):
            self.assertTrue(self.signed_in(self.attempt("pw", client=Client(), **attacker)))

    @override_settings(NEWSROOM_LOGIN_ADDRESS_ATTEMPTS=3)
    def test_an_ipv6_client_is_counted_by_its_64(self):
        for n in range(3):
            self.attempt("wrong", username=f"guess{n}", REMOTE_ADDR=f"2001:db8:1:2::{n + 1}")
        self.assertContains(self.attempt("pw", REMOTE_ADDR="2001:db8:1:2:ffff::9"), "from your network")
        self.assertTrue(self.signed_in(self.attempt("pw", REMOTE_ADDR="2001:db8:1:3::1")))

    @override_settings(NEWSROOM_LOGIN_ADDRESS_ATTEMPTS=3, NEWSROOM_BEHIND_PROXY=True)
    def test_behind_the_proxy_each_client_is_counted_by_the_address_it_reports(self):
        proxy = {"REMOTE_ADDR": "127.0.0.1"}
        for n in range(3):
            self.attempt("wrong", username=f"guess{n}", HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)
        # What the client itself put before the proxy's entry is not believed.
        spoofed = "198.51.100.9, 203.0.113.5"
        self.assertContains(self.attempt("pw", HTTP_X_FORWARDED_FOR=spoofed, **proxy), "from your network")
        self.assertTrue(
            self.signed_in(self.attempt("pw", HTTP_X_FORWARDED_FOR="198.51.100.9", client=Client(), **proxy))
        )

    @override_settings(NEWSROOM_LOGIN_ADDRESS_ATTEMPTS=3)
    def test_forwarded_addresses_are_not_believed_unless_the_site_is_behind_a_trusted_proxy(self):
        for behind_proxy, remote in ((False, "127.0.0.1"), (True, "203.0.113.5")):
            with self.subTest(behind_proxy=behind_proxy), self.settings(NEWSROOM_BEHIND_PROXY=behind_proxy):
                for n in range(3):
                    self.attempt(
                        "wrong", username=f"guess{n}", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}"
                    )
                response = self.attempt("pw", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR="10.0.0.99")
                self.assertContains(response, "from your network")
                cache.clear()

    def test_when_the_cache_is_down_counting_pauses_and_signing_in_works(self):
        with (
            mock.patch.object(cache, "add", side_effect=ConnectionError("cache down")),
            mock.patch.object(cache, "incr", side_effect=ConnectionError("cache down")),
            self.assertLogs("newsroom", "WARNING") as logged,
        ):
            wrong = self.attempt("wrong")
            right = self.attempt("pw")
        self.assertContains(wrong, "Please enter the correct username and password")
        self.assertTrue(self.signed_in(right))
        self.assertIn("not counted", logged.output[0])

    def test_no_open_redirect_through_next(self):
        for target in ("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"):
            with self.subTest(target=target):
                client = Client()
                response = client.post(
                    f"/admin/login/?next={target}", {"username": "dana", "password": "pw", "next": target}
                )
                self.assertEqual(response.status_code, 302)
                self.assertFalse(
                    response["Location"].startswith(("http", "//", "/\\", "javascript")), response["Location"]
                )


class ParallelLoginTests(TestCase):
    """Parallel wrong attempts check no more passwords than the limit: each is counted, atomically,
    before its password is checked."""

    def race(self, attempts=12):
        checked = []

        def slow_check(request, **credentials):
            checked.append(credentials["username"])
            time.sleep(0.05)
            return None

        def attempt():
            form = LockoutAdminAuthenticationForm(
                RequestFactory().post("/admin/login/"), data={"username": "dana", "password": "wrong"}
            )
            form.is_valid()

        with mock.patch("django.contrib.auth.forms.authenticate", slow_check):
            threads = [threading.Thread(target=attempt) for _ in range(attempts)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        return checked

    def test_in_the_processes_own_cache(self):
        self.assertEqual(len(self.race()), settings.NEWSROOM_LOGIN_ATTEMPTS)

    def test_in_redis(self):
        caches = {
            "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url()}
        }
        with self.settings(CACHES=caches):
            from django.core.cache import cache as redis_cache

            redis_cache.clear()
            try:
                self.assertEqual(len(self.race()), settings.NEWSROOM_LOGIN_ATTEMPTS)
            finally:
                redis_cache.clear()


class ForwardedHeadersTests(TestCase):
    """Django takes the scheme from X-Forwarded-Proto once told to (DJANGO_BEHIND_PROXY), from
    whoever sends it: the headers are kept only from our proxies."""

    def robots_sitemap(self, **meta):
        text = self.client.get("/robots.txt", **meta).content.decode()
        return next(line for line in text.splitlines() if line.startswith("Sitemap:"))

    def test_the_scheme_is_believed_only_from_a_trusted_proxy(self):
        claim = {"HTTP_X_FORWARDED_PROTO": "https"}
        proxied = {
            "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
            "NEWSROOM_BEHIND_PROXY": True,
        }
        with self.settings(**proxied):
            self.assertIn("https://", self.robots_sitemap(REMOTE_ADDR="127.0.0.1", **claim))
            self.assertIn("http://", self.robots_sitemap(REMOTE_ADDR="203.0.113.5", **claim))
        self.assertIn("http://", self.robots_sitemap(REMOTE_ADDR="127.0.0.1", **claim))

    def test_trusted_proxies_are_checked_when_the_settings_load(self):
        import os
        import subprocess
        import sys
        from pathlib import Path

        env = {**os.environ, "DJANGO_SECRET_KEY": "x", "FORWARDED_ALLOW_IPS": "127.0.0.1,localhost"}
        result = subprocess.run(
            [sys.executable, "manage.py", "check"],
            cwd=Path(__file__).parent.parent,
            env=env,
            capture_output=True,
            text=True,
        )
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("FORWARDED_ALLOW_IPS: 'localhost' is not an address or network", result.stderr)


class CounterTests(TestCase):
    def test_a_counter_recreated_by_redis_increment_is_given_its_time_again(self):
        """Django's Redis incr checks the key exists, then INCRs: a counter expiring between the
        two is made anew by INCR with no time at all, and would lock its account for good."""
        from newsroom.security import Counter

        caches = {"default": {"BACKEND": "newsroom.cache.BreakingRedisCache", "LOCATION": redis_url()}}
        with self.settings(CACHES=caches):
            from django.core.cache import cache as redis_cache

            counter = Counter("newsroom:test-counter", limit=5, seconds=60, message="")
            key = redis_cache.make_and_validate_key(counter.key)
            raw = redis.Redis.from_url(redis_url())
            try:
                raw.set(key, 3)  # as INCR leaves it: a count, no time
                self.assertEqual(raw.ttl(key), -1)
                self.assertEqual(counter.count(), 4)
                self.assertTrue(0 < raw.ttl(key) <= 60)
            finally:
                raw.delete(key)
