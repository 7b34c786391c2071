from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, TemplateView

from countries.models import Chairpersonship, Country
from osce_site.context_processors import structure_tree
from taxonomy.models import FieldOfWork, MeetingType, Structure

from . import selectors
from .models import PressRelease

LATEST_ON_ENTITY_PAGE = 10
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


class HomeView(TemplateView):
    template_name = "releases/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["latest"] = selectors.release_cards()[:8]
        context["fields"] = FieldOfWork.objects.only("name", "slug")
        return context


class PressReleaseDetailView(BreadcrumbMixin, DetailView):
    template_name = "releases/pressrelease_detail.html"

    def get_queryset(self):
        queryset = PressRelease.objects.all()
        if not self.request.user.has_perm("releases.change_pressrelease"):
            queryset = queryset.published()
        return queryset.prefetch_related("fields_of_work", "countries", "tags", "sources")

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.slug != kwargs["slug"]:
            return redirect(self.object, permanent=True)
        context = self.get_context_data(object=self.object)
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["related"] = selectors.related_releases(release=self.object)
        context["is_preview"] = not self.object.is_published()
        return context

    def get_breadcrumbs(self):
        return [(_("Press releases"), reverse("releases:list")), (self.object.title, None)]


class PressReleaseListView(BreadcrumbMixin, ListView):
    template_name = "releases/pressrelease_list.html"
    paginate_by = 20
    context_object_name = "releases"

    def get_queryset(self):
        return selectors.release_cards()

    def get_breadcrumbs(self):
        return [(_("Press releases"), None)]


class EntityIndexView(BreadcrumbMixin, ListView):
    title = ""

    def get_breadcrumbs(self):
        return [(self.title, None)]


class EntityDetailView(BreadcrumbMixin, DetailView):
    """An entity page: the term itself and the latest releases linked to it."""

    index_title = ""
    index_url_name = ""
    release_lookup = ""
    filter_param = ""

    def release_queryset(self):
        return PressRelease.objects.filter(**{self.release_lookup: self.object})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["latest"] = list(
            selectors.release_cards(self.release_queryset())[:LATEST_ON_ENTITY_PAGE]
        )
        context["newsroom_url"] = (
            f"{reverse('releases:list')}?{self.filter_param}={self.object.slug}"
        )
        return context

    def get_breadcrumbs(self):
        return [
            (self.index_title, reverse(self.index_url_name)),
            (str(self.object), None),
        ]


class FieldOfWorkListView(EntityIndexView):
    title = _("Fields of work")
    template_name = "releases/fieldofwork_list.html"

    def get_queryset(self):
        return selectors.fields_with_counts()


class FieldOfWorkDetailView(EntityDetailView):
    model = FieldOfWork
    template_name = "releases/fieldofwork_detail.html"
    index_title = _("Fields of work")
    index_url_name = "releases:fields"
    release_lookup = "fields_of_work"
    filter_param = "field"


class MeetingTypeListView(EntityIndexView):
    title = _("Meetings and conferences")
    template_name = "releases/meetingtype_list.html"

    def get_queryset(self):
        return selectors.meeting_types_with_counts()


class MeetingTypeDetailView(EntityDetailView):
    model = MeetingType
    template_name = "releases/meetingtype_detail.html"
    index_title = _("Meetings and conferences")
    index_url_name = "releases:meetings"
    release_lookup = "meeting_types"
    filter_param = "meeting"


class CountryListView(EntityIndexView):
    title = _("Countries")
    template_name = "releases/country_list.html"

    def get_queryset(self):
        return selectors.countries_with_counts()

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
    release_lookup = "countries"
    filter_param = "country"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["chair_years"] = list(
            Chairpersonship.objects.filter(country=self.object).values_list("year", flat=True)
        )
        context["hosted"] = list(self.object.hosted_structures.all())
        return context


class StructureListView(EntityIndexView):
    title = _("Structures and institutions")
    template_name = "releases/structure_list.html"
    model = Structure

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tree"] = structure_tree(list(context["object_list"]))
        return context


class StructureDetailView(EntityDetailView):
    model = Structure
    template_name = "releases/structure_detail.html"
    index_title = _("Structures and institutions")
    index_url_name = "releases:structures"
    filter_param = "source"

    def get_queryset(self):
        return Structure.objects.select_related("parent", "host_country")

    def release_queryset(self):
        ids = selectors.structure_subtree_ids(root=self.object)
        return PressRelease.objects.filter(sources__in=ids).distinct()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["children"] = list(self.object.children.all())
        return context

    def get_breadcrumbs(self):
        trail = [(self.index_title, reverse(self.index_url_name))]
        if self.object.parent:
            trail.append((self.object.parent.name, self.object.parent.get_absolute_url()))
        return [*trail, (self.object.name, None)]


class PageView(BreadcrumbMixin, TemplateView):
    title = ""

    def get_breadcrumbs(self):
        return [(self.title, None)]


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('releases:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


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
    return render(request, "404.html", {"request_path": request.path}, status=404)


def server_error(request):
    # Rendered without context processors: no database access, so it works when the
    # database is what failed. The template carries a static version of the top menu.
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"request_path": request.path}))
