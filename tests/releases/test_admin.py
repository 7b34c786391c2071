import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from releases.models import Image, PressRelease
from releases.models import Image as LibraryImage
from taxonomy.models import FieldOfWork, Structure
from tests.factories import PressReleaseFactory, role_group

Status = PressRelease.Status
ADD = reverse("admin:releases_pressrelease_add")
LIST = reverse("admin:releases_pressrelease_changelist")


def change_url(release):
    return reverse("admin:releases_pressrelease_change", args=[release.pk])


def form_data(release=None, **overrides):
    """What the admin change form posts, for a new or an existing release."""
    when = timezone.localtime(release.publish_at) if release else timezone.localtime()
    field = FieldOfWork.objects.get(slug="elections")
    source = Structure.objects.get(slug="mission-in-kosovo")
    data = {
        "release_type": release.release_type if release else "press_release",
        "title": release.title if release else "Observers present preliminary findings",
        "slug": release.slug if release else "observers-present-preliminary-findings",
        "standfirst": release.standfirst if release else "A short summary.",
        "date": (release.date if release else timezone.localdate()).isoformat(),
        "place": release.place if release else "VIENNA",
        "sources": [s.pk for s in release.sources.all()] if release else [source.pk],
        "fields_of_work": [f.pk for f in release.fields_of_work.all()] if release else [field.pk],
        "countries": [],
        "meeting_types": [],
        "tags": "elections, observation",
        "lead_image": (release.lead_image_id or "") if release else "",
        "image_caption": "",
        "image_alt": "",
        "body": release.body if release else "<p>The mission observed the vote.</p>",
        "status": release.status if release else Status.DRAFT,
        "publish_at_0": when.date().isoformat(),
        "publish_at_1": when.strftime("%H:%M:%S"),
        "change_note": "",
        "loaded_version": release.version if release else "",
        # The attachments inline's management form (no attachments).
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def errors_of(response):
    assert response.status_code == 200, response.status_code
    return str(response.context["adminform"].form.errors) + str(response.context.get("errors", ""))


# Roles -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_groups_come_from_a_data_migration():
    editor = {p.codename for p in role_group("Editor").permissions.all()}
    publisher = {p.codename for p in role_group("Publisher").permissions.all()}
    assert {"add_pressrelease", "change_pressrelease"} <= editor
    assert "publish_pressrelease" not in editor
    assert "publish_pressrelease" in publisher
    assert editor < publisher


@pytest.mark.django_db
def test_editor_saves_a_draft_and_marks_it_ready_for_review(editor_client):
    response = editor_client.post(ADD, form_data())
    assert response.status_code == 302, errors_of(response)
    release = PressRelease.objects.get()
    assert release.status == Status.DRAFT
    assert release.created_by.username == "editor"
    response = editor_client.post(change_url(release), form_data(release, status=Status.REVIEW))
    assert response.status_code == 302, errors_of(response)
    release.refresh_from_db()
    assert release.status == Status.REVIEW


@pytest.mark.django_db
def test_editor_cannot_publish_through_the_form(editor_client):
    response = editor_client.post(ADD, form_data(status=Status.PUBLISHED))
    assert "Only publishers may publish" in errors_of(response) or "valid choice" in errors_of(
        response
    )
    assert not PressRelease.objects.exists()


@pytest.mark.django_db
def test_editor_crafted_post_publishing_a_draft_is_refused(editor_client):
    release = PressReleaseFactory(status=Status.REVIEW)
    response = editor_client.post(change_url(release), form_data(release, status=Status.PUBLISHED))
    assert response.status_code == 200
    release.refresh_from_db()
    assert release.status == Status.REVIEW


@pytest.mark.django_db
def test_editor_cannot_schedule(editor_client):
    future = timezone.localtime() + datetime.timedelta(days=1)
    response = editor_client.post(
        ADD,
        form_data(
            status=Status.PUBLISHED,
            publish_at_0=future.date().isoformat(),
            publish_at_1="09:00:00",
        ),
    )
    assert response.status_code == 200
    assert not PressRelease.objects.exists()


@pytest.mark.django_db
def test_editor_cannot_change_or_unpublish_a_published_release(editor_client):
    release = PressReleaseFactory(published=True)
    response = editor_client.post(change_url(release), form_data(release, status=Status.DRAFT))
    assert response.status_code == 403
    release.refresh_from_db()
    assert release.status == Status.PUBLISHED
    assert editor_client.get(change_url(release)).status_code == 200  # read-only view


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["publish_now", "unpublish"])
def test_editor_cannot_use_the_publishing_actions(editor_client, action):
    draft = PressReleaseFactory()
    live = PressReleaseFactory(published=True)
    response = editor_client.post(
        LIST, {"action": action, "_selected_action": [draft.pk, live.pk], "post": "yes"}
    )
    assert response.status_code in (200, 302)
    draft.refresh_from_db()
    live.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert live.status == Status.PUBLISHED
    action_form = editor_client.get(LIST).context["action_form"]
    actions = (
        [value for value, _label in action_form.fields["action"].choices] if action_form else []
    )
    assert action not in actions


# Publishing --------------------------------------------------------------------------


@pytest.mark.django_db
def test_publisher_publishes_a_reviewed_release(publisher_client):
    release = PressReleaseFactory(status=Status.REVIEW)
    response = publisher_client.post(
        change_url(release), form_data(release, status=Status.PUBLISHED)
    )
    assert response.status_code == 302, errors_of(response)
    release.refresh_from_db()
    assert release.is_published()
    assert not release.published_without_review
    assert release.last_major_change == release.publish_at


@pytest.mark.django_db
def test_publishing_straight_from_draft_is_recorded_and_filterable(publisher_client):
    release = PressReleaseFactory(status=Status.DRAFT)
    publisher_client.post(change_url(release), form_data(release, status=Status.PUBLISHED))
    release.refresh_from_db()
    assert release.is_published()
    assert release.published_without_review
    listed = publisher_client.get(LIST, {"published_without_review__exact": "1"})
    assert [r.pk for r in listed.context["cl"].result_list] == [release.pk]
    history = release.history.first()
    assert history.published_without_review
    assert history.history_user.username == "publisher"


@pytest.mark.django_db
def test_publish_now_action_asks_for_confirmation_first(publisher_client):
    draft = PressReleaseFactory(status=Status.REVIEW)
    confirm = publisher_client.post(LIST, {"action": "publish_now", "_selected_action": [draft.pk]})
    assert confirm.status_code == 200
    assert "Publish these releases now?" in confirm.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.REVIEW
    publisher_client.post(
        LIST, {"action": "publish_now", "_selected_action": [draft.pk], "post": "yes"}
    )
    draft.refresh_from_db()
    assert draft.is_published()


@pytest.mark.django_db
def test_publisher_unpublishes(publisher_client, client):
    live = PressReleaseFactory(published=True)
    publisher_client.post(
        LIST, {"action": "unpublish", "_selected_action": [live.pk], "post": "yes"}
    )
    live.refresh_from_db()
    assert live.status == Status.DRAFT


@pytest.mark.django_db
def test_scheduled_release_goes_live_at_its_time_without_a_job(publisher_client):
    start = timezone.now().replace(microsecond=0)
    go_live = timezone.localtime(start + datetime.timedelta(hours=2))
    release = PressReleaseFactory(status=Status.REVIEW)
    with freeze_time(start):
        response = publisher_client.post(
            change_url(release),
            form_data(
                release,
                status=Status.PUBLISHED,
                publish_at_0=go_live.date().isoformat(),
                publish_at_1=go_live.strftime("%H:%M:%S"),
            ),
        )
        assert response.status_code == 302, errors_of(response)
        release.refresh_from_db()
        assert not release.is_published()
        listing = publisher_client.get(LIST, {"state": "scheduled"})
        assert "in 2\xa0hours" in listing.content.decode()
    publisher_client.logout()
    with freeze_time(start + datetime.timedelta(hours=1, minutes=59)):
        assert publisher_client.get(release.get_absolute_url()).status_code == 404
    with freeze_time(start + datetime.timedelta(hours=2, seconds=1)):
        assert publisher_client.get(release.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_minor_change_keeps_the_updated_date_and_a_major_one_moves_it(publisher_client):
    release = PressReleaseFactory(published=True)
    before = release.last_major_change
    publisher_client.post(
        change_url(release), form_data(release, title="Fixed a typo", minor_change="on")
    )
    release.refresh_from_db()
    assert release.title == "Fixed a typo"
    assert release.last_major_change == before
    publisher_client.post(
        change_url(release),
        form_data(release, body="<p>New figures.</p>", change_note="Figures corrected."),
    )
    release.refresh_from_db()
    assert release.last_major_change > before
    assert release.change_note == "Figures corrected."


@pytest.mark.django_db
def test_form_shows_the_time_zone(publisher_client):
    html = publisher_client.get(ADD).content.decode()
    assert "Times are in Europe/Vienna" in html


IMAGE_ADD = reverse("admin:releases_image_add")


def image_data(upload, **overrides):
    return {
        "file": upload,
        "alt_text": "A photo",
        "credit": "OSCE",
        "focal_x": 50,
        "focal_y": 50,
        **overrides,
    }


@pytest.mark.django_db
def test_library_image_needs_credit_and_alt_text(editor_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.releases.test_models import png_bytes

    upload = SimpleUploadedFile("p.png", png_bytes(800, 400), content_type="image/png")
    response = editor_client.post(IMAGE_ADD, image_data(upload, credit="", alt_text=""))
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"credit", "alt_text"}


# No lost edits -----------------------------------------------------------------------


@pytest.mark.django_db
def test_stale_save_is_refused_and_both_versions_recoverable(client, staff):
    alice, bob = staff("Publisher"), staff("Editor")
    release = PressReleaseFactory(status=Status.DRAFT, title="Original title")
    client.force_login(alice)
    alice_form = client.get(change_url(release)).context["adminform"].form
    assert alice_form["loaded_version"].value() == release.version
    # Bob opened the same version; Alice saves first.
    response = client.post(change_url(release), form_data(release, title="Alice's title"))
    assert response.status_code == 302, errors_of(response)
    client.force_login(bob)
    response = client.post(change_url(release), form_data(release, title="Bob's title"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "saved this release at" in html and "publisher" in html
    assert "Bob&#x27;s title" in html  # Bob's edit is still in his form to copy
    release.refresh_from_db()
    assert release.title == "Alice's title"
    titles = list(release.history.values_list("title", flat=True))
    assert "Alice's title" in titles and "Original title" in titles


@pytest.mark.django_db
def test_orm_save_from_an_outdated_copy_is_refused():
    from releases.models import StaleEditError

    release = PressReleaseFactory()
    other = PressRelease.objects.get(pk=release.pk)
    other.title = "First"
    other.save()
    release.title = "Second"
    with pytest.raises(StaleEditError):
        release.save()
    assert PressRelease.objects.get(pk=release.pk).title == "First"


# Rich text and history ---------------------------------------------------------------

XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<p onclick="alert(1)">x</p>',
    '<body onload="alert(1)">',
    '<object data="x.swf"></object>',
    '<embed src="x.swf">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<form action="javascript:alert(1)"><input type=submit></form>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<div style="width: expression(alert(1))">x</div>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<a href=" javascript:alert(1)">x</a>',
]
EXECUTABLE = ["<script", "onerror", "onload", "onclick", "javascript:", "data:", "<iframe",
              "<svg", "<object", "<embed", "style=", "<form", "<meta", "<base", "<link",
              "expression("]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("payload", XSS)
def test_admin_form_stores_sanitised_body(publisher_client, payload):
    body = f"<h2>Heading</h2><p><strong>Kept</strong> <em>text</em></p>{payload}"
    response = publisher_client.post(ADD, form_data(body=body))
    assert response.status_code == 302, errors_of(response)
    stored = PressRelease.objects.get().body.lower()
    for marker in EXECUTABLE:
        assert marker not in stored, (payload, stored)
    assert "<h2>heading</h2>" in stored
    assert "<strong>kept</strong>" in stored


@pytest.mark.django_db
def test_allowed_markup_survives():
    body = (
        '<h2>A</h2><h3>B</h3><p>x <strong>b</strong> <em>i</em> <a href="https://osce.org">l</a>'
        "</p><ul><li>one</li></ul><ol><li>two</li></ol><blockquote><p>q</p></blockquote>"
    )
    release = PressReleaseFactory(body=body)
    for tag in ["<h2>", "<h3>", "<strong>", "<em>", "<ul>", "<ol>", "<li>", "<blockquote>"]:
        assert tag in release.body
    assert 'href="https://osce.org"' in release.body


@pytest.mark.django_db
def test_history_shows_who_changed_what(publisher_client):
    release = PressReleaseFactory(status=Status.DRAFT, title="First")
    publisher_client.post(change_url(release), form_data(release, title="Second"))
    history_url = reverse("admin:releases_pressrelease_history", args=[release.pk])
    html = publisher_client.get(history_url).content.decode()
    assert "publisher" in html
    assert "title" in html.lower()


@pytest.mark.django_db
def test_structures_show_their_parent_in_choices(publisher_client):
    url = reverse("admin:autocomplete")
    response = publisher_client.get(
        url,
        {
            "term": "Conflict",
            "app_label": "releases",
            "model_name": "pressrelease",
            "field_name": "sources",
        },
    )
    texts = [r["text"] for r in response.json()["results"]]
    assert "Secretariat › Conflict Prevention Centre" in texts


@pytest.mark.django_db
def test_staff_preview_from_the_change_form(publisher_client, client):
    release = PressReleaseFactory(status=Status.DRAFT)
    html = publisher_client.get(change_url(release)).content.decode()
    assert release.get_absolute_url() in html or "/r/" in html
    preview = publisher_client.get(release.get_absolute_url())
    assert preview.status_code == 200
    assert "Preview: this release is not public" in preview.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.jpg", b"just some text, not an image", "JPEG, PNG or WebP"),
        ("anim.gif", b"GIF89a" + b"\x00" * 64, "JPEG, PNG or WebP"),
    ],
)
def test_bad_image_is_a_form_error_not_a_500(publisher_client, name, content, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
    response = publisher_client.post(IMAGE_ADD, image_data(upload))
    assert response.status_code == 200
    assert message in str(response.context["adminform"].form.errors["file"])
    assert not Image.objects.exists()


@pytest.mark.django_db
def test_oversized_image_is_a_form_error(publisher_client):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(buffer, "PNG")
    upload = SimpleUploadedFile("huge.png", buffer.getvalue(), content_type="image/png")
    response = publisher_client.post(IMAGE_ADD, image_data(upload))
    assert response.status_code == 200
    assert "megapixels" in str(response.context["adminform"].form.errors["file"])
    assert not LibraryImage.objects.exists()
