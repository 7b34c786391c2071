"""Reads that span apps: everything here goes through PressRelease.objects.published()."""

from django.db.models import Min

from . import engine
from .models import PressRelease
from .translations import current_language, in_language

# "language": get_absolute_url() names it.
CARD_FIELDS = [
    "id",
    "slug",
    "language",
    "title",
    "date",
    "release_type",
    "standfirst",
    "place",
    "publish_at",
]


def public_releases(language=None):
    """What a public listing of one language lists: published() releases written in or
    translated into `language` (the current language by default)."""
    return in_language(PressRelease.objects.published(), language)


def release_cards(queryset=None, *, language=None):
    """Published releases of one language (the current one by default) with only the
    columns a list card shows, newest first."""
    queryset = public_releases(language) if queryset is None else queryset.published()
    return queryset.only(*CARD_FIELDS).order_by("-publish_at", "-id")


def release_counts(model):
    """{term pk: number of published releases in the current language} for a vocabulary
    model (fields of work, meeting types, countries), from the listing engine; terms
    without releases are left out. Index pages list the terms in the vocabulary's (menu)
    order."""
    facet = {"fieldofwork": "field", "country": "country", "meetingtype": "meeting"}
    chosen = engine.select({}, language=current_language())
    return chosen.facet_counts(facet[model._meta.model_name])


def related_releases(*, release, limit=4):
    """Newest published releases in `release`'s language sharing a field of work or a
    country with it."""
    field_ids = {f.pk for f in release.fields_of_work.all()}
    country_ids = {c.pk for c in release.countries.all()}
    if not field_ids and not country_ids:
        return []
    ids = engine.related(
        release.pk,
        fields=field_ids,
        countries=country_ids,
        language=release.language,
        limit=limit,
    )
    # published() again: a release unpublished since the index was read is left out.
    found = release_cards(language=release.language).in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def next_scheduled_publication():
    """When the next scheduled release becomes public, or None: no cached page may live
    past it (osce_site.cache.lifetime(), to which the app registers this)."""
    return PressRelease.objects.scheduled().aggregate(first=Min("publish_at"))["first"]
