"""`make load`: concurrency 32 for 30 s over the public pages while a scheduled story goes live."""

import os
import shutil
import subprocess
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path
from urllib.request import urlopen

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from articles import changes
from articles.models import Article
from benchmarks import data, http

# Counts responses by status class in every wrk thread; `done` adds them up.
WRK_SCRIPT = """
local paths = {PATHS}
local n = 0
s2, s3, s4, s5 = 0, 0, 0, 0
local threads = {}
function setup(thread) table.insert(threads, thread) end
function request() n = n + 1; return wrk.format("GET", paths[(n % #paths) + 1]) end
function response(status)
  if status >= 500 then s5 = s5 + 1 elseif status >= 400 then s4 = s4 + 1
  elseif status >= 300 then s3 = s3 + 1 else s2 = s2 + 1 end
end
function done()
  local t = {0, 0, 0, 0}
  for _, thread in ipairs(threads) do
    t[1] = t[1] + thread:get("s2"); t[2] = t[2] + thread:get("s3")
    t[3] = t[3] + thread:get("s4"); t[4] = t[4] + thread:get("s5")
  end
  io.write(string.format("STATUS 2xx=%d 3xx=%d 4xx=%d 5xx=%d\\n", t[1], t[2], t[3], t[4]))
end
"""


class Command(BaseCommand):
    help = "Load test (loopback only, bounded): 32 connections, 30 s, while a scheduled story goes live."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=int, default=30)
        parser.add_argument("--connections", type=int, default=32)
        parser.add_argument(
            "--stories", type=int, default=2000, help="Generated first, on an empty database."
        )

    def handle(self, *args, seconds, connections, stories, **options):
        if not shutil.which("wrk"):
            raise CommandError("wrk is needed (Debian package wrk).")
        if not Article.objects.exists():
            data.generate(stories, report=lambda line: None)
        story = Article.objects.live().order_by("-publish_at").first()
        tag = story.tags.first()
        crossing = seconds // 3
        scoop = Article(
            headline="Load test scoop",
            slug=f"load-test-scoop-{int(time.time())}",
            body="<p>Goes live while the site is under load.</p>",
            status=Article.Status.PUBLISHED,
            publish_at=timezone.now() + timedelta(seconds=crossing),
        )
        changes.save_story(scoop)
        scoop.tags.add(tag)
        changes.story_parts_saved(scoop)
        paths = [
            "/",
            story.get_absolute_url(),
            f"/tags/{tag.slug}/",
            "/feed/",
            "/sitemap-stories.xml",
            "/search/?q=stunt",
        ]
        env = {**os.environ, "DJANGO_ALLOWED_HOSTS": "127.0.0.1", "DJANGO_HTTPS": "0"}
        stack = http.Stack(env)
        try:
            stack.start_app(cache_seconds=300)
            base = f"http://127.0.0.1:{stack.app_port}"
            # Where the scoop must turn up: every listing that holds it, and its own page.
            watch = dict.fromkeys(
                ["/", f"/tags/{tag.slug}/", "/feed/", "/sitemap-stories.xml", scoop.get_absolute_url()]
            )
            watcher = threading.Thread(target=self.watch, args=(base, watch, scoop, seconds), daemon=True)
            watcher.start()
            script = Path(tempfile.mkdtemp()) / "paths.lua"
            script.write_text(WRK_SCRIPT.replace("{PATHS}", "{" + ", ".join(f'"{p}"' for p in paths) + "}"))
            self.stdout.write(f"Loading {base} with {connections} connections for {seconds} s; "
                              f"“{scoop.headline}” goes live {crossing} s in …")  # fmt: skip
            command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
            out = subprocess.run(
                [*command, "-s", str(script), base], capture_output=True, text=True, timeout=seconds + 60
            ).stdout
            watcher.join(timeout=10)
        finally:
            stack.close()
            scoop.delete()
        self.report(out, watch, scoop)

    def watch(self, base, watch, scoop, seconds):
        """Poll each page until the scoop shows up; note how long after its time it did."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and None in watch.values():
            for path, seen in watch.items():
                if seen is not None:
                    continue
                try:
                    with urlopen(base + path, timeout=5) as response:
                        found = scoop.slug.encode() in response.read()
                except OSError:
                    found = False
                now = timezone.now()
                if found:
                    watch[path] = (now - scoop.publish_at).total_seconds()
            time.sleep(0.2)

    def report(self, out, watch, scoop):
        wanted = ("Requests/sec", "requests in", "STATUS", "Latency", "50%", "99%")
        summary = [
            line for line in out.splitlines() if line.strip().startswith(wanted) or "requests in" in line
        ]
        self.stdout.write("\n".join(summary))
        status = dict(
            part.split("=")
            for part in next(line for line in summary if line.startswith("STATUS")).split()[1:]
        )
        self.stdout.write(f"5xx responses: {status['5xx']}")
        for path, seen in watch.items():
            when = "never seen" if seen is None else f"appeared {seen:+.2f} s after its publish time"
            self.stdout.write(f"  {path:<40} {when}")
        early = [path for path, seen in watch.items() if seen is not None and seen < 0]
        ok = status["5xx"] == "0" and None not in watch.values() and not early
        self.stdout.write(f"Result: {'PASS' if ok else 'FAIL'} (no 5xx, the story everywhere, never early)")
