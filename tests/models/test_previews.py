"""Share links: usable until they expire or are revoked, the queryset and the instance agreeing,
and found only by their own signed token."""

from datetime import timedelta

from django.core import signing
from django.test import TestCase
from django.utils import timezone

from articles.models import PreviewLink
from articles.models.previews import SIGNER_SALT
from tests.factories import make_article


class PreviewLinkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.now = timezone.now()
        story = make_article(status="draft", publish_at=None)
        hour = timedelta(hours=1)
        cls.links = {
            "valid": PreviewLink.objects.create(article=story, expires_at=cls.now + hour),
            "expired": PreviewLink.objects.create(article=story, expires_at=cls.now - hour),
            "revoked": PreviewLink.objects.create(
                article=story, expires_at=cls.now + hour, revoked_at=cls.now
            ),
        }

    def test_usable_and_is_usable_agree_now_and_either_side_of_expiry(self):
        for moment in (self.now - timedelta(hours=2), self.now, self.now + timedelta(hours=2)):
            usable = set(PreviewLink.objects.usable(at=moment))
            for state, link in self.links.items():
                with self.subTest(state=state, moment=moment):
                    self.assertEqual(link.is_usable(at=moment), link in usable)
        self.assertEqual(set(PreviewLink.objects.usable(at=self.now)), {self.links["valid"]})

    def test_a_link_is_found_by_its_signed_token_only(self):
        link = self.links["valid"]
        signed = link.get_absolute_url().rstrip("/").rsplit("/", 1)[-1]
        self.assertEqual(PreviewLink.objects.by_signed_token(signed), link)
        for forged in (
            link.token,
            signed[:-1] + ("A" if signed[-1] != "A" else "B"),
            signing.Signer(salt="another.salt").sign(link.token),
            signing.Signer(salt=SIGNER_SALT).sign("no-such-token"),
        ):
            with self.subTest(forged=forged[:20]):
                self.assertIsNone(PreviewLink.objects.by_signed_token(forged))

    def test_each_link_has_its_own_unguessable_token(self):
        tokens = {link.token for link in self.links.values()}
        self.assertEqual(len(tokens), 3)
        self.assertTrue(all(len(token) >= 32 for token in tokens))
