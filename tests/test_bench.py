"""`make bench` at toy size: every page it times answers, and it prints its verdicts."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase, override_settings

from benchmarks.management.commands import bench
from tests.factories import make_article


class BenchCommandTests(TestCase):
    @override_settings(ALLOWED_HOSTS=["127.0.0.1", "testserver"])
    def test_small_run_reports_every_page_and_target(self):
        out = StringIO()
        # On PostgreSQL this also bulk-generates and searches a few hundred plain stories.
        call_command(
            bench.Command(),
            stories=60,
            repeat=3,
            skip_http=True,
            search_rows=300,
            edit_requests=600,
            stdout=out,
        )
        report = out.getvalue()
        for page in ("story", "home p1", "home p500", "tag", "film", "search", "feed"):
            self.assertIn(f"  {page} ", report)
        self.assertIn(f"[met] story page queries ≤ {bench.STORY_PAGE_QUERIES}: ", report)
        self.assertIn("cached response ≤ 0.5 ms", report)
        self.assertRegex(report, r"dropped by key +hit ratio +\d")
        self.assertRegex(report, r"all dropped \(before\) +hit ratio +\d")
        self.assertRegex(report, r"Machine speed: a fixed Python loop takes \d+ ms")

    def test_refuses_a_database_with_stories(self):
        make_article()
        err = StringIO()
        call_command(bench.Command(), stories=10, stdout=StringIO(), stderr=err)
        self.assertIn("empty, dedicated", err.getvalue())
