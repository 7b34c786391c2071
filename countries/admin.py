from django.contrib import admin

from .models import Chairpersonship, Country


class ChairpersonshipInline(admin.TabularInline):
    model = Chairpersonship
    extra = 0


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
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
