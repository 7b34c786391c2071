from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from . import search
from .sanitize import sanitize_html
from .tagging import ReleaseTagManager


def validate_language(value):
    if value not in dict(settings.LANGUAGES):
        raise ValidationError(
            _("%(value)s is not one of the site's languages."), params={"value": value}
        )


class StaleEditError(Exception):
    """Someone else saved the release after this copy was loaded."""

    def __init__(self, release):
        self.release = release
        super().__init__(f"Press release {release.pk} changed since version {release.version}.")


class PressReleaseQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: published, and its publish-at time has come."""
        return self.filter(status=PressRelease.Status.PUBLISHED, publish_at__lte=timezone.now())

    def scheduled(self):
        """Published, but waiting for its publish-at time."""
        return self.filter(status=PressRelease.Status.PUBLISHED, publish_at__gt=timezone.now())


class TaggedPressRelease(TaggedItemBase):
    content_object = models.ForeignKey("PressRelease", on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("tagged press release")
        verbose_name_plural = _("tagged press releases")


# Kept at module level so that a save made in steps (the row, then each relation) can be
# recorded as one version: see PressRelease.hold_history().
RELEASE_HISTORY = HistoricalRecords(
    excluded_fields=["search_vector", "version"],
    m2m_fields=["sources", "fields_of_work", "countries", "meeting_types"],
)
HISTORY_RELATIONS = RELEASE_HISTORY.m2m_fields


class PressRelease(models.Model):
    class ReleaseType(models.TextChoices):
        PRESS_RELEASE = "press_release", _("Press release")
        NEWS_ITEM = "news_item", _("News item")
        PRESS_STATEMENT = "press_statement", _("Press statement")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("Ready for review")
        PUBLISHED = "published", _("Published")

    language = models.CharField(
        _("language"),
        max_length=10,
        # Validated against settings.LANGUAGES when used, not declared as choices: a new
        # language is then a setting, with no migration.
        validators=[validate_language],
        default=settings.LANGUAGE_CODE,
        db_index=True,
        help_text=_("The language this version is written in."),
    )
    translation_of = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="translations",
        verbose_name=_("translation of"),
        help_text=_(
            "The original release this is a translation of; it shares the original's "
            "sources, fields of work, countries, meeting types, tags and date."
        ),
    )
    release_type = models.CharField(
        _("type"),
        max_length=20,
        choices=ReleaseType.choices,
        default=ReleaseType.PRESS_RELEASE,
        db_index=True,
    )
    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=255,
        unique=True,
        help_text=_("Part of the web address; keep it once published."),
    )
    standfirst = models.TextField(
        _("standfirst"),
        blank=True,
        help_text=_("One or two sentences shown in lists, feeds and search results."),
    )
    body = models.TextField(_("body"), blank=True)
    date = models.DateField(
        _("date"),
        default=timezone.localdate,
        help_text=_("The date shown on the page."),
    )
    place = models.CharField(
        _("place"),
        max_length=120,
        blank=True,
        help_text=_("Dateline in capitals: one or more cities, e.g. NEW YORK or VIENNA/WARSAW."),
    )
    sources = models.ManyToManyField(
        "taxonomy.Structure", related_name="releases", blank=True, verbose_name=_("sources")
    )
    fields_of_work = models.ManyToManyField(
        "taxonomy.FieldOfWork",
        related_name="releases",
        blank=True,
        verbose_name=_("fields of work"),
    )
    countries = models.ManyToManyField(
        "countries.Country", related_name="releases", blank=True, verbose_name=_("countries")
    )
    meeting_types = models.ManyToManyField(
        "taxonomy.MeetingType",
        related_name="releases",
        blank=True,
        verbose_name=_("meeting types"),
    )
    # Shown in name order everywhere: taggit's default (the link rows' order) is lost
    # when tags are prefetched, and the database then returns them in any order.
    tags = TaggableManager(
        blank=True,
        through=TaggedPressRelease,
        manager=ReleaseTagManager,
        verbose_name=_("tags"),
        ordering=["name", "id"],
    )
    lead_image = models.ForeignKey(
        "releases.Image",
        # Refused while in use: deleting a library image lists the releases that use it.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="releases",
        verbose_name=_("lead image"),
        help_text=_(
            "Choose an image from the library, or add one with the + button. The same "
            "image may serve several releases and their translations."
        ),
    )
    image_caption = models.CharField(
        _("caption"),
        max_length=300,
        blank=True,
        help_text=_("Leave empty to use the library's caption; a translation gives its own."),
    )
    image_alt = models.CharField(
        _("alternative text"),
        max_length=300,
        blank=True,
        help_text=_(
            "Leave empty to use the library's alternative text; a translation gives its own."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        default=timezone.now,
        help_text=_("A published release becomes public at this time; a future time schedules it."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    last_major_change = models.DateTimeField(
        _("last major change"),
        null=True,
        blank=True,
        help_text=_("When the content last changed in substance; a typo fix does not count."),
    )
    change_note = models.CharField(
        _("change note"),
        max_length=300,
        blank=True,
        help_text=_("Public note on what the last major change was."),
    )

    published_without_review = models.BooleanField(
        _("published without review"),
        default=False,
        help_text=_("Set when a publisher published it straight from draft."),
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Raised on every save; a save based on an older version is refused."),
    )
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PressReleaseQuerySet.as_manager()
    history = RELEASE_HISTORY

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("press release")
        verbose_name_plural = _("press releases")
        permissions = [
            ("publish_pressrelease", _("Can publish, schedule and unpublish press releases")),
        ]
        indexes = [
            models.Index(fields=["status", "-publish_at", "-id"], name="release_public_order"),
            models.Index(fields=["-date", "-id"], name="release_date_order"),
            GinIndex(fields=["search_vector"], name="release_search_vector"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["translation_of", "language"],
                condition=models.Q(translation_of__isnull=False),
                name="one_translation_per_language",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.sanitise()
        if self.last_major_change is None:
            self.last_major_change = self.publish_at
        # Read before the version is claimed: a save in between makes the claim fail.
        replaced = self.stored_lead_image(kwargs.get("update_fields"))
        with transaction.atomic():
            if not self._state.adding and self.pk:
                # Optimistic locking: the row must still be at the version this
                # instance was loaded with, or someone else saved in between.
                claimed = (
                    type(self)
                    .objects.filter(pk=self.pk, version=self.version)
                    .update(version=models.F("version") + 1)
                )
                if not claimed:
                    raise StaleEditError(self)
                self.version += 1
            super().save(*args, **kwargs)
            if search.uses_postgres():
                # The stored vector is what the GIN index and relevance sorting read; it
                # is built with the text search configuration of the release's own
                # language. In the transaction that records the change: the listing
                # engine reads a changed release's words when it applies the change.
                type(self).objects.filter(pk=self.pk).update(
                    search_vector=search.search_vector(self.language)
                )
        if replaced and replaced != self.lead_image_id:
            drop_unused_image_on_commit(replaced)

    def get_absolute_url(self):
        # Under the release's own language prefix, whatever the current request's.
        with translation.override(self.language):
            return reverse("releases:detail", kwargs={"pk": self.pk, "slug": self.slug})

    def public_versions(self):
        """This release's public language versions (the original and its published
        translations, this release included if public), in the order of
        settings.LANGUAGES: what hreflang alternates and the language switcher link."""
        root = self.translation_of_id or self.pk
        if root is None:
            return []
        family = PressRelease.objects.published().filter(
            models.Q(pk=root) | models.Q(translation_of=root)
        )
        order = {code: index for index, (code, _name) in enumerate(settings.LANGUAGES)}
        return sorted(family, key=lambda release: order.get(release.language, len(order)))

    def clean(self):
        self.clean_translation()

    def clean_translation(self):
        """A translation is of an original (no chains), in another language, one per
        language; an original keeps a language none of its translations has. Errors are
        the form's own (non-field): the admin's form of a translation shows neither field
        as an input."""
        original = self.translation_of if self.translation_of_id else None
        stored = not self._state.adding and self.pk  # a new row has no translations yet
        if original is not None:
            if original.translation_of_id or (self.pk and original.pk == self.pk):
                raise ValidationError(
                    _("A translation must be of an original release, not of a translation.")
                )
            if original.language == self.language:
                raise ValidationError(
                    _("A translation must be in another language than its original.")
                )
            others = PressRelease.objects.filter(translation_of=original.pk, language=self.language)
            if others.exclude(pk=self.pk).exists():
                raise ValidationError(_("The original already has a translation in that language."))
            if stored and self.translations.exists():
                raise ValidationError(
                    _("This release has translations of its own, so it cannot be a translation.")
                )
        elif stored and self.translations.filter(language=self.language).exists():
            raise ValidationError(_("A translation of this release is already in that language."))

    def hold_history(self):
        """Record no version for the next saves and relation changes of this instance,
        until record_version(): one save in steps (the row, then each many-to-many
        relation) is one version, not one per step."""
        self.skip_history_when_saving = True  # django-simple-history's documented switch

    def record_version(self):
        """Record the row and its relations, as they are now, as one version."""
        if hasattr(self, "skip_history_when_saving"):
            del self.skip_history_when_saving
        kind = "~" if self.history.exists() else "+"
        RELEASE_HISTORY.create_historical_record(self, kind)

    def is_published(self, now=None):
        """This release's side of PressRelease.objects.published(): the same rule, for a
        release already in hand."""
        now = now or timezone.now()
        return self.status == self.Status.PUBLISHED and self.publish_at <= now

    def is_scheduled(self):
        """This release's side of PressRelease.objects.scheduled()."""
        return self.status == self.Status.PUBLISHED and not self.is_published()

    is_published.boolean = True
    is_published.short_description = _("public")

    def sanitise(self):
        """The HTML rule of every write: save() applies it, and so does import_content,
        which inserts rows in bulk."""
        self.body = sanitize_html(self.body)

    def stored_lead_image(self, update_fields=None):
        """The id of the library image the database holds for this release (None if none)."""
        if self._state.adding or not self.pk:
            return None
        if update_fields is not None and "lead_image" not in update_fields:
            return None
        stored = type(self).objects.filter(pk=self.pk).values_list("lead_image", flat=True)
        return stored.first()

    # The lead image: the library's, with this release's caption and alternative text
    # where it gives its own (a translation, in its language).

    @property
    def lead_caption(self):
        return self.image_caption or (self.lead_image.caption if self.lead_image else "")

    @property
    def lead_alt(self):
        return self.image_alt or (self.lead_image.alt_text if self.lead_image else "")

    @property
    def lead_credit(self):
        return self.lead_image.credit if self.lead_image else ""


def release_deleted(sender, instance, **kwargs):
    """post_delete, so that deleting many releases at once (the admin's bulk action, a
    queryset) takes their images offline too, where no other release uses them."""
    if instance.lead_image_id:
        drop_unused_image_on_commit(instance.lead_image_id)


class Change(models.Model):
    """A write to a release (or, with no release named, to anything the listings show),
    recorded in the writing transaction by releases.changes.record(), the one change
    hook. The listing engine (releases.engine) reloads the releases named by the rows
    added since it last looked; rows older than a day are pruned."""

    # Not a foreign key: the row outlives the release it names. An internal table, never
    # shown to staff: its names are not for translation.
    release_id = models.BigIntegerField("release", null=True, blank=True)
    at = models.DateTimeField("at", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "change"
        verbose_name_plural = "changes"
        indexes = [
            # The newest change of everything (releases.changes.newest_change_of_everything):
            # what a process with no shared cache keys its vocabulary by.
            models.Index(
                fields=["id"],
                condition=models.Q(release_id__isnull=True),
                name="releases_change_everything",
            ),
        ]

    def __str__(self):
        return f"{self.release_id or '*'} at {self.at:%Y-%m-%d %H:%M:%S}"


# The newsroom desk (activity log, notification preferences): models of their own module.
from .desk_models import (  # noqa: E402, F401
    NotificationPreference,
    NotificationSent,
    ReleaseActivity,
)

# The media library and attachments live in their own module (releases/library.py).
from .library import (  # noqa: E402
    Attachment,
    Image,
    attachment_deleted,
    drop_unused_image_on_commit,
    image_deleted,
    lead_image_path,  # named by the migrations that made the old image field
    remove_image_on_commit,
    touch_releases,
)

__all__ = [
    "release_deleted",
    "Change",
    "NotificationPreference",
    "NotificationSent",
    "ReleaseActivity",
    "Attachment",
    "Image",
    "PressRelease",
    "TaggedPressRelease",
    "attachment_deleted",
    "drop_unused_image_on_commit",
    "image_deleted",
    "lead_image_path",
    "remove_image_on_commit",
    "touch_releases",
]
