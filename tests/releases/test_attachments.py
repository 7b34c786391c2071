"""Documents attached to a release: checked by content (not by name), stored under
random names, listed on the release page with type and size, served as downloads, in
Atom as enclosures."""

from pathlib import PurePosixPath

import feedparser
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from releases.documents import CONTENT_TYPES, MAX_DOCUMENT_BYTES, MESSAGES, check_document
from releases.library import ATTACHMENT_NAME
from releases.models import Attachment
from tests.factories import PressReleaseFactory

from .documents import BAD, GOOD, PDF
from .test_admin import ADD, form_data


def attach(release, kind="pdf", **kwargs):
    attachment = Attachment(release=release, title=kwargs.pop("title", "Final report"), **kwargs)
    attachment.kind, attachment.size = kind, len(GOOD[kind])
    attachment.file.save(f"document.{kind}", ContentFile(GOOD[kind]), save=False)
    attachment.save()
    return attachment


@pytest.mark.parametrize("kind", sorted(GOOD))
def test_each_accepted_kind_is_recognised_by_its_content(kind):
    # Under a misleading name: the bytes decide.
    assert check_document(SimpleUploadedFile("misnamed.txt", GOOD[kind])) == kind


@pytest.mark.parametrize("case", sorted(BAD))
def test_refused_documents(case):
    name, content = BAD[case]
    with pytest.raises(ValidationError):
        check_document(SimpleUploadedFile(name, content))


def mutated(data, cut, position, noise):
    """A document cut short, or with some bytes replaced: what a bad transfer or a
    hostile upload gives."""
    data = data[:cut] if cut else data
    position %= max(len(data), 1)
    return data[:position] + noise + data[position + len(noise) :]


@settings(max_examples=300, deadline=None, database=None)
@given(
    data=st.one_of(
        st.binary(max_size=512),
        st.builds(
            mutated,
            st.sampled_from([*GOOD.values(), *(content for _name, content in BAD.values())]),
            st.integers(min_value=0, max_value=400),
            st.integers(min_value=0, max_value=10_000),
            st.binary(max_size=24),
        ),
    ),
    name=st.sampled_from(["report.pdf", "a.docx", "b.odt", "c.xlsx", "d.csv", "e"]),
)
def test_any_upload_is_a_kind_or_a_clear_refusal(data, name):
    try:
        kind = check_document(SimpleUploadedFile(name, data))
    except ValidationError as error:
        assert error.messages and error.code in MESSAGES
    else:
        assert kind in CONTENT_TYPES


def test_oversized_document_is_refused():
    with pytest.raises(ValidationError, match="larger than 25 MB"):
        check_document(SimpleUploadedFile("big.csv", b"a,b\n" * (MAX_DOCUMENT_BYTES // 4 + 1)))


def with_attachment(title, content, name, **extra):
    return form_data(
        **{
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-title": title,
            "attachments-0-file": SimpleUploadedFile(name, content, "application/pdf"),
            "attachments-0-language": "en",
            "attachments-0-position": "0",
            **extra,
        }
    )


@pytest.mark.django_db
def test_an_editor_attaches_a_pdf_stored_under_a_random_name(editor_client):
    response = editor_client.post(ADD, with_attachment("Final report", PDF, "Report (final).PDF"))
    assert response.status_code == 302, response.context and response.context["errors"]
    attachment = Attachment.objects.get()
    assert ATTACHMENT_NAME.fullmatch(attachment.file.name)
    assert "final" not in attachment.file.name.lower()
    assert (attachment.kind, attachment.size, attachment.accessible) == ("pdf", len(PDF), False)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "case", ["pdf with JavaScript", "html named pdf", "zip bomb named docx", "word with macros"]
)
def test_a_refused_document_is_a_form_error_not_a_500(editor_client, case):
    name, content = BAD[case]
    response = editor_client.post(ADD, with_attachment("Report", content, name))
    assert response.status_code == 200
    errors = str(response.context["inline_admin_formsets"][0].formset.errors)
    assert "document" in errors.lower() or "pdf" in errors.lower()
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_download_is_an_attachment_with_nosniff_and_the_title_as_name(client):
    release = PressReleaseFactory(published=True)
    attachment = attach(release, title="Final report 2024")
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="final-report-2024.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.django_db
def test_a_drafts_documents_are_not_served_to_the_public(client, admin_client):
    attachment = attach(PressReleaseFactory())
    assert client.get(attachment.get_absolute_url()).status_code == 404
    assert admin_client.get(attachment.get_absolute_url()).status_code == 200  # preview
    assert client.get("/press-releases/documents/99999999999999999999999/").status_code == 404


@pytest.mark.django_db
def test_stored_documents_are_not_served_as_media(client):
    attachment = attach(PressReleaseFactory(published=True))
    assert client.get(attachment.file.url).status_code == 404  # only through the download


@pytest.mark.django_db
def test_release_page_lists_documents_with_type_size_and_accessible_format_request(
    client, settings
):
    settings.ACCESSIBLE_FORMAT_EMAIL = "accessibility@example.org"
    release = PressReleaseFactory(published=True, title="Election report")
    attach(release, title="Final report")
    attach(release, kind="xlsx", title="Results", accessible=True, language="fr")
    html = client.get(release.get_absolute_url()).content.decode()
    assert "Final report" in html and f"(PDF, {len(PDF)}\xa0bytes)" in html
    assert "Excel (XLSX)" in html and '<span lang="fr">français</span>' in html
    assert html.count("mailto:accessibility@example.org?subject=") == 1  # not for Results
    assert "Accessible%20format%20request%3A%20Final%20report" in html
    settings.ACCESSIBLE_FORMAT_EMAIL = ""
    attach(release, title="Annex")  # a change: the page is rendered again
    assert "mailto:" not in client.get(release.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_atom_lists_documents_as_enclosures_and_rss_keeps_one(client):
    release = PressReleaseFactory(published=True)
    pdf = attach(release, title="Report")
    attach(release, kind="csv", title="Data")
    parsed = feedparser.parse(client.get(reverse("releases:atom")).content)
    links = [link for link in parsed.entries[0].links if link["rel"] == "enclosure"]
    assert {(link["type"], link["length"]) for link in links} == {
        ("application/pdf", str(len(PDF))),
        ("text/csv", str(len(GOOD["csv"]))),
    }
    assert any(link["href"].endswith(pdf.get_absolute_url()) for link in links)
    assert client.get(reverse("releases:feed")).status_code == 200


@pytest.mark.django_db
def test_deleting_an_attachment_removes_its_file(django_capture_on_commit_callbacks):
    attachment = attach(PressReleaseFactory())
    name = attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        attachment.delete()
    assert not default_storage.exists(name)
    assert PurePosixPath(name).suffix == ".pdf"
