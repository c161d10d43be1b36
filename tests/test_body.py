from types import SimpleNamespace

from articles.body import interleave, split_blocks


def test_split_keeps_nested_blocks_whole():
    html = "<p>One <b>bold</b></p>\n<blockquote><p>Q1</p><p>Q2</p></blockquote><hr><p>Two<br>lines</p>"
    assert split_blocks(html) == [
        "<p>One <b>bold</b></p>",
        "<blockquote><p>Q1</p><p>Q2</p></blockquote>",
        "<hr>",
        "<p>Two<br>lines</p>",
    ]


def test_split_keeps_entities_and_loose_text():
    assert split_blocks("<p>caf&eacute; &lt;b&gt;</p> tail") == ["<p>caf&eacute; &lt;b&gt;</p>", "tail"]


def test_split_reads_quoted_attributes_void_and_self_closing_tags():
    html = '<p title="a>b"><a href="/x">x</a></p><img src="a.png" alt="<p>"><div/><P>upper</P>stray</p>end'
    assert split_blocks(html) == [
        '<p title="a>b"><a href="/x">x</a></p>',
        '<img src="a.png" alt="<p>">',
        "<div/>",
        "<P>upper</P>",
        "stray</p>",
        "end",
    ]


def test_split_leaves_a_lone_less_than_sign_in_the_text():
    # Loose text runs into the block that follows it, "<" and all.
    assert split_blocks("a < b <p>c</p><p>d</p>") == ["a < b <p>c</p>", "<p>d</p>"]


def test_split_empty():
    """An empty body has no blocks."""
    assert split_blocks("") == []


def test_interleave_places_links_after_their_paragraph():
    links = [SimpleNamespace(after_paragraph=n) for n in (2, 1, 9)]
    placed = interleave("<p>a</p><p>b</p><p>c</p>", links)
    assert [(block.html, [link.after_paragraph for link in block.links]) for block in placed] == [
        ("<p>a</p>", [1]),
        ("<p>b</p>", [2]),
        ("<p>c</p>", [9]),
    ]


def test_interleave_on_empty_body_keeps_links():
    placed = interleave("", [SimpleNamespace(after_paragraph=3)])
    assert len(placed) == 1 and len(placed[0].links) == 1


def test_interleave_turns_a_bare_clip_address_into_a_clip():
    body = (
        '<p>Watch:</p><p><a href="https://youtu.be/dQw4w9WgXcQ">https://youtu.be/dQw4w9WgXcQ</a></p>'
        "<p>https://vimeo.com/76979871</p><p>See https://youtu.be/dQw4w9WgXcQ for more.</p>"
    )
    clips = [block.clip for block in interleave(body, [])]
    assert [clip and (clip.provider, clip.video_id) for clip in clips] == [
        None,
        ("youtube", "dQw4w9WgXcQ"),
        ("vimeo", "76979871"),
        None,
    ]
