"""Staff preview tokens: made in the admin by editors and shown once, stored hashed; with one,
a story not yet live that its owner could preview can be read, never cached; a wrong, expired
or revoked token is refused with 401, the same way."""

import re
from datetime import timedelta

from django.test import TestCase
from django.utils import timezone

from api.models import ApiToken, digest_of

from ..factories import csrf_post, make_article, make_user, visibility_states


def bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def issued(user, **fields):
    token = ApiToken(name="Preview", user=user, **fields)
    secret = token.issue()
    token.save()
    return token, secret


class TokenAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user("Editors")
        cls.writer = make_user("Writers")

    def test_an_editor_makes_a_token_and_sees_it_once(self):
        self.client.force_login(self.editor)
        expires = timezone.localtime() + timedelta(days=7)
        response = csrf_post(
            self.client,
            "/admin/api/apitoken/add/",
            {
                "name": "Next.js preview",
                "scope": "preview",
                "expires_at_0": expires.strftime("%Y-%m-%d"),
                "expires_at_1": "12:00:00",
            },
        )
        self.assertEqual(response.status_code, 200)
        secret = re.search(r'value="(nrp_[^"]+)"', response.text).group(1)
        token = ApiToken.objects.get()
        self.assertEqual(token.user, self.editor)
        self.assertEqual(token.digest, digest_of(secret))
        self.assertNotIn(secret, str(ApiToken.objects.values().get()))
        self.assertIn("no-store", response["Cache-Control"])
        # Never again: the list and the token's page show its prefix only.
        for address in ("/admin/api/apitoken/", f"/admin/api/apitoken/{token.pk}/change/"):
            page = self.client.get(address)
            self.assertContains(page, token.prefix)
            self.assertNotContains(page, secret)

    def test_writers_cannot_make_tokens_even_by_a_forged_post(self):
        self.client.force_login(self.writer)
        self.assertEqual(self.client.get("/admin/api/apitoken/add/").status_code, 403)
        response = csrf_post(self.client, "/admin/api/apitoken/add/", {"name": "Sneaky", "scope": "preview"})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(ApiToken.objects.exists())

    def test_editors_see_only_their_own_tokens_and_can_revoke_them(self):
        own, _ = issued(self.editor)
        other_editor = make_user("Editors")
        theirs, _ = issued(other_editor)
        self.client.force_login(self.editor)
        listing = self.client.get("/admin/api/apitoken/")
        self.assertContains(listing, own.prefix)
        self.assertNotContains(listing, theirs.prefix)
        response = csrf_post(
            self.client, "/admin/api/apitoken/", {"action": "revoke", "_selected_action": [own.pk, theirs.pk]}
        )
        self.assertEqual(response.status_code, 302)
        own.refresh_from_db()
        theirs.refresh_from_db()
        self.assertIsNotNone(own.revoked_at)
        self.assertIsNone(theirs.revoked_at)


class PreviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user("Editors")
        cls.writer = make_user("Writers")
        cls.stories = {
            state: make_article(headline=f"The {state} story", created_by=cls.writer, **fields)
            for state, fields in visibility_states().items()
        }
        cls.others_draft = make_article(headline="Someone else's draft", **visibility_states()["draft"])

    def test_an_editors_token_reads_every_story_not_yet_live(self):
        _, secret = issued(self.editor)
        for state, story in self.stories.items():
            with self.subTest(state=state):
                response = self.client.get(f"/api/v1/stories/{story.pk}", **bearer(secret))
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.json()["headline"], f"The {state} story")
                self.assertIn("no-store", response["Cache-Control"])
                self.assertIn("private", response["Cache-Control"])
                self.assertEqual(response["X-Robots-Tag"], "noindex")
                by_slug = self.client.get(f"/api/v1/stories/by-slug/{story.slug}", **bearer(secret))
                self.assertEqual(by_slug.status_code, 200)
        self.assertEqual(
            self.client.get(f"/api/v1/stories/{self.stories['draft'].pk}", **bearer(secret)).json()["status"],
            "draft",
        )
        self.assertEqual(
            self.client.get(f"/api/v1/stories/{self.stories['scheduled'].pk}", **bearer(secret)).json()[
                "status"
            ],
            "waiting",
        )

    def test_a_writers_token_reads_their_own_stories_only(self):
        _, secret = issued(self.writer)
        self.assertEqual(
            self.client.get(f"/api/v1/stories/{self.stories['draft'].pk}", **bearer(secret)).status_code, 200
        )
        self.assertEqual(
            self.client.get(f"/api/v1/stories/{self.others_draft.pk}", **bearer(secret)).status_code, 404
        )

    def test_lists_stay_live_only_with_a_token(self):
        _, secret = issued(self.editor)
        headlines = [
            r["headline"] for r in self.client.get("/api/v1/stories", **bearer(secret)).json()["results"]
        ]
        self.assertEqual(headlines, ["The live story"])

    def test_without_a_token_nothing_unpublished(self):
        for state, story in self.stories.items():
            with self.subTest(state=state):
                expected = 200 if state == "live" else 404
                self.assertEqual(self.client.get(f"/api/v1/stories/{story.pk}").status_code, expected)

    def test_wrong_expired_revoked_and_disabled_tokens_get_the_same_401(self):
        expired, expired_secret = issued(self.editor)
        ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
        revoked, revoked_secret = issued(self.editor)
        ApiToken.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
        gone = make_user("Editors")
        _, disabled_secret = issued(gone)
        gone.is_active = False
        gone.save()
        answers = set()
        for header in (
            "Bearer nrp_wrong",
            f"Bearer {expired_secret}",
            f"Bearer {revoked_secret}",
            f"Bearer {disabled_secret}",
            "Basic dXNlcjpwYXNz",
            "Bearer",
        ):
            with self.subTest(header=header[:20]):
                response = self.client.get(
                    f"/api/v1/stories/{self.stories['live'].pk}", HTTP_AUTHORIZATION=header
                )
                self.assertEqual(response.status_code, 401)
                self.assertEqual(response["WWW-Authenticate"], 'Bearer realm="api"')
                answers.add(response.content)
        self.assertEqual(len(answers), 1)

    def test_use_is_recorded(self):
        token, secret = issued(self.editor)
        self.client.get("/api/v1/stories", **bearer(secret))
        token.refresh_from_db()
        self.assertIsNotNone(token.last_used_at)

    def test_tokens_never_write(self):
        _, secret = issued(self.editor)
        for method in ("post", "put", "patch", "delete"):
            with self.subTest(method=method):
                response = getattr(self.client, method)(
                    f"/api/v1/stories/{self.stories['draft'].pk}", **bearer(secret)
                )
                self.assertEqual(response.status_code, 405)
