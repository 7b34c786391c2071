"""The newsroom desk's home: short lists of what needs someone's attention, each with its
count and a link to the full list in the admin."""

from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import translations
from .desk_models import ReleaseActivity
from .models import PressRelease

Status = PressRelease.Status
ROWS = 6
SCHEDULE_DAYS = 14


@dataclass
class Row:
    pk: int
    title: str
    language: str
    detail: str
    url: str


@dataclass
class Panel:
    key: str
    title: str
    count: int
    rows: list
    more_url: str
    empty: str


@dataclass
class LanguageGap:
    code: str
    name: str
    missing: int
    out_of_date: int
    missing_url: str
    out_of_date_url: str


@dataclass
class Dashboard:
    panels: list
    gaps: list = field(default_factory=list)
    stale: list = field(default_factory=list)
    stale_count: int = 0


def changelist(**params):
    url = reverse("admin:releases_pressrelease_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def change_url(pk):
    return reverse("admin:releases_pressrelease_change", args=[pk])


def local(value):
    """One date and time format everywhere on the desk: the editor's language's own,
    in the site's zone, with the zone's abbreviation."""
    value = timezone.localtime(value)
    return f"{date_format(value, 'DATETIME_FORMAT')} {date_format(value, 'T')}"


def local_stacked(value):
    """local(), as two lines for a narrow column: the date, then the time and zone."""
    value = timezone.localtime(value)
    # Every language's DATETIME_FORMAT ends in the 24-hour "H:i".
    return format_html(
        "{}<br>{} {}",
        date_format(value, "DATE_FORMAT"),
        date_format(value, "H:i"),
        date_format(value, "T"),
    )


def author_name(user):
    if user is None:
        return "–"
    return user.get_full_name() or user.get_username()


def rows_of(releases, detail):
    return [Row(r.pk, r.title, r.language.upper(), detail(r), change_url(r.pk)) for r in releases]


def awaiting_review(now):
    submitted = ReleaseActivity.objects.filter(
        release=OuterRef("pk"), action=ReleaseActivity.Action.SUBMITTED
    ).order_by("-at")
    queryset = PressRelease.objects.filter(status=Status.REVIEW)
    listed = (
        queryset.annotate(
            waiting_since=Coalesce(Subquery(submitted.values("at")[:1]), "updated_at")
        )
        .select_related("created_by")
        .order_by("waiting_since", "pk")[:ROWS]
    )

    def detail(release):
        # Translators: who wrote a release waiting for review, and how long it has waited.
        return gettext("by %(author)s, waiting %(duration)s") % {
            "author": author_name(release.created_by),
            "duration": timesince(release.waiting_since, now),
        }

    return Panel(
        "review",
        _("Awaiting review"),
        queryset.count(),
        rows_of(listed, detail),
        changelist(state="review"),
        _("Nothing is waiting for review."),
    )


def scheduled(now):
    queryset = PressRelease.objects.scheduled().filter(
        publish_at__lte=now + timedelta(days=SCHEDULE_DAYS)
    )
    listed = queryset.order_by("publish_at", "pk")[:ROWS]
    return Panel(
        "scheduled",
        _("Scheduled in the next 14 days"),
        queryset.count(),
        rows_of(listed, lambda r: local(r.publish_at)),
        changelist(state="scheduled"),
        _("Nothing is scheduled in the next 14 days."),
    )


def recently_published(now):
    queryset = PressRelease.objects.published()
    listed = queryset.order_by("-publish_at", "-pk")[:ROWS]
    return Panel(
        "published",
        _("Recently published"),
        queryset.count(),
        rows_of(listed, lambda r: local(r.publish_at)),
        changelist(state="live"),
        _("Nothing has been published yet."),
    )


def my_drafts(user):
    queryset = PressRelease.objects.filter(created_by=user, status=Status.DRAFT)
    listed = queryset.order_by("-updated_at", "-pk")[:ROWS]
    return Panel(
        "drafts",
        _("My drafts"),
        queryset.count(),
        # Translators: when a draft was last saved.
        rows_of(listed, lambda r: gettext("saved %(when)s") % {"when": local(r.updated_at)}),
        changelist(state="draft", author="me"),
        _("You have no drafts."),
    )


def language_gaps():
    """Per language other than the default: published originals with no version in it,
    and translations into it that are out of date; and the number of out-of-date
    translations in every language. Two queries."""
    codes = [c for c in translations.language_codes() if c != settings.LANGUAGE_CODE]
    originals = PressRelease.objects.published().filter(translation_of__isnull=True)
    missing = originals.aggregate(
        **{
            code: Count(
                "pk",
                filter=~Q(language=code)
                & ~Exists(
                    PressRelease.objects.filter(translation_of=OuterRef("pk"), language=code)
                ),
            )
            for code in codes
        }
    )
    stale = dict(
        translations.out_of_date(PressRelease.objects.all())
        .values_list("language")
        .annotate(n=Count("pk"))
        .order_by()
    )
    gaps = [
        LanguageGap(
            code,
            translations.language_name(code),
            missing[code],
            stale.get(code, 0),
            changelist(**{f"missing_{code}": "yes", "state": "live"}),
            changelist(out_of_date="yes", language=code),
        )
        for code in codes
    ]
    return gaps, sum(stale.values())


def out_of_date_rows():
    queryset = translations.out_of_date(PressRelease.objects.all())
    listed = queryset.select_related("translation_of").order_by(
        "-translation_of__last_major_change", "pk"
    )[:ROWS]

    def detail(release):
        # Translators: a translation's original changed after it; %(when)s is the time.
        return gettext("original changed %(when)s") % {
            "when": local(release.translation_of.last_major_change)
        }

    return rows_of(listed, detail)


def build(user, *, now=None):
    now = now or timezone.now()
    # Each count is the size of the list its "All" link opens.
    panels = [awaiting_review(now), scheduled(now), recently_published(now), my_drafts(user)]
    gaps, stale_count = language_gaps()
    return Dashboard(panels=panels, gaps=gaps, stale=out_of_date_rows(), stale_count=stale_count)
