import pytest
from bs4 import BeautifulSoup
from django.test import TestCase

from articles.clips import parse_clip
from tests.factories import make_article


@pytest.mark.parametrize(
    "url, provider, video_id",
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s", "youtube", "dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ?si=abc", "youtube", "dQw4w9WgXcQ"),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "vimeo", "76979871"),
        ("https://player.vimeo.com/video/76979871?h=abc", "vimeo", "76979871"),
    ],
)
def test_recognised_clips(url, provider, video_id):
    """YouTube and Vimeo addresses in their usual forms give the provider and the video id."""
    clip = parse_clip(url)
    assert (clip.provider, clip.video_id) == (provider, video_id)


@pytest.mark.parametrize(
    "url",
    [
        "",
        None,
        "javascript:alert(1)//youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=short",
        'https://www.youtube.com/watch?v=dQw4w9WgXcQ"><script>',
        "https://evil.example/watch?v=dQw4w9WgXcQ",
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://vimeo.com/channels/staffpicks",
        "https://www.youtube.com/@ParamountPictures",
        "http://[::1",
    ],
)
def test_anything_else_is_not_a_clip(url):
    assert parse_clip(url) is None


def test_embed_urls_are_privacy_enhanced():
    assert parse_clip("https://youtu.be/dQw4w9WgXcQ").embed_url.startswith(
        "https://www.youtube-nocookie.com/embed/"
    )
    assert "dnt=1" in parse_clip("https://vimeo.com/76979871").embed_url


class ClipPageTests(TestCase):
    def test_lead_clip_and_body_clip_render_as_click_to_load_players(self):
        story = make_article(
            video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            video_caption="The HALO featurette",
            body="<p>Intro.</p><p>https://vimeo.com/76979871</p><p>After.</p>",
        )
        soup = BeautifulSoup(self.client.get(story.get_absolute_url()).content, "html.parser")
        figures = soup.select(".clip-embed")
        assert [f["data-embed-src"].split("/")[2] for f in figures] == [
            "www.youtube-nocookie.com",
            "player.vimeo.com",
        ]
        assert soup.find("iframe") is None, "no third-party request before the reader asks"
        assert figures[0].a["href"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
        assert [p.get_text() for p in soup.select(".story-body > p")] == ["Intro.", "After."]

    def test_other_video_links_stay_links(self):
        story = make_article(video_url="https://www.youtube.com/@ParamountPictures")
        soup = BeautifulSoup(self.client.get(story.get_absolute_url()).content, "html.parser")
        assert soup.select_one(".clip-link")["href"] == "https://www.youtube.com/@ParamountPictures"
        assert soup.select(".clip-embed") == []
