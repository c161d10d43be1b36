from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from importers.text import CopyError, import_copy, read_copy


class Command(BaseCommand):
    help = (
        "Make a draft story from each plain-text file (wire copy, a press release): headline line, "
        "paragraphs, Related:/NEXT:/Source:/Read more from/Watch: markers and a Key Release Dates "
        "box. Films and people are matched against our records; what is not is listed in an "
        "editorial note on the draft. A file that cannot be read is reported and skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="Plain-text files in UTF-8.")
        parser.add_argument(
            "--user",
            help="The username the drafts are made by (their byline is that user's author record).",
        )

    def handle(self, *args, files, user=None, **options):
        account = None
        if user:
            try:
                account = get_user_model().objects.get_by_natural_key(user)
            except get_user_model().DoesNotExist:
                raise CommandError(f"No user called “{user}”.") from None
        failed = 0
        for name in files:
            try:
                imported = import_copy(read_copy(Path(name).read_bytes()), user=account)
            except OSError as error:
                failed += 1
                self.stderr.write(f"{name}: cannot be read ({error.strerror}).")
                continue
            except CopyError as error:
                failed += 1
                self.stderr.write(f"{name}: {error}")
                continue
            self.stdout.write(f"{name}: {imported.summary()} (id {imported.story.pk})")
            for item in imported.to_check:
                self.stdout.write(f"  - {item}")
        if failed:
            raise CommandError(f"{failed} of {len(files)} files could not be imported.")
