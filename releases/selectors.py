"""Reads that span apps: everything here goes through PressRelease.objects.published()."""

from dataclasses import dataclass

import numpy as np
from django.db.models import Min
from django.utils import timezone

from taxonomy.vocabulary import vocabulary

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


@dataclass(frozen=True)
class Label:
    """A tag as a release page shows it."""

    slug: str
    name: str


@dataclass(frozen=True)
class Relations:
    """What a release is filed under, as its page shows it: vocabulary terms (in the
    current language, in the vocabulary's order) and tags (by name)."""

    fields: list
    countries: list
    sources: list
    tags: list

    @property
    def field_ids(self):
        return {term.pk for term in self.fields}

    @property
    def country_ids(self):
        return {term.pk for term in self.countries}


def release_relations(release):
    """`release`'s Relations, read from the listing engine's index (current: every change
    committed before this call applied) and the vocabulary, without a query."""
    return releases_relations([release])[release.pk]


def releases_relations(releases):
    """{pk: Relations} of the given releases, from the listing engine's index and the
    vocabulary (no query); a release the index does not hold (not saved yet) from the
    database."""
    index = engine.engine.current()
    signatures = index.signatures([release.pk for release in releases if release.pk])
    listed = vocabulary()
    found = {}
    for release in releases:
        signature = signatures.get(release.pk)
        if signature is None:
            terms = {
                "field": {t.pk for t in release.fields_of_work.all()},
                "country": {t.pk for t in release.countries.all()},
                "source": {t.pk for t in release.sources.all()},
            }
            tags = [Label(tag.slug, tag.name) for tag in release.tags.all()]
        else:
            terms = signature.terms
            labels = index.tags
            tags = [Label(*labels[pk]) for pk in terms.get("tag", ()) if pk in labels]
        found[release.pk] = Relations(
            fields=[term for term in listed.fields if term.pk in terms["field"]],
            countries=[term for term in listed.countries if term.pk in terms["country"]],
            sources=[term for term in listed.structures if term.pk in terms["source"]],
            tags=sorted(tags, key=lambda label: (label.name.casefold(), label.slug)),
        )
    return found


def has_other_versions(release):
    """Whether any other release, public or not, is a language version of `release` (its
    original or a translation of the same original), by the listing engine's index."""
    index = engine.engine.current()
    rows = index.rows_of([release.pk])
    if not len(rows):  # not in the index: assume so
        return True
    return int(np.count_nonzero(index.group == index.group[rows[0]])) > 1


def related_moment(release):
    """The time a release's related releases are nearest to: its publication (now, for
    a draft's preview). Read by related_releases() and by the page's scope."""
    return release.publish_at or timezone.now()


def related_releases(*, release, limit=4, relations=None):
    """The `limit` published releases in `release`'s language that share a field of work
    or a country with it and were published nearest in time to it, before or after,
    newest first: what was happening on the same subjects around then. A page's related
    releases change when a release published near it changes, not with every
    publication (releases.scopes)."""
    relations = relations or release_relations(release)
    field_ids, country_ids = relations.field_ids, relations.country_ids
    if not field_ids and not country_ids:
        return []
    ids = engine.related(
        release.pk,
        moment=related_moment(release),
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
