"""Staff input that used to end in a 500 or a lost edit: each is a form error or a 400."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from releases.forms import PressReleaseAdminForm
from releases.models import PressRelease
from tests.factories import PressReleaseFactory
from tests.releases.test_admin import ADD, LIST, change_url, errors_of, form_data

Status = PressRelease.Status

# The admin tests' users and clients.


@pytest.fixture
def check_reads_before_the_other_save(monkeypatch):
    """The race the form's version check cannot see: another publisher's save commits
    after this request's check read the row and before its own save. The first check
    is made on the row as it was; later ones see it as it is."""
    check_version = PressReleaseAdminForm.check_version
    calls = []

    def racing_check(self, data):
        calls.append(data.get("loaded_version"))
        if len(calls) > 1:
            check_version(self, data)

    monkeypatch.setattr(PressReleaseAdminForm, "check_version", racing_check)
    return calls


@pytest.mark.django_db
def test_save_losing_the_race_keeps_its_edit_in_the_form(
    publisher_client, check_reads_before_the_other_save
):
    release = PressReleaseFactory(title="Original")
    loaded = form_data(release, title="The loser's title")
    winner = PressRelease.objects.get(pk=release.pk)
    winner.title = "The winner's title"
    winner.save()
    response = publisher_client.post(change_url(release), loaded)
    assert len(check_reads_before_the_other_save) == 2  # refused by save(), then the form
    assert response.status_code == 200  # the form again, not a redirect
    errors = errors_of(response)
    assert "saved this release at" in errors
    assert "The loser&#x27;s title" in response.content.decode()
    release.refresh_from_db()
    assert release.title == "The winner's title"
    titles = set(release.history.values_list("title", flat=True))
    assert "The loser's title" not in titles


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers")
@pytest.mark.django_db(transaction=True)
def test_two_publishers_saving_at_once_one_wins_the_other_keeps_the_form(staff):
    """The real race, on two connections: whichever check refuses, the loser's edit
    comes back in the form (before, the loser was redirected and the edit dropped)."""
    clients = []
    for name in ("alice", "bob"):
        user = staff("Publisher")
        user.username = name
        user.save()
        clients.append(Client())
        clients[-1].force_login(user)
    for trial in range(5):
        release = PressReleaseFactory(status=Status.DRAFT)
        posts = [form_data(release, title=f"{name}'s edit") for name in ("alice", "bob")]
        responses = post_at_once(clients, change_url(release), posts)
        codes = sorted(response.status_code for response in responses)
        assert codes == [200, 302], trial
        loser = next(r for r in responses if r.status_code == 200)
        html = loser.content.decode()
        assert "saved this release at" in html
        release.refresh_from_db()
        other = "bob" if release.title.startswith("alice") else "alice"
        assert f"{other}&#x27;s edit" in html


def post_at_once(clients, url, posts):
    """Each client posts from its own thread (its own database connection), released
    together."""
    barrier = threading.Barrier(len(clients))
    responses = [None] * len(clients)

    def post(index):
        barrier.wait()
        try:
            responses[index] = clients[index].post(url, posts[index])
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


@pytest.mark.django_db
def test_tag_longer_than_the_column_is_a_form_error(publisher_client):
    response = publisher_client.post(ADD, form_data(tags="elections, " + "x" * 101))
    assert "at most 100 characters" in errors_of(response)
    assert not PressRelease.objects.exists()
    response = publisher_client.post(ADD, form_data(tags="y" * 100))
    assert response.status_code == 302, errors_of(response)


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["99999999999999999999", "-99999999999999999999"])
def test_out_of_range_year_on_the_release_list_is_a_400(publisher_client, year):
    assert publisher_client.get(f"{LIST}?date__year={year}").status_code == 400
    assert publisher_client.get(f"{LIST}?date__year=2024").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "app_label=releases&model_name=pressrelease&field_name=countries&term=a%00b",
        "app_label=releases&model_name=pressrelease&field_name=sources&term=%00",
    ],
)
def test_nul_in_an_autocomplete_term_is_a_400(publisher_client, query):
    url = reverse("admin:autocomplete") + "?" + query
    assert publisher_client.get(url).status_code == 400
    assert publisher_client.get(url.replace("%00", "")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["q=a%00b", "release_type__exact=%00", "x%00=1"])
def test_nul_in_the_release_list_query_is_a_400(publisher_client, query):
    PressReleaseFactory()
    assert publisher_client.get(f"{LIST}?{query}").status_code == 400


HISTORY = "/admin/releases/pressrelease/{pk}/history/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        LIST + "?date__year=2024&date__month=99999999999999999999",
        LIST + "?fields_of_work__id__exact=99999999999999999999",
        LIST + "?p=99999999999999999999",
        LIST + "?o=99999999999999999999",
        HISTORY + "?p=99999999999999999999",
        "/admin/releases/pressrelease/abc/history/",
        "/admin/releases/pressrelease/abc/history/compare/?from=1&to=2",
        "/admin/releases/pressrelease/99999999999999999999/history/compare/?from=1&to=2",
        HISTORY + "99999999999999999999/",
    ],
)
def test_odd_admin_urls_are_never_a_500(publisher_client, url):
    release = PressReleaseFactory()
    assert publisher_client.get(url.format(pk=release.pk)).status_code < 500
