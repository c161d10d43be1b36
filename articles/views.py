"""Public pages. Every story shown here comes from Article.objects.live()."""

from functools import cache

from django.conf import settings
from django.core import signing
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from . import cards, paging, story_page, structured_data
from .body import interleave
from .cards import IN_ORDER
from .clips import parse_clip
from .forms import SearchForm
from .models import (
    Article,
    Author,
    Credit,
    Film,
    Franchise,
    Image,
    Person,
    PreviewLink,
    ReleaseDate,
    SlugRedirect,
    Source,
)
from .models.addresses import page_address
from .models.folding import attach, every_column, folded, record, unfold, unfold_one
from .prepared import Prepared
from .search import MAX_RANKED, Results
from .story_page import RELEASE_DATE_FIELDS


class StoryListMixin:
    """Live stories as cards, a page at a time, older pages by keyset (articles.paging)."""

    context_object_name = "stories"

    def page_of(self, query, **values):
        """This request's page of the card query `query` (articles.cards) for `values`;
        remembers the cursor of the next (older) page."""
        self.before = self.request.GET.get("before")
        at = timezone.now()
        moment, last = paging.start(self.before, at)
        stories = cards.page(query, at=at, moment=moment, last=last, **values)
        page, self.older = paging.split(stories, settings.NEWSROOM_PAGE_SIZE)
        return page

    def get_context_data(self, **kwargs):
        return super().get_context_data(older=self.older, before=self.before, **kwargs)


class HomeView(StoryListMixin, ListView):
    template_name = "articles/home.html"

    def get_queryset(self):
        return self.page_of(cards.latest(settings.NEWSROOM_PAGE_SIZE))


class SearchView(ListView):
    """Search live stories; bad input gives the page with the form's message, never an error.

    Search results are ranked, so they page by number; the newest MAX_RANKED matches are ranked.
    """

    template_name = "articles/search.html"
    paginate_by = settings.NEWSROOM_PAGE_SIZE
    context_object_name = "stories"

    def get(self, request, *args, **kwargs):
        self.form = SearchForm(request.GET)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if not self.form.is_valid() or not self.form.cleaned_data["q"].strip():
            return Article.objects.none()
        stories = self.form.narrow(Article.objects.live())
        return Results(stories, self.form.cleaned_data["q"], self.form.tree)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(form=self.form, **kwargs)
        query = self.form.cleaned_data.get("q", "") if self.form.is_valid() else ""
        context["query"] = query
        context["more_than"] = MAX_RANKED if getattr(self.object_list, "more", False) else None
        # Stories to show come only from Results (a search that ran).
        context["results"] = [(story, self.object_list.snippet(story)) for story in context["stories"]]
        params = self.request.GET.copy()
        params.pop("page", None)
        context["page_query"] = params.urlencode()
        return context


@cache
def by_slug(model):
    """The `model` row with the value `slug`, a query compiled once (articles.prepared)."""
    stand_in = ("stand-in-for-a-subject-address", model._meta.get_field("slug"))
    return Prepared(
        f"{model._meta.model_name}_by_slug",
        model,
        lambda slug: model.objects.filter(slug=slug),
        slug=stand_in,
    )


class SubjectStoriesView(StoryListMixin, ListView):
    """Live stories about one subject (a tag, film, person, source or author).

    Subclasses name the subject's model (or fetch the subject themselves) and the lookup from
    a story to it; the subject itself is `subject` in the template.
    """

    subject_model = None
    story_lookup = None
    feed_kind = None

    def get(self, request, *args, **kwargs):
        self.subject = self.get_subject(kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def get_subject(self, slug):
        return the_one(by_slug(self.subject_model)(slug=slug))

    def get_queryset(self):
        return self.page_of(self.card_query(settings.NEWSROOM_PAGE_SIZE), subject=self.subject.pk)

    def card_query(self, size):
        """The card query (articles.cards) giving a page of the subject's stories."""
        return cards.about(self.story_lookup, type(self.subject), size)

    def get_context_data(self, **kwargs):
        slug = self.subject.slug
        trail = [
            (settings.NEWSROOM_NAME, page_address("articles:home")),
            (str(self.subject), self.request.path),
        ]
        context = {
            "subject": self.subject,
            "feed_title": f"{self.subject}: {settings.NEWSROOM_NAME}",
            "feed_urls": [
                page_address(f"articles:{self.feed_kind}_rss", slug),
                page_address(f"articles:{self.feed_kind}_atom", slug),
            ],
            "structured_data": [structured_data.breadcrumbs(self.request, trail)],
        }
        return super().get_context_data(**context, **kwargs)


class TagView(SubjectStoriesView):
    subject_model = Tag
    story_lookup = "tags"
    feed_kind = "tag"
    template_name = "articles/tag_detail.html"

    def card_query(self, size):
        return cards.tagged(size)


def film_page_data(slug):
    """The film at `slug` with its franchise, poster, credits and release dates folded in."""
    return Film.objects.filter(slug=slug).annotate(
        franchise_rows=folded(Franchise.objects, "id", "id", "name", "slug", outer="franchise_id"),
        poster_rows=folded(Image.objects, "id", *every_column(Image), outer="poster_id"),
        credit_rows=folded(
            Credit.objects, "film", "id", "role", "character", "order", person=record("person", Person)
        ),
        release_date_rows=folded(ReleaseDate.objects, "film", *RELEASE_DATE_FIELDS),
    )


# A film page's film in one query, compiled once (articles.prepared).
FILM_PAGE = Prepared(
    "film_page", Film, film_page_data, slug=("stand-in-for-a-film-address", Film._meta.get_field("slug"))
)


def the_one(found):
    """The one row a prepared query `found` for a page's address, or a 404."""
    if not found:
        raise Http404("No such page.")
    return found[0]


class FilmView(SubjectStoriesView):
    story_lookup = "film_links__film"
    feed_kind = "film"
    template_name = "articles/film_detail.html"

    def get_subject(self, slug):
        film = the_one(FILM_PAGE(slug=slug))
        film.franchise = unfold_one(Franchise, film.franchise_rows)
        film.poster = unfold_one(Image, film.poster_rows)
        attach(film, "credits", unfold(Credit, film.credit_rows, order_by=IN_ORDER))
        # Unordered: release_schedule() and the Movie data sort them (a TBA date has none).
        attach(film, "release_dates", unfold(ReleaseDate, film.release_date_rows))
        return film

    def get_context_data(self, **kwargs):
        schedule = self.subject.release_schedule(timezone.localdate())
        context = super().get_context_data(release_schedule=schedule, **kwargs)
        context["structured_data"].insert(0, structured_data.movie(self.request, self.subject))
        return context


class PersonView(SubjectStoriesView):
    story_lookup = "people"
    feed_kind = "person"
    template_name = "articles/person_detail.html"

    def get_subject(self, slug):
        credits = Credit.objects.select_related("film").order_by("-film__year", "order")
        return get_object_or_404(
            Person.objects.prefetch_related(Prefetch("credits", queryset=credits)), slug=slug
        )


class SourceView(SubjectStoriesView):
    subject_model = Source
    story_lookup = "citations__source"
    feed_kind = "source"
    template_name = "articles/source_detail.html"


class AuthorView(SubjectStoriesView):
    subject_model = Author
    story_lookup = "bylines__author"
    feed_kind = "author"
    template_name = "articles/author_detail.html"


class ArticleDetailView(DetailView):
    """A story page. A story's old address, once live, redirects to its current one."""

    context_object_name = "article"
    template_name = "articles/article_detail.html"

    def get_object(self, queryset=None):
        story = story_page.live_story(self.kwargs["slug"])
        if story is None:
            raise Http404("No such story.")
        return story

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            live = Article.objects.live().filter(pk=OuterRef("article_id"))
            moved = (
                SlugRedirect.objects.filter(Exists(live), old_slug=kwargs.get("slug"))
                .select_related("article")
                .first()
            )
            if moved is None:
                raise
            return redirect(moved.article, permanent=True)

    def get_context_data(self, **kwargs):
        article = story_page.unfolded(self.object)
        links = article.related_links.all()
        today = timezone.localdate()
        request = self.request
        story_url = request.build_absolute_uri(article.get_absolute_url())
        trail = [(settings.NEWSROOM_NAME, page_address("articles:home"))]
        tags = article.tag_list
        first_tag = next(iter(tags), None)
        if first_tag:
            trail.append((first_tag.name, page_address("articles:tag", first_tag.slug)))
        trail.append((article.headline, article.get_absolute_url()))
        return super().get_context_data(
            story_url=story_url,
            social_image=request.build_absolute_uri(article.lead_image.social_url)
            if article.lead_image
            else "",
            tags=tags,
            people=article.person_list,
            corrections=article.correction_list,
            structured_data=[
                structured_data.news_article(request, article, tags),
                structured_data.breadcrumbs(request, trail),
            ],
            blocks=interleave(article.body, [link for link in links if link.placement == "inline"]),
            lead_clip=parse_clip(article.video_url),
            next_links=[link for link in links if link.placement == "next"],
            read_more=group_by([link for link in links if link.placement == "read_more"], "source"),
            citation_lines=group_by(article.citations.all(), "get_role_display"),
            release_boxes=[
                {"film": fl.film, "schedule": fl.film.release_schedule(today, dates)}
                for fl in article.film_links.all()
                if fl.show_release_dates and (dates := story_page.release_dates(fl))
            ],
            **kwargs,
        )


class PreviewView(ArticleDetailView):
    """A story exactly as readers will see it, whatever its status: never cached, never indexed.

    Subclasses decide which story, and who may see it, in `get_object`.
    """

    preview_label = "Preview"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        response = self.render_to_response(self.get_context_data(object=self.object))
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def get_queryset(self):
        return story_page.with_story_page_data(Article.objects.all())

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=self.preview_label, **kwargs)


PREVIEW_SIGNER_SALT = "articles.preview-link"


def preview_link_url(link):
    """The shareable address of a preview link: its token, signed."""
    signed = signing.Signer(salt=PREVIEW_SIGNER_SALT).sign(link.token)
    return reverse("articles:shared_preview", kwargs={"signed": signed})


class PreviewGone(Exception):
    """A share link that existed but has expired or been revoked."""


class SharedPreviewView(PreviewView):
    """An unpublished story shown through a signed, expiring, revocable share link."""

    preview_label = "Shared preview"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except PreviewGone:
            response = render(request, "articles/preview_gone.html", status=410)
            add_never_cache_headers(response)
            response["X-Robots-Tag"] = "noindex, nofollow"
            return response

    def get_object(self, queryset=None):
        try:
            token = signing.Signer(salt=PREVIEW_SIGNER_SALT).unsign(self.kwargs["signed"])
        except signing.BadSignature:
            raise Http404("No such preview link.") from None
        link = PreviewLink.objects.filter(token=token).first()
        if link is None:
            raise Http404("No such preview link.")
        if not link.is_usable():
            raise PreviewGone
        return get_object_or_404(self.get_queryset(), pk=link.article_id)


def robots_txt(request):
    """Where crawlers may go, and where the sitemaps are."""
    base_url = f"{request.scheme}://{request.get_host()}"
    return render(request, "robots.txt", {"base_url": base_url}, content_type="text/plain; charset=utf-8")


def group_by(items, attribute):
    """Group items by an attribute (or method) in order of first appearance, keeping the editors' order.

    Unlike itertools.groupby, items sharing a key need not be adjacent.
    """
    groups = {}
    for item in items:
        key = getattr(item, attribute)
        groups.setdefault(key() if callable(key) else key, []).append(item)
    return [{"key": key, "items": members} for key, members in groups.items()]
