from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .admin_names import TERM_NAMES, NamesAdminMixin
from .models import FieldOfWork, MeetingType, Structure


class TermAdmin(NamesAdminMixin, admin.ModelAdmin):
    names_fields = TERM_NAMES
    list_display = ["name", "slug", "order", "release_count"]
    list_editable = ["order"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        # GROUP BY queries drop Meta.ordering; keep menus' order explicit.
        queryset = super().get_queryset(request).annotate(release_count=Count("releases"))
        return queryset.order_by("order", "name")

    @admin.display(description=_("releases"), ordering="release_count")
    def release_count(self, obj):
        return obj.release_count


admin.site.register(FieldOfWork, TermAdmin)
admin.site.register(MeetingType, TermAdmin)


@admin.register(Structure)
class StructureAdmin(NamesAdminMixin, admin.ModelAdmin):
    names_fields = {
        **TERM_NAMES,
        "public_names": (
            _("Public names in other languages"),
            _("Public name in %(language)s"),
            220,
        ),
    }
    list_display = ["name", "kind", "parent", "order", "host_country", "location", "closed_in"]
    list_editable = ["order"]
    list_filter = ["kind", ("closed_in", admin.EmptyFieldListFilter), "parent"]
    list_select_related = ["parent__parent", "host_country"]
    search_fields = ["name", "public_name", "short_name", "location"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent", "host_country"]

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset.select_related("parent"), may_have_duplicates

    fieldsets = [
        (None, {"fields": ["name", "slug", "public_name", "short_name", "kind", "description"]}),
        (_("Place in the tree"), {"fields": ["parent", "order"]}),
        (_("Where and when"), {"fields": ["host_country", "location", "opened_in", "closed_in"]}),
    ]
