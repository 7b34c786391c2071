"""Emails that tell staff about the desk's work: a release ready for review (its
publishers), published, scheduled or unpublished (its author), a translation out of date
(whoever last edited it). Plain functions taking ids, which releases/tasks.py runs on the
task queue once the write has committed; each email is claimed by a unique row first,
so that a retry or a second worker sends nothing twice. Each person turns each kind off
on their own profile page (NotificationPreference)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from . import translations
from .desk_models import NotificationPreference, NotificationSent, ReleaseActivity
from .forms import PUBLISH_PERMISSION
from .models import PressRelease

Action = ReleaseActivity.Action

REVIEW, PUBLICATION, STALE = "review", "publication", "stale_translation"


def wants(user, kind):
    """Whether `user` takes emails of `kind` (no preferences saved: every kind)."""
    if not (user and user.is_active and user.email):
        return False
    try:
        return getattr(user.notification_preference, kind)
    except NotificationPreference.DoesNotExist:
        return True


def language_of(user):
    try:
        language = user.notification_preference.language
    except NotificationPreference.DoesNotExist:
        return settings.LANGUAGE_CODE
    return language if language in translations.language_codes() else settings.LANGUAGE_CODE


def admin_link(release_pk):
    path = reverse("admin:releases_pressrelease_change", args=[release_pk])
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def local_time(value):
    local = timezone.localtime(value)
    return f"{date_format(local, 'DATETIME_FORMAT')} {date_format(local, 'T')}"


def send_once(key, user, subject, template, context):
    """Claim `key`, then send; a failed send gives the claim back (the task retries).
    True if this call sent the email."""
    try:
        with transaction.atomic():
            claim = NotificationSent.objects.create(key=key[:200])
    except IntegrityError:
        return False  # sent already, by an earlier run of the same task
    try:
        with translation.override(language_of(user)):
            body = render_to_string(template, {**context, "user": user})
            EmailMessage(
                " ".join(subject().split()),  # one line whatever a title holds
                body,
                settings.DEFAULT_FROM_EMAIL,
                [user.email],
                reply_to=settings.EMAIL_REPLY_TO or None,
            ).send()
    except Exception:
        claim.delete()
        raise
    return True


def publishers():
    # The permission backend (django-axes' backend, also configured, grants nothing).
    users = get_user_model().objects.with_perm(
        PUBLISH_PERMISSION,
        include_superusers=True,
        backend="django.contrib.auth.backends.ModelBackend",
    )
    return users.filter(is_active=True, is_staff=True).exclude(email="")


def notify_review(activity_id):
    """A release was submitted for review: each publisher who wants it gets one email
    (not the one who submitted it). Returns the number sent."""
    entry = ReleaseActivity.objects.filter(pk=activity_id, action=Action.SUBMITTED).first()
    if entry is None or entry.release_id is None:
        return 0
    release = entry.release
    if release.status != PressRelease.Status.REVIEW:
        return 0  # taken back or published since: nothing to review any more
    sent = 0
    for user in publishers().exclude(pk=entry.user_id).select_related("notification_preference"):
        if not wants(user, REVIEW):
            continue
        sent += send_once(
            f"review:{entry.pk}:{user.pk}",
            user,
            lambda release=release: (
                gettext("Ready for review: %(title)s") % {"title": release.title}
            ),
            "releases/email/review.txt",
            {"release": release, "entry": entry, "link": admin_link(release.pk)},
        )
    return sent


def notify_author(activity_id):
    """A release was published, scheduled or unpublished: its author is told, unless
    they did it themselves. Returns the number sent (0 or 1)."""
    entry = ReleaseActivity.objects.filter(
        pk=activity_id, action__in=[Action.PUBLISHED, Action.SCHEDULED, Action.UNPUBLISHED]
    ).first()
    if entry is None or entry.release_id is None:
        return 0
    release = PressRelease.objects.select_related("created_by").get(pk=entry.release_id)
    author = release.created_by
    if author is None or author.pk == entry.user_id or not wants(author, PUBLICATION):
        return 0
    subjects = {
        Action.PUBLISHED: lambda: gettext("Published: %(title)s"),
        Action.SCHEDULED: lambda: gettext("Scheduled: %(title)s"),
        Action.UNPUBLISHED: lambda: gettext("Unpublished: %(title)s"),
    }
    return int(
        send_once(
            f"author:{entry.pk}:{author.pk}",
            author,
            lambda: subjects[entry.action]() % {"title": entry.release_title},
            "releases/email/publication.txt",
            {
                "release": release,
                "entry": entry,
                "when": local_time(entry.publish_at or entry.at),
                "link": admin_link(release.pk),
                "public_link": f"{settings.SITE_URL.rstrip('/')}{release.get_absolute_url()}",
            },
        )
    )


def notify_stale_translations(original_id, changed_at):
    """The original `original_id` changed in substance at `changed_at` (ISO text): each
    of its translations now out of date tells whoever last edited it, once per change
    of the original. Returns the number sent."""
    original = PressRelease.objects.filter(pk=original_id, translation_of__isnull=True).first()
    if original is None:
        return 0
    stale = translations.out_of_date(original.translations.all())
    sent = 0
    for release in stale.select_related("updated_by", "created_by"):
        editor = release.updated_by or release.created_by
        if editor is None or not wants(editor, STALE):
            continue
        sent += send_once(
            f"stale:{release.pk}:{changed_at}:{editor.pk}",
            editor,
            lambda release=release: (
                gettext("Translation out of date: %(title)s") % {"title": release.title}
            ),
            "releases/email/stale_translation.txt",
            {
                "release": release,
                "original": original,
                "language": translations.language_name(release.language),
                "link": admin_link(release.pk),
                "original_link": admin_link(original.pk),
            },
        )
    return sent


def preferences_for(user):
    """The user's preferences row, or an unsaved one with every kind on."""
    found = NotificationPreference.objects.filter(user=user).first()
    return found or NotificationPreference(user=user)
