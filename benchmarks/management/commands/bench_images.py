"""Benchmark: all renditions of a large JPEG, timed and measured in fresh single-core processes."""

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand
from PIL import Image, ImageDraw, ImageFilter

# Runs in a child process pinned to one core, so its peak memory and time are its own.
CHILD = """
import io, json, os, sys, time
os.sched_setaffinity(0, {0})
from django.core.files.uploadedfile import SimpleUploadedFile
from articles.images.renditions import build_renditions
path, step = sys.argv[1], sys.argv[2]
data = open(path, "rb").read()
start = time.perf_counter()
if step == "renditions":
    built = build_renditions(io.BytesIO(data), 0.5, 0.4)
    made = [(kind, w, h, fmt, len(blob)) for kind, w, h, fmt, blob in built]
else:
    from django.conf import settings
    settings.configure(NEWSROOM_IMAGE_MAX_BYTES=100 * 1024 * 1024, NEWSROOM_IMAGE_MAX_PIXELS=60_000_000)
    from articles.images.uploads import clean_image
    made = [len(clean_image(SimpleUploadedFile("big.jpg", data)).read())]
elapsed = time.perf_counter() - start
# VmHWM is this process's own high-water mark; ru_maxrss would carry the parent's across fork.
status = open("/proc/self/status").read().splitlines()
peak_mb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024
print(json.dumps({"seconds": elapsed, "peak_mb": peak_mb, "made": made}))
"""


def make_photo(path, size):
    """A photo-like JPEG: gradients, shapes and grain, so encoders have real work to do."""
    width, height = size
    red = Image.linear_gradient("L").resize(size)
    green = Image.radial_gradient("L").resize(size)
    blue = Image.effect_noise(size, 60).filter(ImageFilter.GaussianBlur(2))
    photo = Image.merge("RGB", (red, green, blue))
    draw = ImageDraw.Draw(photo)
    for n in range(40):
        x, y = (n * 977) % width, (n * 613) % height
        draw.ellipse((x, y, x + width // 8, y + height // 8), fill=((n * 40) % 255, 120, (n * 90) % 255))
    grain = Image.effect_noise(size, 20).convert("RGB")
    Image.blend(photo, grain, 0.12).save(path, format="JPEG", quality=90)


class Command(BaseCommand):
    help = "Time image work on a large JPEG: renditions (target ≤ 1.5 s, ≤ 300 MB) and upload cleaning."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=5)
        parser.add_argument("--width", type=int, default=6000)
        parser.add_argument("--height", type=int, default=4000)

    def handle(self, *args, runs, width, height, **options):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "photo.jpg"
            make_photo(path, (width, height))
            self.stdout.write(
                f"Source: {width}×{height} JPEG, {path.stat().st_size / 1e6:.1f} MB, {runs} runs each"
            )
            for step, targets in (("renditions", (1.5, 300)), ("upload-cleaning", None)):
                results = [self.run_child(path, step) for _ in range(runs)]
                seconds = [r["seconds"] for r in results]
                peaks = [r["peak_mb"] for r in results]
                line = (
                    f"{step:>16}: median {statistics.median(seconds):.3f} s (min {min(seconds):.3f}, "
                    f"max {max(seconds):.3f}); peak memory {max(peaks):.0f} MB"
                )
                if targets:
                    ok = statistics.median(seconds) <= targets[0] and max(peaks) <= targets[1]
                    line += f"  [target ≤ {targets[0]} s, ≤ {targets[1]} MB: {'met' if ok else 'MISSED'}]"
                    made = results[0]["made"]
                    line += f"\n{'':>18}{len(made)} files, {sum(m[4] for m in made) / 1e6:.2f} MB in all"
                self.stdout.write(line)

    def run_child(self, path, step):
        result = subprocess.run(
            [sys.executable, "-c", CHILD, str(path), step], capture_output=True, text=True, check=True
        )
        return json.loads(result.stdout)
