"""The release form staff use in the admin, and the publishing rules it enforces."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import AdminProseEditorWidget
from simple_history.models import is_historic, to_historic
from taggit.models import Tag

from .models import HISTORY_RELATIONS, PressRelease
from .sanitize import sanitize_html
from .translations import sync_relations

Status = PressRelease.Status

# Only what the public release page styles: paragraphs, two heading levels, lists, links,
# bold, italic and quotations. The server-side allow-list (releases/sanitize.py) matches.
BODY_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "History": True,
}

PUBLISH_PERMISSION = "releases.publish_pressrelease"


def can_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)


def time_zone_note():
    now = timezone.localtime()
    return _("Times are in %(zone)s (now %(abbr)s, UTC%(offset)s).") % {
        "zone": settings.TIME_ZONE,
        "abbr": now.strftime("%Z"),
        "offset": now.strftime("%z")[:3] + ":" + now.strftime("%z")[3:],
    }


def language_choices():
    return list(settings.LANGUAGES)


class PressReleaseAdminForm(forms.ModelForm):
    language = forms.ChoiceField(
        label=_("Language"),
        choices=language_choices,
        initial=settings.LANGUAGE_CODE,
        required=False,  # left out: the release keeps its language (new: the default)
        help_text=_("The language this version is written in."),
    )
    body = ProseEditorFormField(
        config={"extensions": BODY_EXTENSIONS},
        sanitize=sanitize_html,
        required=False,
        widget=AdminProseEditorWidget,
        label=_("Body"),
    )
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    minor_change = forms.BooleanField(
        label=_("Minor change"),
        required=False,
        help_text=_(
            "Tick for a typo or formatting fix: the release keeps its “updated” date and "
            "feed readers are not told it changed. Leave unticked for a change in substance, "
            "and say what changed in the change note."
        ),
    )

    class Meta:
        model = PressRelease
        fields = [
            "language",
            "release_type",
            "title",
            "slug",
            "standfirst",
            "date",
            "place",
            "sources",
            "fields_of_work",
            "countries",
            "meeting_types",
            "tags",
            "lead_image",
            "image_caption",
            "image_alt",
            "body",
            "status",
            "publish_at",
            "change_note",
        ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.original = None
        if self.instance.pk:
            self.original = PressRelease.objects.filter(pk=self.instance.pk).first()
            self.fields["loaded_version"].initial = self.instance.version
        if is_historic(self.instance):
            self.initial.update(relations_of_version(to_historic(self.instance)))
        for name in ("publish_at",):
            if name in self.fields:
                self.fields[name].help_text = f"{self.fields[name].help_text} {time_zone_note()}"
        if "minor_change" in self.fields and not self.was_published():
            self.fields.pop("minor_change")

    def was_published(self):
        return bool(self.original and self.original.status == Status.PUBLISHED)

    def is_major_change(self, data):
        """A change in substance of a release the public already sees: its feeds move
        their "updated" date, so the page must say what changed."""
        return bool(
            self.original
            and self.original.is_published()
            and data.get("status") == Status.PUBLISHED
            and not data.get("minor_change")
        )

    def clean_language(self):
        return self.cleaned_data.get("language") or self.instance.language or settings.LANGUAGE_CODE

    def clean_tags(self):
        # Names typed by hand, or the tags the admin's tag field resolved them to.
        tags = self.cleaned_data.get("tags") or []
        limit = Tag._meta.get_field("name").max_length
        if any(len(str(tag)) > limit for tag in tags):
            raise forms.ValidationError(
                _("A tag can be at most %(limit)d characters long."),
                code="max_length",
                params={"limit": limit},
            )
        return tags

    def clean(self):
        data = super().clean()
        self.check_version(data)
        self.check_publishing_rights(data)
        self.check_change_note(data)
        return data

    def check_change_note(self, data):
        if self.is_major_change(data) and not (data.get("change_note") or "").strip():
            self.add_error(
                "change_note",
                _(
                    "Say in the change note what changed: the page shows it with the "
                    "“Updated” date. For a typo or formatting fix, tick “Minor change”."
                ),
            )

    def save(self, commit=True):
        """One save is one version in the history, the relations included: the row and
        each many-to-many relation are saved in turn, and the version is recorded once,
        after the last of them (the admin saves relations through save_m2m)."""
        release = super().save(commit=False)
        release.hold_history()
        save_relations = self.save_m2m

        def save_m2m():
            save_relations()
            release.record_version()
            if not release.translation_of_id:
                # The original's relations and date, as saved (or restored), onto
                # every translation: one version on each that changes.
                sync_relations(release)

        self.save_m2m = save_m2m
        if commit:
            release.save()
            self.save_m2m()
        return release

    def check_version(self, data):
        if not self.original:
            return
        loaded = data.get("loaded_version")
        if loaded != self.original.version:
            who = self.original.updated_by.get_username() if self.original.updated_by else "?"
            when = date_format(timezone.localtime(self.original.updated_at), "DATETIME_FORMAT")
            raise forms.ValidationError(
                _(
                    "%(who)s saved this release at %(when)s, after you opened it. Your "
                    "changes have NOT been saved, and theirs are untouched. Copy what you "
                    "changed, open the release again to see their version, and apply your "
                    "changes there."
                ),
                code="stale",
                params={"who": who, "when": when},
            )

    def check_publishing_rights(self, data):
        """The server-side rule, whatever buttons the page showed: only publishers
        publish, schedule, reschedule or unpublish."""
        if self.user is None or can_publish(self.user):
            return
        status = data.get("status")
        if self.was_published():
            publish_at_changed = data.get("publish_at") != self.original.publish_at
            if status != Status.PUBLISHED or publish_at_changed:
                self.add_error(
                    "status", _("Only publishers may unpublish or reschedule a release.")
                )
            else:
                self.add_error(None, _("Only publishers may change a published release."))
        elif status == Status.PUBLISHED:
            self.add_error(
                "status",
                _(
                    "Only publishers may publish or schedule a release. Save it as "
                    "“ready for review” and a publisher will take it from there."
                ),
            )

    def apply_workflow(self, release, *, now=None):
        """Fill the fields that follow from the editor's choices (called on save)."""
        now = now or timezone.now()
        becoming_public = release.status == Status.PUBLISHED and not self.was_published()
        if becoming_public:
            if release.publish_at <= now:
                release.publish_at = now  # published now: the feed time is the real one
            release.last_major_change = release.publish_at
            original_status = self.original.status if self.original else Status.DRAFT
            release.published_without_review = original_status != Status.REVIEW
        elif (
            self.was_published()
            and release.status == Status.PUBLISHED
            and not self.cleaned_data.get("minor_change")
        ):
            # Later than publication (so shown as "Updated") only for a release that
            # was public already, which is_major_change() asks a change note for.
            release.last_major_change = max(now, release.publish_at)


def relations_of_version(record):
    """The many-to-many choices of a historical version, as form initial data."""
    initial = {}
    for name in HISTORY_RELATIONS:
        target = PressRelease._meta.get_field(name).m2m_reverse_field_name()
        initial[name] = list(getattr(record, name).values_list(f"{target}_id", flat=True))
    return initial
