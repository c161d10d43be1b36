import time

from django.core.management.base import BaseCommand, CommandError

from articles.export.reading import RestoreError, import_newsroom


class Command(BaseCommand):
    help = (
        "Restore an export_newsroom zip into an empty database (run `manage.py migrate` on a new "
        "one first), in one transaction: it refuses a database that already holds a newsroom, "
        "and a damaged or incomplete export, writing nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("zip", help="The export to restore.")

    def handle(self, *args, zip, **options):
        started = time.monotonic()
        report = self.stdout.write if options["verbosity"] > 1 else None
        try:
            restored = import_newsroom(zip, report=report)
        except RestoreError as error:
            raise CommandError(str(error)) from error
        counts = ", ".join(
            f"{name.removesuffix('.jsonl').replace('_', ' ')} {count}" for name, count in restored.items()
        )
        self.stdout.write(
            f"Restored {zip} in {time.monotonic() - started:.1f} s: {counts}. Staff accounts it created "
            "have no password yet: set one with `manage.py changepassword USERNAME`."
        )
