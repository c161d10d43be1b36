"""Public pages. Every story shown here comes from Article.objects.live()."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Avg, Count, Exists, OuterRef, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.views.generic import DetailView, ListView, TemplateView
from django_countries import countries
from taggit.models import Tag

from newsroom.dependencies import (
    MISSING,
    RELEASES,
    SEARCH,
    STORIES,
    depends_on,
    depends_on_cards,
    depends_on_today,
    list_key,
    story_key,
    subject_key,
)
from newsroom.plans import custom_plans
from newsroom.site import site_url

from . import calendars, listings, releases, structured_data
from .forms import IndexForm, ReleaseFilterForm, ReviewFilterForm, SearchForm
from .models import (
    KINDS,
    Article,
    Author,
    Credit,
    Film,
    Person,
    PreviewLink,
    SlugRedirect,
    Source,
    has_live_story,
    public_subjects,
)
from .models.reviews import rated
from .search import MAX_RANKED, Results
from .story_page import StoryPage, with_page_data


class StoryListMixin:
    """A page of live stories as cards (articles.listings), older pages by `?before=` cursor.
    Views say which stories in `get_page()`."""

    context_object_name = "stories"

    def get_queryset(self):
        self.before = self.request.GET.get("before")
        stories, self.older = self.get_page(Article.objects.live(), self.before)
        depends_on(self.list_key())
        depends_on_cards(stories)
        return stories

    def get_page(self, stories, cursor):
        return listings.newest(stories, cursor)

    def list_key(self):
        """The key of the list the page shows a page of (newsroom.dependencies)."""
        return STORIES

    def get_context_data(self, **kwargs):
        return super().get_context_data(older=self.older, before=self.before, **kwargs)


class CustomPlansMixin:
    """For pages whose best query plans depend on their values (a search's words, a subject's
    number of stories): PostgreSQL plans their queries for their values (newsroom.plans). The
    queries all run in the view; the template only displays what they fetched."""

    def dispatch(self, request, *args, **kwargs):
        with custom_plans():
            return super().dispatch(request, *args, **kwargs)


class HomeView(StoryListMixin, ListView):
    template_name = "articles/home.html"


class SubjectStoriesView(StoryListMixin, ListView):
    """Live stories about one subject (a tag, film, person, source or author), the subject
    itself as `subject` in the template. Subclasses name the subject's model and feeds, and
    which of its stories to list in `get_page()`."""

    model = None
    feed_names = ()
    # The index of the subject's kind, if it has one: (its name, its view).
    index = None

    def get(self, request, *args, **kwargs):
        self.subject = get_object_or_404(self.get_subjects(), slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def get_subjects(self):
        """Only subjects a live story is about have a page (articles.models.subjects)."""
        return public_subjects(self.model)

    @property
    def kind(self):
        return KINDS[self.model]

    def list_key(self):
        return list_key(self.kind, self.subject.pk)

    def get_context_data(self, **kwargs):
        depends_on(subject_key(self.kind, self.subject.pk))
        trail = [
            (settings.NEWSROOM_NAME, reverse("articles:home")),
            *([(self.index[0], reverse(self.index[1]))] if self.index else []),
            (str(self.subject), self.request.path),
        ]
        context = {
            "subject": self.subject,
            "feed_title": f"{self.subject}: {settings.NEWSROOM_NAME}",
            "feed_urls": [reverse(name, kwargs={"slug": self.subject.slug}) for name in self.feed_names],
            "trail": trail,
            "structured_data": [structured_data.breadcrumbs(self.request, trail)],
        }
        return super().get_context_data(**context, **kwargs)


class TagView(SubjectStoriesView):
    """A tag's stories."""

    model = Tag
    template_name = "articles/tag_detail.html"
    feed_names = ("articles:tag_rss", "articles:tag_atom")

    def get_page(self, stories, cursor):
        return listings.newest_tagged(stories, self.subject, cursor)


class FilmView(CustomPlansMixin, SubjectStoriesView):
    model = Film
    template_name = "articles/film_detail.html"
    feed_names = ("articles:film_rss", "articles:film_atom")
    index = ("Films", "articles:films")

    def get_subjects(self):
        # A credited person is linked only if their page is public.
        credits = Credit.objects.select_related("person").annotate(
            linked=has_live_story(Person, subject="person")
        )
        return (
            super()
            .get_subjects()
            .select_related("franchise", "poster")
            .prefetch_related(Prefetch("credits", queryset=credits), "release_dates")
        )

    def get_page(self, stories, cursor):
        return listings.newest_about(stories.about_film(self.subject), cursor)

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        schedule = self.subject.release_schedule(today)
        # Its dates are marked upcoming or released by the day.
        depends_on_today()
        reviews = reviews_of(self.subject)
        # Its credits name people, linked where their pages are public; its franchise and poster.
        for credit in self.subject.credits.all():
            depends_on(subject_key("person", credit.person_id), list_key("person", credit.person_id))
        if self.subject.franchise_id:
            depends_on(subject_key("franchise", self.subject.franchise_id))
        if self.subject.poster_id:
            depends_on(subject_key("image", self.subject.poster_id))
        context = super().get_context_data(release_schedule=schedule, reviews=reviews, **kwargs)
        if any(releases.in_feed(release, today) for release in self.subject.release_dates.all()):
            context["calendar_links"] = calendars.subscribe_links(
                self.request, reverse("articles:film_releases_ics", kwargs={"slug": self.subject.slug})
            )
        if self.subject.franchise_id:
            context["franchise_calendar_links"] = calendars.subscribe_links(
                self.request,
                reverse("articles:franchise_releases_ics", kwargs={"slug": self.subject.franchise.slug}),
            )
        context["structured_data"].insert(0, structured_data.movie(self.request, self.subject, reviews))
        return context


@dataclass
class FilmReviews:
    """A film's live reviews as its page lists them (a page of the newest), with the average
    of all their ratings and how many there are."""

    stories: list
    average: Decimal | None
    count: int

    @property
    def rated_average(self):
        return rated(self.average.quantize(Decimal("0.1"))) if self.average is not None else None


def reviews_of(film):
    """The film's live reviews (FilmReviews): one query, and its cards' bylines if it has any;
    one more for the average when they are more than a page."""
    live = Article.objects.live().reviews().filter(reviewed_film=film)
    stories, older = listings.newest(live)
    depends_on_cards(stories)
    if older:
        summary = live.aggregate(average=Avg("rating"), count=Count("rating"))
        return FilmReviews(stories, summary["average"], summary["count"])
    ratings = [story.rating for story in stories if story.rating is not None]
    average = sum(ratings) / len(ratings) if ratings else None
    return FilmReviews(stories, average, len(ratings))


class PersonView(CustomPlansMixin, SubjectStoriesView):
    model = Person
    template_name = "articles/person_detail.html"
    feed_names = ("articles:person_rss", "articles:person_atom")
    index = ("People", "articles:people")

    def get_subjects(self):
        # A film is linked only if its page is public.
        credits = (
            Credit.objects.select_related("film")
            .annotate(linked=has_live_story(Film, subject="film"))
            .order_by("-film__year", "order")
        )
        return super().get_subjects().prefetch_related(Prefetch("credits", queryset=credits))

    def get_page(self, stories, cursor):
        return listings.newest_about(stories.about_person(self.subject), cursor)

    def get_context_data(self, **kwargs):
        # Its credits name films, linked where their pages are public.
        for credit in self.subject.credits.all():
            depends_on(subject_key("film", credit.film_id), list_key("film", credit.film_id))
        return super().get_context_data(**kwargs)


class SourceView(CustomPlansMixin, SubjectStoriesView):
    model = Source
    template_name = "articles/source_detail.html"
    feed_names = ("articles:source_rss", "articles:source_atom")
    index = ("Sources", "articles:sources")

    def get_page(self, stories, cursor):
        return listings.newest_about(stories.citing(self.subject), cursor)


class AuthorView(CustomPlansMixin, SubjectStoriesView):
    model = Author
    template_name = "articles/author_detail.html"
    feed_names = ("articles:author_rss", "articles:author_atom")

    def get_page(self, stories, cursor):
        return listings.newest_about(stories.by_author(self.subject), cursor)


class ReviewListView(StoryListMixin, ListView):
    """Critics' reviews, newest first, each card with its rating; readers may ask for those
    rated at least so high (`?rating=4`)."""

    template_name = "articles/reviews.html"

    def get(self, request, *args, **kwargs):
        self.form = ReviewFilterForm(request.GET)
        if not self.form.is_valid():
            self.object_list, self.older, self.before = [], None, None
            return self.render_to_response(self.get_context_data(), status=400)
        return super().get(request, *args, **kwargs)

    def get_page(self, stories, cursor):
        return listings.newest(self.form.narrow(stories.reviews()), cursor)

    def get_context_data(self, **kwargs):
        trail = [(settings.NEWSROOM_NAME, reverse("articles:home")), ("Reviews", reverse("articles:reviews"))]
        context = {
            "form": self.form,
            "page_query": self.form.query(),
            "feed_title": f"Reviews: {settings.NEWSROOM_NAME}",
            "feed_urls": [reverse("articles:reviews_rss"), reverse("articles:reviews_atom")],
            "trail": trail,
            "structured_data": [structured_data.breadcrumbs(self.request, trail)],
        }
        return super().get_context_data(**context, **kwargs)


class SubjectIndexView(TemplateView):
    """Every public subject of one kind (films, people or sources) A to Z, a page at a time
    (`?after=<slug>`), or those under one letter (`?letter=M`; `?letter=0` for the rest)."""

    template_name = "articles/subject_index.html"
    model = None
    name_field = "name"
    title = ""
    PAGE_SIZE = 100

    def get(self, request, *args, **kwargs):
        self.form = IndexForm(request.GET)
        if not self.form.is_valid():
            raise Http404("No such page.")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        subjects = self.form.narrow(public_subjects(self.model), self.name_field)
        entries, following = listings.by_name(
            subjects, self.name_field, self.form.cleaned_data["after"], self.PAGE_SIZE
        )
        depends_on(STORIES, *(subject_key(KINDS[self.model], entry.pk) for entry in entries))
        trail = [(settings.NEWSROOM_NAME, reverse("articles:home")), (self.title, self.request.path)]
        context = {
            "title": self.title,
            "groups": group_by_initial(entries, self.name_field),
            "letters": LETTERS,
            "letter": self.form.cleaned_data["letter"],
            "next_query": self.form.query(after=following) if following else None,
            "trail": trail,
            "structured_data": [structured_data.breadcrumbs(self.request, trail)],
        }
        return super().get_context_data(**context, **kwargs)


class FilmIndexView(SubjectIndexView):
    """Films A to Z, after what is in cinemas now and coming soon in the newsroom's country."""

    template_name = "articles/film_index.html"
    model = Film
    name_field = "title"
    title = "Films"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        depends_on(RELEASES)
        depends_on_today()
        showing = releases.in_cinemas(today, settings.NEWSROOM_COUNTRY)
        for release in showing["now"] + showing["soon"]:
            depends_on(subject_key("film", release.film_id))
            if release.film.poster_id:
                depends_on(subject_key("image", release.film.poster_id))
        context = super().get_context_data(**kwargs)
        context.update(
            in_cinemas=showing["now"],
            coming_soon=showing["soon"],
            country_name=countries.name(settings.NEWSROOM_COUNTRY),
        )
        return context


class PersonIndexView(SubjectIndexView):
    model = Person
    title = "People"


class SourceIndexView(SubjectIndexView):
    model = Source
    title = "Sources"


LETTERS = [chr(code) for code in range(ord("A"), ord("Z") + 1)]


def group_by_initial(entries, field):
    """`entries` in runs under their initials: [("A", [...]), ("B", [...]), ("#", [...])]."""
    groups = []
    for entry in entries:
        first = getattr(entry, field)[:1].upper()
        initial = first if first in LETTERS else "#"
        if not groups or groups[-1][0] != initial:
            groups.append((initial, []))
        groups[-1][1].append(entry)
    return groups


class SearchView(CustomPlansMixin, ListView):
    """Search live stories; bad input gives the page with the form's message, never an error.

    Results are ranked, so they page by number; the newest MAX_RANKED matches are ranked.
    """

    template_name = "articles/search.html"
    context_object_name = "stories"

    def get_paginate_by(self, queryset):
        return settings.NEWSROOM_PAGE_SIZE

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
        context["query"] = self.form.cleaned_data.get("q", "") if self.form.is_valid() else ""
        context["more_than"] = MAX_RANKED if getattr(self.object_list, "more", False) else None
        depends_on(SEARCH, STORIES)
        depends_on_cards(context["stories"])
        # Stories to show come only from Results (a search that ran).
        context["results"] = [(story, self.object_list.snippet(story)) for story in context["stories"]]
        params = self.request.GET.copy()
        params.pop("page", None)
        context["page_query"] = params.urlencode()
        return context


class ArticleDetailView(DetailView):
    """A story page. A story's old address, once live, redirects to its current one."""

    context_object_name = "article"
    template_name = "articles/article_detail.html"

    def get_queryset(self):
        return with_page_data(Article.objects.live())

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            moved = SlugRedirect.objects.filter(
                Exists(Article.objects.live().filter(pk=OuterRef("article_id"))), old_slug=kwargs["slug"]
            ).select_related("article")
            if not moved:
                raise
            # Kept only while the story it leads to is live, and no other takes the address.
            depends_on(story_key(moved[0].article_id), MISSING)
            return redirect(moved[0].article, permanent=True)

    def get_context_data(self, **kwargs):
        page = StoryPage.build(self.object, self.request)
        return super().get_context_data(
            page=page, trail=page.trail(), structured_data=page.structured_data, **kwargs
        )


class PreviewView(ArticleDetailView):
    """A story exactly as readers will see it, whatever its status: never cached, never indexed.

    Subclasses decide which story, and who may see it, in `get_object`.
    """

    preview_label = "Preview"

    def get_queryset(self):
        return with_page_data(Article.objects.all())

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        response = self.render_to_response(self.get_context_data(object=self.object))
        return never_cached(response)

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=self.preview_label, **kwargs)


class SharedPreviewView(PreviewView):
    """An unpublished story shown through a signed, expiring, revocable share link: 404 for a
    link that never was, 410 Gone for one expired or revoked."""

    preview_label = "Shared preview"

    def get(self, request, *args, **kwargs):
        self.link = PreviewLink.objects.by_signed_token(kwargs["signed"])
        if self.link is None:
            raise Http404("No such preview link.")
        if not self.link.is_usable():
            return never_cached(render(request, "articles/preview_gone.html", status=410))
        return super().get(request, *args, **kwargs)

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_queryset(), pk=self.link.article_id)


def never_cached(response):
    """`response` marked for no cache or search engine to keep."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


class ReleaseCalendarView(TemplateView):
    """The release calendar (articles.releases): a week's or a month's releases of public films,
    in one country or all, of the formats chosen; everything chosen is in the address, so each
    choice is a page of its own to link, bookmark and cache. Bad choices get the page with the
    form's message and a 400."""

    template_name = "articles/releases.html"

    def get(self, request, *args, **kwargs):
        self.form = ReleaseFilterForm(request.GET)
        status = 200 if self.form.is_valid() else 400
        return self.render_to_response(self.get_context_data(**kwargs), status=status)

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        depends_on(RELEASES, STORIES)
        # "This week" is a different week after midnight.
        depends_on_today()
        if not self.form.is_valid():
            return super().get_context_data(form=self.form, period=None, days=[], undated=[], **kwargs)
        period = self.form.period_for(today)
        country, kinds = self.form.choices()
        days, undated = releases.calendar_page(period, country, kinds, today)
        shown = [release for day in days for release in day.releases] + undated
        self.depend_on_releases(shown)
        choices = {"country": country or "", "kind": list(kinds)}
        this_week = releases.Period.containing(releases.WEEK, today)
        trail = [
            (settings.NEWSROOM_NAME, reverse("articles:home")),
            ("Release calendar", reverse("articles:releases")),
        ]
        context = {
            "form": self.form,
            "period": period,
            "days": days,
            "undated": undated,
            "country_name": dict(self.form.fields["country"].choices).get(country or "", ""),
            "kinds": [label for value, label in self.form.fields["kind"].choices if value in kinds],
            "shortcuts": [
                ("This week", self.period_url(this_week, choices, dated=False), period == this_week),
                ("Next week", self.period_url(this_week.after(), choices), period == this_week.after()),
                (
                    "This month",
                    self.period_url(releases.Period.containing(releases.MONTH, today), choices, dated=False),
                    period == releases.Period.containing(releases.MONTH, today),
                ),
            ],
            "before_url": self.period_url(period.before(), choices),
            "after_url": self.period_url(period.after(), choices),
            "calendar_links": calendars.subscribe_links(
                self.request, f"{reverse('articles:releases_ics')}?{urlencode(choices, doseq=True)}"
            ),
            "trail": trail,
            "structured_data": [
                *([structured_data.film_list(self.request, [r.film for r in shown])] if shown else []),
                structured_data.breadcrumbs(self.request, trail),
            ],
        }
        return super().get_context_data(**context, **kwargs)

    def period_url(self, period, choices, dated=True):
        """The calendar's address for `period` with the reader's other choices; `dated`: name its
        start (otherwise the period holding the day the page is read)."""
        if period is None:
            return None
        query = {"period": period.unit, **choices}
        if dated:
            query["start"] = period.start.isoformat()
        return f"{reverse('articles:releases')}?{urlencode(query, doseq=True)}"

    def depend_on_releases(self, shown):
        """The calendar shows these releases' films, their posters and their latest stories."""
        for release in shown:
            depends_on(subject_key("film", release.film_id), list_key("film", release.film_id))
            if release.film.poster_id:
                depends_on(subject_key("image", release.film.poster_id))
            if release.latest_story:
                depends_on(story_key(release.latest_story.pk))


class RobotsView(TemplateView):
    """Where crawlers may go, and where the sitemaps are."""

    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"

    def get_context_data(self, **kwargs):
        return super().get_context_data(base_url=site_url(self.request), **kwargs)
