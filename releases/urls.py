from django.contrib.sitemaps import views as sitemap_views
from django.urls import path
from django.utils.translation import gettext_lazy as _

from osce_site.http import accepts_query

from . import downloads, feeds, views
from .sitemaps import SITEMAPS

app_name = "releases"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("press-releases/", views.PressReleaseListView.as_view(), name="list"),
    path(
        "press-releases/<int:pk>/<str:slug>/",
        views.PressReleaseDetailView.as_view(),
        name="detail",
    ),
    path("fields-of-work/", views.FieldOfWorkListView.as_view(), name="fields"),
    path("fields-of-work/<slug:slug>/", views.FieldOfWorkDetailView.as_view(), name="field"),
    path("countries/", views.CountryListView.as_view(), name="countries"),
    path("countries/<slug:slug>/", views.CountryDetailView.as_view(), name="country"),
    path("structures/", views.StructureListView.as_view(), name="structures"),
    path("structures/<slug:slug>/", views.StructureDetailView.as_view(), name="structure"),
    path("meetings/", views.MeetingTypeListView.as_view(), name="meetings"),
    path("meetings/<slug:slug>/", views.MeetingTypeDetailView.as_view(), name="meeting"),
    path(
        "about/",
        views.PageView.as_view(
            template_name="pages/about.html",
            title=_("About us"),
            description=_(
                "About the OSCE, the world's largest regional security organization, "
                "and about this newsroom of its press releases, news and statements."
            ),
        ),
        name="about",
    ),
    path(
        "projects/",
        views.PageView.as_view(
            template_name="pages/projects.html",
            title=_("Projects"),
            description=_(
                "The OSCE's extra-budgetary projects: training, support for electoral "
                "bodies and media regulators, youth programmes and environmental co-operation."
            ),
        ),
        name="projects",
    ),
    path(
        "press-releases/documents/<int:pk>/",
        downloads.attachment_download,
        name="attachment",
    ),
    path("press-releases/feed/", feeds.LatestReleasesFeed(), name="feed"),
    path("press-releases/atom/", feeds.LatestReleasesFeed(atom=True), name="atom"),
    path(
        "fields-of-work/<slug:slug>/feed/",
        feeds.LatestReleasesFeed(fixed="field"),
        name="field_feed",
    ),
    path(
        "fields-of-work/<slug:slug>/atom/",
        feeds.LatestReleasesFeed(fixed="field", atom=True),
        name="field_atom",
    ),
    path(
        "countries/<slug:slug>/feed/",
        feeds.LatestReleasesFeed(fixed="country"),
        name="country_feed",
    ),
    path(
        "countries/<slug:slug>/atom/",
        feeds.LatestReleasesFeed(fixed="country", atom=True),
        name="country_atom",
    ),
    path(
        "structures/<slug:slug>/feed/",
        feeds.LatestReleasesFeed(fixed="source"),
        name="structure_feed",
    ),
    path(
        "structures/<slug:slug>/atom/",
        feeds.LatestReleasesFeed(fixed="source", atom=True),
        name="structure_atom",
    ),
    path(
        "meetings/<slug:slug>/feed/",
        feeds.LatestReleasesFeed(fixed="meeting"),
        name="meeting_feed",
    ),
    path(
        "meetings/<slug:slug>/atom/",
        feeds.LatestReleasesFeed(fixed="meeting", atom=True),
        name="meeting_atom",
    ),
    path(
        "sitemap.xml",
        accepts_query()(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "releases:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-news.xml",
        accepts_query("p")(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS, "section": "news", "template_name": "sitemaps/news.xml"},
    ),
    path(
        "sitemap-<slug:section>.xml",
        accepts_query("p")(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS, "template_name": "sitemaps/sitemap.xml"},
        name="sitemap_section",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon_ico, name="favicon"),
    path("manifest.webmanifest", views.web_manifest, name="manifest"),
    path("healthz", views.healthz, name="healthz"),
]
