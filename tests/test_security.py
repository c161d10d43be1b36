"""The admin login lockout (newsroom/security.py) and safe redirects after signing in; the security
headers the settings put on public and admin pages."""

from django.test import Client, TestCase, override_settings

from tests.factories import make_article, make_user


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
