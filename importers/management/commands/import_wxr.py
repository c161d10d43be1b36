import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from importers.report import report_lines
from importers.wordpress import Importer, Options, parse_kinds
from importers.wxr import WXRError


class DryRunDone(Exception):
    """Raised to roll back anything a dry run might have touched."""


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR 1.0–1.2): posts become stories, with their authors, tags, "
        "pictures and old addresses. Importing the same file again updates what changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The export (Tools → Export in WordPress).")
        parser.add_argument("--dry-run", action="store_true", help="Print the report; write nothing.")
        parser.add_argument("--media-dir", default="", help="A copy of the site's wp-content/uploads folder.")
        parser.add_argument(
            "--fetch-media", action="store_true", help="Fetch pictures from the addresses in the export."
        )
        parser.add_argument("--site-url", default="", help="The WordPress site's address, if not the file's.")
        parser.add_argument(
            "--categories-as-kinds",
            nargs="*",
            default=[],
            metavar="CATEGORY=KIND",
            help="Make a category a story kind instead of a tag, e.g. reviews=review interviews=interview.",
        )

    def handle(self, *args, **options):
        try:
            kinds = parse_kinds(options["categories_as_kinds"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        settings = Options(
            dry_run=options["dry_run"],
            media_dir=options["media_dir"],
            fetch_media=options["fetch_media"],
            site_url=options["site_url"],
            categories_as_kinds=kinds,
        )
        importer = Importer(options["file"], settings, progress=self.progress_bar())
        try:
            if settings.dry_run:
                try:
                    with transaction.atomic():
                        report = importer.run()
                        raise DryRunDone
                except DryRunDone:
                    pass
            else:
                report = importer.run()
        except WXRError as error:
            raise CommandError(f"{options['file']}: {error}") from None
        except OSError as error:
            raise CommandError(f"{options['file']}: {error.strerror or error}") from None
        finally:
            if sys.stderr.isatty():
                sys.stderr.write("\n")
        report = importer.report
        for line in report_lines(report.as_dict(), dry_run=settings.dry_run):
            self.stdout.write(line)

    def progress_bar(self):
        """A progress bar on stderr when it is a terminal; nothing otherwise."""
        if not sys.stderr.isatty():
            return None

        def show(done, total):
            width = 40
            filled = int(width * done / total) if total else width
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} items")
            sys.stderr.flush()

        return show
