"""Keeping an accepted upload across a form error, so the editor does not pick the file again.

When the image form is refused for another reason (no alt text, say), the file it carried has
already been checked and re-encoded (articles.images.uploads). It is stored under a folder of
its own in the default storage, and the form carries a signed token naming it. The token is
untrusted input when it comes back: its signature and age are checked, the name must be one
this module could have made, and the file is opened as an image again before it is used.
Kept files leave the storage when the image is saved, when another file replaces them, or, if
the editor walks away, at the next keep after a day.
"""

import re
import secrets
from datetime import timedelta
from pathlib import PurePath

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from .uploads import ACCEPTED_FORMATS, open_checked, safe_name

FOLDER = "uploads-pending"
SALT = "articles.images.kept-upload"
MAX_AGE = timedelta(days=1)
NAME = re.compile(rf"^{FOLDER}/[0-9a-f]{{32}}\.({'|'.join(ACCEPTED_FORMATS.values())})$")


class KeptUpload:
    """An accepted upload waiting in the storage: its stored `path`, the name the editor chose it
    by (`original`) and its size in pixels."""

    def __init__(self, path, original, width, height):
        self.path, self.original, self.width, self.height = path, original, width, height

    @property
    def token(self):
        return signing.dumps(
            {"path": self.path, "name": self.original, "w": self.width, "h": self.height}, salt=SALT
        )

    def as_file(self, title=""):
        """The kept image as a new file to store, named like a fresh upload."""
        with default_storage.open(self.path, "rb") as stored:
            content = stored.read()
        extension = PurePath(self.path).suffix.lstrip(".")
        return ContentFile(content, name=safe_name(title, self.original, extension))

    def forget(self):
        default_storage.delete(self.path)


def keep(cleaned_file, original_name, width, height):
    """Store an accepted, re-encoded upload for the next submission of the form; returns it."""
    forget_stale()
    extension = PurePath(cleaned_file.name).suffix.lstrip(".").lower()
    path = default_storage.save(f"{FOLDER}/{secrets.token_hex(16)}.{extension}", cleaned_file)
    cleaned_file.seek(0)
    return KeptUpload(path, PurePath(original_name or "image").name[:100], width, height)


def from_token(token):
    """The upload a token names, or None when the token is absent, forged, too old, or its file
    is gone or no longer an image we accept."""
    if not token:
        return None
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
        path, original, width, height = data["path"], str(data["name"]), int(data["w"]), int(data["h"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    if not isinstance(path, str) or not NAME.match(path) or not default_storage.exists(path):
        return None
    try:
        with default_storage.open(path, "rb") as stored:
            open_checked(stored)
    except (ValidationError, OSError):
        return None
    return KeptUpload(path, original, width, height)


def forget_stale(now=None):
    """Remove kept uploads older than MAX_AGE: forms abandoned after an error."""
    now = now or timezone.now()
    try:
        _, names = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return
    for name in names:
        path = f"{FOLDER}/{name}"
        if NAME.match(path) and default_storage.get_modified_time(path) < now - MAX_AGE:
            default_storage.delete(path)
