from django.core.management.base import BaseCommand

from articles import changes
from articles.models import Image


class Command(BaseCommand):
    help = "Make renditions for library images that have none (or for all, with --all)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Remake every image's renditions.")

    def handle(self, *args, **options):
        images = Image.objects.all() if options["all"] else Image.objects.filter(renditions=[])
        count = 0
        for image in images.iterator():
            changes.make_renditions(image)
            count += 1
        self.stdout.write(f"Made renditions for {count} image(s).")
