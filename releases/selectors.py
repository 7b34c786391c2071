"""Reads that span apps: everything here goes through PressRelease.objects.published()."""

from django.db.models import Count, Q

from countries.models import Country
from taxonomy.models import FieldOfWork, MeetingType

from .models import PressRelease

CARD_FIELDS = ["id", "slug", "title", "date", "release_type", "standfirst", "place", "publish_at"]


def release_cards(queryset=None):
    """Published releases with only the columns a list card shows, newest first."""
    queryset = PressRelease.objects.all() if queryset is None else queryset
    return queryset.published().only(*CARD_FIELDS).order_by("-publish_at", "-id")


def _published_count():
    published_ids = PressRelease.objects.published().values("pk")
    return Count("releases", filter=Q(releases__in=published_ids))


def fields_with_counts():
    return FieldOfWork.objects.annotate(release_count=_published_count())


def meeting_types_with_counts():
    return MeetingType.objects.annotate(release_count=_published_count())


def countries_with_counts():
    return Country.objects.annotate(release_count=_published_count())


def related_releases(*, release, limit=4):
    """Newest published releases sharing a field of work or a country with `release`."""
    field_ids = [f.pk for f in release.fields_of_work.all()]
    country_ids = [c.pk for c in release.countries.all()]
    if not field_ids and not country_ids:
        return []
    shares = Q(fields_of_work__in=field_ids) | Q(countries__in=country_ids)
    matching = PressRelease.objects.filter(shares).values("pk")
    return list(release_cards().filter(pk__in=matching).exclude(pk=release.pk)[:limit])
