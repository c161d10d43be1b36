"""The workflow's rules on their own: stages, who may start which transition, and what each
changes. The admin's buttons and actions and the server's refusals all read these
(tests/admin/test_roles.py drives them through the admin)."""

from datetime import UTC, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.utils import timezone

from articles.models import Article
from articles.workflow import (
    TRANSITIONS,
    Stage,
    available_transitions,
    can_edit,
    can_preview,
    can_publish,
    check_allowed,
    stage,
)
from tests.factories import make_article, make_story_per_state, make_user

# The stages each visibility state of tests.factories is in.
STAGES = {
    "draft": Stage.DRAFT,
    "in_review": Stage.IN_REVIEW,
    "archived": Stage.ARCHIVED,
    "scheduled": Stage.WAITING,
    "live": Stage.LIVE,
    "expired": Stage.WAITING,
    "embargoed": Stage.WAITING,
}
# The transitions an editor may start from each stage, in the buttons' order.
EDITOR_BUTTONS = {
    Stage.DRAFT: ["submit", "publish_now", "schedule"],
    Stage.IN_REVIEW: ["return_to_draft", "publish_now", "schedule"],
    Stage.WAITING: ["publish_now", "schedule", "unpublish"],
    Stage.LIVE: ["unpublish"],
    Stage.ARCHIVED: ["publish_now", "schedule"],
}


class StageTests(TestCase):
    def test_each_state_is_in_its_stage(self):
        for state, story in make_story_per_state().items():
            with self.subTest(state):
                self.assertEqual(stage(story), STAGES[state])

    def test_a_story_not_yet_saved_is_a_draft(self):
        self.assertEqual(stage(None), Stage.DRAFT)


class TransitionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user("Editors")
        cls.writer = make_user("Writers")
        cls.stories = make_story_per_state(created_by=cls.writer)

    def test_an_editors_buttons_are_the_transitions_declared_for_the_stage(self):
        for state, story in self.stories.items():
            with self.subTest(state):
                names = [t.name for t in available_transitions(self.editor, story)]
                self.assertEqual(names, EDITOR_BUTTONS[STAGES[state]])
        self.assertEqual(
            [t.name for t in available_transitions(self.editor, None)], EDITOR_BUTTONS[Stage.DRAFT]
        )

    def test_a_writer_may_only_submit_their_own_draft_and_withdraw_it(self):
        self.assertEqual(
            [t.name for t in available_transitions(self.writer, self.stories["draft"])], ["submit"]
        )
        self.assertEqual(
            [t.name for t in available_transitions(self.writer, self.stories["in_review"])], ["withdraw"]
        )
        for state in ("live", "archived"):
            with self.subTest(state):
                self.assertEqual(available_transitions(self.writer, self.stories[state]), [])
        theirs = make_article(status=Article.Status.DRAFT, created_by=make_user("Writers"))
        self.assertEqual(available_transitions(self.writer, theirs), [])

    def test_every_transition_refuses_the_stages_it_is_not_declared_for(self):
        now = timezone.now()
        when = now + timedelta(days=1)
        for name, transition in TRANSITIONS.items():
            for state, story in self.stories.items():
                with self.subTest(transition=name, state=state):
                    if STAGES[state] in transition.sources and not (
                        name == "publish_now" and state == "embargoed"
                    ):
                        self.assertIsInstance(transition.changes(story, now, when), dict)
                    else:
                        with self.assertRaises(ValidationError):
                            transition.changes(story, now, when)

    def test_what_each_transition_changes(self):
        now = timezone.now()
        when = now + timedelta(days=1)
        draft, review, live = self.stories["draft"], self.stories["in_review"], self.stories["live"]
        published = Article.Status.PUBLISHED
        self.assertEqual(
            TRANSITIONS["submit"].changes(draft, now),
            {"status": Article.Status.IN_REVIEW, "review_opened_at": None},
        )
        self.assertEqual(TRANSITIONS["withdraw"].changes(review, now), {"status": Article.Status.DRAFT})
        self.assertEqual(
            TRANSITIONS["return_to_draft"].changes(review, now), {"status": Article.Status.DRAFT}
        )
        self.assertEqual(
            TRANSITIONS["publish_now"].changes(draft, now), {"status": published, "publish_at": now}
        )
        self.assertEqual(
            TRANSITIONS["schedule"].changes(draft, now, when), {"status": published, "publish_at": when}
        )
        self.assertEqual(TRANSITIONS["unpublish"].changes(live, now), {"status": Article.Status.ARCHIVED})

    def test_scheduling_needs_a_time_ahead_and_publishing_waits_for_the_embargo(self):
        now = timezone.now()
        draft = self.stories["draft"]
        for when, words in ((None, "Choose the date"), (now - timedelta(minutes=1), "has already passed")):
            with self.subTest(when=when), self.assertRaisesMessage(ValidationError, words):
                TRANSITIONS["schedule"].changes(draft, now, when)
        with self.assertRaisesMessage(ValidationError, "under embargo until"):
            TRANSITIONS["publish_now"].changes(self.stories["embargoed"], now)

    def test_the_server_refuses_what_the_buttons_do_not_offer(self):
        with self.assertRaises(PermissionDenied):
            check_allowed("publish_now", self.writer, self.stories["draft"])
        with self.assertRaises(PermissionDenied):
            check_allowed("no_such_step", self.editor, self.stories["draft"])
        theirs = make_article(status=Article.Status.DRAFT, created_by=make_user("Writers"))
        with self.assertRaises(PermissionDenied):
            check_allowed("submit", self.writer, theirs)
        check_allowed("submit", self.writer, self.stories["draft"])
        check_allowed("unpublish", self.editor, self.stories["live"])

    def test_refusals_read_as_sentences(self):
        """“Only editors can publish a story now.”, not “… can publish now a story.”"""
        expected = {
            "publish_now": "Only editors can publish a story now.",
            "schedule": "Only editors can schedule a story.",
            "return_to_draft": "Only editors can return a story to draft.",
            "unpublish": "Only editors can unpublish a story.",
        }
        for name, words in expected.items():
            with self.subTest(name), self.assertRaisesMessage(PermissionDenied, words):
                check_allowed(name, self.writer, self.stories["draft"])

    def test_a_story_can_be_withdrawn_only_until_an_editor_opens_it(self):
        review = self.stories["in_review"]
        review.review_opened_at = timezone.now()
        self.assertEqual(available_transitions(self.writer, review), [])
        with self.assertRaisesMessage(ValidationError, "An editor has already opened"):
            TRANSITIONS["withdraw"].changes(review, timezone.now())

    def test_withdraw_is_the_writers_own_step(self):
        """Editors return a story to draft; another writer cannot withdraw it."""
        with self.assertRaises(PermissionDenied):
            check_allowed("withdraw", self.editor, self.stories["in_review"])
        with self.assertRaises(PermissionDenied):
            check_allowed("withdraw", make_user("Writers"), self.stories["in_review"])
        check_allowed("withdraw", self.writer, self.stories["in_review"])

    def test_a_scheduled_story_is_announced_with_its_time(self):
        """“was scheduled for Thu 4 Dec, 09:30 EST”, in the newsroom's zone."""
        story = make_article(
            status=Article.Status.PUBLISHED, publish_at=datetime(2025, 12, 4, 14, 30, tzinfo=UTC)
        )
        self.assertEqual(TRANSITIONS["schedule"].done_message(story), "scheduled for Thu 4 Dec, 09:30 EST")


class RightsTests(TestCase):
    def test_editors_publish_and_edit_anything_writers_their_own_drafts(self):
        editor, writer = make_user("Editors"), make_user("Writers")
        own = make_article(status=Article.Status.DRAFT, created_by=writer)
        submitted = make_article(status=Article.Status.IN_REVIEW, created_by=writer)
        self.assertTrue(can_publish(editor) and not can_publish(writer))
        self.assertTrue(can_edit(editor, submitted) and can_edit(writer, own))
        self.assertFalse(can_edit(writer, submitted))
        self.assertTrue(can_preview(writer, submitted))
        self.assertFalse(can_preview(writer, make_article(created_by=editor)))
