"""The desk's additions to the release admin: the activity log, "Save as new draft",
bulk adding and removing of a tag, field of work or country, the list's thumbnail and
dates, and the profile page's notification preferences form."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from countries.models import Country
from taxonomy.models import FieldOfWork

from .changes import record
from .dashboard import local
from .desk_models import NotificationPreference, ReleaseActivity
from .models import PressRelease
from .translations import SHARED_RELATIONS, sync_relations

Status = PressRelease.Status


class NotificationPreferenceForm(forms.ModelForm):
    language = forms.ChoiceField(label=_("Language of the emails"), choices=settings.LANGUAGES)

    class Meta:
        model = NotificationPreference
        fields = ["review", "publication", "stale_translation", "language"]

    def __init__(self, *args, publisher=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not publisher:
            # Only publishers are asked to review: nothing to turn off for the others.
            self.fields.pop("review")


# Activity log ----------------------------------------------------------------------


class ActivityReleaseFilter(admin.SimpleListFilter):
    """By release: the releases with the latest activity, and whichever is chosen (also
    reached from a release's own "Activity" link)."""

    title = _("press release")
    parameter_name = "release"

    def lookups(self, request, model_admin):
        recent = (
            ReleaseActivity.objects.order_by("-at")
            .values_list("release_ref", "release_title")
            .distinct()[:200]
        )
        choices = {}
        for ref, title in recent:
            choices.setdefault(str(ref), title)
            if len(choices) == 15:
                break
        value = self.value()
        if value and value.isdigit() and value not in choices:
            chosen = ReleaseActivity.objects.filter(release_ref=value).values_list(
                "release_title", flat=True
            )
            choices[value] = chosen.first() or value
        return list(choices.items())

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not value.isdigit() or len(value) > 18:
            return queryset.none()
        return queryset.filter(release_ref=value)


class ActivityUserFilter(admin.SimpleListFilter):
    title = _("by")
    parameter_name = "user"

    def lookups(self, request, model_admin):
        people = (
            ReleaseActivity.objects.exclude(user=None)
            .order_by("user_name")
            .values_list("user_id", "user_name")
            .distinct()
        )
        return [(str(pk), name) for pk, name in people]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not value.isdigit() or len(value) > 18:
            return queryset.none()
        return queryset.filter(user_id=value)


@admin.register(ReleaseActivity)
class ReleaseActivityAdmin(admin.ModelAdmin):
    """Read by all staff, written by no one: the desk's own write paths keep it."""

    list_display = ["when", "user_name", "action", "release_link", "language", "goes_live"]
    list_filter = [ActivityUserFilter, "action", ActivityReleaseFilter]
    search_fields = ["release_title", "user_name"]
    list_per_page = 50
    show_full_result_count = False

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("when"), ordering="at")
    def when(self, obj):
        return local(obj.at)

    @admin.display(description=_("press release"), ordering="release_title")
    def release_link(self, obj):
        if obj.release_id is None:
            # Translators: a release that no longer exists, in the activity log.
            return format_html("{} <em>({})</em>", obj.release_title, gettext("deleted"))
        url = reverse("admin:releases_pressrelease_change", args=[obj.release_id])
        return format_html('<a href="{}">{}</a>', url, obj.release_title)

    @admin.display(description=_("goes live"))
    def goes_live(self, obj):
        return local(obj.publish_at) if obj.publish_at else "–"


# Bulk relations ---------------------------------------------------------------------


class BulkRelationForm(forms.Form):
    operation = forms.ChoiceField(
        label=_("Operation"),
        choices=[("add", _("Add")), ("remove", _("Remove"))],
        widget=forms.RadioSelect,
        initial="add",
    )
    tag = forms.ModelChoiceField(Tag.objects.order_by("name"), label=_("Tag"), required=False)
    field_of_work = forms.ModelChoiceField(
        FieldOfWork.objects.all(), label=_("Field of work"), required=False
    )
    country = forms.ModelChoiceField(Country.objects.all(), label=_("Country"), required=False)

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in ("tag", "field_of_work", "country")):
            raise forms.ValidationError(_("Choose a tag, a field of work or a country."))
        return data


def apply_relations(release, data, user):
    """Add or remove the chosen terms on one release, recorded as one version, shared
    onto its translations; True if anything changed."""
    adding = data["operation"] == "add"
    changes = [
        (release.fields_of_work, data.get("field_of_work")),
        (release.countries, data.get("country")),
    ]
    release.hold_history()
    changed = False
    for manager, term in changes:
        if term is None:
            continue
        present = manager.filter(pk=term.pk).exists()
        if adding and not present:
            manager.add(term)
            changed = True
        elif not adding and present:
            manager.remove(term)
            changed = True
    tag = data.get("tag")
    if tag is not None:
        present = release.tags.filter(pk=tag.pk).exists()
        if adding != present:
            (release.tags.add if adding else release.tags.remove)(tag)
            changed = True
    if not changed:
        del release.skip_history_when_saving
        return False
    # An edit like any other: an open form of this release must not overwrite it.
    PressRelease.objects.filter(pk=release.pk).update(
        version=F("version") + 1, updated_by=user, updated_at=timezone.now()
    )
    release.refresh_from_db(fields=["version", "updated_by", "updated_at"])
    release._change_reason = gettext("tags, fields of work or countries changed in bulk")
    release.record_version()
    sync_relations(release)
    return True


class DeskAdminMixin:
    """For PressReleaseAdmin: the list's thumbnail and title, "Save as new draft" and
    the bulk action."""

    @admin.display(description=_("image"))
    def thumbnail(self, obj):
        image = obj.lead_image
        if image is None:
            return format_html('<span class="{}"></span>', "no-thumbnail")
        # The library's card crop (16:9 around the focal point). Decorative next to the
        # title it belongs to: empty alternative text.
        return format_html(
            '<img class="release-thumbnail" src="{}" alt="" width="64" height="36" loading="lazy">',
            image.thumbnail_url(),
        )

    @admin.display(description=_("title"), ordering="title")
    def title_lines(self, obj):
        return format_html('<span class="release-title" title="{}">{}</span>', obj.title, obj.title)

    # Bulk action -------------------------------------------------------------------

    @admin.action(
        description=_("Add or remove a tag, field of work or country"), permissions=["change"]
    )
    def bulk_relations(self, request, queryset):
        form = BulkRelationForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self.apply_bulk_relations(request, queryset, form.cleaned_data)
            return None
        return TemplateResponse(
            request,
            "admin/releases/pressrelease/bulk_relations.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Add or remove a tag, field of work or country"),
                "form": form,
                "queryset": queryset,
                "opts": self.model._meta,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
            },
        )

    def apply_bulk_relations(self, request, queryset, data):
        changed_ids, refused, translations = [], [], 0
        with transaction.atomic():
            for release in queryset.select_related(None).select_for_update():
                if release.translation_of_id:
                    translations += 1
                elif not self.has_change_permission(request, release):
                    refused.append(release.title)
                elif apply_relations(release, data, request.user):
                    changed_ids.append(release.pk)
            record(changed_ids)  # the one change hook of every write
        changed = len(changed_ids)
        self.message_user(
            request,
            ngettext("Changed %(count)d release.", "Changed %(count)d releases.", changed)
            % {"count": changed},
            messages.SUCCESS,
        )
        if refused:
            self.message_user(
                request,
                gettext(
                    "Left unchanged, because only publishers may change a published "
                    "release: %(titles)s"
                )
                % {"titles": "; ".join(refused)},
                messages.WARNING,
            )
        if translations:
            self.message_user(
                request,
                ngettext(
                    "%(count)d translation was left unchanged: it takes these from its original.",
                    "%(count)d translations were left unchanged: they take these from "
                    "their originals.",
                    translations,
                )
                % {"count": translations},
                messages.INFO,
            )

    # Save as new draft -------------------------------------------------------------

    def duplicate_view(self, request, object_id):
        if not object_id.isdigit() or len(object_id) > 18:
            raise Http404
        original = get_object_or_404(self.get_queryset(request), pk=object_id)
        if request.method != "POST":
            return redirect("admin:releases_pressrelease_change", original.pk)
        if not (self.has_add_permission(request) and self.has_view_permission(request, original)):
            raise PermissionDenied
        copy = duplicate(original, user=request.user)
        self.log_addition(request, copy, [{"added": {}}])
        self.message_user(
            request,
            gettext("A new draft was made from “%(title)s”: this is it.") % {"title": original},
            messages.SUCCESS,
        )
        return redirect("admin:releases_pressrelease_change", copy.pk)


COPIED_FIELDS = [
    "language",
    "release_type",
    "title",
    "standfirst",
    "body",
    "date",
    "place",
    "lead_image",
    "image_caption",
    "image_alt",
]


def copy_slug(slug):
    base = f"{slug[:245]}-copy"
    candidate, number = base, 1
    while PressRelease.objects.filter(slug=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def duplicate(original, *, user):
    """A new draft with `original`'s content, relations, tags and image: not its history,
    publication, translations or change note. A translation's copy is an original in the
    same language."""
    copy = PressRelease(
        **{name: getattr(original, name) for name in COPIED_FIELDS},
        slug=copy_slug(original.slug),
        status=Status.DRAFT,
        publish_at=timezone.now(),
        created_by=user,
        updated_by=user,
    )
    with transaction.atomic():
        copy.hold_history()
        copy.save()
        for name in SHARED_RELATIONS:
            getattr(copy, name).set(getattr(original, name).all())
        copy.tags.set(list(original.tags.all()))
        copy._change_reason = gettext("made as a new draft from release %(number)d") % {
            "number": original.pk
        }
        copy.record_version()
    return copy
