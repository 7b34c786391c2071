"""The newsroom desk: dashboard, activity log, bulk relations, Save as new draft, the
list's readable columns and the profile page."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from countries.models import Country
from releases.desk_models import NotificationPreference, ReleaseActivity
from releases.models import PressRelease
from taxonomy.models import FieldOfWork
from tests.factories import ImageFactory, PressReleaseFactory, jpeg_upload
from tests.releases.test_admin import change_url, form_data

Status = PressRelease.Status
Action = ReleaseActivity.Action
INDEX = reverse("admin:index")
LIST = reverse("admin:releases_pressrelease_changelist")
LOG = reverse("admin:releases_releaseactivity_changelist")


# Dashboard ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_dashboard_lists_what_needs_attention(client, staff, django_assert_max_num_queries):
    editor, publisher = staff("Editor"), staff("Publisher")
    now = timezone.now()
    older = PressReleaseFactory(title="Older waiting", status=Status.REVIEW, created_by=editor)
    newer = PressReleaseFactory(title="Newer waiting", status=Status.REVIEW, created_by=editor)
    for release, hours in ((older, 30), (newer, 2)):
        ReleaseActivity.objects.create(
            action=Action.SUBMITTED,
            at=now - datetime.timedelta(hours=hours),
            release=release,
            release_ref=release.pk,
            release_title=release.title,
            language="en",
            user=editor,
            user_name=editor.username,
        )
    PressReleaseFactory(title="Goes live soon", scheduled=True)
    PressReleaseFactory(
        title="Too far ahead", status=Status.PUBLISHED, publish_at=now + datetime.timedelta(days=20)
    )
    PressReleaseFactory(title="Out already", published=True)
    PressReleaseFactory(title="Publisher's own draft", created_by=publisher)
    original = PressReleaseFactory(title="Original", published=True)
    PressReleaseFactory(
        title="Stale French",
        language="fr",
        translation_of=original,
        last_major_change=original.last_major_change - datetime.timedelta(days=1),
    )
    client.force_login(publisher)
    with django_assert_max_num_queries(16):  # 15 measured: 4 session and rights, 11 lists
        response = client.get(INDEX)
    assert response.status_code == 200
    html = response.content.decode()
    panels = {panel.key: panel for panel in response.context["dashboard"].panels}
    review = panels["review"]
    assert review.count == 2
    assert [row.title for row in review.rows] == ["Older waiting", "Newer waiting"]
    assert "editor" in review.rows[0].detail and "1\xa0day" in review.rows[0].detail
    assert [row.title for row in panels["scheduled"].rows] == ["Goes live soon"]
    # The site's zone, with its abbreviation.
    assert panels["scheduled"].rows[0].detail.endswith(("CET", "CEST"))
    assert "Out already" in [row.title for row in panels["published"].rows]
    assert [row.title for row in panels["drafts"].rows] == ["Publisher's own draft"]
    gaps = {gap.code: gap for gap in response.context["dashboard"].gaps}
    assert gaps["fr"].out_of_date == 1 and gaps["de"].missing == 2
    assert [row.title for row in response.context["dashboard"].stale] == ["Stale French"]
    assert reverse("admin:releases_pressrelease_change", args=[older.pk]) in html
    assert "Django administration" not in html and "OSCE newsroom" in html


@pytest.mark.django_db
def test_tags_are_listed_under_press_releases_and_lockouts_for_superusers_only(
    client, staff, django_user_model
):
    client.force_login(staff("Publisher"))
    apps = {app["app_label"]: app for app in client.get(INDEX).context["app_list"]}
    assert "taggit" not in apps and "axes" not in apps
    assert "Tag" in [m["object_name"] for m in apps["releases"]["models"]]
    lockouts = reverse("admin:axes_accessattempt_changelist")
    assert client.get(lockouts).status_code == 403

    boss = django_user_model.objects.create_superuser("boss", "boss@example.org", "pass-phrase")
    client.force_login(boss)
    apps = {app["app_label"]: app for app in client.get(INDEX).context["app_list"]}
    assert "axes" in apps
    assert client.get(lockouts).status_code == 200


@pytest.mark.django_db
def test_dashboard_link_to_my_drafts_lists_only_mine(client, staff):
    editor = staff("Editor")
    PressReleaseFactory(title="Mine", created_by=editor)
    PressReleaseFactory(title="Someone else's")
    client.force_login(editor)
    response = client.get(LIST, {"state": "draft", "author": "me"})
    assert [r.title for r in response.context["cl"].result_list] == ["Mine"]


# Activity log ------------------------------------------------------------------------


def actions_of(release_pk):
    return list(
        ReleaseActivity.objects.filter(release_ref=release_pk)
        .order_by("at", "pk")
        .values_list("action", flat=True)
    )


@pytest.mark.django_db
def test_activity_log_records_each_publishing_event(client, staff):
    editor, publisher = staff("Editor"), staff("Publisher")
    client.force_login(editor)
    client.post(reverse("admin:releases_pressrelease_add"), form_data(status=Status.REVIEW))
    release = PressRelease.objects.get()
    client.post(change_url(release), form_data(release, status=Status.REVIEW))  # no event
    release.refresh_from_db()
    client.force_login(publisher)
    later = timezone.localtime() + datetime.timedelta(days=2)
    client.post(
        change_url(release),
        form_data(
            release,
            status=Status.PUBLISHED,
            publish_at_0=later.date().isoformat(),
            publish_at_1="09:00:00",
        ),
    )
    release.refresh_from_db()
    client.post(change_url(release), form_data(release, publish_at_1="10:00:00"))
    release.refresh_from_db()
    client.post(LIST, {"action": "publish_now", "_selected_action": [release.pk], "post": "yes"})
    client.post(LIST, {"action": "unpublish", "_selected_action": [release.pk], "post": "yes"})
    assert actions_of(release.pk) == [
        Action.SUBMITTED,
        Action.SCHEDULED,
        Action.RESCHEDULED,
        Action.PUBLISHED,
        Action.UNPUBLISHED,
    ]
    entries = ReleaseActivity.objects.filter(release_ref=release.pk).order_by("at", "pk")
    assert [e.user_name for e in entries] == ["editor"] + ["publisher"] * 4
    assert timezone.localtime(entries[1].publish_at).hour == 9


@pytest.mark.django_db
def test_restore_and_delete_are_logged_and_the_log_outlives_the_release(client, staff):
    publisher = staff("Publisher")
    client.force_login(publisher)
    client.post(reverse("admin:releases_pressrelease_add"), form_data())
    release = PressRelease.objects.get()
    client.post(change_url(release), form_data(release, title="A better title"))
    first = release.history.order_by("history_date").first()
    release.refresh_from_db()
    restore = reverse(
        "admin:releases_pressrelease_simple_history", args=[release.pk, first.history_id]
    )
    client.post(restore, form_data(release, title=first.title))
    delete = reverse("admin:releases_pressrelease_delete", args=[release.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not PressRelease.objects.exists()
    assert actions_of(release.pk) == [Action.RESTORED, Action.DELETED]

    response = client.get(LOG, {"release": release.pk})
    assert response.status_code == 200
    assert [e.action for e in response.context["cl"].result_list] == [
        Action.DELETED,
        Action.RESTORED,
    ]
    assert "(deleted)" in response.content.decode()


@pytest.mark.django_db
def test_activity_log_filters_by_person_and_release_and_is_read_only(
    client, staff, django_assert_max_num_queries
):
    editor, publisher = staff("Editor"), staff("Publisher")
    first, second = PressReleaseFactory(created_by=editor), PressReleaseFactory()
    client.force_login(publisher)
    client.post(
        LIST, {"action": "publish_now", "_selected_action": [first.pk, second.pk], "post": "yes"}
    )
    client.force_login(editor)  # every member of staff reads it
    with django_assert_max_num_queries(10):
        assert client.get(LOG).status_code == 200
    by_release = client.get(LOG, {"release": second.pk}).context["cl"].result_list
    assert [e.release_ref for e in by_release] == [second.pk]
    by_person = client.get(LOG, {"user": publisher.pk}).context["cl"].result_list
    assert {e.release_ref for e in by_person} == {first.pk, second.pk}
    assert not client.get(LOG, {"user": editor.pk}).context["cl"].result_list
    assert client.get(LOG, {"release": "x" * 30}).status_code == 200
    entry = ReleaseActivity.objects.first()
    assert client.post(
        reverse("admin:releases_releaseactivity_change", args=[entry.pk]), {}
    ).status_code in (403, 302)
    assert ReleaseActivity.objects.filter(pk=entry.pk).exists()


# Bulk relations ----------------------------------------------------------------------


def bulk(client, releases, **data):
    return client.post(
        LIST,
        {
            "action": "bulk_relations",
            "_selected_action": [r.pk for r in releases],
            "apply": "yes",
            **data,
        },
    )


@pytest.mark.django_db
def test_editor_bulk_adds_a_tag_field_and_country_but_not_to_a_live_release(client, staff):
    editor = staff("Editor")
    draft, live = PressReleaseFactory(), PressReleaseFactory(published=True)
    translation = PressReleaseFactory(language="fr", translation_of=draft)
    tag = Tag.objects.create(name="Elections 2026", slug="elections-2026")
    field = FieldOfWork.objects.get(slug="elections")
    country = Country.objects.first()
    versions = draft.version, live.version
    client.force_login(editor)
    response = bulk(
        client,
        [draft, live],
        operation="add",
        tag=tag.pk,
        field_of_work=field.pk,
        country=country.pk,
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    live.refresh_from_db()
    assert list(draft.tags.all()) == [tag]
    assert list(draft.fields_of_work.all()) == [field]
    assert list(draft.countries.all()) == [country]
    assert (draft.version, live.version) == (versions[0] + 1, versions[1])
    assert not live.tags.exists() and not live.fields_of_work.exists()
    # Shared onto the translation, one version in each history.
    assert list(translation.fields_of_work.all()) == [field]
    assert draft.history.first().history_change_reason.startswith("tags, fields of work")
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("only publishers may change a published release" in m for m in messages)


@pytest.mark.django_db
def test_publisher_bulk_removes_from_a_live_release_and_the_change_is_recorded(
    client, staff, monkeypatch
):
    from releases import desk_admin

    recorded = []
    monkeypatch.setattr(desk_admin, "record", recorded.append)
    field = FieldOfWork.objects.get(slug="elections")
    live = PressReleaseFactory(published=True, fields_of_work=[field])
    client.force_login(staff("Publisher"))
    bulk(client, [live], operation="remove", field_of_work=field.pk)
    assert not live.fields_of_work.exists()
    assert recorded == [[live.pk]]  # the one change hook, with the release it changed


@pytest.mark.django_db
def test_bulk_form_without_a_term_shows_an_error(client, staff):
    client.force_login(staff("Editor"))
    release = PressReleaseFactory()
    response = bulk(client, [release], operation="add")
    assert response.status_code == 200
    assert "Choose a tag, a field of work or a country." in response.content.decode()
    response = bulk(client, [release], operation="add", tag="99999999")
    assert response.status_code == 200


# Save as new draft -------------------------------------------------------------------


@pytest.mark.django_db
def test_save_as_new_draft_copies_content_relations_and_image_not_history(client, staff):
    editor = staff("Editor")
    field = FieldOfWork.objects.get(slug="elections")
    live = PressReleaseFactory(
        published=True, fields_of_work=[field], tags=["observation"], change_note="Fixed"
    )
    live.image_alt = "Voters"
    live.lead_image = ImageFactory(file=jpeg_upload())
    live.save()
    client.force_login(editor)
    url = reverse("admin:releases_pressrelease_duplicate", args=[live.pk])
    assert client.get(url).status_code == 302  # a GET changes nothing
    assert PressRelease.objects.count() == 1
    response = client.post(url)
    copy = PressRelease.objects.exclude(pk=live.pk).get()
    assert response.url == change_url(copy)
    assert (copy.title, copy.body, copy.lead_image, copy.image_alt) == (
        live.title,
        live.body,
        live.lead_image,
        "Voters",
    )
    assert list(copy.fields_of_work.all()) == [field]
    assert [t.name for t in copy.tags.all()] == ["observation"]
    assert copy.status == Status.DRAFT and not copy.published_without_review
    assert copy.change_note == "" and copy.created_by == editor
    assert copy.history.count() == 1 and copy.slug != live.slug
    assert not ReleaseActivity.objects.filter(release_ref=copy.pk).exists()


@pytest.mark.django_db
def test_save_as_new_draft_needs_add_permission(client, django_user_model):
    viewer = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    from django.contrib.auth.models import Permission

    viewer.user_permissions.add(Permission.objects.get(codename="view_pressrelease"))
    release = PressReleaseFactory()
    client.force_login(viewer)
    url = reverse("admin:releases_pressrelease_duplicate", args=[release.pk])
    assert client.post(url).status_code == 403
    assert client.post(url.replace(str(release.pk), "9" * 25)).status_code == 404


# The list and the form ---------------------------------------------------------------


@pytest.mark.django_db
def test_list_shows_one_date_format_and_the_form_hides_publishing_from_editors(
    client, staff, django_assert_max_num_queries
):
    editor = staff("Editor")
    for _ in range(5):
        PressReleaseFactory(published=True)
    draft = PressReleaseFactory(created_by=editor)
    client.force_login(editor)
    with django_assert_max_num_queries(16):
        response = client.get(LIST)
    html = response.content.decode()
    assert "release-title" in html and 'class="column-thumbnail' in html
    assert "Add or remove a tag, field of work or country" in html
    assert "Publish now" not in html
    form = client.get(change_url(draft))
    page = form.content.decode()
    assert 'name="publish_at_0"' not in page
    assert "Publishers publish, schedule and unpublish releases" in page
    assert "Save as new draft" in page


# Profile -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_profile_page_saves_notification_preferences(client, staff):
    editor = staff("Editor")
    client.force_login(editor)
    url = reverse("admin:profile")
    page = client.get(url)
    assert page.status_code == 200
    assert "review" not in page.context["form"].fields  # editors are not asked to review
    response = client.post(url, {"publication": "on", "language": "de"})
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=editor)
    assert (preference.publication, preference.stale_translation, preference.language) == (
        True,
        False,
        "de",
    )
    assert client.post(url, {"language": "xx"}).status_code == 200  # a form error
    publisher = staff("Publisher")
    client.force_login(publisher)
    assert "review" in client.get(url).context["form"].fields
    assert "My profile" in client.get(INDEX).content.decode()
    assert get_user_model().objects.count() == 2


@pytest.mark.django_db
def test_staff_who_may_not_see_releases_get_no_dashboard(client, django_user_model):
    PressReleaseFactory(title="Internal draft", status=Status.REVIEW)
    client.force_login(django_user_model.objects.create_user("clerk", password="x", is_staff=True))
    response = client.get(INDEX)
    assert response.status_code == 200 and response.context["dashboard"] is None
    assert "Internal draft" not in response.content.decode()
