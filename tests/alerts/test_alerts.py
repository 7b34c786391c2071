import datetime
import re
from urllib.parse import urlparse

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation
from freezegun import freeze_time

from alerts import services, tokens
from alerts.models import Delivery, Publication, Subscription
from countries.models import Country
from releases.models import PressRelease
from taxonomy.models import FieldOfWork, Structure
from tests.alerts.conftest import html_of, text_of
from tests.factories import CountryFactory, PressReleaseFactory
from tests.releases.test_admin import change_url, form_data

pytestmark = pytest.mark.django_db

Frequency = Subscription.Frequency


def subscribe(email, query="", language="en", frequency=Frequency.IMMEDIATE, confirmed=True):
    subscription = Subscription.objects.create(
        email=email, language=language, query=query, frequency=frequency
    )
    if confirmed:
        services.confirm(subscription)
    return subscription


def path_of(url):
    return urlparse(url).path


def links_in(message):
    return re.findall(r"https?://\S+", text_of(message))


# Subscribing and double opt-in ------------------------------------------------------


def test_subscribe_page_names_the_filter_in_words(client, reference_data):
    response = client.get("/alerts/", {"field": "elections"})
    assert response.status_code == 200
    assert "Press releases: Elections" in response.content.decode()
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]


def test_subscribe_page_in_russian(client, reference_data):
    response = client.get("/ru/alerts/", {"field": "elections"})
    assert response.status_code == 200
    assert '<html lang="ru">' in response.content.decode()


def test_invalid_filter_is_a_400_page_not_a_500(client, reference_data):
    response = client.get("/alerts/", {"field": "no-such-field", "from": "2024-13-45"})
    assert response.status_code == 400
    assert "cannot be used" in response.content.decode()


def test_request_sends_one_confirmation_and_nothing_else_until_confirmed(
    client, reference_data, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/alerts/?field=elections", {"email": "Reader@Example.org", "frequency": "immediate"}
        )
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert subscription.email == "reader@example.org"
    assert subscription.query == "field=elections"
    assert not subscription.confirmed
    (message,) = smtp.to("reader@example.org")
    assert message["Subject"] == "Confirm your email alert"
    assert "List-Unsubscribe" not in message
    # An unconfirmed subscription gets no alert.
    with django_capture_on_commit_callbacks(execute=True):
        PressReleaseFactory(
            published=True, fields_of_work=[FieldOfWork.objects.get(slug="elections")]
        )
    assert len(smtp.to("reader@example.org")) == 1
    confirm_link = next(link for link in links_in(message) if "/alerts/confirm/" in link)
    page = client.get(path_of(confirm_link))
    assert page.status_code == 200
    assert "Your email alert is confirmed." in page.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed


def test_asking_again_does_not_create_a_second_subscription(
    client, reference_data, django_capture_on_commit_callbacks, mailoutbox
):
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                "/alerts/?field=elections", {"email": "a@example.org", "frequency": "daily"}
            )
    assert Subscription.objects.count() == 1
    services.confirm(Subscription.objects.get())
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/alerts/?field=elections", {"email": "A@example.org", "frequency": "daily"})
    assert Subscription.objects.count() == 1
    assert [m.subject for m in mailoutbox][-1] == "You already receive this email alert"


def test_confirmation_link_expires_after_seven_days(client, reference_data):
    subscription = subscribe("late@example.org", confirmed=False)
    with freeze_time(timezone.now() - datetime.timedelta(days=7, minutes=1)):
        token = tokens.confirm_token(subscription)
    response = client.get(reverse("alerts:confirm", args=[token]))
    assert response.status_code == 400
    assert "This link is not valid" in response.content.decode()
    subscription.refresh_from_db()
    assert not subscription.confirmed


def test_unconfirmed_requests_are_deleted_after_seven_days(reference_data):
    with freeze_time(timezone.now() - datetime.timedelta(days=8)):
        subscribe("old@example.org", confirmed=False)
        subscribe("kept@example.org", confirmed=True)
    subscribe("new@example.org", confirmed=False)
    services.purge_unconfirmed()
    assert sorted(Subscription.objects.values_list("email", flat=True)) == [
        "kept@example.org",
        "new@example.org",
    ]


@pytest.mark.parametrize(
    "token",
    ["", "x", "not:a:token", "A" * 500, signing.dumps([1, "x"], salt="other"), "%00", "<b>x"],
)
def test_tampered_tokens_get_a_clear_400(client, reference_data, token):
    subscribe("t@example.org")
    for name in ("confirm", "manage", "unsubscribe"):
        if not token:
            continue
        response = client.get(f"/alerts/{name}/{token}/")
        assert response.status_code in (400, 404), (name, token)
        assert "<b>x" not in response.content.decode()


def test_rate_limit_per_address_and_per_client(
    client, reference_data, settings, django_capture_on_commit_callbacks, mailoutbox
):
    settings.ALERTS_PER_ADDRESS_PER_HOUR = 3
    settings.ALERTS_PER_CLIENT_PER_HOUR = 5
    statuses = []
    for query in ["field=elections", "field=gender-equality", "", "country=serbia"]:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                f"/alerts/?{query}", {"email": "victim@example.org", "frequency": "immediate"}
            )
        statuses.append(response.status_code)
    assert statuses == [302, 302, 302, 429]
    assert len(mailoutbox) == 3
    for number in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/alerts/", {"email": f"other{number}@example.org", "frequency": "immediate"}
            )
        statuses.append(response.status_code)
    assert statuses[-3:] == [302, 302, 429]  # five from this client in the hour
    assert len(mailoutbox) == 5
    assert "Too many confirmation emails" in response.content.decode()


def test_hostile_email_and_filter_are_escaped(client, reference_data):
    response = client.post(
        "/alerts/?q=%3Cscript%3Ealert(1)%3C/script%3E",
        {"email": '"><script>alert(1)</script>@x', "frequency": "bogus"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "<script>alert(1)" not in body
    assert "&lt;script&gt;" in body


# Sending ----------------------------------------------------------------------------


def publish_through_admin(client, release):
    response = client.post(change_url(release), form_data(release, status="published"))
    assert response.status_code == 302, response.content[:2000]


def test_publishing_in_the_admin_alerts_each_matching_subscriber_once(
    publisher_client, reference_data, smtp, django_capture_on_commit_callbacks
):
    subscribe("elections@example.org", "field=elections")
    subscribe("everything@example.org", "")
    subscribe("kosovo@example.org", "source=mission-in-kosovo&type=press_release")
    subscribe("other@example.org", "field=gender-equality")
    subscribe("russian@example.org", "field=elections", language="ru")
    subscribe("daily@example.org", "field=elections", frequency=Frequency.DAILY)
    release = PressReleaseFactory(
        status="review",
        title="Observers present preliminary findings",
        standfirst="A short summary.",
        fields_of_work=[FieldOfWork.objects.get(slug="elections")],
        sources=[Structure.objects.get(slug="mission-in-kosovo")],
    )
    with django_capture_on_commit_callbacks(execute=True):
        publish_through_admin(publisher_client, release)
    assert smtp.recipients() == [
        "elections@example.org",
        "everything@example.org",
        "kosovo@example.org",
    ]
    message = smtp.to("elections@example.org")[0]
    assert message["Subject"] == "Observers present preliminary findings"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_header = "".join(message["List-Unsubscribe"].split())
    assert unsubscribe_header.startswith("<https://news.example.org/alerts/unsubscribe/")
    text, html = text_of(message), html_of(message)
    for part in (text, html):
        assert "Observers present preliminary findings" in part
        assert "VIENNA" in part
        assert "A short summary." in part
        assert f"https://news.example.org{release.get_absolute_url()}" in part
        assert "https://news.example.org/alerts/manage/" in part
    # A minor and a major edit later: nothing is sent again.
    release.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        release.title = "Corrected title"
        release.save()
        release.fields_of_work.add(FieldOfWork.objects.get(slug="gender-equality"))
    assert len(smtp.messages) == 3
    assert Publication.objects.count() == 1
    assert Delivery.objects.filter(sent_at__isnull=False).count() == 3


def test_email_is_in_the_subscriptions_language(
    reference_data, smtp, django_capture_on_commit_callbacks
):
    subscribe("ru@example.org", "field=elections", language="ru")
    with django_capture_on_commit_callbacks(execute=True):
        PressReleaseFactory(
            published=True,
            language="ru",
            title="Наблюдатели представили выводы",
            fields_of_work=[FieldOfWork.objects.get(slug="elections")],
        )
    (message,) = smtp.to("ru@example.org")
    assert message["Subject"].strip() == "Наблюдатели представили выводы"
    assert "/ru/alerts/manage/" in text_of(message)
    assert "/ru/press-releases/" in text_of(message)
    with translation.override("ru"):
        expected = translation.gettext("Change or stop your alerts:")
    assert expected in text_of(message)


def test_a_release_unpublished_before_sending_is_not_sent(reference_data, smtp):
    subscribe("a@example.org")
    release = PressReleaseFactory(published=True)
    (publication_id,) = services.record_publications([release.pk])
    services.match_publication(publication_id)
    PressRelease.objects.filter(pk=release.pk).update(status="draft")
    assert services.send_pending(release.pk) == 0
    assert smtp.messages == []
    assert services.releases_with_pending() == []  # the sweep leaves it alone too


def test_send_is_idempotent_and_resumes_after_a_failure(reference_data, smtp):
    for number in range(5):
        subscribe(f"s{number}@example.org")
    release = PressReleaseFactory(published=True)
    (publication_id,) = services.record_publications([release.pk])
    services.match_publication(publication_id)
    services.match_publication(publication_id)  # matched again: no new rows
    assert services.pending(release.pk).count() == 5
    assert services.send_pending(release.pk, limit=2) == 2
    assert services.send_pending(release.pk) == 3
    assert services.send_pending(release.pk) == 0
    assert len(smtp.recipients()) == 5 == len(set(smtp.recipients()))


def test_scheduled_release_alerts_when_its_time_comes(reference_data, smtp):
    from alerts import tasks

    subscribe("a@example.org")
    release = PressReleaseFactory(
        status="published", publish_at=timezone.now() + datetime.timedelta(minutes=10)
    )
    tasks.sweep.apply()
    assert smtp.messages == []
    with freeze_time(timezone.now() + datetime.timedelta(minutes=11)):
        tasks.sweep.apply()
    assert smtp.recipients() == ["a@example.org"]
    assert Delivery.objects.get().release_id == release.pk


# Unsubscribing and managing ---------------------------------------------------------


def test_one_click_unsubscribe_rfc_8058(client, reference_data, smtp):
    subscription = subscribe("a@example.org")
    release = PressReleaseFactory(published=True)
    services.match_publication(services.record_publications([release.pk])[0])
    services.send_pending(release.pk)
    (message,) = smtp.messages[0][1:]
    url = message["List-Unsubscribe"].strip().strip("<>")
    response = client.post(
        path_of(url),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Subscription.objects.filter(pk=subscription.pk).exists()
    # A second POST (the client retries) is fine too.
    assert client.post(path_of(url)).status_code == 200


def test_manage_page_changes_frequency_and_deletes_all(client, reference_data):
    first = subscribe("me@example.org", "field=elections")
    subscribe("me@example.org", "country=serbia")
    subscribe("someone-else@example.org", "")
    url = reverse("alerts:manage", args=[tokens.manage_token("me@example.org")])
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Press releases: Elections" in body and "Press releases: Serbia" in body
    assert "someone-else" not in body
    response = client.post(
        url, {"action": "frequency", "subscription": first.pk, "frequency": "weekly"}
    )
    assert response.status_code == 200
    first.refresh_from_db()
    assert first.frequency == "weekly" and first.next_digest_at.weekday() == 0
    other = Subscription.objects.get(email="someone-else@example.org")
    response = client.post(url, {"action": "delete", "subscription": other.pk})
    assert response.status_code == 400  # not one of this address's
    assert Subscription.objects.filter(pk=other.pk).exists()
    client.post(url, {"action": "delete-all"})
    assert not Subscription.objects.filter(email="me@example.org").exists()
    assert Subscription.objects.count() == 1


# Digests ----------------------------------------------------------------------------


def test_daily_digest_lists_new_matching_releases_and_nothing_when_empty(
    reference_data, smtp, settings
):
    settings.ALERTS_DIGEST_HOUR = 7
    elections = FieldOfWork.objects.get(slug="elections")
    # Subscribed at noon: run between 04:00 and 07:00, the digest due within hours would
    # have left out releases made public (an hour before they were saved) before it.
    start = datetime.datetime(2026, 11, 25, 12, tzinfo=datetime.UTC)
    with freeze_time(start):
        subscription = subscribe("d@example.org", "field=elections", frequency=Frequency.DAILY)
    due = subscription.next_digest_at
    assert timezone.localtime(due).hour == 7
    with freeze_time(due - datetime.timedelta(hours=2)):
        PressReleaseFactory(published=True, title="Matching one", fields_of_work=[elections])
        PressReleaseFactory(published=True, title="Other one")
    with freeze_time(due - datetime.timedelta(minutes=1)):
        assert services.send_due_digests() == 0
    with freeze_time(due + datetime.timedelta(seconds=30)):
        assert services.send_due_digests() == 1
    (message,) = smtp.to("d@example.org")
    assert message["Subject"].endswith("Daily digest")
    assert "Matching one" in text_of(message) and "Other one" not in text_of(message)
    assert "1 new release" in text_of(message)
    # The next day: nothing new, nothing sent; the clock moves on.
    subscription.refresh_from_db()
    assert subscription.next_digest_at - due == datetime.timedelta(days=1)
    with freeze_time(subscription.next_digest_at):
        assert services.send_due_digests() == 0
    assert len(smtp.messages) == 1
    assert start  # the window began at confirmation


def test_weekly_digest_on_monday(reference_data, smtp):
    # Subscribed on a Wednesday: run on a Monday morning, the digest due within hours
    # would have left the release (made public an hour before it was saved) out.
    with freeze_time("2026-11-25 12:00:00+00:00"):
        subscription = subscribe("w@example.org", "", frequency=Frequency.WEEKLY)
    due = subscription.next_digest_at
    assert timezone.localtime(due).weekday() == 0
    with freeze_time(due - datetime.timedelta(hours=3)):
        PressReleaseFactory(published=True, title="Weekend release")
    with freeze_time(due):
        assert services.send_due_digests() == 1
    assert "Weekly digest" in smtp.messages[0][1]["Subject"]
    subscription.refresh_from_db()
    assert subscription.next_digest_at - due == datetime.timedelta(days=7)


# Staff ------------------------------------------------------------------------------


def test_admin_needs_the_dedicated_permission(client, staff, django_user_model):
    from django.contrib.auth.models import Permission

    subscribe("private@example.org")
    user = staff("Publisher")
    client.force_login(user)
    url = reverse("admin:alerts_subscription_changelist")
    assert client.get(url).status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="view_subscribers"))
    user = django_user_model.objects.get(pk=user.pk)
    client.force_login(user)
    page = client.get(url)
    assert page.status_code == 200 and "private@example.org" in page.content.decode()
    counts = client.get(reverse("admin:alerts_subscription_by_filter"))
    assert counts.status_code == 200 and "All press releases" in counts.content.decode()


def test_admin_shows_deliveries_per_release_and_sends_a_test_alert(
    admin_client, admin_user, reference_data, smtp
):
    for number in range(3):
        subscribe(f"s{number}@example.org")
    release = PressReleaseFactory(published=True)
    services.match_publication(services.record_publications([release.pk])[0])
    services.send_pending(release.pk)
    page = admin_client.get(reverse("admin:alerts_publication_changelist"))
    assert re.search(r"sent to 3 subscribers at \d\d:\d\d:\d\d", page.content.decode())
    admin_user.email = "staff@example.org"
    admin_user.save()
    response = admin_client.post(reverse("admin:alerts_subscription_test_alert"))
    assert response.status_code == 302
    assert len(smtp.to("staff@example.org")) == 1


def test_entity_pages_and_newsroom_link_to_email_alerts(client, reference_data):
    CountryFactory  # noqa: B018 (reference data has the countries)
    page = client.get("/ru/press-releases/", {"field": "elections"})
    assert 'class="subscribe__email" href="/ru/alerts/?field=elections"' in page.content.decode()
    page = client.get("/fields-of-work/elections/")
    assert 'class="subscribe__email" href="/alerts/?field=elections"' in page.content.decode()


def test_a_failing_broker_is_left_alone_for_a_while(monkeypatch, settings):
    from alerts import tasks
    from osce_site import tasks as enqueueing

    calls = []

    def broken(*args, **kwargs):
        calls.append(args)
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.record, "delay", broken)
    monkeypatch.setitem(enqueueing._broker, "down_until", 0.0)
    settings.CELERY_BROKER_RETRY_SECONDS = 60
    enqueueing.send_now(tasks.record, [1])  # logged, not raised
    enqueueing.send_now(tasks.record, [2])  # not even tried
    assert calls == [([1],)]


def test_one_save_sends_one_record_task(
    reference_data, monkeypatch, django_capture_on_commit_callbacks
):
    from alerts import recording, tasks

    sent = []
    monkeypatch.setattr(tasks.record, "delay", lambda ids: sent.append(ids))
    recording._pending.ids = set()  # what earlier, rolled-back tests left
    with django_capture_on_commit_callbacks(execute=True):
        release = PressReleaseFactory(published=True)
        release.fields_of_work.set([FieldOfWork.objects.get(slug="elections")])
        release.countries.set([Country.objects.get(slug="serbia")])
    assert sent == [[release.pk]]


def test_readiness_reports_the_broker(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    body = client.get("/readyz").json()
    assert body["checks"]["broker"]["state"] == "ok"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["broker"]["state"] == "degraded"


def test_alert_pages_query_budgets(client, reference_data, django_assert_max_num_queries):
    subscribe("me@example.org", "field=elections")
    subscribe("me@example.org", "country=serbia&tag=")
    with django_assert_max_num_queries(3):
        assert client.get("/alerts/", {"field": "elections"}).status_code == 200
    url = reverse("alerts:manage", args=[tokens.manage_token("me@example.org")])
    with django_assert_max_num_queries(3):
        assert client.get(url).status_code == 200
