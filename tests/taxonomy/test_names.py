"""Vocabulary names in the site's languages: the model, the cached vocabulary, the
admin's per-language boxes and the reference data."""

import json
import zipfile

import pytest
from django.conf.urls.i18n import i18n_patterns
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import include, path, reverse
from django.utils import translation

from countries.models import Chairpersonship, Country
from taxonomy.languages import collation_key, current_language
from taxonomy.models import FieldOfWork, MeetingType, Structure
from taxonomy.vocabulary import vocabulary
from tests.factories import (
    ChairpersonshipFactory,
    CountryFactory,
    FieldOfWorkFactory,
    MeetingTypeFactory,
    StructureFactory,
)

SEVEN_LANGUAGES = [
    ("en", "English"),
    ("fr", "French"),
    ("de", "German"),
    ("it", "Italian"),
    ("ru", "Russian"),
    ("es", "Spanish"),
    ("uk", "Ukrainian"),
]


@pytest.mark.django_db
def test_a_term_is_named_in_the_active_language_and_falls_back_to_english():
    field = FieldOfWorkFactory(name="Elections", names={"ru": "Выборы", "fr": " Élections "})
    assert field.names == {"ru": "Выборы", "fr": "Élections"}  # stripped on save
    assert field.localized_name("ru") == "Выборы"
    assert field.localized_name("de") == "Elections"  # none in German: the English one
    assert field.localized_name("en") == "Elections"
    with translation.override("fr"):
        assert field.localized_name() == "Élections"
    with translation.override("ru-ru"):
        assert field.localized_name() == "Выборы"
    assert str(field) == "Elections"  # the admin's choices stay English


@pytest.mark.django_db
def test_a_structure_public_name_follows_the_language():
    kosovo = StructureFactory(
        name="Mission in Kosovo",
        kind=Structure.Kind.FIELD_OPERATION,
        names={"fr": "Mission au Kosovo", "ru": "Миссия в Косово"},
        public_names={"fr": "Mission de l'OSCE au Kosovo"},
    )
    assert kosovo.public_name == "OSCE Mission in Kosovo"
    with translation.override("fr"):
        assert kosovo.display_name == "Mission de l'OSCE au Kosovo"
    with translation.override("ru"):
        # No public name in Russian: its Russian name rather than the English one.
        assert kosovo.display_name == "Миссия в Косово"
    with translation.override("de"):
        assert kosovo.display_name == "OSCE Mission in Kosovo"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "names",
    [
        ["Выборы"],
        {"ru": 5},
        {"": "x"},
        {"r\x00": "x"},
        {"en": "Elections"},
        {"ru": "x" * 201},
        {"ru": "a\x00b"},
        "text",
    ],
)
def test_malformed_names_are_refused_on_every_write_path(names):
    field = FieldOfWorkFactory.build(name="Elections", slug="elections", names=names)
    with pytest.raises(ValidationError):
        field.full_clean()
    with pytest.raises(ValidationError):
        field.save()
    assert not FieldOfWork.objects.exists()


@pytest.mark.django_db
def test_country_names_come_from_cldr_unless_overridden():
    germany = CountryFactory(name="Germany", slug="germany", iso_code="DE")
    turkiye = CountryFactory(name="Türkiye", slug="turkiye", iso_code="TR")
    holy_see = CountryFactory(
        name="Holy See", slug="holy-see", iso_code="VA", names={"ru": "Святой Престол"}
    )
    assert germany.localized_name("ru") == "Германия"
    assert germany.localized_name("fr") == "Allemagne"
    assert germany.localized_name("de") == "Deutschland"
    assert turkiye.localized_name("en") == "Türkiye"  # English as the organisation writes it
    assert turkiye.localized_name("de") == "Türkei"
    assert holy_see.localized_name("ru") == "Святой Престол"  # the override wins
    assert holy_see.localized_name("fr") == "État de la Cité du Vatican"  # CLDR elsewhere
    with translation.override("ru"):
        assert germany.localized_name() == "Германия"


@pytest.mark.django_db
def test_country_without_a_cldr_name_keeps_its_english_name():
    somewhere = CountryFactory(name="Somewhere", slug="somewhere", iso_code="AA")
    assert somewhere.localized_name("ru") == "Somewhere"
    with override_settings(LANGUAGES=SEVEN_LANGUAGES):
        assert CountryFactory(name="Japan", iso_code="JP").localized_name("uk") == "Японія"


@pytest.mark.django_db
def test_chairpersonship_label_names_the_country_in_the_page_language():
    switzerland = CountryFactory(name="Switzerland", slug="switzerland", iso_code="CH")
    chair = ChairpersonshipFactory(country=switzerland, year=2026)
    assert str(chair) == "Switzerland – OSCE Chairpersonship 2026"
    with translation.override("ru"):
        label = str(Chairpersonship.objects.get(pk=chair.pk))
    assert label.startswith("Швейцария – ")
    assert label.endswith(" 2026")


@pytest.mark.django_db
def test_vocabulary_is_cached_per_language_with_countries_sorted_by_their_names():
    FieldOfWorkFactory(name="Youth", order=1, names={"ru": "Молодежь"})
    FieldOfWorkFactory(name="Arms control", order=0, names={"ru": "Контроль над вооружениями"})
    for name, iso in [("Germany", "DE"), ("Austria", "AT"), ("Switzerland", "CH")]:
        CountryFactory(name=name, iso_code=iso)
    english, russian, german = vocabulary("en"), vocabulary("ru"), vocabulary("de")
    # The curated order of fields in every language.
    assert [t.name for t in english.fields] == ["Arms control", "Youth"]
    assert [t.name for t in russian.fields] == ["Контроль над вооружениями", "Молодежь"]
    assert [t.name for t in english.countries] == ["Austria", "Germany", "Switzerland"]
    assert [t.name for t in russian.countries] == ["Австрия", "Германия", "Швейцария"]
    # German: "Österreich" among the O, after "Deutschland".
    assert [t.name for t in german.countries] == ["Deutschland", "Österreich", "Schweiz"]
    with translation.override("ru"):
        assert vocabulary() is russian  # this process's copy
    FieldOfWork.objects.filter(name="Youth").update(names={"ru": "Юность"})
    FieldOfWork.objects.get(name="Youth").save()  # a write through the model: a new stamp
    assert [t.name for t in vocabulary("ru").fields][1] == "Юность"


def test_collation_key_ignores_accents_and_case():
    names = ["Zypern", "États-Unis", "österreich", "Estland", "Ёлка", "Ель", "Жук"]
    assert sorted(names, key=collation_key) == [
        "Estland",
        "États-Unis",
        "österreich",
        "Zypern",
        "Ёлка",
        "Ель",
        "Жук",
    ]
    assert current_language("xx") == "en"


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("root", "root@example.org", "pass-phrase")
    client.force_login(user)
    return client


def term_form(term, **names):
    return {"name": term.name, "slug": term.slug, "description": "", "order": 0, **names}


@pytest.mark.django_db
def test_admin_shows_one_name_box_per_other_language(admin_client):
    field = FieldOfWorkFactory(name="Elections", names={"ru": "Выборы"})
    url = reverse("admin:taxonomy_fieldofwork_change", args=[field.pk])
    page = admin_client.get(url).content.decode()
    for code in ["fr", "de", "it", "ru", "es"]:
        assert f'name="names_{code}"' in page
    assert 'name="names_en"' not in page
    assert 'value="Выборы"' in page
    with override_settings(LANGUAGES=SEVEN_LANGUAGES):  # a seventh language: no code
        assert 'name="names_uk"' in admin_client.get(url).content.decode()


@pytest.mark.django_db
def test_admin_edit_of_a_french_name_shows_on_the_french_rendering(admin_client, client):
    field = FieldOfWorkFactory(name="Elections", slug="elections", names={"ru": "Выборы"})
    url = reverse("admin:taxonomy_fieldofwork_change", args=[field.pk])
    data = term_form(field, names_fr="Élections", names_ru="Выборы", names_de="")
    response = admin_client.post(url, data)
    assert response.status_code == 302
    field.refresh_from_db()
    assert field.names == {"fr": "Élections", "ru": "Выборы"}
    with translation.override("fr"):
        page_url = field.get_absolute_url()
    admin_client.logout()
    page = client.get(page_url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "<h1>Élections</h1>" in page
    # Emptying a box drops the name: the English one shows again.
    admin_client.force_login(get_user_model().objects.get(username="root"))
    admin_client.post(url, term_form(field, names_fr="", names_ru="Выборы"))
    field.refresh_from_db()
    assert field.names == {"ru": "Выборы"}


@pytest.mark.django_db
def test_admin_refuses_an_over_long_name(admin_client):
    meeting = MeetingTypeFactory(name="Summit meetings")
    url = reverse("admin:taxonomy_meetingtype_change", args=[meeting.pk])
    response = admin_client.post(url, term_form(meeting, names_fr="x" * 201))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["names_fr"]
    meeting.refresh_from_db()
    assert meeting.names == {}


@pytest.mark.django_db
def test_admin_edits_a_structure_public_name_per_language(admin_client):
    office = StructureFactory(name="Mission in Kosovo", slug="mission-in-kosovo")
    url = reverse("admin:taxonomy_structure_change", args=[office.pk])
    data = {
        "name": office.name,
        "slug": office.slug,
        "public_name": office.public_name,
        "short_name": "",
        "kind": office.kind,
        "description": "",
        "parent": "",
        "order": 0,
        "host_country": "",
        "location": "",
        "opened_in": "",
        "closed_in": "",
        "names_fr": "Mission au Kosovo",
        "public_names_fr": "Mission de l'OSCE au Kosovo",
    }
    assert admin_client.post(url, data).status_code == 302
    office.refresh_from_db()
    assert office.names == {"fr": "Mission au Kosovo"}
    assert office.localized_public_name("fr") == "Mission de l'OSCE au Kosovo"


@pytest.mark.django_db
def test_admin_country_override_shows_the_cldr_name_and_wins(admin_client):
    germany = CountryFactory(name="Germany", slug="germany", iso_code="DE")
    url = reverse("admin:countries_country_change", args=[germany.pk])
    page = admin_client.get(url).content.decode()
    assert 'placeholder="Германия"' in page
    assert "Allemagne" in page
    data = {
        "name": "Germany",
        "slug": "germany",
        "iso_code": "DE",
        "group": germany.group,
        "sort_name": germany.sort_name,
        "names_ru": "ФРГ",
        "chairpersonships-TOTAL_FORMS": "0",
        "chairpersonships-INITIAL_FORMS": "0",
    }
    assert admin_client.post(url, data).status_code == 302
    germany.refresh_from_db()
    assert germany.names == {"ru": "ФРГ"}
    assert germany.localized_name("ru") == "ФРГ"
    assert germany.localized_name("fr") == "Allemagne"


@pytest.mark.django_db
def test_reference_data_names_every_term_in_every_language(reference_data):
    languages = {"fr", "de", "it", "ru", "es"}
    for model in (FieldOfWork, MeetingType, Structure):
        for term in model.objects.all():
            assert set(term.names) == languages, term.name
    for office in Structure.objects.exclude(kind=Structure.Kind.GROUP):
        assert set(office.public_names) == languages, office.name
    odihr = Structure.objects.get(short_name="ODIHR")
    assert odihr.localized_name("ru") == "Бюро по демократическим институтам и правам человека"
    assert odihr.localized_name("fr") == (
        "Bureau des institutions démocratiques et des droits de l'homme"
    )
    assert FieldOfWork.objects.get(slug="elections").localized_name("de") == "Wahlen"
    holy_see = Country.objects.get(iso_code="VA")
    assert holy_see.localized_name("ru") == "Святой Престол"
    assert Country.objects.get(iso_code="DE").names == {}  # CLDR's name: no override


@pytest.mark.django_db
def test_reference_data_rerun_keeps_editors_names_and_fills_missing_ones(reference_data):
    elections = FieldOfWork.objects.get(slug="elections")
    elections.names = {"fr": "Élections et référendums"}  # an editor's name; others gone
    elections.save()
    call_command("load_reference_data", verbosity=0)
    elections.refresh_from_db()
    assert elections.names["fr"] == "Élections et référendums"
    assert elections.names["ru"] == "Выборы"  # the missing languages are filled in
    call_command("load_reference_data", verbosity=0)
    snapshot = list(FieldOfWork.objects.values("slug", "names"))
    call_command("load_reference_data", verbosity=0)
    assert list(FieldOfWork.objects.values("slug", "names")) == snapshot
    call_command("load_reference_data", "--update", verbosity=0)
    elections.refresh_from_db()
    assert elections.names["fr"] == "Élections"


@pytest.mark.django_db
def test_reference_data_with_malformed_names_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"fields_of_work": [{"name": "Elections", "names": {"ru": 5}}], "meeting_types": [],'
        ' "countries": {}, "chairpersonships": {}, "structures": []}',
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="Elections"):
        call_command("load_reference_data", "--path", str(bad))
    assert not FieldOfWork.objects.exists()


@pytest.mark.django_db
def test_backup_carries_names_in_other_languages(reference_data, tmp_path):
    from tests.releases.test_backup import empty_content, rewrite

    Country.objects.filter(iso_code="DE").update(names={"ru": "ФРГ"})
    before = {
        "fields": list(FieldOfWork.objects.values_list("slug", "names")),
        "offices": list(Structure.objects.values_list("slug", "names", "public_names")),
        "countries": list(Country.objects.values_list("iso_code", "names")),
    }
    path = tmp_path / "backup.zip"
    call_command("export_content", str(path), verbosity=0)
    with zipfile.ZipFile(path) as archive:
        lines = archive.read("data/fields_of_work.jsonl").decode().splitlines()
    elections = next(json.loads(line) for line in lines if '"elections"' in line)
    assert elections["names"]["ru"] == "Выборы"
    empty_content()
    call_command("import_content", str(path), verbosity=0)
    assert list(FieldOfWork.objects.values_list("slug", "names")) == before["fields"]
    assert list(Structure.objects.values_list("slug", "names", "public_names")) == before["offices"]
    assert list(Country.objects.values_list("iso_code", "names")) == before["countries"]

    def as_text(body):
        rows = [json.loads(line) for line in body.decode().splitlines()]
        rows[0]["names"] = "Выборы"  # not an object
        return "".join(json.dumps(row) + "\n" for row in rows).encode()

    altered = tmp_path / "altered.zip"
    rewrite(path, altered, members={"data/fields_of_work.jsonl": as_text})
    empty_content()
    with pytest.raises(CommandError, match="names must be a JSON object"):
        call_command("import_content", str(altered), verbosity=0)


# The public URLs with language prefixes, as the site mounts them (English unprefixed).
urlpatterns = i18n_patterns(path("", include("releases.urls")), prefix_default_language=False)


@pytest.mark.django_db
def test_each_language_vocabulary_links_to_its_own_language_pages():
    FieldOfWorkFactory(name="Elections", slug="elections", names={"ru": "Выборы"})
    with override_settings(ROOT_URLCONF=__name__), translation.override("en"):
        russian = vocabulary("ru").fields[0]
        english = vocabulary("en").fields[0]
    assert (russian.name, russian.url) == ("Выборы", "/ru/fields-of-work/elections/")
    assert (english.name, english.url) == ("Elections", "/fields-of-work/elections/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model",
    ["taxonomy_fieldofwork", "taxonomy_meetingtype", "taxonomy_structure", "countries_country"],
)
def test_admin_add_pages_offer_the_name_boxes(admin_client, model):
    page = admin_client.get(reverse(f"admin:{model}_add")).content.decode()
    assert 'name="names_ru"' in page
    assert 'name="names_es"' in page


@pytest.mark.django_db
def test_admin_adds_a_term_with_its_names(admin_client):
    data = {"name": "Water", "slug": "water", "description": "", "order": 3, "names_de": "Wasser"}
    response = admin_client.post(reverse("admin:taxonomy_fieldofwork_add"), data)
    assert response.status_code == 302
    assert FieldOfWork.objects.get(slug="water").localized_name("de") == "Wasser"
