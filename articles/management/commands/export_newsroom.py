import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.export.writing import MissingMedia, export_newsroom


class Command(BaseCommand):
    help = (
        "Write the whole newsroom to a zip file: stories with all their parts, films, credits, "
        "release dates, people, sources, authors, tags, images with their originals, and staff "
        "accounts without passwords (docs/EXPORT.md). import_newsroom restores it."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", help="The zip file to write, such as newsroom.zip.")
        parser.add_argument(
            "--with-history", action="store_true", help="Include every story's revisions (django-reversion)."
        )

    def handle(self, *args, out, with_history, **options):
        started = time.monotonic()
        try:
            manifest = export_newsroom(out, with_history=with_history)
        except MissingMedia as error:
            raise CommandError(str(error)) from error
        except BaseException as error:
            # No half-written export is left to be mistaken for one.
            Path(out).unlink(missing_ok=True)
            if isinstance(error, OSError):
                raise CommandError(f"Could not write {out}: {error}") from error
            raise
        counts = ", ".join(
            f"{name.removesuffix('.jsonl').replace('_', ' ')} {count}"
            for name, count in manifest["files"].items()
        )
        self.stdout.write(
            f"Exported to {out} in {time.monotonic() - started:.1f} s "
            f"(format version {manifest['version']}): {counts}; {manifest['media']} image files."
        )
