"""The newsroom desk's own records: the activity log, each person's notification
preferences, and the claims that make every notification email go out once.

Imported by releases.models, so that Django finds them as models of this app."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReleaseActivity(models.Model):
    """One publishing event on one release, kept when the release is deleted: the
    release's id and title are copied, and the link to it is cleared."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("submitted for review")
        PUBLISHED = "published", _("published")
        SCHEDULED = "scheduled", _("scheduled")
        RESCHEDULED = "rescheduled", _("rescheduled")
        UNPUBLISHED = "unpublished", _("unpublished")
        RESTORED = "restored", _("restored a version")
        DELETED = "deleted", _("deleted")

    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    at = models.DateTimeField(_("when"), db_index=True)
    release = models.ForeignKey(
        "releases.PressRelease",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activity",
        verbose_name=_("press release"),
    )
    release_ref = models.PositiveBigIntegerField(_("release number"), db_index=True)
    release_title = models.CharField(_("release title"), max_length=255)
    language = models.CharField(_("language"), max_length=10)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    user_name = models.CharField(_("by (name)"), max_length=150, blank=True)
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activity log")
        indexes = [
            models.Index(fields=["release_ref", "-at"], name="activity_by_release"),
            models.Index(fields=["user", "-at"], name="activity_by_user"),
        ]

    def __str__(self):
        return f"{self.user_name} {self.get_action_display()} {self.release_title}"


class NotificationPreference(models.Model):
    """What one staff member wants to be told by email. No row means every kind on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("user"),
    )
    review = models.BooleanField(
        _("a release is ready for review"),
        default=True,
        help_text=_("Sent to publishers when an editor submits a release for review."),
    )
    publication = models.BooleanField(
        _("my release was published or unpublished"),
        default=True,
        help_text=_(
            "Sent to a release's author when a publisher publishes, schedules or unpublishes it."
        ),
    )
    stale_translation = models.BooleanField(
        _("a translation I edited is out of date"),
        default=True,
        help_text=_(
            "Sent when the original of a translation you last edited changes in substance."
        ),
    )
    language = models.CharField(
        _("language of the emails"), max_length=10, default=settings.LANGUAGE_CODE
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return str(self.user)


class NotificationSent(models.Model):
    """The claim on one email to one person: a unique key, so that a retried or
    duplicated task sends nothing twice."""

    key = models.CharField(max_length=200, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("notification sent")
        verbose_name_plural = _("notifications sent")

    def __str__(self):
        return self.key
