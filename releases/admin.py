from django.contrib import admin, messages
from django.contrib.admin.utils import model_ngettext
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timesince import timeuntil
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .admin_tags import ReleaseTagsMixin
from .forms import PressReleaseAdminForm, can_publish
from .models import PressRelease, StaleEditError

Status = PressRelease.Status


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("live", _("Live")),
            ("scheduled", _("Scheduled")),
            ("review", _("Ready for review")),
            ("draft", _("Draft")),
        ]

    def queryset(self, request, queryset):
        return {
            "live": queryset.published,
            "scheduled": queryset.scheduled,
            "review": lambda: queryset.filter(status=Status.REVIEW),
            "draft": lambda: queryset.filter(status=Status.DRAFT),
        }.get(self.value(), lambda: queryset)()


@admin.register(PressRelease)
class PressReleaseAdmin(ReleaseTagsMixin, SimpleHistoryAdmin):
    form = PressReleaseAdminForm
    list_display = ["title", "release_type", "date", "state", "goes_live", "updated_at"]
    list_filter = [
        StateFilter,
        "published_without_review",
        "release_type",
        "fields_of_work",
        "sources",
    ]
    search_fields = ["title", "slug", "standfirst", "place"]
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["sources", "fields_of_work", "countries", "meeting_types"]
    readonly_fields = [
        "published_without_review",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
    ]
    list_select_related = ["updated_by"]
    list_per_page = 50
    show_full_result_count = False
    view_on_site = True
    save_on_top = True
    actions = ["publish_now", "unpublish"]
    history_list_display = ["status", "changed_fields"]
    fieldsets = [
        (None, {"fields": ["release_type", "title", "slug", "standfirst"]}),
        (_("Metadata"), {"fields": ["date", "place", "sources", "fields_of_work"]}),
        (_("Related"), {"fields": ["countries", "meeting_types", "tags"]}),
        (
            _("Lead image"),
            {
                "fields": ["image", "image_caption", "image_credit", "image_alt"],
                "description": _(
                    "JPEG, PNG or WebP, at most 20 MB and 40 megapixels. Credit and "
                    "alternative text are required with an image."
                ),
            },
        ),
        (_("Body"), {"fields": ["body"]}),
        (
            _("Publishing"),
            {"fields": ["status", "publish_at", "loaded_version"]},
        ),
        (
            _("Change"),
            {"fields": ["minor_change", "change_note"], "classes": ["change-fieldset"]},
        ),
        (_("History"), {"fields": readonly_fields, "classes": ["collapse"]}),
    ]

    # Roles ---------------------------------------------------------------------------

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None and obj.status == Status.PUBLISHED:
            return can_publish(request.user)  # editors see published releases read-only
        return allowed

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        user = request.user

        class FormWithUser(form_class):
            def __init__(self, *args, **kw):
                super().__init__(*args, user=user, **kw)

        return FormWithUser

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or obj.status != Status.PUBLISHED:
            return [f for f in fieldsets if f[0] != _("Change")]
        return fieldsets

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and not can_publish(request.user):
            kwargs["choices"] = [(s.value, s.label) for s in (Status.DRAFT, Status.REVIEW)]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    # Saving --------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        if form.cleaned_data.get("loaded_version") is not None:
            obj.version = form.cleaned_data["loaded_version"]
        form.apply_workflow(obj)
        super().save_model(request, obj, form, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            with transaction.atomic():
                return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleEditError:
            # Lost the race between the form's check and the save: nothing was written.
            self.message_user(
                request,
                _(
                    "Someone else saved this release a moment ago. Your changes were not "
                    "saved; open it again and re-apply them."
                ),
                messages.ERROR,
            )
            return self.response_post_save_change(request, None)

    # List ----------------------------------------------------------------------------

    @admin.display(description=_("state"), ordering="status")
    def state(self, obj):
        if obj.is_scheduled():
            return _("Scheduled")
        if obj.status == Status.PUBLISHED:
            label = _("Live")
            if obj.published_without_review:
                label = format_html("{} <em>({})</em>", label, _("without review"))
            return label
        return obj.get_status_display()

    @admin.display(description=_("goes live"), ordering="publish_at")
    def goes_live(self, obj):
        if obj.status != Status.PUBLISHED:
            return "–"
        local = timezone.localtime(obj.publish_at)
        when = date_format(local, "j M Y, H:i T")
        if obj.is_scheduled():
            return _("in %(delta)s, %(when)s") % {"delta": timeuntil(obj.publish_at), "when": when}
        return when

    @admin.display(description=_("changed"))
    def changed_fields(self, record):
        previous = record.prev_record
        if previous is None:
            return _("created")
        delta = record.diff_against(previous)
        return ", ".join(
            str(record._meta.get_field(name).verbose_name) for name in delta.changed_fields
        )

    # Actions -------------------------------------------------------------------------

    def _confirm(self, request, queryset, action, title, verb):
        if request.POST.get("post") == "yes":
            return None
        return TemplateResponse(
            request,
            "admin/releases/confirm_action.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "verb": verb,
                "action": action,
                "queryset": queryset,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description=_("Publish now"), permissions=["publish"])
    def publish_now(self, request, queryset):
        response = self._confirm(
            request, queryset, "publish_now", _("Publish these releases now?"), _("Publish now")
        )
        if response:
            return response
        now = timezone.now()
        count = 0
        # Row locks need a transaction; outside tests requests have none of their own.
        with transaction.atomic():
            for release in queryset.select_related(None).select_for_update():
                if release.is_published(now):
                    continue
                release.published_without_review = release.status != Status.REVIEW
                release.status = Status.PUBLISHED
                release.publish_at = now
                release.last_major_change = now
                release.updated_by = request.user
                release._change_reason = "published now"
                release.save()
                count += 1
        self.message_user(
            request,
            _("Published %(count)d %(items)s.")
            % {"count": count, "items": model_ngettext(self.opts, count)},
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish (back to draft)"), permissions=["publish"])
    def unpublish(self, request, queryset):
        response = self._confirm(
            request, queryset, "unpublish", _("Unpublish these releases?"), _("Unpublish")
        )
        if response:
            return response
        count = 0
        with transaction.atomic():
            live = queryset.select_related(None).select_for_update()
            for release in live.filter(status=Status.PUBLISHED):
                release.status = Status.DRAFT
                release.updated_by = request.user
                release._change_reason = "unpublished"
                release.save()
                count += 1
        self.message_user(
            request,
            _("Unpublished %(count)d %(items)s.")
            % {"count": count, "items": model_ngettext(self.opts, count)},
            messages.SUCCESS,
        )
