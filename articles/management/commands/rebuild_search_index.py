from django.core.management.base import BaseCommand

from articles import changes
from articles.models import Article
from articles.search import uses_postgres


class Command(BaseCommand):
    help = "Recompute every story's full-text search vector (PostgreSQL; SQLite searches without one)."

    def handle(self, *args, **options):
        if not uses_postgres():
            self.stdout.write("SQLite searches the text directly: nothing to rebuild.")
            return
        ids = list(Article.objects.values_list("pk", flat=True))
        for start in range(0, len(ids), 500):
            changes.story_parts_saved(*[Article(pk=pk) for pk in ids[start : start + 500]])
        self.stdout.write(f"Search vectors rebuilt for {len(ids)} stories.")
