import io
import tempfile
import zipfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from reversion.models import Revision, Version
from taggit.models import Tag

from articles.models import Article, Author, Film, Franchise, Image, Person, RelatedLink, Source


def quietly(*args, **options):
    call_command(*args, stdout=io.StringIO(), **options)


def export(**options):
    """The newsroom exported by the command, as the zip's bytes."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "newsroom.zip"
        quietly("export_newsroom", str(path), **options)
        return path.read_bytes()


def restore(data):
    """Restore the zip `data` with the command."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "newsroom.zip"
        path.write_bytes(data)
        quietly("import_newsroom", str(path))


def empty_newsroom():
    """Delete everything a newsroom owns (as a new database would hold nothing of it)."""
    Version.objects.all().delete()
    Revision.objects.all().delete()
    RelatedLink.objects.all().delete()
    Article.objects.all().delete()
    for model in (Film, Franchise, Image, Person, Source, Author, Tag):
        model.objects.all().delete()
    get_user_model().objects.all().delete()


def rewritten(data, change=None, drop=()):
    """The zip `data` with entries dropped, and others' bytes passed through change(name, bytes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename in drop:
                continue
            content = source.read(info)
            target.writestr(info, change(info.filename, content) if change else content)
    return out.getvalue()
