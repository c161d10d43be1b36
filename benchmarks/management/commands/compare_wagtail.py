"""`make bench-wagtail`: the site beside the Wagtail reference site, measured by the same harness
in one session.

The harness (`anchor.sh` in the Wagtail bench folder, set up once with its `setup.sh`) runs wrk
round-robin over 200 URLs per page type and compares each with nginx serving the same HTML. This
command generates a newsroom of the same size, writes its URL lists, and runs the harness three
times, one after the other: on the site with its page cache off (story pages and the home
listing's pages), on Wagtail, and on the site behind the shipped nginx proxy cache. It prints
the ratios the project aims for.

First it sets the admin's story list beside Wagtail's page explorer on the same data, warm and
in-process: ours as the bench editor (benchmarks.admin_list), Wagtail's as a superuser by
benchmarks/wagtail_explorer.py, run in the reference project's own virtualenv and settings.
`--admin-only` stops there.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles import paging
from articles.models import Article
from benchmarks import admin_list, data, http

URL_COUNT = 200
# What the project aims for, against runs made in the same session.
STORY_VS_WAGTAIL = 2.0
LISTING_VS_WAGTAIL = 5.0
PROXY_VS_NGINX = 0.5
# The admin searches timed on both sides: "cruise" is in nearly every story generated here and in no
# article of Wagtail's (its generator's words are another set), "premiere" in both sites' data.
ADMIN_SEARCHES = ["cruise", "premiere"]


def spread(items, count):
    """`count` items spread evenly over `items`, first and last included."""
    if len(items) <= count:
        return list(items)
    return [items[round(n * (len(items) - 1) / (count - 1))] for n in range(count)]


def admin_columns(figures):
    """A page's median ms, queries and HTML KB as table columns ("-" where a site has no such page)."""
    if figures is None:
        return f"{'-':>10} {'-':>7} {'-':>6}"
    return f"{figures['median']:10.1f} {figures['queries']:7} {figures['kb']:6.1f}"


def wagtail_database(stories):
    """The reference site's database for `stories` articles, named as its setup.sh names it."""
    return f"bench_wagtail_{stories // 1000}k" if stories % 1000 == 0 else f"bench_wagtail_{stories}"


def wagtail_environment():
    """An environment for the reference site: it reads its own settings, so none of this site's may
    leak into it; the harness's own variables (BENCH_WORK, BENCH_DB, …) pass."""
    return {
        name: value
        for name, value in os.environ.items()
        if name in ("PATH", "HOME", "LANG") or name.startswith("BENCH_")
    }


def wagtail_python(harness):
    """The python of the virtualenv the harness's setup.sh made: under BENCH_WORK, beside the
    harness, or under the temporary folder when the harness's folder is read-only."""
    for work in (
        os.environ.get("BENCH_WORK"),
        harness / ".work",
        Path(tempfile.gettempdir()) / "wagtail-bench",
    ):
        if work and (python := Path(work) / "venv" / "bin" / "python").exists():
            return python
    raise CommandError(f"No virtualenv of the Wagtail harness: run {harness / 'setup.sh'} first.")


class Command(BaseCommand):
    help = "Benchmark the site beside the Wagtail reference site (use an empty, dedicated database)."

    def add_arguments(self, parser):
        parser.add_argument("--stories", type=int, default=10_000)
        parser.add_argument(
            "--harness", required=True, help="The Wagtail bench folder (anchor.sh, setup.sh)."
        )
        parser.add_argument("--duration", type=int, default=10, help="Seconds per measured wrk run.")
        parser.add_argument("--repeat", type=int, default=3, help="Measured runs per page type.")
        parser.add_argument(
            "--admin-repeat", type=int, default=20, help="Renders per admin page in-process (0 to skip)."
        )
        parser.add_argument(
            "--admin-only", action="store_true", help="Only the story list beside Wagtail's explorer."
        )

    def say(self, line=""):
        self.stdout.write(line)
        self.stdout.flush()

    def handle(self, *args, stories, harness, duration, repeat, admin_repeat=20, admin_only=False, **options):
        harness = Path(harness).resolve()
        anchor = harness / "anchor.sh"
        if not anchor.exists():
            raise CommandError(f"No {anchor}: point --harness at the Wagtail bench folder.")
        self.timing = ["--duration", str(duration), "--repeat", str(repeat)]
        if not Article.objects.exists():
            self.say(f"Generating {stories} stories …")
            data.generate(stories, report=self.say)
            data.settle()
        elif Article.objects.count() != stories:
            raise CommandError("The database holds another number of stories: use an empty, dedicated one.")
        if admin_repeat or admin_only:
            self.admin(harness, stories, admin_repeat or 1)
        if admin_only:
            return
        folder = Path(tempfile.mkdtemp(prefix="newsroom-vs-wagtail-"))
        self.say(f"URL lists and the harness's results go to {folder}")
        story_urls, listing_urls = self.write_urls(folder)
        env = {**os.environ, "DJANGO_ALLOWED_HOSTS": "127.0.0.1", "DJANGO_HTTPS": "0"}
        stack = http.Stack(env)
        try:
            app = stack.start_app(cache_seconds=0)
            ours = self.anchor(
                anchor,
                folder / "newsroom",
                stories,
                "--external",
                "--port",
                str(stack.app_port),
                "--label",
                "newsroom",
                "--urls",
                story_urls,
                "--index-urls",
                listing_urls,
                "--queries-cmd",
                f"{sys.executable} {Path(settings.BASE_DIR) / 'manage.py'} count_queries --json",
            )
            stack.stop(app)
            wagtail = self.anchor(anchor, folder / "wagtail", stories, env=wagtail_environment())
            stack.start_app(cache_seconds=300)
            stack.start_nginx(b"")
            proxied = self.anchor(
                anchor,
                folder / "proxy",
                stories,
                "--external",
                "--port",
                str(stack.proxy_port),
                "--label",
                "newsroom-proxy",
                "--urls",
                story_urls,
                "--index-urls",
                "none",
                "--queries-cmd",
                "none",
            )
        finally:
            stack.close()
        self.report(ours, wagtail, proxied)

    def admin(self, harness, stories, repeat):
        """The story list (benchmarks.admin_list) and Wagtail's page explorer, one after the other,
        each page rendered `repeat` times warm, and a table of the two."""
        self.say(f"\nThe admin in-process, warm, {repeat} renders a page: our story list as the bench editor")
        pages = {"list": admin_list.LIST_URL}
        for word in ADMIN_SEARCHES:
            pages[f"search {word}"] = f"{admin_list.LIST_URL}?q={word}"
        ours = admin_list.measure(repeat, self.say, pages)
        self.say("Wagtail's page explorer as a superuser (benchmarks/wagtail_explorer.py) …")
        wagtail = self.wagtail_explorer(harness, stories, repeat)
        self.admin_table(ours, wagtail)

    def wagtail_explorer(self, harness, stories, repeat):
        """Wagtail's figures, name → {url, median, p95, queries, kb}: benchmarks/wagtail_explorer.py
        run by the harness's python in the reference project's settings and database."""
        env = {
            "BENCH_DB": wagtail_database(stories),
            **wagtail_environment(),
            "PYTHONPATH": str(harness / "wagtail_ref"),
            "DJANGO_SETTINGS_MODULE": "wagtail_ref.settings",
        }
        python = wagtail_python(harness)
        command = [str(python), "-m", "benchmarks.wagtail_explorer", str(repeat), *ADMIN_SEARCHES]
        finished = subprocess.run(
            command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=1800
        )
        if finished.returncode:
            raise CommandError(f"wagtail_explorer.py failed:\n{finished.stderr[-3000:]}")
        return json.loads(finished.stdout)

    def admin_table(self, ours, wagtail):
        """Each page's median ms, queries and HTML KB, ours beside Wagtail's, then the explorer's URLs."""
        self.say("\nThe admin side by side, this session (median ms, SQL queries, HTML KB):")
        columns = f"{'queries':>7} {'KB':>6}"
        self.say(f"  {'page':<20} {'ours ms':>10} {columns}   {'Wagtail ms':>10} {columns}")
        for name in [*ours, *(name for name in wagtail if name not in ours)]:
            self.say(f"  {name:<20} {admin_columns(ours.get(name))}   {admin_columns(wagtail.get(name))}")
        for name, figures in wagtail.items():
            self.say(f"  Wagtail's {name}: {figures['url']}")

    def write_urls(self, folder):
        """200 story paths spread over every live story, and 200 home listing paths spread over
        every page of it, the deepest included, as the harness picks Wagtail's."""
        live = Article.objects.live().order_by("-publish_at", "-id")
        slugs = list(live.values_list("slug", flat=True))
        stories = [f"/articles/{slug}/" for slug in spread(slugs, URL_COUNT)]
        size = settings.NEWSROOM_PAGE_SIZE
        # Page k starts after the last story of page k - 1.
        ends = list(range(size - 1, len(slugs) - 1, size))
        cursors = [paging.encode(live[end]) for end in spread(ends, URL_COUNT - 1)]
        listings = ["/", *[f"/?before={cursor}" for cursor in cursors]]
        (folder / "stories.txt").write_text("\n".join(stories) + "\n")
        (folder / "listings.txt").write_text("\n".join(listings) + "\n")
        deepest = len(ends) + 1
        self.say(
            f"URL lists: {len(stories)} stories, {len(listings)} home pages (the deepest: page {deepest})"
        )
        return str(folder / "stories.txt"), str(folder / "listings.txt")

    def anchor(self, anchor, out, stories, *options, env=None):
        """Run the harness (in `env`, by default this process's environment); its results
        (results.json) by target."""
        self.say(f"\n$ {anchor.name} {' '.join(options) or '(Wagtail)'}")
        started = time.monotonic()
        command = ["bash", str(anchor), "--n", str(stories), "--out", str(out), *self.timing, *options]
        finished = subprocess.run(command, capture_output=True, text=True, timeout=3600, env=env)
        if finished.returncode:
            raise CommandError(f"{anchor.name} failed:\n{finished.stdout[-3000:]}\n{finished.stderr[-3000:]}")
        self.say((out / "summary.txt").read_text().rstrip())
        self.say(f"({time.monotonic() - started:.0f} s)")
        return json.loads((out / "results.json").read_text())

    def report(self, ours, wagtail, proxied):
        def rps(result, target):
            return result[target]["wrk"]["rps"]

        story = rps(ours, "article") / rps(wagtail, "article")
        listing = rps(ours, "index") / rps(wagtail, "index")
        proxy = rps(proxied, "article") / rps(proxied, "nginx_static_article")
        self.say("\nSide by side, this session:")
        self.say(
            f"  story page, uncached: {rps(ours, 'article'):.0f} req/s against Wagtail's article "
            f"{rps(wagtail, 'article'):.0f}"
        )
        self.say(
            f"  home listing pages, uncached: {rps(ours, 'index'):.0f} req/s against Wagtail's news index "
            f"{rps(wagtail, 'index'):.1f}"
        )
        self.say(
            f"  story page through the nginx proxy cache: {rps(proxied, 'article'):.0f} req/s against nginx "
            f"serving its HTML {rps(proxied, 'nginx_static_article'):.0f}"
        )
        self.verdict(
            f"story page ≥ {STORY_VS_WAGTAIL:g}× Wagtail's article", story >= STORY_VS_WAGTAIL, story
        )
        self.verdict(
            f"home listing ≥ {LISTING_VS_WAGTAIL:g}× Wagtail's news index",
            listing >= LISTING_VS_WAGTAIL,
            listing,
        )
        self.say(
            f"  [{'met' if proxy >= PROXY_VS_NGINX else 'MISSED'}] proxy cache ≥ {PROXY_VS_NGINX:.0%} "
            f"of nginx static: {proxy:.0%}"
        )

    def verdict(self, label, ok, ratio):
        self.say(f"  [{'met' if ok else 'MISSED'}] {label}: {ratio:.2f}×")
