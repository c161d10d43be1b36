"""`manage.py import_text FILE…`: a draft from each file; a file that cannot be read is
reported, the others still imported."""

from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase

from articles.models import Article
from tests.factories import make_author, make_user


class ImportTextCommandTests(TestCase):
    def test_several_files(self):
        editor = make_user("Editors", username="chief")
        make_author(name="Chief Editor", user=editor)
        files = []
        for number, copy in enumerate(["First headline\n\nOne paragraph.", "Second one.\n\nSource: Wire"]):
            path = self.tmp / f"copy-{number}.txt"
            path.write_text(copy, encoding="utf-8")
            files.append(str(path))
        out = StringIO()
        call_command("import_text", *files, "--user", "chief", stdout=out)
        stories = Article.objects.order_by("pk")
        self.assertEqual([s.headline for s in stories], ["First headline", "Second one."])
        self.assertTrue(all(s.status == "draft" and s.created_by == editor for s in stories))
        self.assertEqual(stories[1].citations.get().source.name, "Wire")
        self.assertIn("copy-0.txt: Draft “First headline” made from plain text", out.getvalue())

    def test_a_bad_file_is_reported_and_the_others_imported(self):
        good, bad = self.tmp / "good.txt", self.tmp / "bad.txt"
        good.write_text("A headline\n\nA paragraph.", encoding="utf-8")
        bad.write_bytes(b"\xff\xfe\x00binary")
        err = StringIO()
        with self.assertRaisesMessage(CommandError, "2 of 3 files could not be imported"):
            call_command(
                "import_text",
                str(bad),
                str(good),
                str(self.tmp / "missing.txt"),
                stderr=err,
                stdout=StringIO(),
            )
        self.assertEqual(Article.objects.get().headline, "A headline")
        self.assertIn("bad.txt: This is not a text file", err.getvalue())

    def test_unknown_user(self):
        with self.assertRaisesMessage(CommandError, "No user called “nobody”"):
            call_command("import_text", "x.txt", "--user", "nobody")

    def setUp(self):
        import tempfile
        from pathlib import Path

        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        self.tmp = Path(directory.name)
