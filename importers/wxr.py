"""Reading a WordPress export (WXR 1.0, 1.1, 1.2) as a stream.

lxml's iterparse reads the file a piece at a time; each channel-level element is handed over
once complete and then dropped, so memory stays flat however long the file is. Entities are
never expanded and nothing is fetched (resolve_entities, load_dtd and no_network): a file that
declares a document type at all is refused, since WordPress never writes one and it is how the
billion-laughs and external-entity attacks begin.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.utils import timezone
from lxml import etree

WP_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/(1\.[012])/$")
ANY_WP_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/([^/]+)/$")
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
VERSIONS = {"1.0", "1.1", "1.2"}
NO_DATE = "0000-00-00 00:00:00"


class WXRError(Exception):
    """The file cannot be imported; the message says why and where."""


@dataclass
class Item:
    """One <item>: a post, page, attachment, menu item or other post type."""

    line: int
    title: str = ""
    link: str = ""
    creator: str = ""
    guid: str = ""
    content: str = ""
    excerpt: str = ""
    post_id: int = 0
    post_date: str = ""
    post_date_gmt: str = ""
    post_name: str = ""
    status: str = ""
    post_type: str = ""
    attachment_url: str = ""
    categories: list = field(default_factory=list)  # (domain, nicename, name)
    meta: dict = field(default_factory=dict)
    comments: int = 0

    def published_at(self):
        """The post's time: its GMT date, else its local date in the newsroom's zone, else None."""
        for value, aware in ((self.post_date_gmt, True), (self.post_date, False)):
            if value and value.strip() != NO_DATE:
                try:
                    moment = datetime.strptime(value.strip(), "%Y-%m-%d %H:%M:%S")
                except ValueError:
                    continue
                return timezone.make_aware(moment, UTC if aware else None)
        return None


@dataclass
class Header:
    version: str = ""
    namespace: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    link: str = ""
    title: str = ""
    version_line: int = 0
    authors: dict = field(default_factory=dict)  # login: display name
    terms: list = field(default_factory=list)  # (kind, name), from the channel's lists


def local_name(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def namespace_of(tag):
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def text(element):
    return element.text or "" if element is not None else ""


class Reader:
    """Iterates over a WXR file's channel: yields the Header once its version is known (its
    authors and terms fill in as they are read), then the Items in file order. Raises WXRError
    naming the line of any problem."""

    def __init__(self, path):
        self.path = path
        self.header = Header()

    def __iter__(self):
        try:
            yield from self.read()
        except etree.XMLSyntaxError as error:
            line = error.lineno or (error.position[0] if error.position else "?")
            raise WXRError(f"The file is not well-formed XML: {error.msg} (line {line}).") from None

    def read(self):
        context = etree.iterparse(
            self.path,
            events=("start", "end"),
            resolve_entities=False,
            load_dtd=False,
            no_network=True,
            remove_pis=True,
            remove_comments=True,
        )
        depth, wp, header_sent, channel_seen = 0, None, False, False
        for event, element in context:
            if event == "start":
                depth += 1
                if depth == 1:
                    docinfo = element.getroottree().docinfo
                    if docinfo.doctype or docinfo.internalDTD is not None:
                        raise WXRError(
                            "The file declares a document type (line 1); WordPress exports never do, "
                            "and it is how XML entity attacks begin. Nothing was imported."
                        )
                    if local_name(element.tag) != "rss":
                        raise WXRError(
                            f"This is not a WordPress export (WXR): its first element is "
                            f"<{local_name(element.tag)}>, not <rss> (line {element.sourceline})."
                        )
                    wp = self.wp_namespace(element)
                elif depth == 2:
                    if local_name(element.tag) != "channel":
                        raise WXRError(
                            f"This is not a WordPress export (WXR): <rss> holds <{local_name(element.tag)}> "
                            f"where <channel> belongs (line {element.sourceline})."
                        )
                    channel_seen = True
                elif depth == 3 and local_name(element.tag) == "item" and not header_sent:
                    self.check_version(element.sourceline)
                    header_sent = True
                    yield self.header
                continue
            depth -= 1
            if depth != 2:
                continue
            name, ns = local_name(element.tag), namespace_of(element.tag)
            if name == "item":
                yield self.item(element, wp)
            elif ns == wp:
                if name == "wxr_version":
                    self.header.version = text(element).strip()
                    self.header.namespace = wp
                    self.header.version_line = element.sourceline
                elif name == "base_site_url":
                    self.header.base_site_url = text(element).strip()
                elif name == "base_blog_url":
                    self.header.base_blog_url = text(element).strip()
                elif name == "author":
                    login = text(element.find(f"{{{wp}}}author_login")).strip()
                    display_name = text(element.find(f"{{{wp}}}author_display_name")).strip()
                    self.header.authors[login] = display_name or login
                elif name in ("category", "tag", "term"):
                    label = {"category": "cat_name", "tag": "tag_name", "term": "term_name"}[name]
                    self.header.terms.append((name, text(element.find(f"{{{wp}}}{label}")).strip()))
            elif ns == "" and name == "link":
                self.header.link = text(element).strip()
            elif ns == "" and name == "title":
                self.header.title = text(element).strip()
            element.clear()
            parent = element.getparent()
            while element.getprevious() is not None:
                del parent[0]
        if not channel_seen:
            raise WXRError("This is not a WordPress export (WXR): it has no <channel>.")
        if not header_sent:
            self.check_version(1)
            yield self.header

    def wp_namespace(self, root):
        for uri in root.nsmap.values():
            if WP_NAMESPACE.match(uri or ""):
                return uri
        for uri in root.nsmap.values():
            found = ANY_WP_NAMESPACE.match(uri or "")
            if found:
                raise WXRError(
                    f"This export's format version ({found.group(1)}) is not one we read: WXR 1.0, 1.1 "
                    f"or 1.2 (line {root.sourceline})."
                )
        raise WXRError(
            "This is not a WordPress export (WXR): it has no wp: namespace "
            f"(http://wordpress.org/export/1.2/) on its <rss> element (line {root.sourceline})."
        )

    def check_version(self, line):
        version = self.header.version
        if not version:
            raise WXRError(
                f"The export has no <wp:wxr_version> before its first item (line {line}); "
                "it is not a complete WordPress export."
            )
        if version not in VERSIONS:
            raise WXRError(
                f"The export says it is WXR {version!r} (line {self.header.version_line}); "
                "we read 1.0, 1.1 and 1.2."
            )

    def item(self, element, wp):
        item = Item(line=element.sourceline)
        for child in element:
            name, ns = local_name(child.tag), namespace_of(child.tag)
            value = child.text or ""
            if ns == "":
                if name == "title":
                    item.title = value
                elif name == "link":
                    item.link = value.strip()
                elif name == "guid":
                    item.guid = value.strip()
                elif name == "category":
                    item.categories.append(
                        (child.get("domain", "category"), child.get("nicename", ""), value)
                    )
            elif ns == DC and name == "creator":
                item.creator = value.strip()
            elif ns == CONTENT and name == "encoded":
                item.content = value
            elif name == "encoded" and "/excerpt/" in ns:
                item.excerpt = value
            elif ns == wp:
                if name == "post_id":
                    try:
                        item.post_id = int(value.strip())
                    except ValueError:
                        raise WXRError(
                            f"An item's wp:post_id is not a number: {value!r} (line {child.sourceline})."
                        ) from None
                elif name in (
                    "post_date",
                    "post_date_gmt",
                    "post_name",
                    "status",
                    "post_type",
                    "attachment_url",
                ):
                    setattr(item, name, value.strip())
                elif name == "postmeta":
                    key = text(child.find(f"{{{wp}}}meta_key")).strip()
                    item.meta[key] = text(child.find(f"{{{wp}}}meta_value"))
                elif name == "comment":
                    item.comments += 1
        return item
