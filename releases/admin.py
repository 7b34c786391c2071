from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import PressRelease


@admin.register(PressRelease)
class PressReleaseAdmin(admin.ModelAdmin):
    list_display = ["title", "release_type", "date", "status", "publish_at", "is_published"]
    list_filter = ["status", "release_type", "date", "fields_of_work", "sources"]
    search_fields = ["title", "slug", "standfirst", "place"]
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["sources", "fields_of_work", "countries", "meeting_types"]
    readonly_fields = ["created_at", "created_by", "updated_at", "updated_by"]
    fieldsets = [
        (None, {"fields": ["release_type", "title", "slug", "standfirst"]}),
        (_("Metadata"), {"fields": ["date", "place", "sources", "fields_of_work"]}),
        (_("Related"), {"fields": ["countries", "meeting_types", "tags"]}),
        (_("Lead image"), {"fields": ["image", "image_caption", "image_credit", "image_alt"]}),
        (_("Body"), {"fields": ["body"]}),
        (_("Publishing"), {"fields": ["status", "publish_at", "last_major_change", "change_note"]}),
        (_("History"), {"fields": readonly_fields, "classes": ["collapse"]}),
    ]
    list_per_page = 50
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
