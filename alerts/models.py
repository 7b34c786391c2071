"""Email alerts: a subscription is an address, a language and the newsroom's canonical
query; a publication is a release that became public (recorded once, whatever edits
follow); a delivery is one email about one release to one subscription (unique: the
claim that makes sending exactly-once, README "Email alerts")."""

import hashlib
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


def query_digest(language, query):
    return hashlib.blake2b(f"{language}\x00{query}".encode(), digest_size=16).hexdigest()


def new_secret():
    return secrets.token_urlsafe(16)


class Subscription(models.Model):
    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("As soon as published")
        DAILY = "daily", _("Daily digest")
        WEEKLY = "weekly", _("Weekly digest")

    email = models.EmailField(_("email address"), max_length=254, db_index=True)
    language = models.CharField(_("language"), max_length=10)
    # The newsroom's canonical query (releases.newsroom.canonical_query), "" for everything.
    query = models.TextField(_("filter"), blank=True)
    # Identifies (language, query): subscriptions are grouped by it to evaluate each
    # distinct filter once per publication.
    filter_key = models.CharField(max_length=32, db_index=True, editable=False)
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    # Part of every signed link: changing it (a new request after deletion) voids old ones.
    secret = models.CharField(max_length=32, default=new_secret, editable=False)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # Digests: the end of the window the last one covered, and when the next is due.
    last_digest_at = models.DateTimeField(null=True, blank=True, editable=False)
    next_digest_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("alert subscription")
        verbose_name_plural = _("alert subscriptions")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["email", "filter_key"], name="one_subscription_per_address_and_filter"
            )
        ]
        indexes = [
            models.Index(
                fields=["language", "frequency", "confirmed_at"], name="alert_subscription_match"
            ),
            models.Index(fields=["next_digest_at"], name="alert_digest_due"),
        ]
        permissions = [
            ("view_subscribers", _("Can see alert subscribers and their addresses")),
        ]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.filter_key = query_digest(self.language, self.query)
        super().save(*args, **kwargs)

    @property
    def confirmed(self):
        return self.confirmed_at is not None


class Publication(models.Model):
    """A release that became public, recorded once by the change hook or the scheduler:
    a later edit, minor or major, finds the row and sends nothing again."""

    release = models.OneToOneField(
        "releases.PressRelease",
        on_delete=models.CASCADE,
        related_name="alert_publication",
        verbose_name=_("press release"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    # Set once the release was matched against every immediate subscription.
    matched_at = models.DateTimeField(_("matched at"), null=True, blank=True)
    matched_filters = models.PositiveIntegerField(_("filters evaluated"), default=0)

    class Meta:
        verbose_name = _("alert run")
        verbose_name_plural = _("alert runs")
        ordering = ["-recorded_at", "-id"]

    def __str__(self):
        return str(self.release)


class Delivery(models.Model):
    """One email about one release to one subscription. The unique pair is the claim:
    a delivery is created once, locked by one worker while it sends, and marked sent in
    the same transaction."""

    class Kind(models.TextChoices):
        IMMEDIATE = "immediate", _("Alert")
        DIGEST = "digest", _("Digest")

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    release = models.ForeignKey(
        "releases.PressRelease", on_delete=models.CASCADE, related_name="alert_deliveries"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.IMMEDIATE)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "release"], name="one_delivery_per_subscription_release"
            )
        ]
        indexes = [
            # Senders claim "the first pending delivery of this release" (ORDER BY id
            # LIMIT 1 FOR UPDATE SKIP LOCKED): an index of pending rows only, in order.
            models.Index(
                fields=["release", "id"],
                condition=models.Q(sent_at__isnull=True, kind="immediate"),
                name="alert_delivery_pending",
            )
        ]

    def __str__(self):
        return f"{self.subscription_id} / {self.release_id}"


class ConfirmationRequest(models.Model):
    """A confirmation email sent (or refused): what the hourly limits count, per address
    and per client address. Kept a day."""

    address_key = models.CharField(max_length=32, db_index=True)
    client_key = models.CharField(max_length=32, db_index=True)
    sent_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self):
        return f"{self.address_key} {self.sent_at}"
