"""The sitemaps: /sitemap.xml is an index over one sitemap per section (paginated, so
that every public release is in one whatever their number), and /sitemap-news.xml is
the Google News sitemap of the last two days.

Each section is a class, instantiated per request by Django's views, so nothing computed
for one request (the newest date) is kept for the next.

Every language has its own sitemaps under its prefix (/ru/sitemap.xml): its pages, and
the releases written in or translated into it. Each URL entry names the page's versions
in the other languages (`xhtml:link rel="alternate" hreflang`, x-default the English
one): every page for a term or a static page, only its public versions for a release."""

import datetime
import re

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property

from osce_site import cache as caching
from osce_site import i18n
from taxonomy.vocabulary import vocabulary

from .models import PressRelease
from .selectors import public_releases

# URLs per sitemap page: well under the protocol's 50,000 and 50 MB, and a page renders
# in a fraction of a second at that size. SITEMAP_PAGE_SIZE overrides it (tests).
DEFAULT_PAGE_SIZE = 5000
NEWS_WINDOW = datetime.timedelta(days=2)
NEWS_LIMIT = 1000  # Google News reads at most 1,000 URLs per sitemap


def page_size():
    return getattr(settings, "SITEMAP_PAGE_SIZE", DEFAULT_PAGE_SIZE)


def release_lastmod(release):
    return release.last_major_change or release.publish_at


ORDER = ("publish_at", "id")
PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


class ReleaseRows:
    """The public releases in sitemap order, sliced the way Paginator slices: the page's
    ids from the public-order index alone, then the rows of those ids by primary key.
    Slicing the rows themselves read every earlier row too, and a subquery for the ids
    made PostgreSQL scan the whole table: both grew to several times this at 100,000."""

    FIELDS = ("id", "slug", "language", "translation_of_id", "last_major_change", "publish_at")

    def __init__(self):
        self.queryset = public_releases().order_by(*ORDER)

    def count(self):
        return self.queryset.count()

    def __getitem__(self, window):
        ids = list(self.queryset.values_list("pk", flat=True)[window])
        rows = PressRelease.objects.published().only(*self.FIELDS).in_bulk(ids)
        return [rows[pk] for pk in ids if pk in rows]  # unpublished in between: left out


class AlternatesSitemap(Sitemap):
    """Each URL entry with its versions in every language, as Django's `alternates`
    gives them ({"lang_code", "location"}, rendered by templates/sitemaps/*.xml). By
    default an item has a version in each language, at location() with that language
    active; `versions(item)` says otherwise."""

    def versions(self, item):
        return i18n.localized_paths(lambda: self.location(item))

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        origin = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        self.prepare_versions([url["item"] for url in urls])
        for url in urls:
            url["alternates"] = [
                {"lang_code": code, "location": f"{origin}{path}"}
                for code, path in self.versions(url["item"])
            ]
        return urls

    def prepare_versions(self, items):
        """Load what versions() needs for a page of items at once."""


class ReleaseVersionsMixin:
    """A release's versions are its public ones: itself, its original and the original's
    translations, read for a whole page of releases in one query."""

    def prepare_versions(self, releases):
        groups = {release.translation_of_id or release.pk for release in releases}
        rows = (
            PressRelease.objects.published()
            .filter(Q(pk__in=groups) | Q(translation_of_id__in=groups))
            .values_list("pk", "slug", "language", "translation_of_id")
        )
        self.by_group = {}
        for pk, slug, language, original in rows:
            self.by_group.setdefault(original or pk, {})[language] = (pk, slug)

    def versions(self, release):
        found = self.by_group.get(release.translation_of_id or release.pk, {})
        pairs = []
        for code in i18n.codes():
            if code in found:
                pk, slug = found[code]
                with translation.override(code):
                    pairs.append((code, self.release_path(pk, slug)))
        return i18n.with_x_default(pairs)

    def release_path(self, pk, slug):
        """A release's path in the active language, as get_absolute_url() gives it."""
        if not PLAIN_SLUG.fullmatch(slug):  # reverse() would quote it
            return reverse("releases:detail", kwargs={"pk": pk, "slug": slug})
        before, after = self.url_parts(translation.get_language())
        return f"{before}{pk}/{slug}{after}"

    def url_parts(self, language):
        # reverse() once per language, with placeholders: called for each of 5,000
        # releases it took a third of a page's time.
        parts = self.__dict__.setdefault("parts_by_language", {})
        if language not in parts:
            path = reverse("releases:detail", kwargs={"pk": 123456789, "slug": "SLUG"})
            parts[language] = tuple(path.split("123456789/SLUG", 1))
        return parts[language]


class PressReleaseSitemap(ReleaseVersionsMixin, AlternatesSitemap):
    """Every public release, oldest first: a new release is added to the last page and
    leaves the earlier pages as they were."""

    @property
    def limit(self):
        return page_size()

    def items(self):
        return ReleaseRows()

    def location(self, release):
        # Pinned to get_absolute_url() by tests/releases/test_sitemaps.py.
        with translation.override(release.language):
            if not PLAIN_SLUG.fullmatch(release.slug):  # reverse() would quote it
                return release.get_absolute_url()
            return self.release_path(release.pk, release.slug)

    def lastmod(self, release):
        return release_lastmod(release)

    def get_latest_lastmod(self):
        # One aggregate, where Django's default would load every release.
        return public_releases().aggregate(newest=Max(Coalesce("last_major_change", "publish_at")))[
            "newest"
        ]


class NewsSitemap(ReleaseVersionsMixin, AlternatesSitemap):
    """Releases published in the last two days, newest first, for Google News: rendered
    with templates/sitemaps/news.xml (news:publication, publication_date, title)."""

    limit = NEWS_LIMIT

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        return (
            public_releases()
            .filter(publish_at__gte=since)
            .only(
                "id",
                "slug",
                "title",
                "language",
                "translation_of_id",
                "last_major_change",
                "publish_at",
            )
            .order_by("-publish_at", "-id")
        )

    def location(self, release):
        with translation.override(release.language):
            return release.get_absolute_url()

    def lastmod(self, release):
        return release_lastmod(release)

    def get_latest_lastmod(self):
        return self.items().aggregate(newest=Max(Coalesce("last_major_change", "publish_at")))[
            "newest"
        ]


class EntitySitemap(AlternatesSitemap):
    """Every field, country, structure or meeting page that has public releases, in the
    menu's order, with the newest of them as lastmod; a page with none is left out (it
    has no date)."""

    terms = ""  # the Vocabulary attribute
    relation = ""  # the PressRelease relation
    url_name = ""  # the term's page

    @cached_property
    def newest(self):
        """{term pk: publication of its newest public release}, from one grouped query
        kept per content version like the index pages' counts."""
        return caching.fragment("sitemap-newest", self.relation, render=self.newest_by_term)

    def newest_by_term(self):
        rows = (
            public_releases()
            .filter(**{f"{self.relation}__isnull": False})
            .values_list(self.relation)
            .annotate(newest=Max("publish_at"))
            .order_by()
        )
        return dict(rows)

    def items(self):
        return [term for term in getattr(vocabulary(), self.terms) if term.pk in self.newest]

    def location(self, term):
        # In the active language (the sitemap's, or each alternate's in turn).
        return reverse(self.url_name, kwargs={"slug": term.slug})

    def lastmod(self, term):
        return self.newest[term.pk]


class FieldOfWorkSitemap(EntitySitemap):
    terms = "fields"
    relation = "fields_of_work"
    url_name = "releases:field"


class CountrySitemap(EntitySitemap):
    terms = "countries"
    relation = "countries"
    url_name = "releases:country"


class StructureSitemap(EntitySitemap):
    terms = "structures"
    relation = "sources"
    url_name = "releases:structure"

    def newest_by_term(self):
        """An office's page lists the releases of the offices below it too."""
        direct = super().newest_by_term()
        newest = {}
        for pk, above in vocabulary().ancestors():
            if pk in direct and (above not in newest or direct[pk] > newest[above]):
                newest[above] = direct[pk]
        return newest


class MeetingTypeSitemap(EntitySitemap):
    terms = "meetings"
    relation = "meeting_types"
    url_name = "releases:meeting"


class StaticSitemap(AlternatesSitemap):
    def items(self):
        return [
            "releases:home",
            "releases:list",
            "releases:fields",
            "releases:countries",
            "releases:structures",
            "releases:meetings",
            "releases:about",
            "releases:projects",
        ]

    def location(self, name):
        return reverse(name)

    @cached_property
    def newest(self):
        return public_releases().aggregate(newest=Max("publish_at"))["newest"]

    def lastmod(self, name):
        return self.newest

    def get_latest_lastmod(self):
        return self.newest


# Section name -> sitemap class; each is /sitemap-<section>.xml, listed by /sitemap.xml.
SITEMAPS = {
    "pages": StaticSitemap,
    "releases": PressReleaseSitemap,
    "news": NewsSitemap,
    "fields": FieldOfWorkSitemap,
    "countries": CountrySitemap,
    "structures": StructureSitemap,
    "meetings": MeetingTypeSitemap,
}
