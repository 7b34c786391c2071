"""Tags in the admin: a typed tag that names an existing one (by name or slug, in any
case) is that tag; new tags only by users allowed to add them; suggestions from the
tag admin's endpoint; merging duplicates."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from taggit.models import Tag

from releases.models import PressRelease, TaggedPressRelease
from tests.factories import PressReleaseFactory
from tests.releases.test_admin import errors_of, form_data

ADD = reverse("admin:releases_pressrelease_add")
SUGGEST = reverse("admin:taggit_tag_autocomplete")
TAGS = reverse("admin:taggit_tag_changelist")


@pytest.fixture
def vocabulary(db):
    return {
        "observation": Tag.objects.create(name="Election observation", slug="election-observation"),
        "elections": Tag.objects.create(name="Elections", slug="elections"),
        "youth": Tag.objects.create(name="Youth", slug="youth"),
        "selection": Tag.objects.create(name="Selection criteria", slug="selection-criteria"),
    }


def saved_tags(title="Observers present preliminary findings"):
    return sorted(t.name for t in PressRelease.objects.get(title=title).tags.all())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed",
    [
        "election-observation",
        "Election Observation",
        "ELECTION-OBSERVATION",
        "election  observation",
    ],
)
def test_a_typed_name_or_slug_of_an_existing_tag_reuses_it(publisher_client, vocabulary, typed):
    response = publisher_client.post(ADD, form_data(tags=[typed, "youth"]))
    assert response.status_code == 302, errors_of(response)
    assert saved_tags() == ["Election observation", "Youth"]
    assert Tag.objects.count() == 4
    assert not Tag.objects.filter(slug__contains="_").exists()


@pytest.mark.django_db
def test_every_write_path_reuses_existing_tags(vocabulary):
    release = PressReleaseFactory()
    release.tags.add("election-observation", "ELECTIONS")
    release.tags.set(["Election Observation", "youth", "Brand new"])
    assert sorted(t.slug for t in release.tags.all()) == [
        "brand-new",
        "election-observation",
        "youth",
    ]
    assert Tag.objects.count() == 5


@pytest.mark.django_db
def test_a_new_tag_is_created_once_and_shown_chosen_on_the_form(publisher_client, vocabulary):
    data = form_data(tags=["Youth", "Hate crimes", "hate crimes"])
    response = publisher_client.post(ADD, data)
    assert response.status_code == 302, errors_of(response)
    assert saved_tags() == ["Hate crimes", "Youth"]
    release = PressRelease.objects.get(title=data["title"])
    form = publisher_client.get(reverse("admin:releases_pressrelease_change", args=[release.pk]))
    html = form.content.decode()
    assert '<option value="Hate crimes" selected>Hate crimes</option>' in html
    assert html.index('value="Hate crimes"') < html.index('value="Youth"')
    assert 'class="tag-autocomplete"' in html and f'data-ajax--url="{SUGGEST}"' in html
    assert "js/admin-tags.js" in html


@pytest.mark.django_db
def test_users_who_may_not_add_tags_can_only_pick_existing_ones(client, staff, vocabulary):
    editor = staff("Editor")
    editor.groups.first().permissions.remove(Permission.objects.get(codename="add_tag"))
    client.force_login(editor)
    refused = client.post(ADD, form_data(tags=["Youth", "Typo tga"]))
    assert "may pick existing tags but not create new ones (“Typo tga”)" in errors_of(refused)
    assert not PressRelease.objects.exists() and Tag.objects.count() == 4
    accepted = client.post(ADD, form_data(tags=["youth", "Elections"]))
    assert accepted.status_code == 302, errors_of(accepted)
    assert saved_tags() == ["Elections", "Youth"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("tags", "message"),
    [
        (["x" * 101], "at most 100 characters"),
        (["!!!"], "needs a letter or a digit"),
        (["a\x00b"], "cannot contain control characters"),
        ([f"tag {n}" for n in range(51)], "at most 50 tags"),
    ],
    ids=["too long", "no letters", "NUL", "too many"],
)
def test_bad_tags_are_form_errors(publisher_client, vocabulary, tags, message):
    response = publisher_client.post(ADD, form_data(tags=tags))
    assert message in errors_of(response)
    assert Tag.objects.count() == 4


@pytest.mark.django_db
def test_suggestions_find_existing_tags_starting_with_the_term_first(editor_client, vocabulary):
    found = editor_client.get(SUGGEST, {"term": "Elect"}).json()
    names = [r["text"] for r in found["results"]]
    assert names == ["Election observation", "Elections", "Selection criteria"]
    assert found["results"][0] == {"id": "Election observation", "text": "Election observation"}
    assert editor_client.get(SUGGEST, {"term": "youth"}).json()["results"][0]["id"] == "Youth"
    assert editor_client.get(SUGGEST, {"term": "nothing like it"}).json()["results"] == []


@pytest.mark.django_db
def test_suggestions_page_through_every_tag(editor_client):
    Tag.objects.bulk_create([Tag(name=f"Topic {n:02d}", slug=f"topic-{n:02d}") for n in range(25)])
    first = editor_client.get(SUGGEST, {"term": "topic"}).json()
    second = editor_client.get(SUGGEST, {"term": "topic", "page": "2"}).json()
    assert first["pagination"]["more"] and not second["pagination"]["more"]
    names = [r["text"] for r in first["results"] + second["results"]]
    assert names == [f"Topic {n:02d}" for n in range(25)]


@pytest.mark.django_db
@pytest.mark.parametrize("params", [{"term": "a\x00b"}, {"term": "x" * 5000}, {"page": "-1"}])
def test_bad_suggestion_queries_are_not_errors(editor_client, vocabulary, params):
    response = editor_client.get(SUGGEST, params)
    # A NUL anywhere in an admin query string is refused before any view (a 400).
    assert response.status_code == (400 if "\x00" in params.get("term", "") else 200)


@pytest.mark.django_db
def test_suggestions_need_staff_with_tag_access(client, django_user_model, vocabulary):
    assert client.get(SUGGEST, {"term": "Elect"}).status_code == 302  # to the login page
    user = django_user_model.objects.create_user("intern", password="x" * 12, is_staff=True)
    client.force_login(user)
    assert client.get(SUGGEST, {"term": "Elect"}).status_code == 403


# Merging ---------------------------------------------------------------------------------


@pytest.fixture
def duplicates(db):
    keep = Tag.objects.create(name="Election observation", slug="election-observation")
    twin = Tag.objects.create(name="election-observation", slug="election-observation_1")
    typo = Tag.objects.create(name="Electoin observation", slug="electoin-observation")
    both = PressReleaseFactory(published=True, title="Both", tags=[keep, twin])
    only_twin = PressReleaseFactory(published=True, title="Twin only", tags=[twin])
    twin_and_typo = PressReleaseFactory(published=True, title="Twin and typo", tags=[twin, typo])
    return keep, [twin, typo], [both, only_twin, twin_and_typo]


@pytest.fixture
def admin_user_client(client, django_user_model, reference_data):
    client.force_login(django_user_model.objects.create_superuser("root", password="x" * 12))
    return client


@pytest.mark.django_db
def test_merge_asks_which_tag_to_keep_then_moves_every_release(admin_user_client, duplicates):
    keep, others, releases = duplicates
    selected = [keep.pk, *(t.pk for t in others)]
    page = admin_user_client.post(TAGS, {"action": "merge", "_selected_action": selected})
    assert page.status_code == 200
    html = page.content.decode()
    assert f'name="target" value="{keep.pk}"' in html and "Keep which tag?" in html
    assert Tag.objects.count() == 3  # nothing done yet

    release_page = releases[1].get_absolute_url()
    assert b"election-observation_1" in admin_user_client.get(release_page).content
    response = admin_user_client.post(
        TAGS,
        {"action": "merge", "_selected_action": selected, "post": "yes", "target": keep.pk},
        follow=True,
    )
    assert "3 releases changed" in response.content.decode()
    listing = admin_user_client.get(TAGS, {"q": "election"})
    assert listing.status_code == 200 and "Election observation" in listing.content.decode()
    assert admin_user_client.get(TAGS, {"q": "elect\x00ion"}).status_code == 400
    assert list(Tag.objects.all()) == [keep]
    for release in releases:
        assert [t.pk for t in release.tags.all()] == [keep.pk]
    assert TaggedPressRelease.objects.count() == 3
    # Cached pages follow (the content version moved).
    client_page = admin_user_client.get(release_page).content
    assert b"election-observation_1" not in client_page
    assert b"?tag=election-observation" in client_page


@pytest.mark.django_db
def test_merge_needs_two_tags_and_a_chosen_one(admin_user_client, duplicates):
    keep, others, _releases = duplicates
    one = admin_user_client.post(
        TAGS, {"action": "merge", "_selected_action": [keep.pk]}, follow=True
    )
    assert "Select at least two tags to merge." in one.content.decode()
    stray = admin_user_client.post(
        TAGS,
        {
            "action": "merge",
            "_selected_action": [keep.pk, others[0].pk],
            "post": "yes",
            "target": "9999",
        },
    )
    assert "Choose the tag to keep." in stray.content.decode()
    assert Tag.objects.count() == 3


@pytest.mark.django_db
def test_publishers_cannot_merge_tags(publisher_client, duplicates):
    keep, others, _releases = duplicates
    response = publisher_client.post(
        TAGS,
        {
            "action": "merge",
            "_selected_action": [keep.pk, others[0].pk],
            "post": "yes",
            "target": keep.pk,
        },
    )
    assert response.status_code < 500
    assert Tag.objects.count() == 3


@pytest.mark.django_db
def test_renaming_a_tag_to_another_tags_name_is_refused(admin_user_client, duplicates):
    keep, others, _releases = duplicates
    url = reverse("admin:taggit_tag_change", args=[others[1].pk])
    response = admin_user_client.post(url, {"name": "ELECTION OBSERVATION", "slug": "x"})
    assert "exists already: merge the two instead" in response.content.decode()
    assert Tag.objects.get(pk=others[1].pk).name == "Electoin observation"
