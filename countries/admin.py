from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from taxonomy.admin_names import NamesAdminMixin, NamesFormMixin
from taxonomy.languages import cldr_territory

from .models import Chairpersonship, Country


class ChairpersonshipInline(admin.TabularInline):
    model = Chairpersonship
    extra = 0


class CountryNamesForm(NamesFormMixin):
    """Each language's box shows the standard (CLDR) name it overrides."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        iso_code = self.instance.iso_code
        for box, code in self.names_spec.get("names", {}).items():
            standard = cldr_territory(code, iso_code) if iso_code else ""
            field = self.fields[box]
            if standard:
                field.widget.attrs["placeholder"] = standard
                field.help_text = _(
                    "Standard name: %(name)s. Fill in only where the organisation writes "
                    "it differently."
                ) % {"name": standard}
            else:
                field.help_text = _(
                    "Left empty: the standard name for the ISO code, or the English name."
                )


@admin.register(Country)
class CountryAdmin(NamesAdminMixin, admin.ModelAdmin):
    names_fields = {
        "names": (
            _("Names in other languages"),
            _("Name in %(language)s (override)"),
            100,
        )
    }

    def names_form(self, base):
        form = super().names_form(base)
        return type(form.__name__, (CountryNamesForm, form), {})

    list_display = ["name", "iso_code", "group"]
    list_filter = ["group"]
    search_fields = ["name", "iso_code"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ChairpersonshipInline]


@admin.register(Chairpersonship)
class ChairpersonshipAdmin(admin.ModelAdmin):
    list_display = ["year", "country"]
    list_editable = ["country"]
    list_select_related = ["country"]
    search_fields = ["country__name", "year"]
    autocomplete_fields = ["country"]
