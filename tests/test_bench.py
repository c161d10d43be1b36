"""`make bench` at toy size: every page it times answers, and it prints its verdicts; and
`compare_wagtail --admin-only`'s table, with Wagtail's side stubbed."""

import json
import os
import subprocess
import tempfile
from io import StringIO
from pathlib import Path
from unittest import mock

from django.core.management import call_command
from django.test import TestCase, override_settings

from benchmarks.management.commands import bench, compare_wagtail
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
            admin_repeat=2,
            stdout=out,
        )
        report = out.getvalue()
        for page in (
            "story",
            "home p1",
            "home p500",
            "tag",
            "film",
            "search",
            "feed",
            "calendar",
            "films A-Z",
        ):
            self.assertIn(f"  {page} ", report)
        self.assertIn(f"[met] story page queries ≤ {bench.STORY_PAGE_QUERIES}: ", report)
        self.assertIn("cached response ≤ 0.5 ms", report)
        self.assertRegex(report, r"dropped by key +hit ratio +\d")
        self.assertRegex(report, r"all dropped \(before\) +hit ratio +\d")
        self.assertRegex(report, r"Machine speed: a fixed Python loop takes \d+ ms")
        # The admin's story list, as an editor: each page it offers, with its targets.
        self.assertIn("The admin's story list at ", report)
        for page in ("list", "search cruise", "status draft", "not live", "year", "month", "day", "tag"):
            self.assertRegex(report, rf"  {page} +median +[\d.]+ ms .* queries +\d+ +HTML +[\d.]+ KB")
        self.assertRegex(report, r"\[(met|MISSED)\] admin list ≤ 300 ms: ")
        self.assertIn("admin list ≤ 10 queries: ", report)
        self.assertIn("admin list ≤ 120 KB: ", report)

    @override_settings(ALLOWED_HOSTS=["127.0.0.1", "testserver"])
    def test_admin_only_run_times_the_story_list(self):
        out = StringIO()
        call_command(bench.Command(), stories=30, admin_only=True, admin_repeat=2, search_rows=0, stdout=out)
        report = out.getvalue()
        self.assertIn("The admin's story list at 30 stories", report)
        self.assertNotIn("In-process, full Django stack", report)
        self.assertIn("[met] admin list ≤ 10 queries: ", report)

    def test_refuses_a_database_with_stories(self):
        make_article()
        err = StringIO()
        call_command(bench.Command(), stories=10, stdout=StringIO(), stderr=err)
        self.assertIn("empty, dedicated", err.getvalue())


def explorer_figures(url, median, queries, kb):
    return {"url": url, "median": median, "p95": median * 1.2, "queries": queries, "kb": kb}


class CompareWagtailAdminTests(TestCase):
    @override_settings(ALLOWED_HOSTS=["127.0.0.1", "testserver"])
    def test_admin_only_sets_the_story_list_beside_the_explorer(self):
        """The story list is timed here; Wagtail's figures are what benchmarks/wagtail_explorer.py
        prints, run by the harness's python in the reference project's settings (stubbed: Wagtail is
        not installed here); one table holds both, a page only Wagtail has with dashes for ours."""
        harness = Path(self.enterContext(tempfile.TemporaryDirectory()))
        (harness / "anchor.sh").touch()
        python = harness / "work" / "venv" / "bin" / "python"
        python.parent.mkdir(parents=True)
        python.touch()
        explorer = {
            "list": explorer_figures("/admin/pages/3/", 44.5, 21, 98.25),
            "search cruise": explorer_figures("/admin/pages/3/?q=cruise", 643.0, 26, 120.5),
            "page search cruise": explorer_figures("/admin/pages/search/?q=cruise", 600.0, 25, 110.0),
        }
        printed = subprocess.CompletedProcess([], 0, stdout=json.dumps(explorer) + "\n", stderr="")
        out = StringIO()
        with (
            mock.patch.dict(os.environ, {"BENCH_WORK": str(harness / "work"), "DATABASE_URL": "sqlite://"}),
            mock.patch.object(compare_wagtail.subprocess, "run", return_value=printed) as run,
        ):
            call_command(
                compare_wagtail.Command(),
                stories=30,
                harness=str(harness),
                admin_only=True,
                admin_repeat=2,
                stdout=out,
            )
        run.assert_called_once()
        self.assertEqual(
            run.call_args.args[0],
            [str(python), "-m", "benchmarks.wagtail_explorer", "2", *compare_wagtail.ADMIN_SEARCHES],
        )
        env = run.call_args.kwargs["env"]
        self.assertEqual(env["DJANGO_SETTINGS_MODULE"], "wagtail_ref.settings")
        self.assertEqual(env["PYTHONPATH"], str(harness / "wagtail_ref"))
        self.assertEqual(env["BENCH_DB"], "bench_wagtail_30")
        self.assertEqual(env["BENCH_WORK"], str(harness / "work"))
        self.assertNotIn("DATABASE_URL", env)
        report = out.getvalue()
        self.assertRegex(report, r"  list +[\d.]+ +\d+ +[\d.]+ +44\.5 +21 +98\.2\n")
        self.assertRegex(report, r"  search cruise +[\d.]+ +\d+ +[\d.]+ +643\.0 +26 +120\.5\n")
        self.assertRegex(report, r"  search premiere +[\d.]+ +\d+ +[\d.]+ +- +- +-\n")
        self.assertRegex(report, r"  page search cruise +- +- +- +600\.0 +25 +110\.0\n")
        self.assertIn("Wagtail's search cruise: /admin/pages/3/?q=cruise", report)
        self.assertNotIn("$ anchor.sh", report)

    def test_wagtail_database_is_named_as_the_harness_names_it(self):
        self.assertEqual(compare_wagtail.wagtail_database(10_000), "bench_wagtail_10k")
        self.assertEqual(compare_wagtail.wagtail_database(2_500), "bench_wagtail_2500")
