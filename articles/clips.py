"""Video clips from YouTube and Vimeo: recognising their addresses and embedding them privately.

A clip is shown as a plain link with a play button; the player (from
youtube-nocookie.com or player.vimeo.com) is only loaded when the reader asks
for it, so no request reaches the video host before that.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
VIMEO_ID = re.compile(r"^[0-9]{1,12}$")
YOUTUBE_HOSTS = {
    "youtube.com",
    "www.youtube.com",
    "m.youtube.com",
    "youtube-nocookie.com",
    "www.youtube-nocookie.com",
}


@dataclass(frozen=True)
class Clip:
    provider: str
    video_id: str

    @property
    def label(self):
        return {"youtube": "YouTube", "vimeo": "Vimeo"}[self.provider]

    @property
    def watch_url(self):
        if self.provider == "youtube":
            return f"https://www.youtube.com/watch?v={self.video_id}"
        return f"https://vimeo.com/{self.video_id}"

    @property
    def embed_url(self):
        if self.provider == "youtube":
            return f"https://www.youtube-nocookie.com/embed/{self.video_id}?autoplay=1&rel=0"
        return f"https://player.vimeo.com/video/{self.video_id}?autoplay=1&dnt=1"


def parse_clip(url):
    """The Clip a YouTube or Vimeo address points at, or None for anything else."""
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    host, path = (parts.hostname or "").lower(), parts.path.rstrip("/")
    candidate, provider = None, None
    if host in YOUTUBE_HOSTS:
        provider = "youtube"
        if path == "/watch":
            candidate = parse_qs(parts.query).get("v", [None])[0]
        elif path.startswith(("/embed/", "/shorts/", "/live/")):
            candidate = path.split("/")[2]
    elif host == "youtu.be":
        provider, candidate = "youtube", path.lstrip("/")
    elif host in ("vimeo.com", "www.vimeo.com"):
        provider, candidate = "vimeo", path.lstrip("/")
    elif host == "player.vimeo.com" and path.startswith("/video/"):
        provider, candidate = "vimeo", path.split("/")[2]
    pattern = {"youtube": YOUTUBE_ID, "vimeo": VIMEO_ID}.get(provider)
    if pattern and candidate and pattern.match(candidate):
        return Clip(provider, candidate)
    return None


BARE_LINK = re.compile(r"^<p>\s*(?:<a [^>]*>)?\s*(https?://[^\s<>\"]+)\s*(?:</a>)?\s*</p>$")


def clip_in_block(block_html):
    """The clip a body block stands for: a paragraph holding nothing but a clip's address."""
    match = BARE_LINK.match(block_html.strip())
    return parse_clip(match.group(1).replace("&amp;", "&")) if match else None
