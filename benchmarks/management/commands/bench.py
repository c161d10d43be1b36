"""`make bench`: generate a newsroom, time its pages in-process and over HTTP, search a million stories."""

import os
import platform
import random
import shutil
import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import override_settings

from articles import paging
from articles.models import Article, public_tags
from articles.search import Results
from benchmarks import admin_list, data, http, inprocess
from newsroom import purge
from newsroom.dependencies import ALL, drop
from newsroom.plans import custom_plans

HTTP_PAGES = ["story", "home p1", "home p500", "tag", "search", "feed"]
# The story; its parts (articles.story_parts); which stories it links to are live. A warm render
# finds its parts kept and makes two.
STORY_PAGE_QUERIES = 10


class Command(BaseCommand):
    help = "Benchmark the site on a freshly generated newsroom (use an empty, dedicated database)."

    def add_arguments(self, parser):
        parser.add_argument("--stories", type=int, default=10_000)
        parser.add_argument("--repeat", type=int, default=1000, help="Renders per page in-process.")
        parser.add_argument("--http-seconds", type=int, default=10, help="wrk duration per page.")
        parser.add_argument(
            "--search-rows", type=int, default=1_000_000, help="0 to skip the search benchmark."
        )
        parser.add_argument("--skip-http", action="store_true")
        parser.add_argument(
            "--edit-requests", type=int, default=6000, help="Reader requests in the newsroom-at-work part."
        )
        parser.add_argument(
            "--admin-repeat", type=int, default=20, help="Renders per admin list page (0 to skip)."
        )
        parser.add_argument(
            "--admin-only",
            action="store_true",
            help="Only the admin's story list: at --stories, then at --search-rows stories if given.",
        )

    def say(self, line=""):
        self.stdout.write(line)
        self.stdout.flush()

    def handle(
        self,
        *args,
        stories,
        repeat,
        http_seconds,
        search_rows,
        skip_http,
        edit_requests,
        admin_repeat=20,
        admin_only=False,
        **options,
    ):
        if Article.objects.exists():
            self.stderr.write(
                "The database already has stories: run the benchmark on an empty, dedicated one."
            )
            return
        self.machine()
        started = time.monotonic()
        self.say(f"\nGenerating {stories} stories …")
        made = data.generate(stories, report=self.say)
        data.settle()
        self.say(f"  done in {time.monotonic() - started:.0f} s")
        if admin_only:
            self.admin_list(admin_repeat or 1)
            if search_rows and connection.vendor == "postgresql" and search_rows > stories:
                self.add_rows(search_rows)
                self.admin_list(admin_repeat or 1)
            self.say(f"\nTotal time {time.monotonic() - started:.0f} s.")
            return
        rng = random.Random(7)
        slugs = list(Article.objects.values_list("slug", flat=True)[:2000])
        # The page a reader reaches after 499 "Older stories" clicks (or the last one there is).
        live = Article.objects.live().order_by("-publish_at", "-id")
        depth = min(499 * settings.NEWSROOM_PAGE_SIZE, live.count() - 1) - 1
        # Only tags that live stories carry have pages.
        tags = list(public_tags().filter(slug__in=made["tags"]).values_list("slug", flat=True))
        pages = inprocess.sample_pages(rng, slugs, tags, made["films"], paging.encode(live[depth]))

        self.say(f"\nIn-process, full Django stack, {repeat} renders per page:")
        results = inprocess.measure(pages, repeat, self.say)
        self.say("\nA newsroom at work: readers at 50 pages a second, an editor changing a story every 5 s:")
        inprocess.newsroom_under_edits(pages, self.say, requests=edit_requests)
        self.speed()
        self.targets(results)
        if admin_repeat:
            self.admin_list(admin_repeat)

        if not skip_http:
            self.over_http(pages, http_seconds)
        if search_rows and connection.vendor == "postgresql":
            self.search_at_scale(search_rows)
            if admin_repeat:
                self.admin_list(admin_repeat)
        self.say(f"\nTotal time {time.monotonic() - started:.0f} s.")

    def machine(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT version()" if connection.vendor == "postgresql" else "SELECT sqlite_version()"
            )
            database = cursor.fetchone()[0].split(" on ")[0]
        cpu = next(
            (
                line.split(":", 1)[1].strip()
                for line in open("/proc/cpuinfo")
                if line.startswith("model name")
            ),
            "?",
        )
        self.say(f"Machine: {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, {database}")
        self.say(f"Cache: {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}")
        self.speed()

    def speed(self):
        """A fixed piece of pure Python, timed: a shared machine's speed moves between runs and
        within one, and every figure the run prints moves with it."""
        spent = []
        for _ in range(5):
            start = time.perf_counter()
            sum(n * n for n in range(1_000_000))
            spent.append((time.perf_counter() - start) * 1000)
        self.say(
            f"Machine speed: a fixed Python loop takes {statistics.median(spent):.0f} ms (lower is faster)"
        )

    def targets(self, results):
        story = results[("story", "uncached")]["median"]
        self.say("\nTargets:")
        queries = results[("story", "uncached")]["queries"]
        self.verdict(
            f"story page queries ≤ {STORY_PAGE_QUERIES}", queries <= STORY_PAGE_QUERIES, f"{queries}"
        )
        for name in ("home p1", "home p500", "tag", "film", "calendar", "films A-Z"):
            ratio = results[(name, "uncached")]["median"] / story
            self.verdict(f"{name} within 2× the story page", ratio <= 2, f"{ratio:.2f}×")
        for name, against in (("api story", "story"), ("api stories", "home p1"), ("api film", "film")):
            ratio = results[(name, "uncached")]["median"] / results[(against, "uncached")]["median"]
            self.verdict(f"{name} within 1.5× the {against} page", ratio <= 1.5, f"{ratio:.2f}×")
        for cached in sorted({label for (name, label) in results if label.startswith("cached")}):
            worst = max(figures["median"] for (name, label), figures in results.items() if label == cached)
            self.verdict(f"{cached} response ≤ 0.5 ms", worst <= 0.5, f"slowest median {worst:.3f} ms")

    def verdict(self, label, ok, figure):
        self.say(f"  [{'met' if ok else 'MISSED'}] {label}: {figure}")

    def over_http(self, pages, seconds):
        if not (shutil.which("wrk") and (shutil.which("nginx") or os.path.exists("/usr/sbin/nginx"))):
            self.say("\nOver HTTP: skipped (install Debian's wrk and nginx-light).")
            return
        env = {
            **os.environ,
            "DATABASE_URL": os.environ.get("DATABASE_URL", ""),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            # Plain http on loopback: production's https redirect would only get in the way here.
            "DJANGO_HTTPS": "0",
        }
        stack = http.Stack(env)
        try:
            self.say(f"\nOver HTTP on loopback: gunicorn 2 workers, wrk 2×16 connections, {seconds} s each:")
            app = stack.start_app(cache_seconds=0)
            base = f"http://127.0.0.1:{stack.app_port}"
            for name in HTTP_PAGES:
                self.line(f"{name} (uncached)", http.wrk(base + pages[name][0], seconds))
            stack.stop(app)
            app = stack.start_app(cache_seconds=300)
            story = pages["story"][0]
            self.line("story (app cache)", http.wrk(base + story, seconds))
            html = http.wait_for(base + story)
            stack.start_nginx(html)
            static = http.wrk(f"http://127.0.0.1:{stack.static_port}/story.html", seconds)
            self.line("story, nginx static file", static)
            http.wait_for(f"http://127.0.0.1:{stack.proxy_port}{story}")
            proxied = http.wrk(f"http://127.0.0.1:{stack.proxy_port}{story}", seconds)
            self.line("story, nginx proxy cache", proxied)
            ratio = proxied["rps"] / static["rps"]
            self.verdict("proxy cache ≥ 50 % of nginx static req/s", ratio >= 0.5, f"{ratio:.0%}")
            if shutil.which("varnishd") or os.path.exists("/usr/sbin/varnishd"):
                stack.start_varnish()
                http.wait_for(f"http://127.0.0.1:{stack.varnish_port}{story}")
                varnished = http.wrk(f"http://127.0.0.1:{stack.varnish_port}{story}", seconds)
                self.line("story, Varnish", varnished)
                ratio = varnished["rps"] / static["rps"]
                self.verdict("Varnish ≥ 50 % of nginx static req/s", ratio >= 0.5, f"{ratio:.0%}")
                self.newsroom_through_varnish(stack, app, pages)
        finally:
            stack.close()

    def newsroom_through_varnish(self, stack, app, pages, requests=3000):
        """The newsroom at work (inprocess.newsroom_under_edits) through Varnish: one reader after
        another over the same mix, a story edited every 250 requests (5 s at 50 pages a second),
        purged by key, or everything purged at every edit as before. The app and this process
        share a Redis, so the edits made here reach the app's own cache too."""
        redis = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14")
        # As the app's settings make it from REDIS_URL (the same key prefix, so the same keys).
        shared = {
            "default": {
                "BACKEND": "newsroom.cache.BreakingRedisCache",
                "LOCATION": redis,
                "KEY_PREFIX": "newsroom",
            }
        }
        stack.stop(app)
        stack.start_app(cache_seconds=300, REDIS_URL=redis)
        varnish = f"http://127.0.0.1:{stack.varnish_port}"
        mix, edited = inprocess.reader_mix(pages, requests), inprocess.edited_stories(pages)
        self.say("\nA newsroom at work through Varnish: readers one after another, a story edited every 250:")
        for label, everything in (("purged by key", False), ("all purged (before)", True)):
            with override_settings(CACHES=shared, NEWSROOM_VARNISH_URLS=[varnish]):
                drop([ALL])
                purge.queue.wait()

                def edit(n, everything=everything):
                    inprocess.edit_story(edited[(n // 250) % len(edited)], n)
                    if everything:
                        drop([ALL])
                    purge.queue.wait()

                hits, spent = http.readers(varnish, mix, edit, 250)
            median, p99 = statistics.median(spent), inprocess.percentile(spent, 0.99)
            self.say(
                f"  {label:<22} Varnish hit ratio {hits / len(mix):6.1%}"
                f"  median {median:6.2f} ms  p99 {p99:6.2f} ms"
            )

    def line(self, label, figures):
        rps, p50, p99, errors = figures["rps"], figures["p50"], figures["p99"], figures["errors"]
        self.say(f"  {label:<28} {rps:9.0f} req/s   p50 {p50:7.2f} ms   p99 {p99:7.2f} ms   non-2xx {errors}")

    def search_at_scale(self, rows):
        self.say(f"\nSearch on {rows:,} stories (PostgreSQL):")
        self.add_rows(rows)
        self.time_searches()

    def add_rows(self, rows):
        started = time.monotonic()
        data.bulk_search_rows(rows, report=self.say)
        self.say(f"  generated in {time.monotonic() - started:.0f} s")

    def admin_list(self, repeat):
        """The admin's story list as an editor uses it (benchmarks.admin_list), against its targets."""
        # Under the site's statement timeout, which the bulk load turned off.
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("RESET statement_timeout")
        count = Article.objects.count()
        self.say(f"\nThe admin's story list at {count:,} stories, as an editor, warm, {repeat} renders each:")
        results = admin_list.measure(repeat, self.say)
        worst = admin_list.worst(results)
        (ms, slowest), (queries, most), (kb, heaviest) = worst["median"], worst["queries"], worst["kb"]
        self.verdict(
            f"admin list ≤ {admin_list.MAX_MS} ms", ms <= admin_list.MAX_MS, f"{slowest} {ms:.1f} ms"
        )
        self.verdict(
            f"admin list ≤ {admin_list.MAX_QUERIES} queries",
            queries <= admin_list.MAX_QUERIES,
            f"{most} {queries}",
        )
        self.verdict(
            f"admin list ≤ {admin_list.MAX_KB} KB", kb <= admin_list.MAX_KB, f"{heaviest} {kb:.1f} KB"
        )
        return results

    def time_searches(self):
        """Time a mix of searches as the search page runs them (its queries, not its HTML), and
        apart from it a known slow kind: a phrase with a stop word inside, checked in every story
        holding its words (see articles.search)."""
        # Under the site's statement timeout, which the bulk load turned off.
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")
        # (words, kind filter): a phrase of two common words, and the kind filter with the rarest
        # kind and with a common phrase.
        queries = [
            ("stunt", ""),
            ("cruise jump", ""),
            ('"box office"', ""),
            ("trailer -teaser", ""),
            ("helicopter OR parachute", ""),
            ("premiere", ""),
            ('"cruise stunt"', ""),
            ("cruise", "analysis"),
            ('"cruise stunt"', "review"),
        ]
        timings, per_query = [], {}
        for n in range(200):
            text, kind = queries[n % len(queries)]
            elapsed = self.search_once(text, kind)
            timings.append(elapsed)
            per_query.setdefault(f"{text} (kind={kind})" if kind else text, []).append(elapsed)
        for label, spent in per_query.items():
            self.say(f"  {label:<32} median {statistics.median(spent):7.1f} ms")
        p95 = inprocess.percentile(timings, 0.95)
        self.say(f"  200 queries: median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms")
        slow = [self.search_once('"box of the office"', "") for _ in range(20)]
        self.say(
            f'  Apart, with a stop word inside: "box of the office" median {statistics.median(slow):.1f} ms'
        )
        self.verdict("search p95 ≤ 50 ms at 1,000,000 stories", p95 <= 50, f"{p95:.1f} ms")

    def search_once(self, text, kind):
        """Milliseconds for the first page of results of `text` (among stories of `kind`, if any)."""
        stories = Article.objects.live().filter(kind=kind) if kind else Article.objects.live()
        start = time.perf_counter()
        with custom_plans():  # As the search page runs it.
            list(Results(stories, text)[:20])
        return (time.perf_counter() - start) * 1000
