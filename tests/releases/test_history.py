"""The admin's History page: one version per save, every version listed, compared and
restorable, relations included; and the change-note rule behind "Updated"."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from countries.models import Country
from releases.models import PressRelease
from taxonomy.models import FieldOfWork, MeetingType, Structure
from tests.factories import PressReleaseFactory
from tests.releases.test_admin import change_url, errors_of, form_data

# The admin tests' users and clients.

Status = PressRelease.Status


def history_url(release):
    return reverse("admin:releases_pressrelease_history", args=[release.pk])


def compare_url(release, old, new):
    url = reverse("admin:releases_pressrelease_compare", args=[release.pk])
    return f"{url}?from={old.pk}&to={new.pk}"


def restore_url(release, version):
    return reverse("admin:releases_pressrelease_simple_history", args=[release.pk, version.pk])


def terms():
    return {
        "sources": list(Structure.objects.order_by("pk")[:2]),
        "fields_of_work": list(FieldOfWork.objects.order_by("pk")[:2]),
        "countries": list(Country.objects.order_by("pk")[:2]),
        "meeting_types": list(MeetingType.objects.order_by("pk")[:2]),
    }


def pks(objects):
    return [o.pk for o in objects]


@pytest.fixture
def edited(publisher_client):
    """A draft saved twice in the admin: first with one of each relation, then with
    the title, body and all four relations changed."""
    chosen = terms()
    publisher_client.post(
        reverse("admin:releases_pressrelease_add"),
        form_data(
            title="First title",
            body="<p>Opening paragraph.</p><p>The mission observed the vote.</p>",
            **{name: [objects[0].pk] for name, objects in chosen.items()},
        ),
    )
    release = PressRelease.objects.get()
    response = publisher_client.post(
        change_url(release),
        form_data(
            release,
            title="Second title",
            body="<p>Opening paragraph.</p><p>The mission observed the second round.</p>",
            **{name: [objects[1].pk] for name, objects in chosen.items()},
        ),
    )
    assert response.status_code == 302, errors_of(response)
    release.refresh_from_db()
    return release, chosen


@pytest.mark.django_db
def test_one_admin_save_is_one_version_with_all_its_relations(edited):
    release, chosen = edited
    first, second = release.history.order_by("history_date")
    assert release.history.count() == 2
    assert [first.history_type, second.history_type] == ["+", "~"]
    assert first.history_user.username == "publisher"
    for name, objects in chosen.items():
        target = PressRelease._meta.get_field(name).m2m_reverse_field_name()
        assert list(getattr(first, name).values_list(f"{target}_id", flat=True)) == [objects[0].pk]
        assert list(getattr(second, name).values_list(f"{target}_id", flat=True)) == [objects[1].pk]


@pytest.mark.django_db
def test_history_lists_versions_with_relation_changes(publisher_client, edited):
    release, chosen = edited
    response = publisher_client.get(history_url(release))
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("title", "body", "sources", "fields of work", "countries", "meeting types"):
        assert label in html
    assert "publisher" in html
    for version in release.history.all():
        assert restore_url(release, version) in html


@pytest.mark.django_db
def test_history_of_a_release_whose_relations_changed_through_the_orm(publisher_client):
    chosen = terms()
    release = PressReleaseFactory(**{name: objects[:1] for name, objects in chosen.items()})
    release.countries.set(chosen["countries"][1:])
    response = publisher_client.get(history_url(release))
    assert response.status_code == 200
    assert "countries" in response.content.decode()


@pytest.mark.django_db
def test_history_page_queries_do_not_grow_with_versions(
    publisher_client, django_assert_max_num_queries
):
    chosen = terms()
    release = PressReleaseFactory(**{name: objects[:1] for name, objects in chosen.items()})
    for number in range(40):
        release.title = f"Title {number}"
        release.save()
        release.countries.set(chosen["countries"][number % 2 :][:1])
    assert release.history.count() > 100
    with django_assert_max_num_queries(20):
        response = publisher_client.get(history_url(release))
    assert response.status_code == 200
    assert response.content.decode().count('class="changed-fields">countries<') > 20


@pytest.mark.django_db
def test_compare_shows_text_diff_and_relations_added_and_removed(publisher_client, edited):
    release, chosen = edited
    first, second = release.history.order_by("history_date")
    response = publisher_client.get(compare_url(release, first, second))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<del>First</del>" in html and "<ins>Second</ins>" in html
    assert "<del>vote.</del>" in html and "<ins>second round.</ins>" in html
    assert "Opening paragraph." in html  # unchanged paragraphs stay for context
    for objects in chosen.values():
        assert f"<del>{objects[0]}</del>" in html
        assert f"<ins>{objects[1]}</ins>" in html
    # Either order of the two choices compares older to newer.
    swapped = publisher_client.get(compare_url(release, second, first))
    assert swapped.content.decode().count("<ins>") == html.count("<ins>")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["", "?from=1", "?from=x&to=y", "?from=1&to=99999999999999999999"]
)
def test_compare_with_bad_choices_is_not_a_500(publisher_client, edited, query):
    release, _chosen = edited
    url = reverse("admin:releases_pressrelease_compare", args=[release.pk]) + query
    assert publisher_client.get(url).status_code in (400, 404)


@pytest.mark.django_db
def test_restore_brings_back_text_and_relations_as_one_version(publisher_client, edited):
    release, chosen = edited
    first = release.history.earliest("history_date")
    form = publisher_client.get(restore_url(release, first)).context["adminform"].form
    assert form["title"].value() == "First title"
    for name, objects in chosen.items():
        assert list(form[name].value()) == [objects[0].pk]
    data = form_data(
        release,
        title=form["title"].value(),
        body=form["body"].value(),
        **{name: pks(objects[:1]) for name, objects in chosen.items()},
    )
    response = publisher_client.post(restore_url(release, first), data)
    assert response.status_code == 302, errors_of(response)
    release.refresh_from_db()
    assert release.title == "First title"
    assert "The mission observed the vote." in release.body
    for name, objects in chosen.items():
        assert list(getattr(release, name).all()) == objects[:1]
    assert release.history.count() == 3
    restored = release.history.latest("history_date")
    assert restored.history_change_reason.startswith("restored the version of")
    assert "restored the version of" in publisher_client.get(history_url(release)).content.decode()


@pytest.mark.django_db
def test_restore_keeps_the_publishing_state_and_the_live_note(publisher_client):
    release = PressReleaseFactory(published=True, title="Old", change_note="")
    old = release.history.latest("history_date")
    response = publisher_client.post(
        change_url(release),
        form_data(release, title="New", change_note="Title corrected."),
    )
    assert response.status_code == 302, errors_of(response)
    form = publisher_client.get(restore_url(release, old)).context["adminform"].form
    assert form["status"].value() == Status.PUBLISHED
    assert form["change_note"].value() == "Title corrected."
    # Restoring is a change like any other: without a note it is refused.
    release.refresh_from_db()
    data = form_data(release, title="Old", change_note="")
    errors = errors_of(publisher_client.post(restore_url(release, old), data))
    assert "change note" in errors


@pytest.mark.django_db
def test_stale_restore_keeps_the_form_with_the_explanation(publisher_client):
    release = PressReleaseFactory(title="Old")
    old = release.history.latest("history_date")
    loaded = release.version
    PressRelease.objects.get(pk=release.pk).save()  # someone else saves meanwhile
    response = publisher_client.post(
        restore_url(release, old), form_data(release, title="Mine", loaded_version=loaded)
    )
    assert "saved this release at" in errors_of(response)
    assert 'value="Mine"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("version", ["abc", "99999999"])
def test_restore_of_an_unknown_version_is_a_404(publisher_client, version):
    release = PressReleaseFactory()
    url = reverse("admin:releases_pressrelease_history", args=[release.pk]) + f"{version}/"
    assert publisher_client.get(url).status_code == 404


@pytest.mark.django_db
def test_only_those_who_may_change_a_release_may_restore_it(client, staff):
    release = PressReleaseFactory(published=True, title="Live")
    old = release.history.latest("history_date")
    client.force_login(staff("Editor"))  # editors see published releases read-only
    assert client.get(restore_url(release, old)).status_code == 200
    response = client.post(restore_url(release, old), form_data(release, title="Mine"))
    assert response.status_code == 403
    release.refresh_from_db()
    assert release.title == "Live"


@pytest.mark.django_db
def test_restoring_a_deleted_release_is_a_404(publisher_client):
    release = PressReleaseFactory()
    old = release.history.latest("history_date")
    release.delete()
    assert publisher_client.get(restore_url(release, old)).status_code == 404
    assert publisher_client.post(restore_url(release, old), {}).status_code == 404


@pytest.mark.django_db
def test_every_demo_release_history_page_answers(publisher_client, demo_content):
    releases = list(PressRelease.objects.all())
    assert releases
    for release in releases:
        response = publisher_client.get(history_url(release))
        assert response.status_code == 200, release.slug
        versions = list(release.history.order_by("history_date"))
        if len(versions) > 1:
            response = publisher_client.get(compare_url(release, versions[0], versions[-1]))
            assert response.status_code == 200, release.slug


# Change notes and "Updated" ------------------------------------------------------------


@pytest.mark.django_db
def test_major_change_of_a_live_release_needs_a_change_note(publisher_client):
    release = PressReleaseFactory(published=True)
    before = release.last_major_change
    errors = errors_of(
        publisher_client.post(change_url(release), form_data(release, body="<p>New.</p>"))
    )
    assert "change note" in errors
    release.refresh_from_db()
    assert release.last_major_change == before
    minor = form_data(release, title="Typo fixed", minor_change="on")
    assert publisher_client.post(change_url(release), minor).status_code == 302


@pytest.mark.django_db
def test_draft_and_scheduled_releases_need_no_change_note(publisher_client):
    for release in (PressReleaseFactory(), PressReleaseFactory(scheduled=True)):
        response = publisher_client.post(change_url(release), form_data(release, title="X"))
        assert response.status_code == 302, errors_of(response)


@pytest.mark.django_db
def test_page_says_updated_whenever_the_last_major_change_is_after_publication(client):
    published = timezone.now() - datetime.timedelta(days=3)
    release = PressReleaseFactory(
        published=True,
        publish_at=published,
        last_major_change=published + datetime.timedelta(days=1),
        change_note="",
    )
    html = client.get(release.get_absolute_url()).content.decode()
    assert "Updated" in html
    fresh = PressReleaseFactory(published=True, change_note="")
    assert "Updated" not in client.get(fresh.get_absolute_url()).content.decode()
