"""Time import_wxr over a generated export and report posts a minute and peak memory.

Run by `make bench-import` against a fresh SQLite database (BENCH_POSTS posts, 50,000 by default).
"""

import os
import resource
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
django.setup()

from django.core.management import call_command  # noqa: E402

from articles.models import Article  # noqa: E402


def main(path):
    started = time.perf_counter()
    call_command("import_wxr", path, stdout=open(os.devnull, "w"))
    elapsed = time.perf_counter() - started
    stories = Article.objects.count()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{stories:,} stories in {elapsed:.1f} s: {stories / elapsed * 60:,.0f} posts a minute; "
        f"peak memory {peak_mb:.0f} MB"
    )


if __name__ == "__main__":
    main(sys.argv[1])
