"""The workflow's rules on their own: stages, who may start which transition, and what each
changes. The admin's buttons and actions and the server's refusals all read these
(tests/admin/test_roles.py drives them through the admin)."""

from datetime import timedelta

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

    def test_a_writer_may_only_submit_their_own_draft(self):
        self.assertEqual(
            [t.name for t in available_transitions(self.writer, self.stories["draft"])], ["submit"]
        )
        for state in ("in_review", "live", "archived"):
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
        self.assertEqual(TRANSITIONS["submit"].changes(draft, now), {"status": Article.Status.IN_REVIEW})
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
