"""The sitemaps: /sitemap.xml is an index over one sitemap per section (paginated, so
that every public release is in one whatever their number), and /sitemap-news.xml is
the Google News sitemap of the last two days.

Each section is a class, instantiated per request by Django's views, so nothing computed
for one request (the newest date) is kept for the next."""

import datetime
import re

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property

from taxonomy.vocabulary import vocabulary

from . import caching
from .models import PressRelease

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

    FIELDS = ("id", "slug", "language", "last_major_change", "publish_at")

    def __init__(self):
        self.queryset = PressRelease.objects.published().order_by(*ORDER)

    def count(self):
        return self.queryset.count()

    def __getitem__(self, window):
        ids = list(self.queryset.values_list("pk", flat=True)[window])
        rows = PressRelease.objects.published().only(*self.FIELDS).in_bulk(ids)
        return [rows[pk] for pk in ids if pk in rows]  # unpublished in between: left out


class PressReleaseSitemap(Sitemap):
    """Every public release of every language, once each at its own URL (under its
    language's prefix), oldest first: a new release is added to the last page and
    leaves the earlier pages as they were."""

    @property
    def limit(self):
        return page_size()

    def items(self):
        return ReleaseRows()

    @cached_property
    def url_parts(self):
        """{language: (before, after)}: reverse() once per language, with placeholders:
        called for each of 5,000 releases it took a third of a page's time."""
        parts = {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                path = reverse("releases:detail", kwargs={"pk": 123456789, "slug": "SLUG"})
            before, after = path.split("123456789/SLUG", 1)
            parts[code] = (before, after)
        return parts

    def location(self, release):
        # Pinned to get_absolute_url() by tests/releases/test_sitemaps.py.
        parts = self.url_parts.get(release.language)
        if parts is None or not PLAIN_SLUG.fullmatch(release.slug):  # reverse() would quote it
            return release.get_absolute_url()
        before, after = parts
        return f"{before}{release.pk}/{release.slug}{after}"

    def lastmod(self, release):
        return release_lastmod(release)

    def get_latest_lastmod(self):
        # One aggregate, where Django's default would load every release.
        return PressRelease.objects.published().aggregate(
            newest=Max(Coalesce("last_major_change", "publish_at"))
        )["newest"]


class NewsSitemap(Sitemap):
    """Releases published in the last two days, newest first, for Google News: rendered
    with templates/sitemaps/news.xml (news:publication, publication_date, title)."""

    limit = NEWS_LIMIT

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        return (
            PressRelease.objects.published()
            .filter(publish_at__gte=since)
            .only("id", "slug", "title", "language", "last_major_change", "publish_at")
            .order_by("-publish_at", "-id")
        )

    def lastmod(self, release):
        return release_lastmod(release)

    def get_latest_lastmod(self):
        return self.items().aggregate(newest=Max(Coalesce("last_major_change", "publish_at")))[
            "newest"
        ]


class EntitySitemap(Sitemap):
    """Every field, country, structure or meeting page that has public releases, in the
    menu's order, with the newest of them as lastmod; a page with none is left out (it
    has no date)."""

    terms = ""  # the Vocabulary attribute
    relation = ""  # the PressRelease relation

    @cached_property
    def newest(self):
        """{term pk: publication of its newest public release}, from one grouped query
        kept per content version like the index pages' counts."""
        return caching.fragment("sitemap-newest", self.relation, render=self.newest_by_term)

    def newest_by_term(self):
        rows = (
            PressRelease.objects.published()
            .filter(**{f"{self.relation}__isnull": False})
            .values_list(self.relation)
            .annotate(newest=Max("publish_at"))
            .order_by()
        )
        return dict(rows)

    def items(self):
        return [term for term in getattr(vocabulary(), self.terms) if term.pk in self.newest]

    def location(self, term):
        return term.url

    def lastmod(self, term):
        return self.newest[term.pk]


class FieldOfWorkSitemap(EntitySitemap):
    terms = "fields"
    relation = "fields_of_work"


class CountrySitemap(EntitySitemap):
    terms = "countries"
    relation = "countries"


class StructureSitemap(EntitySitemap):
    terms = "structures"
    relation = "sources"

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


class StaticSitemap(Sitemap):
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
        return PressRelease.objects.published().aggregate(newest=Max("publish_at"))["newest"]

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
