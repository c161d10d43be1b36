from django.core.management.base import BaseCommand, CommandError
from PIL import Image as PILImage

from articles import changes
from articles.models import Image


class Command(BaseCommand):
    help = "Make renditions for library images that have none (or for all, with --all)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Remake every image's renditions.")

    def handle(self, *args, **options):
        images = Image.objects.all() if options["all"] else Image.objects.filter(renditions=[])
        count, failed = 0, []
        for image in images.iterator():
            try:
                changes.make_renditions(image)
            except (OSError, ValueError, PILImage.DecompressionBombError) as error:
                # One damaged or oversized file must not stop the rest; it keeps its old renditions.
                failed.append(image)
                self.stderr.write(f"Image {image.pk} ({image.file.name}): {error}")
                continue
            count += 1
        self.stdout.write(f"Made renditions for {count} image(s).")
        if failed:
            raise CommandError(f"{len(failed)} image(s) failed; see above.")
