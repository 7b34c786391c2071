from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import model_ngettext
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import format_lazy
from django.utils.timesince import timeuntil
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import is_historic, to_historic

from . import activity, history, translations
from .admin_library import AttachmentInline, lead_image_formfield
from .admin_tags import ReleaseTagsMixin
from .dashboard import local_stacked
from .desk_admin import DeskAdminMixin
from .forms import PressReleaseAdminForm, can_publish
from .models import PressRelease, StaleEditError

Status = PressRelease.Status
EDITOR_PUBLISHING_NOTE = _(
    "Publishers publish, schedule and unpublish releases and set when they go live. When "
    "this release is ready, choose “Ready for review”: the publishers are told by email."
)


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


class OutOfDateFilter(admin.SimpleListFilter):
    title = _("translation out of date")
    parameter_name = "out_of_date"

    def lookups(self, request, model_admin):
        return [("yes", _("Out of date"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return translations.out_of_date(queryset)
        return queryset


class LanguageFilter(admin.SimpleListFilter):
    title = _("language")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        return list(settings.LANGUAGES)

    def queryset(self, request, queryset):
        if self.value() in translations.language_codes():
            return queryset.filter(language=self.value())
        return queryset


def missing_in_filter(code):
    """A list filter "Missing in <language>": originals with no version in `code`."""

    class MissingInFilter(admin.SimpleListFilter):
        title = format_lazy(_("missing in {language}"), language=translations.language_name(code))
        parameter_name = f"missing_{code}"

        def lookups(self, request, model_admin):
            return [("yes", _("Missing"))]

        def queryset(self, request, queryset):
            if self.value() != "yes":
                return queryset
            translated = PressRelease.objects.filter(language=code).values("translation_of")
            return (
                queryset.filter(translation_of__isnull=True)
                .exclude(language=code)
                .exclude(pk__in=translated)
            )

    MissingInFilter.__name__ = f"MissingIn{code.capitalize()}Filter"
    return MissingInFilter


class AddTranslationForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"))

    def __init__(self, *args, languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            (code, translations.language_name(code)) for code in languages
        ]


def translation_fieldsets(fieldsets):
    """A translation's form: its own text, image caption and alt text, and publishing;
    what it shares with the original shown read-only."""
    shared = {"date", *translations.SHARED_RELATIONS, "tags"}
    result = []
    for name, options in fieldsets:
        fields = [f for f in options["fields"] if f not in shared]
        fields = ["language_label" if f == "language" else f for f in fields]
        if name is None:
            fields = ["original_release", *fields]
        if fields:
            result.append((name, {**options, "fields": fields}))
        if name is None:
            result.append((_("Shared with the original"), {"fields": ["shared_from_original"]}))
    return result


class AuthorFilter(admin.SimpleListFilter):
    title = _("author")
    parameter_name = "author"

    def lookups(self, request, model_admin):
        return [("me", _("Mine"))]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(created_by=request.user)
        return queryset


class SourceFilter(admin.RelatedFieldListFilter):
    """A source's name includes its parent's: read with it, not one query per office."""

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin)
        offices = field.related_model.objects.select_related("parent")
        if ordering:
            offices = offices.order_by(*ordering)
        return [(office.pk, str(office)) for office in offices]


class PressReleaseChangeList(ChangeList):
    def get_results(self, request):
        super().get_results(request)
        # The list's language column reads each listed release's family: two queries
        # for the page, not one per row.
        self.result_list = list(self.result_list)
        prefetch_related_objects(self.result_list, "translations", "translation_of__translations")

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except OverflowError as error:
            # Django turns a bad ?date__year= into a message, but an int too large
            # for a date overflows instead: the same bad input, so a 400, not a 500.
            raise BadRequest(_("That date is out of range.")) from error


@admin.register(PressRelease)
class PressReleaseAdmin(DeskAdminMixin, ReleaseTagsMixin, SimpleHistoryAdmin):
    form = PressReleaseAdminForm
    # Readable at 1280 px: the title on at most two lines (static/css/admin-desk.css),
    # one date format in the site's zone.
    list_display = [
        "thumbnail",
        "title_lines",
        "date",
        "state",
        "language_versions",
        "goes_live",
    ]
    list_display_links = ["title_lines"]
    list_filter = [
        StateFilter,
        AuthorFilter,
        LanguageFilter,
        OutOfDateFilter,
        *(
            missing_in_filter(code)
            for code in translations.language_codes()
            if code != settings.LANGUAGE_CODE
        ),
        "published_without_review",
        "release_type",
        "fields_of_work",
        ("sources", SourceFilter),
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
    list_select_related = ["updated_by", "translation_of", "lead_image"]
    list_per_page = 50
    show_full_result_count = False
    view_on_site = True
    save_on_top = True
    actions = ["publish_now", "unpublish", "bulk_relations"]
    history_list_display = ["status"]
    inlines = [AttachmentInline]  # media library and attachments: releases/admin_library.py
    object_history_list_template = "admin/releases/pressrelease/history_list.html"
    fieldsets = [
        (None, {"fields": ["language", "release_type", "title", "slug", "standfirst"]}),
        (_("Metadata"), {"fields": ["date", "place", "sources", "fields_of_work"]}),
        (_("Related"), {"fields": ["countries", "meeting_types", "tags"]}),
        (
            _("Lead image"),
            {
                "fields": ["lead_image", "image_caption", "image_alt"],
                "description": _(
                    "Images live in the media library, with their credit, caption, "
                    "alternative text and focal point."
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
        if obj is not None and is_historic(obj):  # the history page's "Restore" form
            history.prepare_restore(obj, to_historic(obj))
        form_class = super().get_form(request, obj, change=change, **kwargs)
        user = request.user

        class FormWithUser(form_class):
            def __init__(self, *args, **kw):
                super().__init__(*args, user=user, **kw)

        return FormWithUser

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.translation_of_id:
            fieldsets = translation_fieldsets(fieldsets)
        elif obj is not None:
            (name, options), *rest = fieldsets
            fieldsets = [(name, {**options, "fields": [*options["fields"], "language_versions"]})]
            fieldsets += rest
        if not can_publish(request.user):
            fieldsets = [
                (name, {**options, "description": EDITOR_PUBLISHING_NOTE})
                if name == _("Publishing")
                else (name, options)
                for name, options in fieldsets
            ]
        if obj is None or obj.status != Status.PUBLISHED:
            return [f for f in fieldsets if f[0] != _("Change")]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.translation_of_id:
            # Its language is what it is; what it shares comes from the original.
            fields += ["language_label", "original_release", "shared_from_original"]
        elif obj is not None:
            fields.append("language_versions")
        return fields + self.get_readonly_fields_for_role(request)

    def get_readonly_fields_for_role(self, request):
        # The publish time is the publishers' to set: an editor sees it, and who sets it.
        return [] if can_publish(request.user) else ["publish_at"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "lead_image":
            return lead_image_formfield(db_field, request, self.admin_site, **kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

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
        before = activity.State.stored(obj.pk) if change else None
        super().save_model(request, obj, form, change)
        activity.release_changed(obj, before, request.user, restored=is_historic(obj))

    def delete_model(self, request, obj):
        activity.release_deleted(obj, request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for release in queryset:
            activity.release_deleted(release, request.user)
        super().delete_queryset(request, queryset)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        view = super().changeform_view
        return refusing_stale_saves(view, request, object_id, form_url, extra_context)

    def get_changelist(self, request, **kwargs):
        return PressReleaseChangeList

    # History -------------------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        compare = path(
            "<path:object_id>/history/compare/",
            self.admin_site.admin_view(self.compare_view),
            name="{}_{}_compare".format(*info),
        )
        translate = path(
            "<path:object_id>/translate/",
            self.admin_site.admin_view(self.translate_view),
            name="{}_{}_translate".format(*info),
        )
        duplicate = path(
            "<path:object_id>/duplicate/",
            self.admin_site.admin_view(self.duplicate_view),
            name="{}_{}_duplicate".format(*info),
        )
        # Before the history package's own "<id>/history/<version>/" pattern.
        return [compare, translate, duplicate, *super().get_urls()]

    # Translations --------------------------------------------------------------------

    def translate_view(self, request, object_id):
        """ "Add translation": a language among those without a version; creates a draft
        prefilled from the original and opens its form."""
        if not object_id.isdigit() or len(object_id) > 18:
            raise Http404
        original = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not (self.has_add_permission(request) and self.has_view_permission(request, original)):
            raise PermissionDenied
        if original.translation_of_id:
            self.message_user(
                request, _("Add translations to the original release."), messages.INFO
            )
            return redirect("admin:releases_pressrelease_translate", original.translation_of_id)
        languages = translations.missing_languages(original)
        form = AddTranslationForm(request.POST or None, languages=languages)
        if request.method == "POST" and form.is_valid():
            try:
                with transaction.atomic():
                    translation = translations.create_translation(
                        original, form.cleaned_data["language"], user=request.user
                    )
            except (ValidationError, IntegrityError) as error:
                messages_ = getattr(error, "messages", None) or [
                    _("The original already has a translation in that language.")
                ]
                for message in messages_:
                    form.add_error(None, message)
            else:
                self.log_addition(request, translation, [{"added": {}}])
                self.message_user(
                    request,
                    _(
                        "A draft %(language)s translation was created from the original: "
                        "translate its title, text, image caption and alternative text."
                    )
                    % {"language": translations.language_name(translation.language)},
                    messages.SUCCESS,
                )
                return redirect("admin:releases_pressrelease_change", translation.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Add a translation of “%s”") % original,
            "opts": self.opts,
            "original": original,
            "form": form,
            "languages": languages,
        }
        return TemplateResponse(request, "admin/releases/pressrelease/translate.html", context)

    @admin.display(description=_("language"))
    def language_label(self, obj):
        return translations.language_name(obj.language)

    @admin.display(description=_("translation of"))
    def original_release(self, obj):
        original = obj.translation_of
        link = format_html(
            '<a href="{}">{}</a> ({})',
            reverse("admin:releases_pressrelease_change", args=[original.pk]),
            original.title,
            translations.language_name(original.language),
        )
        if translations.is_out_of_date(obj):
            return format_html(
                "{}<br><strong>⚠ {}</strong>",
                link,
                _("Out of date: the original changed after this translation's last major change."),
            )
        return link

    @admin.display(description=_("shared with the original"))
    def shared_from_original(self, obj):
        """The relations and date a translation takes from its original, read-only."""
        original = obj.translation_of
        rows = [(_("date"), date_format(original.date, "DATE_FORMAT"))]
        for name in translations.SHARED_RELATIONS:
            label = PressRelease._meta.get_field(name).verbose_name
            names = ", ".join(str(term) for term in getattr(original, name).all())
            rows.append((label, names or "–"))
        rows.append((_("tags"), ", ".join(tag.name for tag in original.tags.all()) or "–"))
        return format_html(
            "<p>{}</p><dl>{}</dl>",
            _("From the original: edit them there, and every translation follows."),
            format_html_join("", "<dt>{}</dt><dd>{}</dd>", ((str(k), v) for k, v in rows)),
        )

    @admin.display(description=_("languages"))
    def language_versions(self, obj):
        """Per release, its language versions and their state: ● public, ○ not public,
        ⚠ a translation out of date."""
        original = obj.translation_of if obj.translation_of_id else obj
        versions = [original, *original.translations.all()]
        order = {code: i for i, code in enumerate(translations.language_codes())}
        versions.sort(key=lambda v: order.get(v.language, len(order)))
        parts = []
        for version in versions:
            if version.translation_of_id and translations.is_out_of_date(version):
                mark, state = "⚠", _("out of date")
            elif version.is_published():
                mark, state = "●", _("public")
            else:
                mark, state = "○", _("not public")
            title = _("%(language)s: %(state)s") % {
                "language": translations.language_name(version.language),
                "state": state,
            }
            template = '<a href="{}" title="{}"><strong>{} {}</strong></a>'
            if version.pk != obj.pk:
                template = '<a href="{}" title="{}">{} {}</a>'
            parts.append(
                format_html(
                    template,
                    reverse("admin:releases_pressrelease_change", args=[version.pk]),
                    title,
                    version.language.upper(),
                    mark,
                )
            )
        return format_html_join(" ", "{}", ((part,) for part in parts))

    def set_history_delta_changes(self, request, historical_records, **kwargs):
        """Name the changed fields of each listed version, relations included (the
        package's own old → new values would repeat whole bodies)."""
        records = list(historical_records)
        changes = history.changed_fields(records)
        for record in records:
            record.changed_fields = ", ".join(changes[record.pk])

    def history_view(self, request, object_id, extra_context=None):
        if not object_id.isdigit():  # the package filters its rows by it unchecked
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not (object_id.isdigit() and version_id.isdigit()):
            raise Http404
        # A version is restored onto the live release (its optimistic lock included),
        # so there must be one; and only someone who may change it may restore.
        release = get_object_or_404(self.get_queryset(request), pk=object_id)
        if request.method == "POST" and not self.has_change_permission(request, release):
            raise PermissionDenied
        view = super().history_form_view
        return refusing_stale_saves(view, request, object_id, version_id, extra_context)

    def compare_view(self, request, object_id):
        if not object_id.isdigit():
            raise Http404
        release = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_view_history_or_change_history_permission(request, release):
            raise PermissionDenied
        versions = release.history.filter(history_id__in=self.version_ids(request))
        versions = sorted(versions.select_related("history_user"), key=lambda v: v.history_date)
        if len(versions) != 2:
            raise Http404
        context = {
            **self.admin_site.each_context(request),
            "title": _("Compare versions: %s") % release,
            "opts": self.opts,
            "object": release,
            "comparison": history.compare(*versions),
            "revert_disabled": self.revert_disabled(request, release),
        }
        return TemplateResponse(request, "admin/releases/pressrelease/compare.html", context)

    def version_ids(self, request):
        ids = [request.GET.get("from", ""), request.GET.get("to", "")]
        if not all(value.isdigit() and len(value) < 19 for value in ids):
            raise BadRequest(_("Choose two versions to compare."))
        return ids

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
        # The editor's language's own date and time, and the zone's abbreviation: the
        # desk's one format (releases.dashboard).
        when = local_stacked(obj.publish_at)
        if obj.is_scheduled():
            return format_html(
                "{}<br>{}", _("in %(delta)s") % {"delta": timeuntil(obj.publish_at)}, when
            )
        return when

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
                before = activity.State.of(release)
                release.published_without_review = release.status != Status.REVIEW
                release.status = Status.PUBLISHED
                release.publish_at = now
                release.last_major_change = now
                release.updated_by = request.user
                release._change_reason = "published now"
                release.save()
                activity.release_changed(release, before, request.user)
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
                before = activity.State.of(release)
                release.status = Status.DRAFT
                release.updated_by = request.user
                release._change_reason = "unpublished"
                release.save()
                activity.release_changed(release, before, request.user)
                count += 1
        self.message_user(
            request,
            _("Unpublished %(count)d %(items)s.")
            % {"count": count, "items": model_ngettext(self.opts, count)},
            messages.SUCCESS,
        )


def refusing_stale_saves(view, request, *args):
    """Run an admin form view in a transaction. A save that loses the race between the
    form's version check and the row's own (StaleEditError from save(): nothing was
    written) runs the view once more: the form's check now sees the other save and
    refuses with its explanation, the refused edit still in the form to copy."""
    try:
        with transaction.atomic():
            return view(request, *args)
    except StaleEditError:
        for _name, uploads in request.FILES.lists():
            for upload in uploads:
                upload.seek(0)  # read once already by the first run's form
        with transaction.atomic():
            return view(request, *args)
