"""The sitemaps: /sitemap.xml is an index over one sitemap per section (paginated, so
that every public release is in one whatever their number), and /sitemap-news.xml is
the Google News sitemap of the last two days.

Each section is a class, instantiated per request by Django's views, so nothing computed
for one request (the newest date) is kept for the next."""

import datetime

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from countries.models import Country
from taxonomy.models import FieldOfWork, MeetingType, Structure

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


class PressReleaseSitemap(Sitemap):
    """Every public release, oldest first: a new release is added to the last page and
    leaves the earlier pages as they were."""

    changefreq = "monthly"

    @property
    def limit(self):
        return page_size()

    def items(self):
        return (
            PressRelease.objects.published()
            .only("id", "slug", "last_major_change", "publish_at")
            .order_by("publish_at", "id")
        )

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
            .only("id", "slug", "title", "last_major_change", "publish_at")
            .order_by("-publish_at", "-id")
        )

    def lastmod(self, release):
        return release_lastmod(release)

    def get_latest_lastmod(self):
        return self.items().aggregate(newest=Max(Coalesce("last_major_change", "publish_at")))[
            "newest"
        ]


class EntitySitemap(Sitemap):
    """Every field, country, structure or meeting page that has public releases, with
    the newest of them as lastmod; a page with none is left out (it has no date)."""

    changefreq = "daily"
    model = None

    @cached_property
    def terms(self):
        published = PressRelease.objects.published().values("pk")
        return list(
            self.model.objects.annotate(
                newest=Max("releases__publish_at", filter=Q(releases__in=published))
            )
            .filter(newest__isnull=False)
            .order_by("pk")
        )

    def items(self):
        return self.terms

    def lastmod(self, obj):
        return obj.newest


class FieldOfWorkSitemap(EntitySitemap):
    model = FieldOfWork


class CountrySitemap(EntitySitemap):
    model = Country


class StructureSitemap(EntitySitemap):
    model = Structure


class MeetingTypeSitemap(EntitySitemap):
    model = MeetingType


class StaticSitemap(Sitemap):
    changefreq = "daily"

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
