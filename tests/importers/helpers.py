"""Shared pieces of the WordPress import tests: fixture files and running the command."""

import io
from pathlib import Path

from django.core.management import call_command
from PIL import Image as PILImage

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name):
    return str(FIXTURES / name)


def minimal(tmp_path, version="1.2", scheme="http", name="minimal.xml"):
    """The minimal export, written for a WXR version and wp: namespace scheme."""
    text = (FIXTURES / "minimal.xml").read_text()
    namespace = f"{scheme}://wordpress.org/export/{version}/"
    path = Path(tmp_path) / f"wxr-{version}-{scheme}.xml"
    path.write_text(text.replace("NAMESPACE", namespace).replace("VERSION", version))
    return str(path)


def png(color="red", size=(40, 30)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def uploads(root):
    """A copy of wp-content/uploads for site.xml: two pictures and one that is not a picture."""
    folder = Path(root) / "2018" / "05"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "poster.png").write_bytes(png("red"))
    (folder / "still.png").write_bytes(png("blue"))
    (folder / "broken.png").write_bytes(b"not an image")
    return str(root)


def run(*args):
    """Run import_wxr; returns its output."""
    out = io.StringIO()
    call_command("import_wxr", *args, stdout=out)
    return out.getvalue()
