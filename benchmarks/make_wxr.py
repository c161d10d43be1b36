"""Write a WordPress export of N posts for the import benchmark (make bench-import).

Usage: python benchmarks/make_wxr.py OUT.xml [POSTS]. Posts have classic-editor bodies (a few
paragraphs, a clip line, an unknown shortcode), two categories and three tags from small
vocabularies, five authors, Yoast meta and a comment; one in ten is a draft.
"""

import sys
from html import escape

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Bench</title><link>https://bench.example</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://bench.example</wp:base_site_url>
"""
AUTHOR = (
    "<wp:author><wp:author_login>writer{n}</wp:author_login>"
    "<wp:author_display_name><![CDATA[Writer Number {n}]]></wp:author_display_name></wp:author>\n"
)
ITEM = """<item>
<title><![CDATA[Film story number {n}: the trailer, the cast and the date]]></title>
<link>https://bench.example/{year}/0{month}/1{day}/film-story-{n}/</link>
<dc:creator>writer{author}</dc:creator>
<content:encoded><![CDATA[The studio released a new trailer for film {n} today.
It runs two minutes.

The cast returns, with <strong>three</strong> new faces and a director who has never made a sequel.

https://www.youtube.com/watch?v=dQw4w9WgXcQ

[gallery ids="1,2"]

Release is set for next summer; tickets go on sale a month before.]]></content:encoded>
<excerpt:encoded><![CDATA[Everything in the trailer for film {n}.]]></excerpt:encoded>
<wp:post_id>{n}</wp:post_id>
<wp:post_date>{year}-0{month}-1{day} 08:00:00</wp:post_date>
<wp:post_date_gmt>{year}-0{month}-1{day} 12:00:00</wp:post_date_gmt>
<wp:post_name>film-story-{n}</wp:post_name>
<wp:status>{status}</wp:status>
<wp:post_type>post</wp:post_type>
<category domain="category" nicename="news"><![CDATA[News]]></category>
<category domain="category" nicename="section-{c}"><![CDATA[Section {c}]]></category>
<category domain="post_tag" nicename="tag-{t1}"><![CDATA[Tag {t1}]]></category>
<category domain="post_tag" nicename="tag-{t2}"><![CDATA[Tag {t2}]]></category>
<category domain="post_tag" nicename="tag-{t3}"><![CDATA[Tag {t3}]]></category>
<wp:postmeta><wp:meta_key>_yoast_wpseo_title</wp:meta_key><wp:meta_value>{title}</wp:meta_value></wp:postmeta>
<wp:postmeta><wp:meta_key>_edit_last</wp:meta_key><wp:meta_value>1</wp:meta_value></wp:postmeta>
<wp:comment><wp:comment_id>{n}</wp:comment_id><wp:comment_content>Nice</wp:comment_content></wp:comment>
</item>
"""


def main(out, posts):
    with open(out, "w") as f:
        f.write(HEAD)
        for n in range(5):
            f.write(AUTHOR.format(n=n))
        for n in range(1, posts + 1):
            f.write(
                ITEM.format(
                    n=n,
                    year=2010 + n % 15,
                    month=1 + n % 9,
                    day=n % 10,
                    author=n % 5,
                    status="draft" if n % 10 == 0 else "publish",
                    c=n % 12,
                    t1=n % 200,
                    t2=(n * 7) % 200,
                    t3=(n * 13) % 200,
                    title=escape(f"Film {n} trailer"),
                )
            )
        f.write("</channel>\n</rss>\n")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 50_000)
