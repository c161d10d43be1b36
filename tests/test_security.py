"""Security headers on public and admin pages, Django's deploy check, login lockout, safe redirects."""

import os
import subprocess
import sys
from pathlib import Path

from django.test import Client, TestCase, override_settings

from tests.factories import make_article, make_user

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x9$L2q!vR7#mW4pZ8^tY1&uB6*eN3@hJ5%kD0(fG)sA-cV+bX=nM_oQ~iU",
    "DJANGO_ALLOWED_HOSTS": "news.example.com",
    "DJANGO_HTTPS": "1",
}


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
        self.assertEqual(self.client.get("/").status_code, 301)
        secure = self.client.get("/", secure=True)
        self.assertIn("max-age=31536000", secure["Strict-Transport-Security"])

    def test_request_id_is_echoed_only_when_it_looks_like_one(self):
        self.assertEqual(
            self.client.get("/", headers={"x-request-id": "abcdef123456"})["X-Request-ID"], "abcdef123456"
        )
        replaced = self.client.get("/", headers={"x-request-id": "<script>"})["X-Request-ID"]
        self.assertRegex(replaced, r"^[0-9a-f]{32}$")


def deploy_check(**overrides):
    """`manage.py check --deploy` with the production environment (plus `overrides`) only."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")} | PRODUCTION | overrides
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_deploy_check_passes_with_production_settings():
    result = deploy_check()
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_fails_without_https():
    result = deploy_check(DJANGO_HTTPS="0")
    assert result.returncode != 0 and "SECURE_SSL_REDIRECT" in result.stdout + result.stderr


class LoginTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = make_user("Editors", username="dana")

    def attempt(self, password, username="dana", **extra):
        return self.client.post("/admin/login/", {"username": username, "password": password, **extra})

    @override_settings(NEWSROOM_LOGIN_ATTEMPTS=3)
    def test_repeated_failures_lock_the_account_even_for_the_right_password(self):
        for _ in range(3):
            self.assertEqual(self.attempt("wrong").status_code, 200)
        locked = self.attempt("pw")
        self.assertContains(locked, "Too many failed sign-in attempts")
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_a_good_password_signs_in(self):
        self.assertEqual(self.attempt("pw").status_code, 302)

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
