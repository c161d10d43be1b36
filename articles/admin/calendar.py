"""The editorial calendar: stories by publication day, planned drafts, and film release dates."""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ReleaseDate
from articles.models.bounds import validate_in_range

from .base import ArticleToolView

PLANNED_STATUSES = [Article.Status.DRAFT, Article.Status.IN_REVIEW]


class CalendarForm(forms.Form):
    view = forms.ChoiceField(choices=[("month", "Month"), ("week", "Week")], required=False)
    day = forms.DateField(required=False, input_formats=["%Y-%m-%d"], validators=[validate_in_range])


def period(view, day):
    """First and last day shown: whole weeks, Monday to Sunday, covering the month or week of `day`."""
    if view == "week":
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    first = day.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return first - timedelta(days=first.weekday()), last + timedelta(days=6 - last.weekday())


def story_state(article, now):
    if article.publish_at is None or article.status in PLANNED_STATUSES:
        return "planned" if article.status == Article.Status.DRAFT else "in_review"
    return article.visibility(at=now) or "archived"


def calendar_entries(start, end, now):
    """Stories and release dates by local day, in two queries whatever their number."""
    zone = timezone.get_current_timezone()
    window = (
        datetime.combine(start, time.min, zone),
        datetime.combine(end + timedelta(days=1), time.min, zone),
    )
    stories = Article.objects.filter(
        Q(publish_at__gte=window[0], publish_at__lt=window[1])
        | Q(status__in=PLANNED_STATUSES, publish_at__isnull=True, planned_for__range=(start, end))
    ).only("id", "headline", "status", "publish_at", "expire_at", "embargo_until", "planned_for")
    days = defaultdict(lambda: {"stories": [], "releases": []})
    for article in stories.order_by("publish_at", "headline"):
        local = timezone.localtime(article.publish_at) if article.publish_at else None
        days[local.date() if local else article.planned_for]["stories"].append(
            {
                "headline": article.headline,
                "state": story_state(article, now),
                "time": local.strftime("%H:%M") if local else "",
                "url": reverse("admin:articles_article_change", args=[article.pk]),
            }
        )
    releases = (
        ReleaseDate.objects.filter(date__range=(start, end)).select_related("film").order_by("date", "kind")
    )
    for release in releases:
        days[release.date]["releases"].append(
            {
                "release": release,
                "url": reverse("admin:articles_film_change", args=[release.film_id]),
                "label": release.get_kind_display(),
            }
        )
    return days


class CalendarView(ArticleToolView):
    template_name = "admin/articles/article/calendar.html"

    def get(self, request, *args, **kwargs):
        if not self.model_admin.has_view_or_change_permission(request):
            raise PermissionDenied
        form = CalendarForm(request.GET)
        form.is_valid()
        view = form.cleaned_data.get("view") or "month"
        day = form.cleaned_data.get("day") or timezone.localdate()
        start, end = period(view, day)
        entries = calendar_entries(start, end, timezone.now())
        dates = [start + timedelta(days=n) for n in range((end - start).days + 1)]
        weeks = [
            [
                {"date": d, "in_period": view == "week" or d.month == day.month, **entries.get(d, {})}
                for d in dates[i : i + 7]
            ]
            for i in range(0, len(dates), 7)
        ]
        step = timedelta(days=7) if view == "week" else None
        previous = day - step if step else (day.replace(day=1) - timedelta(days=1)).replace(day=1)
        following = day + step if step else (day.replace(day=28) + timedelta(days=4)).replace(day=1)
        context = self.get_context_data(
            title="Editorial calendar",
            view=view,
            day=day,
            weeks=weeks,
            today=timezone.localdate(),
            previous=previous,
            following=following,
            heading=day.strftime("%B %Y")
            if view == "month"
            else f"Week of {start:%B} {start.day}, {start:%Y}",
            zone=timezone.get_current_timezone_name(),
            weekdays=[(date(2024, 1, 1) + timedelta(days=n)).strftime("%A") for n in range(7)],
        )
        return self.render_to_response(context)
