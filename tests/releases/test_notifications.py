"""Notification emails: who is told what, once, in their language, unless they said no;
and one test through the admin, the task queue and a real SMTP server."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from releases import notifications
from releases.desk_models import NotificationPreference, NotificationSent, ReleaseActivity
from releases.models import PressRelease
from tests.factories import PressReleaseFactory
from tests.releases.test_admin import change_url, form_data

Status = PressRelease.Status
Action = ReleaseActivity.Action
LIST = reverse("admin:releases_pressrelease_changelist")


@pytest.fixture
def team(staff, django_user_model):
    """An editor and two publishers, each with an email address."""
    editor, publisher = staff("Editor"), staff("Publisher")
    second = django_user_model.objects.create_user(
        "second", "second@example.org", "x", is_staff=True
    )
    second.groups.set(publisher.groups.all())
    for user in (editor, publisher):
        user.email = f"{user.username}@example.org"
        user.save()
    return editor, publisher, second


def submit(client, editor):
    client.force_login(editor)
    client.post(reverse("admin:releases_pressrelease_add"), form_data(status=Status.REVIEW))
    return PressRelease.objects.get()


@pytest.mark.django_db
def test_review_tells_each_publisher_once_per_release_not_per_save(
    client, team, django_capture_on_commit_callbacks
):
    editor, publisher, second = team
    with django_capture_on_commit_callbacks(execute=True):
        release = submit(client, editor)
    assert sorted(m.to[0] for m in mail.outbox) == ["publisher@example.org", "second@example.org"]
    message = mail.outbox[0]
    assert message.subject == f"Ready for review: {release.title}"
    assert "editor submitted" in message.body
    assert f"http://127.0.0.1:8000{change_url(release)}" in message.body
    release.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(change_url(release), form_data(release, status=Status.REVIEW, title="Better"))
    assert len(mail.outbox) == 2  # another save while in review tells no one again
    entry = ReleaseActivity.objects.get(action=Action.SUBMITTED)
    assert notifications.notify_review(entry.pk) == 0  # a retried task sends nothing twice
    assert NotificationSent.objects.count() == 2


@pytest.mark.django_db
def test_review_email_respects_preferences_and_language(client, team):
    editor, publisher, second = team
    NotificationPreference.objects.create(user=second, review=False)
    NotificationPreference.objects.create(user=publisher, language="de")
    release = submit(client, editor)
    entry = ReleaseActivity.objects.get(release=release)
    assert notifications.notify_review(entry.pk) == 1
    (message,) = mail.outbox
    assert message.to == ["publisher@example.org"]
    assert message.subject.startswith("Bereit zur Prüfung: ")


@pytest.mark.django_db
def test_no_review_email_once_the_release_left_review(client, team):
    editor, _publisher, _second = team
    release = submit(client, editor)
    PressRelease.objects.filter(pk=release.pk).update(status=Status.DRAFT)
    entry = ReleaseActivity.objects.get(release=release)
    assert notifications.notify_review(entry.pk) == 0
    assert notifications.notify_review(10**12) == 0


@pytest.mark.django_db
def test_publication_and_unpublication_tell_the_author(
    client, team, django_capture_on_commit_callbacks
):
    editor, publisher, _second = team
    release = PressReleaseFactory(status=Status.REVIEW, created_by=editor)
    client.force_login(publisher)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            LIST, {"action": "publish_now", "_selected_action": [release.pk], "post": "yes"}
        )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(LIST, {"action": "unpublish", "_selected_action": [release.pk], "post": "yes"})
    assert [m.subject for m in mail.outbox] == [
        f"Published: {release.title}",
        f"Unpublished: {release.title}",
    ]
    assert all(m.to == ["editor@example.org"] for m in mail.outbox)
    assert "publisher published your release" in mail.outbox[0].body
    assert release.get_absolute_url() in mail.outbox[0].body


@pytest.mark.django_db
def test_scheduling_tells_the_author_when_and_not_when_turned_off(client, team):
    editor, publisher, _second = team
    release = PressReleaseFactory(
        status=Status.PUBLISHED,
        publish_at=timezone.now() + datetime.timedelta(days=1),
        created_by=editor,
    )
    entry = ReleaseActivity.objects.create(
        action=Action.SCHEDULED,
        at=timezone.now(),
        release=release,
        release_ref=release.pk,
        release_title=release.title,
        language="en",
        user=publisher,
        user_name="publisher",
        publish_at=release.publish_at,
    )
    assert notifications.notify_author(entry.pk) == 1
    assert "It goes live on" in mail.outbox[0].body
    NotificationPreference.objects.create(user=editor, publication=False)
    mail.outbox.clear()
    NotificationSent.objects.all().delete()
    assert notifications.notify_author(entry.pk) == 0
    # Nor does a publisher get told of their own release's publication.
    own = PressReleaseFactory(status=Status.REVIEW, created_by=publisher)
    client.force_login(publisher)
    client.post(LIST, {"action": "publish_now", "_selected_action": [own.pk], "post": "yes"})
    entry = ReleaseActivity.objects.get(release=own)
    assert notifications.notify_author(entry.pk) == 0


@pytest.mark.django_db
def test_a_major_change_of_the_original_tells_the_translations_last_editor(
    client, team, django_capture_on_commit_callbacks
):
    editor, publisher, _second = team
    original = PressReleaseFactory(published=True, created_by=publisher)
    translation = PressReleaseFactory(
        language="fr",
        translation_of=original,
        updated_by=editor,
        last_major_change=original.last_major_change,
    )
    client.force_login(publisher)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            change_url(original),
            form_data(original, title="Observers change their findings", change_note="New data"),
        )
    (message,) = mail.outbox
    assert message.to == ["editor@example.org"]
    assert message.subject == f"Translation out of date: {translation.title}"
    assert "French translation" in message.body
    original.refresh_from_db()
    changed = original.last_major_change.isoformat()
    assert notifications.notify_stale_translations(original.pk, changed) == 0  # once
    NotificationPreference.objects.create(user=editor, stale_translation=False)
    NotificationSent.objects.all().delete()
    assert notifications.notify_stale_translations(original.pk, changed) == 0


@pytest.mark.django_db
def test_a_failed_send_gives_the_claim_back_for_the_retry(client, team, monkeypatch):
    editor, publisher, second = team
    release = submit(client, editor)
    entry = ReleaseActivity.objects.get(release=release)

    def refuse(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with pytest.raises(OSError):
        notifications.notify_review(entry.pk)
    assert not NotificationSent.objects.exists()
    monkeypatch.undo()
    assert notifications.notify_review(entry.pk) == 2


@pytest.mark.django_db(transaction=True)
def test_review_email_reaches_a_real_smtp_server(client, team, settings, smtp_server):
    """Through the admin, the task queue (eager, after the commit) and SMTP."""
    editor, _publisher, _second = team
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = smtp_server.hostname, smtp_server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    release = submit(client, editor)
    received = smtp_server.wait_for(2)
    assert sorted(r for m in received for r in m["rcpttos"]) == [
        "publisher@example.org",
        "second@example.org",
    ]
    assert received[0]["subject"] == f"Ready for review: {release.title}"
    assert change_url(release) in received[0]["data"]
