import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import parse_qsl, unquote, urlencode

from django.contrib.staticfiles import finders
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.formats import number_format
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, TemplateView

from countries.models import Country
from osce_site import cache as caching
from osce_site import i18n
from osce_site.context_processors import (
    BACKGROUND_COLOR,
    THEME_COLOR,
    site_name,
    structure_tree,
)
from osce_site.http import accepts_query
from taxonomy.models import FieldOfWork, MeetingType, Structure
from taxonomy.vocabulary import vocabulary

from . import newsroom, scopes, search, selectors
from .feeds import feed_urls
from .filters import PressReleaseFilter
from .models import PressRelease

GROUP_HEADINGS = {
    Country.Group.PARTICIPATING_STATE: _("Participating States"),
    Country.Group.ASIAN_PARTNER: _("Asian Partners for Co-operation"),
    Country.Group.MEDITERRANEAN_PARTNER: _("Mediterranean Partners for Co-operation"),
}


class BreadcrumbMixin:
    """Views list their trail as (label, url) pairs; the last one is the page itself."""

    def get_breadcrumbs(self):
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = self.get_breadcrumbs()
        return context


class PageMetaMixin:
    """What base.html puts in a page's head (includes/share_tags.html): its title, its
    own description, its canonical URL (with the listing's canonical query) and, for a
    listing narrowed by a filter, a search or a sort, `noindex, follow`: its releases
    are indexed from their own pages and from the unfiltered listings."""

    title = ""
    description = ""

    def get_title(self, context):
        return self.title

    def get_description(self, context):
        return self.description

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = context.get("canonical_query") or ""
        pairs = parse_qsl(query)
        description = self.get_description(context)
        page = dict(pairs).get("page")
        if page:
            description = _("%(description)s Page %(number)s.") % {
                "description": description,
                "number": page,
            }
        invalid = context.get("invalid", False)
        path = f"{self.request.path}?{query}" if query else self.request.path
        context.update(
            meta_title=self.get_title(context),
            meta_description=description,
            canonical_url=None if invalid else self.request.build_absolute_uri(path),
            noindex=invalid or any(key != "page" for key, value in pairs),
            alternates=[] if invalid else self.get_alternates(context),
        )
        return context

    def get_alternates(self, context):
        """This page in every language (osce_site.i18n): the same path and filters under
        each prefix, without the page number (another language has other pages)."""
        pairs = parse_qsl(context.get("canonical_query") or "")
        query = urlencode([(key, value) for key, value in pairs if key != "page"])
        return i18n.alternates(self.request, query)


class HomeView(PageMetaMixin, TemplateView):
    template_name = "releases/home.html"
    title = _("Home")
    description = _(
        "The latest press releases, news and statements from the OSCE: its "
        "Chairpersonship, Secretariat, institutions and field operations."
    )
    query_params = frozenset()  # osce_site.http: any parameter is redirected away

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["latest_html"] = caching.fragment(
            "home-latest",
            render=lambda: render_to_string(
                "releases/includes/_latest.html",
                {"latest": selectors.release_cards()[:8]},
                self.request,
            ),
        )
        context["feeds"] = feed_urls()
        context["fields"] = vocabulary().fields  # cached, with their URLs
        return context


class PressReleaseDetailView(BreadcrumbMixin, DetailView):
    """A release page. Its head tags and article are fragments, rendered once per
    content version and then taken from the cache, with what the rest of the page needs
    (title, standfirst, slug). A fragment is stored only for a public release, and
    every write through the application moves the content version, so a stored one is
    still public and current: a request that finds it needs no query. Previews of
    releases that are not public (staff only) are rendered for their request alone."""

    template_name = "releases/pressrelease_detail.html"
    query_params = frozenset()

    def get_queryset(self):
        # What the release is filed under comes from the listing engine and the
        # vocabulary (selectors.release_relations), not from four more queries.
        queryset = PressRelease.objects.all()
        if not self.request.user.has_perm("releases.change_pressrelease"):
            queryset = queryset.published()
        return queryset

    def get(self, request, *args, **kwargs):
        # The head holds absolute URLs: the key names the scheme and host asked for. Its
        # kind names the layout of what is stored (PageFields gained `alternates`, then
        # `scope`), so entries stored by an earlier version of this code are never read.
        host = request.get_host()
        key = caching.fragment_key("release-page-scoped", kwargs["pk"], request.scheme, host)
        found = caching.get_fragment(key)
        if found is None:
            # For a page the page cache will keep: the changes applied before it is read
            # (releases.scopes).
            mark = scopes.watermark() if caching.stores_page(request) else None
            self.object = self.get_object()
            if not at_own_url(request, self.object):
                # Another slug, or another language's prefix: the release's own URL.
                return redirect(self.object.get_absolute_url(), permanent=True)
            is_preview = not self.object.is_published()
            alternates = self.get_alternates()
            relations = selectors.release_relations(self.object)
            related = selectors.related_releases(
                release=self.object, limit=RELATED, relations=relations
            )
            head, article = self.render_fragments(
                is_preview=is_preview, alternates=alternates, related=related, relations=relations
            )
            page = PageFields(
                self.object.slug,
                self.object.title,
                self.object.standfirst,
                self.object.get_absolute_url(),
                alternates,
                scopes.release_page(self.object, relations, related, RELATED, mark)
                if mark
                else None,
            )
            if not is_preview:
                caching.set_fragment(key, (head, article, page))
        else:
            head, article, page = found
            self.object = page
        request.page_scope = page.scope
        if not at_own_url(request, self.object):
            return redirect(self.object.get_absolute_url(), permanent=True)
        context = self.get_context_data(
            object=self.object,
            release_head=head,
            release_article=article,
            alternates=page.alternates,
            # A language with no public version of this release: its newsroom, saying so.
            untranslated_fallback=True,
        )
        return self.render_to_response(context)

    def get_alternates(self):
        """The release's public language versions (itself, its original and the
        original's translations), each at its own URL, in the order of LANGUAGES."""
        release = self.object
        if selectors.has_other_versions(release):
            found = list(release.public_versions())
        else:  # most releases (the listing engine knows): no query
            found = [release] if release.is_published() else []
        by_language = {version.language: version for version in found}

        def url(version):
            with translation.override(version.language):
                return self.request.build_absolute_uri(version.get_absolute_url())

        pairs = [(code, url(by_language[code])) for code in i18n.codes() if code in by_language]
        return i18n.with_x_default(pairs)

    def render_fragments(self, *, is_preview, alternates, related, relations):
        context = {
            "object": self.object,
            "relations": relations,
            "related": related,
            "is_preview": is_preview,
            "alternates": alternates,
        }
        return (
            render_to_string(RELEASE_HEAD, context, self.request),
            render_to_string(RELEASE_ARTICLE, context, self.request),
        )

    def get_breadcrumbs(self):
        return [(_("Press releases"), reverse("releases:list")), (self.object.title, None)]


def at_own_url(request, release):
    """Whether the request asked for the release at its own URL (its slug, under its
    language's prefix). The request's path is decoded; reverse() quotes."""
    return request.path == unquote(release.get_absolute_url())


@dataclass(frozen=True)
class PageFields:
    """What the release page shows outside its fragments."""

    slug: str
    title: str
    standfirst: str
    url: str
    alternates: list  # (language code, absolute URL) of its public versions
    scope: tuple | None = None  # what the page shows of the releases (releases.scopes)

    def get_absolute_url(self):
        return self.url


RELATED = 4  # related releases on a release page
RELEASE_HEAD = "releases/includes/_release_head.html"
RELEASE_ARTICLE = "releases/includes/_release_article.html"


class NewsroomMixin:
    """The filtered newsroom listing: the /press-releases/ page and, with one filter
    fixed, every entity page."""

    paginate_by = 20
    fixed_param = ""  # the filter an entity page fixes, e.g. "field"
    query_params = frozenset([*PressReleaseFilter.base_filters, "page"])

    def newsroom_path(self):
        return self.request.path

    def fixed(self):
        return {self.fixed_param: [self.object.slug]} if self.fixed_param else {}

    def newsroom(self):
        """Returns (context, response); a response (redirect or 404) ends the request.

        The filter form, facets and results are one fragment, the same for everyone
        asking this path and query until the content or the vocabulary changes (both
        versions are in the key) or the next scheduled release goes live (its lifetime).
        It is stored only for a query string that was valid and canonical, under the
        query string itself: a request that finds it needs no validation, since the same
        query was validated against the same vocabulary when it was stored."""
        request = self.request
        query = request.META.get("QUERY_STRING", "")
        key = caching.fragment_key("newsroom-scoped", request.path, query)
        found = caching.get_fragment(key)
        if found is not None:
            html, words, feeds, canonical, request.page_scope = found
            context = {
                "newsroom_html": html,
                "words": words,
                "feeds": feeds,
                "canonical_query": canonical,
                "newsroom_path": self.newsroom_path(),
                "notice": self.notice(),
                "status": 200,
            }
            return context, None
        return self.validated_newsroom(key)

    def notice(self):
        """`?notice=untranslated` on a view that reads it (the newsroom): the language
        switcher sends a reader here from a release that has no version in this
        language. Shown above the results (outside the cached fragment), it is no part
        of the filter or of the canonical URL."""
        if "notice" not in self.query_params:
            return ""
        value = self.request.GET.get("notice", "")
        return value if value in NOTICES else ""

    def validated_newsroom(self, fragment_key):
        request = self.request
        data = request.GET.copy()
        page_text = data.pop("page", ["1"])[-1]
        data.pop("notice", None)
        for key in list(data):
            # An empty box in the GET form means "no filter", not an invalid value.
            data.setlist(key, [value for value in data.getlist(key) if value.strip()])
        for key, values in self.fixed().items():
            data.setlist(key, values)
        filterset = PressReleaseFilter(data, queryset=selectors.public_releases(), request=request)
        exclude = tuple(self.fixed())
        fixed_slug = self.object.slug if self.fixed_param else ""
        context = {
            "filter": filterset,
            "feeds": feed_urls(self.fixed_param, fixed_slug),
            "newsroom_path": self.newsroom_path(),
            "date_fields": [filterset.form["from"], filterset.form["to"]],
        }
        if not filterset.is_valid():
            form = filterset.form
            context.update(
                releases=[],
                invalid=True,
                status=400,
                error_list=[
                    (form.fields[name].label if name in form.fields else "", message)
                    for name, messages in form.errors.items()
                    for message in messages
                ],
            )
            context["newsroom_html"] = render_to_string(NEWSROOM_FRAGMENT, context, request)
            return context, None
        cleaned = filterset.form.cleaned_data
        page_number = int(page_text) if PAGE_PATTERN.fullmatch(page_text) else 0
        canonical = newsroom.canonical_query(cleaned, exclude=exclude, page=page_number)
        first_page = newsroom.canonical_query(cleaned, exclude=exclude)
        first_page_url = f"{self.newsroom_path()}?{first_page}" if first_page else request.path
        if not page_number:
            return context, self.page_missing(first_page_url)
        notice = self.notice()
        expected = canonical
        if notice:  # in its sorted place, as is_storable_query wants it
            pairs = sorted([*parse_qsl(canonical), ("notice", notice)], key=lambda p: p[0])
            expected = urlencode(pairs)
        if request.META.get("QUERY_STRING", "") != expected:
            query = f"?{expected}" if expected else ""
            return context, redirect(f"{request.path}{query}")
        context.update(
            words=newsroom.describe(cleaned, exclude=exclude),
            feeds=feed_urls(self.fixed_param, fixed_slug, first_page),
            canonical_query=canonical,
            notice=notice,
            status=200,
        )
        results = self.results(filterset, cleaned, page_number, exclude)
        if results is None:
            return context, self.page_missing(first_page_url)
        html = render_to_string(NEWSROOM_FRAGMENT, {**context, **results}, request)
        # What the page shows of the releases, for the page cache (releases.scopes).
        shown = [name for name in PressReleaseFilter.FACETS if name not in exclude]
        request.page_scope = scopes.listing(newsroom.selection(filterset), shown)
        newsroom.forget_selection(filterset)
        # The query string is the canonical one here: `fragment_key` names it.
        stored = (html, context["words"], context["feeds"], canonical, request.page_scope)
        caching.set_fragment(fragment_key, stored)
        context["newsroom_html"] = html
        return context, None

    def results(self, filterset, cleaned, page_number, exclude):
        """The context of one page of results with its facets; None when the page does
        not exist."""
        fields = [*selectors.CARD_FIELDS, *(["body"] if cleaned["q"] else [])]
        paginator = Paginator(newsroom.Results(filterset, fields), self.paginate_by)
        count = paginator.count
        if page_number > max(paginator.num_pages, 1):
            return None
        active = newsroom.active_filter_count(cleaned, exclude=exclude)
        if not count and not active and not cleaned["q"]:
            # Nothing published here yet: no results to filter, no facets to offer.
            return {"nothing_yet": True, "entity_page": bool(self.fixed_param)}
        page = paginator.page(page_number)
        releases = list(page.object_list)
        if cleaned["q"]:
            for release in releases:
                release.snippet = search.card_snippet(release, cleaned["q"])
        links = page_links(page, cleaned, exclude, self.newsroom_path())
        by_number = {link["number"]: link["url"] for link in links if link}
        return {
            "releases": releases,
            "page_obj": page,
            "paginator": paginator,
            "page_links": links,
            "previous_url": by_number.get(page.number - 1),
            "next_url": by_number.get(page.number + 1),
            "result_count_display": number_format(paginator.count, force_grouping=True),
            "facets": newsroom.facets(filterset, exclude=exclude),
            "chips": newsroom.chips(cleaned, exclude=exclude, path=self.newsroom_path()),
            "result_count": paginator.count,
            "active_filter_count": active,
        }

    def page_missing(self, first_page_url):
        context = {"first_page_url": first_page_url, "alternates": []}
        return render(self.request, "404.html", context, status=404)


PAGE_PATTERN = re.compile(r"[1-9][0-9]{0,5}")
# ?notice= values the newsroom shows (templates/releases/pressrelease_list.html).
NOTICES = {"untranslated"}
NEWSROOM_FRAGMENT = "releases/includes/_newsroom.html"


def page_links(page, cleaned, exclude, path):
    """Numbered links around the current page: first, last and two either side."""
    last = page.paginator.num_pages
    wanted = sorted({1, last, *range(page.number - 2, page.number + 3)} & set(range(1, last + 1)))
    links, previous = [], 0
    for number in wanted:
        if number - previous > 1:
            links.append(None)  # a gap, shown as an ellipsis
        query = newsroom.canonical_query(cleaned, exclude=exclude, page=number)
        links.append({"number": number, "url": f"{path}?{query}" if query else path})
        previous = number
    return links


class PressReleaseListView(PageMetaMixin, NewsroomMixin, BreadcrumbMixin, TemplateView):
    template_name = "releases/pressrelease_list.html"
    query_params = NewsroomMixin.query_params | {"notice"}
    title = _("Press releases")
    description = _(
        "All OSCE press releases, news items and statements, newest first: filter them "
        "by field of work, country, structure, meeting and date, or search them."
    )

    def get(self, request, *args, **kwargs):
        context, response = self.newsroom()
        if response:
            return response
        return self.render_to_response(
            self.get_context_data(**context), status=context.pop("status")
        )

    def get_title(self, context):
        words = context.get("words")
        return f"{self.title}: {' · '.join(map(str, words))}" if words else self.title

    def get_description(self, context):
        words = context.get("words")
        if not words:
            return self.description
        return _("OSCE press releases, news and statements: %(filter)s.") % {
            "filter": " · ".join(map(str, words))
        }

    def get_breadcrumbs(self):
        return [(_("Press releases"), None)]


class PageView(PageMetaMixin, BreadcrumbMixin, TemplateView):
    query_params = frozenset()

    def get_breadcrumbs(self):
        return [(self.title, None)]


@dataclass(frozen=True)
class IndexEntry:
    """One term on an index page, with its count of published releases."""

    name: str
    url: str
    group: str
    release_count: int


class EntityIndexView(PageMetaMixin, BreadcrumbMixin, ListView):
    """A list of terms with their counts of published releases, in the order of the
    site menu: both read the vocabulary, whose order is the one declaration of it.
    The counts run over every release (about 0.1 s at 100,000), so they are kept like
    a fragment, per content and taxonomy version."""

    query_params = frozenset()
    model = None  # the vocabulary model counted
    vocabulary_section = ""  # its list in the vocabulary, e.g. "fields"

    def get_queryset(self):
        counts = selectors.release_counts(self.model)
        terms = getattr(vocabulary(), self.vocabulary_section)
        return [IndexEntry(t.name, t.url, t.group, counts.get(t.pk, 0)) for t in terms]

    def get_breadcrumbs(self):
        return [(self.title, None)]


class EntityDetailView(PageMetaMixin, NewsroomMixin, BreadcrumbMixin, DetailView):
    """An entity page: the term itself and the newsroom listing with its filter fixed."""

    index_title = ""
    index_url_name = ""
    # The description of a term that has none of its own; %(name)s is the term's name.
    description = ""

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        context, response = self.newsroom()
        if response:
            return response
        status = context.pop("status")
        return self.render_to_response(self.get_context_data(**context), status=status)

    def get_title(self, context):
        return self.object.localized_name()

    def get_description(self, context):
        own = " ".join(getattr(self.object, "description", "").split())
        if own:
            return Truncator(own).chars(200)
        # A structure's display name says whose it is ("OSCE Mission in Kosovo").
        name = getattr(self.object, "display_name", None) or self.object.localized_name()
        return self.description % {"name": name}

    def get_object(self, queryset=None):
        """The term, kept in the data cache like the vocabulary it belongs to (any
        taxonomy or content write makes the copy unreachable)."""
        key = caching.fragment_key("term", self.model._meta.label, self.kwargs["slug"])
        found = caching.get_fragment(key)
        if found is None:
            found = super().get_object(queryset)
            caching.set_fragment(key, found)
        return found

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        newsroom_list = reverse("releases:list")
        context["newsroom_url"] = f"{newsroom_list}?{self.fixed_param}={self.object.slug}"
        return context

    def get_breadcrumbs(self):
        return [
            (self.index_title, reverse(self.index_url_name)),
            (self.object.localized_name(), None),
        ]


class FieldOfWorkListView(EntityIndexView):
    title = _("Fields of work")
    description = _(
        "The OSCE takes a comprehensive approach to security: its work spans the "
        "politico-military, economic and environmental, and human dimensions."
    )
    template_name = "releases/fieldofwork_list.html"
    model = FieldOfWork
    vocabulary_section = "fields"


class FieldOfWorkDetailView(EntityDetailView):
    model = FieldOfWork
    template_name = "releases/fieldofwork_detail.html"
    index_title = _("Fields of work")
    index_url_name = "releases:fields"
    description = _("OSCE press releases, news and statements on %(name)s, newest first.")
    fixed_param = "field"


class MeetingTypeListView(EntityIndexView):
    title = _("Meetings and conferences")
    description = _(
        "Summits, Ministerial Councils, the Permanent Council and the conferences where "
        "participating States meet."
    )
    template_name = "releases/meetingtype_list.html"
    model = MeetingType
    vocabulary_section = "meetings"


class MeetingTypeDetailView(EntityDetailView):
    model = MeetingType
    template_name = "releases/meetingtype_detail.html"
    index_title = _("Meetings and conferences")
    index_url_name = "releases:meetings"
    description = _("OSCE press releases, news and statements from the %(name)s, newest first.")
    fixed_param = "meeting"


class CountryListView(EntityIndexView):
    title = _("Countries")
    description = _(
        "The OSCE has 57 participating States in Europe, Central Asia and North America, "
        "and works with Partners for Co-operation in Asia and the Mediterranean."
    )
    template_name = "releases/country_list.html"
    model = Country
    vocabulary_section = "countries"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = {value: [] for value in Country.Group.values}
        for country in context["object_list"]:
            groups[country.group].append(country)
        context["groups"] = [
            (value, label, groups[value]) for value, label in GROUP_HEADINGS.items()
        ]
        return context


class CountryDetailView(EntityDetailView):
    model = Country
    template_name = "releases/country_detail.html"
    index_title = _("Countries")
    index_url_name = "releases:countries"
    description = _("OSCE press releases, news and statements about %(name)s, newest first.")
    fixed_param = "country"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        terms = vocabulary()
        pk = self.object.pk
        context["chair_years"] = sorted(y for y, country in terms.chairs.items() if country == pk)
        context["hosted"] = [o for o in terms.structures if o.host_id == pk]
        return context


class StructureListView(PageView):
    title = _("Structures and institutions")
    description = _(
        "The Chairpersonship, the Secretariat, the institutions, the field operations and "
        "the Parliamentary Assembly, and the offices whose press releases appear on this "
        "site."
    )
    template_name = "releases/structure_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tree"] = structure_tree(vocabulary().structures)
        return context


class StructureDetailView(EntityDetailView):
    model = Structure
    template_name = "releases/structure_detail.html"
    index_title = _("Structures and institutions")
    index_url_name = "releases:structures"
    description = _("Press releases, news and statements from the %(name)s, newest first.")
    fixed_param = "source"

    def get_queryset(self):
        return Structure.objects.select_related("parent", "host_country")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pk = self.object.pk
        context["children"] = [o for o in vocabulary().structures if o.parent_id == pk]
        return context

    def get_breadcrumbs(self):
        trail = [(self.index_title, reverse(self.index_url_name))]
        if self.object.parent:
            parent = self.object.parent
            trail.append((parent.localized_name(), parent.get_absolute_url()))
        return [*trail, (self.object.localized_name(), None)]


@accepts_query()
def robots_txt(request):
    # The index lists every section, the News sitemap too; naming it as well lets a news
    # crawler that reads only robots.txt find it.
    # Each language has its own (/ru/sitemap.xml: releases.sitemaps).
    sitemaps = []
    for code in i18n.codes():
        with translation.override(code):
            sitemaps += [
                reverse("releases:sitemap"),
                reverse("releases:sitemap_section", args=["news"]),
            ]
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        *(f"Sitemap: {request.build_absolute_uri(path)}" for path in sitemaps),
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


FAVICON_MAX_AGE = 7 * 24 * 60 * 60


@cache
def _favicon_bytes():
    with open(finders.find("icons/favicon.ico"), "rb") as icon:
        return icon.read()


@accepts_query()
def favicon_ico(request):
    """/favicon.ico, where browsers, feed readers and crawlers look without a link."""
    response = HttpResponse(_favicon_bytes(), content_type="image/x-icon")
    patch_cache_control(response, public=True, max_age=FAVICON_MAX_AGE)
    return response


@accepts_query()
def web_manifest(request):
    """The web app manifest: the site's name, colours and icons."""
    icons = [
        {"src": static("icons/icon.svg"), "type": "image/svg+xml", "sizes": "any"},
        {"src": static("icons/icon-192.png"), "type": "image/png", "sizes": "192x192"},
        {"src": static("icons/icon-512.png"), "type": "image/png", "sizes": "512x512"},
        {
            "src": static("icons/icon-maskable-512.png"),
            "type": "image/png",
            "sizes": "512x512",
            "purpose": "maskable",
        },
    ]
    manifest = {
        "name": gettext("Organization for Security and Co-operation in Europe"),
        "short_name": site_name(),
        "description": gettext(
            "News, press releases and statements from the Organization for Security "
            "and Co-operation in Europe."
        ),
        "lang": get_language(),
        "start_url": reverse("releases:home"),
        "scope": "/",
        "display": "browser",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "icons": icons,
    }
    return JsonResponse(manifest, content_type="application/manifest+json")


@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def page_not_found(request, exception=None):
    return render(request, "404.html", {"request_path": request.path, "alternates": []}, status=404)


def server_error(request):
    # Rendered without context processors: no database access, so it works when the
    # database is what failed. The template carries a static version of the top menu.
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"request_path": request.path}))
