from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.urls import reverse

from countries.models import Country
from taxonomy.models import FieldOfWork, MeetingType, Structure

from .models import PressRelease


class PressReleaseSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return (
            PressRelease.objects.published()
            .only("id", "slug", "last_major_change", "publish_at")
            .order_by("-publish_at", "-id")
        )

    def lastmod(self, release):
        return release.last_major_change or release.publish_at


class EntitySitemap(Sitemap):
    """Every field, country, structure and meeting page; lastmod is its newest release."""

    changefreq = "daily"

    def __init__(self, model):
        self.model = model

    def items(self):
        published = PressRelease.objects.published().values("pk")
        return self.model.objects.annotate(
            newest=Max("releases__publish_at", filter=Q(releases__in=published))
        ).order_by("pk")

    def lastmod(self, obj):
        return obj.newest


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

    def lastmod(self, name):
        return PressRelease.objects.published().aggregate(newest=Max("publish_at"))["newest"]


SITEMAPS = {
    "pages": StaticSitemap,
    "releases": PressReleaseSitemap,
    "fields": EntitySitemap(FieldOfWork),
    "countries": EntitySitemap(Country),
    "structures": EntitySitemap(Structure),
    "meetings": EntitySitemap(MeetingType),
}
