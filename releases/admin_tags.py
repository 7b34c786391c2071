"""Tags in the admin: the release form's tag box suggests existing tags as one types
(Django's own select2, fed by an endpoint of the tag admin) and creates a tag only when
"Create new tag …" is picked; the tag admin merges duplicates.

taggit registers an admin for its Tag whose merge moves only taggit's generic links, not
ours (TaggedPressRelease): it is replaced here."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import get_select2_language
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from . import tagging
from .changes import record
from .models import TaggedPressRelease

PAGE_SIZE = 20
MAX_TAGS = 50
ITEMS = f"{TaggedPressRelease._meta.app_label}_{TaggedPressRelease._meta.model_name}_items"


class TagAutocompleteWidget(forms.SelectMultiple):
    """A multiple select of tag names, turned into a select2 box by
    static/js/admin-tags.js. Only the chosen tags are rendered as options; the others
    come from the tag admin's autocomplete endpoint."""

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs=extra_attrs)
        attrs.update(
            {
                "class": " ".join(filter(None, [attrs.get("class"), "tag-autocomplete"])),
                "data-ajax--url": reverse("admin:taggit_tag_autocomplete"),
                "data-ajax--cache": "true",
                "data-ajax--delay": 250,
                "data-ajax--type": "GET",
                "data-theme": "admin-autocomplete",
                "data-placeholder": gettext("Type to find a tag"),
                # Translators: an option in the tag box; %s is what was typed.
                "data-create-label": gettext("Create new tag “%s”"),
                "lang": get_select2_language(),
            }
        )
        return attrs

    def optgroups(self, name, value, attrs=None):
        options = [self.create_option(name, v, v, True, i) for i, v in enumerate(value)]
        return [(None, options, 0)]

    def format_value(self, value):
        return [str(v) for v in value or []]

    @property
    def media(self):
        extra = "" if settings.DEBUG else ".min"
        language = get_select2_language()
        return forms.Media(
            js=(
                f"admin/js/vendor/jquery/jquery{extra}.js",
                f"admin/js/vendor/select2/select2.full{extra}.js",
                *([f"admin/js/vendor/select2/i18n/{language}.js"] if language else []),
                "admin/js/jquery.init.js",
                "js/admin-tags.js",
            ),
            css={
                "screen": (
                    f"admin/css/vendor/select2/select2{extra}.css",
                    "admin/css/autocomplete.css",
                )
            },
        )


class TagNamesField(forms.Field):
    """Tag names in, [Tag or new name] out: a name that matches an existing tag's name
    (case-insensitively) or slug is that tag; any other is a new tag, which only users
    allowed to add tags may create."""

    widget = TagAutocompleteWidget
    default_error_messages = {
        "too_long": _("A tag can be at most %(limit)d characters: “%(name)s…”."),
        "no_letters": _("A tag needs a letter or a digit: “%(name)s”."),
        "control": _("A tag cannot contain control characters."),
        "too_many": _("Give at most %(limit)d tags."),
        "no_create": _(
            "You may pick existing tags but not create new ones (%(names)s): ask an "
            "administrator, or choose an existing tag."
        ),
    }

    def __init__(self, *, user=None, **kwargs):
        self.user = user
        super().__init__(**kwargs)

    def prepare_value(self, value):
        """The model gives Tag objects, a redisplayed form the names it was sent."""
        names = [tag.name if isinstance(tag, Tag) else str(tag) for tag in value or []]
        return sorted(names, key=str.casefold) if value and isinstance(value[0], Tag) else names

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        # Commas separate tags, as in taggit's text box (and a pasted list).
        names = [part.strip() for name in value for part in str(name).split(",")]
        return [name for name in names if name]

    def validate(self, value):
        super().validate(value)
        if len(value) > MAX_TAGS:
            raise forms.ValidationError(
                self.error_messages["too_many"], code="too_many", params={"limit": MAX_TAGS}
            )
        for name in value:
            if any(ord(char) < 32 or ord(char) == 127 for char in name):
                raise forms.ValidationError(self.error_messages["control"], code="control")
            if len(name) > tagging.MAX_LENGTH:
                raise forms.ValidationError(
                    self.error_messages["too_long"],
                    code="too_long",
                    params={"limit": tagging.MAX_LENGTH, "name": name[:40]},
                )
            if not tagging.tag_slug(name):
                raise forms.ValidationError(
                    self.error_messages["no_letters"], code="no_letters", params={"name": name}
                )

    def clean(self, value):
        names = super().clean(value)
        tags, new = tagging.resolve(names)
        if new and self.user is not None and not self.user.has_perm("taggit.add_tag"):
            raise forms.ValidationError(
                self.error_messages["no_create"],
                code="no_create",
                params={"names": ", ".join(f"“{name}”" for name in new)},
            )
        return [*tags, *new]

    def has_changed(self, initial, data):
        before = {name.casefold() for name in self.prepare_value(initial)}
        try:
            tags, new = tagging.resolve(self.to_python(data))
        except forms.ValidationError:
            return True
        return before != {tag.name.casefold() for tag in tags} | {n.casefold() for n in new}


class ReleaseTagsMixin:
    """For the release admin: the tags box above in place of taggit's comma-separated
    text field."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            return TagNamesField(
                user=request.user,
                required=not db_field.blank,
                label=db_field.verbose_name.capitalize(),
                help_text=_(
                    "Type to find existing tags. To add a tag that does not exist yet, "
                    "choose “Create new tag” at the end of the list."
                ),
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class TagAdminForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name", "slug"]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = Tag.objects.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(
                _("The tag “%(name)s” exists already: merge the two instead."),
                params={"name": others.first().name},
            )
        return name


def merge_tags(target, others):
    """Tag every release carrying one of `others` with `target` instead, and delete
    `others`. Returns the number of releases whose tags changed."""
    others = [tag for tag in others if tag.pk != target.pk]
    links = TaggedPressRelease.objects.filter(tag__in=others)
    with transaction.atomic():
        # Lock the tags: a release tagged with one of them meanwhile waits for the merge.
        list(Tag.objects.select_for_update().filter(pk__in=[target.pk, *(t.pk for t in others)]))
        has_target = set(
            TaggedPressRelease.objects.filter(tag=target).values_list(
                "content_object_id", flat=True
            )
        )
        releases = set(links.values_list("content_object_id", flat=True))
        links.delete()
        TaggedPressRelease.objects.bulk_create(
            [
                TaggedPressRelease(tag=target, content_object_id=pk)
                for pk in sorted(releases - has_target)
            ]
        )
        Tag.objects.filter(pk__in=[tag.pk for tag in others]).delete()
        record(releases)  # bulk writes send no signals of their own
    return len(releases)


if admin.site.is_registered(Tag):
    admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    form = TagAdminForm
    list_display = ["name", "slug", "release_count"]
    search_fields = ["name", "slug"]
    ordering = ["name", "id"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["merge"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(release_count=Count(ITEMS))

    @admin.display(description=_("releases"), ordering="release_count")
    def release_count(self, tag):
        return tag.release_count

    def get_search_results(self, request, queryset, search_term):
        # PostgreSQL refuses a NUL byte in a query parameter.
        return super().get_search_results(request, queryset, search_term.replace("\x00", ""))

    def get_urls(self):
        autocomplete = path(
            "autocomplete/",
            self.admin_site.admin_view(self.autocomplete_view),
            name="taggit_tag_autocomplete",
        )
        return [autocomplete, *super().get_urls()]

    def autocomplete_view(self, request):
        """Tags whose name or slug contains the term, those starting with it first, in
        select2's format with the name as the value."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        term = request.GET.get("term", "").strip()
        page_text = request.GET.get("page", "1")
        page = int(page_text) if page_text.isdigit() and 0 < int(page_text) < 1000 else 1
        tags = Tag.objects.all()
        if "\x00" in term or len(term) > tagging.MAX_LENGTH:
            tags = tags.none()  # PostgreSQL refuses a NUL byte; nothing is that long
        elif term:
            matches = Q(name__icontains=term)
            if slug := tagging.tag_slug(term):
                matches |= Q(slug__icontains=slug)
            first = Case(
                When(name__istartswith=term, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
            tags = tags.filter(matches).annotate(first=first).order_by("first", "name", "id")
        else:
            tags = tags.order_by("name", "id")
        start = (page - 1) * PAGE_SIZE
        found = list(tags.values_list("name", flat=True)[start : start + PAGE_SIZE + 1])
        return JsonResponse(
            {
                "results": [{"id": name, "text": name} for name in found[:PAGE_SIZE]],
                "pagination": {"more": len(found) > PAGE_SIZE},
            }
        )

    @admin.action(description=_("Merge selected tags into one"), permissions=["change", "delete"])
    def merge(self, request, queryset):
        tags = list(queryset.annotate(release_count=Count(ITEMS)).order_by("name", "id"))
        if len(tags) < 2:
            self.message_user(request, _("Select at least two tags to merge."), messages.WARNING)
            return None
        target = next((t for t in tags if str(t.pk) == request.POST.get("target")), None)
        if request.POST.get("post") == "yes" and target is not None:
            count = merge_tags(target, tags)
            message = ngettext(
                "Merged %(others)s into “%(target)s”: %(count)d release changed.",
                "Merged %(others)s into “%(target)s”: %(count)d releases changed.",
                count,
            ) % {
                "others": ", ".join(f"“{t.name}”" for t in tags if t.pk != target.pk),
                "target": target.name,
                "count": count,
            }
            self.message_user(request, message, messages.SUCCESS)
            return None
        return TemplateResponse(
            request,
            "admin/taggit/tag/merge.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Merge tags"),
                "tags": tags,
                "suggested": max(tags, key=lambda t: t.release_count),
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "missing_target": request.POST.get("post") == "yes",
            },
        )
