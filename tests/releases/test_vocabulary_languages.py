"""Every place that shows a vocabulary term shows it in the page's language: the menu,
entity pages, the newsroom's facets and chips, feeds, the release page and its JSON-LD.

Pages are requested at the URL reversed in the language (prefixed wherever the site
prefixes it) and with that language asked for."""

import json
import re

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone, translation
from freezegun import freeze_time

from countries.models import Country
from taxonomy.models import FieldOfWork, Structure
from tests.factories import PressReleaseFactory


def get_in(client, language, name, *args, query=""):
    with translation.override(language):
        url = reverse(name, args=args)
    return client.get(url + query, HTTP_ACCEPT_LANGUAGE=language)


@pytest.fixture
def russian_release(reference_data):
    release = PressReleaseFactory(
        published=True,
        language="ru",
        title="Наблюдатели представили предварительные выводы",
        fields_of_work=[FieldOfWork.objects.get(slug="elections")],
        countries=[Country.objects.get(iso_code="DE")],
        sources=[Structure.objects.get(slug="mission-in-kosovo")],
    )
    return release


@pytest.mark.django_db
@freeze_time("2026-03-01 12:00:00")
def test_menu_names_terms_and_the_chairpersonship_in_the_page_language(client, reference_data):
    page = get_in(client, "ru", "releases:home").content.decode()
    assert ">Выборы</a>" in page
    assert ">Германия</a>" in page
    assert ">Бюро по демократическим институтам и правам человека</a>" in page
    assert re.search(r">Швейцария – [^<]*2026</a>", page)
    assert (
        ">Switzerland – OSCE Chairpersonship 2026</a>"
        in get_in(client, "en", "releases:home").content.decode()
    )


@pytest.mark.django_db
def test_country_index_is_sorted_by_the_names_in_the_page_language(client, reference_data):
    def states(language):
        entries = get_in(client, language, "releases:countries").context["object_list"]
        return [entry.name for entry in entries if entry.group == "participating_state"]

    german = states("de")
    assert german[:3] == ["Albanien", "Andorra", "Armenien"]
    assert german.index("Norwegen") < german.index("Österreich") < german.index("Polen")
    english = states("en")
    assert english[:3] == ["Albania", "Andorra", "Armenia"]
    # English keeps the sort name: "The Netherlands" among the N.
    assert english.index("Norway") - english.index("The Netherlands") == 2


@pytest.mark.django_db
def test_entity_page_names_its_term_in_the_page_language(client, russian_release):
    response = get_in(client, "ru", "releases:field", "elections")
    page = response.content.decode()
    assert "<h1>Выборы</h1>" in page
    assert "<title>Выборы |" in page
    assert response.context["breadcrumbs"][-1] == ("Выборы", None)
    kosovo = get_in(client, "fr", "releases:structure", "mission-in-kosovo").content.decode()
    assert "<h1>Mission de l&#x27;OSCE au Kosovo</h1>" in kosovo
    assert ">Opérations de terrain</a>" in kosovo


@pytest.mark.django_db
def test_newsroom_facets_and_chips_are_in_the_page_language(client, russian_release):
    response = get_in(client, "ru", "releases:list", query="?field=elections")
    assert response.status_code == 200
    assert [chip["label"] for chip in response.context["chips"]] == ["Выборы"]
    facets = {facet["name"]: facet for facet in response.context["facets"]}
    assert {o["label"] for o in facets["field"]["shown"]} == {"Выборы"}
    assert {o["label"] for o in facets["country"]["shown"]} == {"Германия"}
    assert "Миссия в Косово" in {o["label"] for o in facets["source"]["shown"]}
    # The English page, asked after the Russian one, is not served the Russian labels.
    english = get_in(client, "en", "releases:list", query="?field=elections")
    english_facets = {facet["name"]: facet for facet in english.context["facets"]}
    assert {o["label"] for o in english_facets["country"]["shown"]} <= {"Germany"}


@pytest.mark.django_db
def test_feed_title_and_categories_are_in_the_feed_language(client, russian_release):
    response = get_in(client, "ru", "releases:field_feed", "elections")
    feed = feedparser.parse(response.content)
    assert "Выборы" in feed.feed.title
    entry = next(e for e in feed.entries if e.title == russian_release.title)
    assert {tag.term for tag in entry.tags} == {"Выборы", "Германия"}
    assert entry.author == "Миссия ОБСЕ в Косово"


@pytest.mark.django_db
def test_release_page_metadata_and_json_ld_are_in_the_release_language(client, reference_data):
    release = PressReleaseFactory(
        published=True,
        language="fr",
        title="Les observateurs présentent leurs conclusions",
        fields_of_work=[FieldOfWork.objects.get(slug="elections")],
        countries=[Country.objects.get(iso_code="CH")],
        sources=[Structure.objects.get(slug="mission-in-kosovo")],
        publish_at=timezone.now(),
    )
    with translation.override("fr"):
        url = release.get_absolute_url()
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    meta = re.search(r'<dl class="release__meta">.*?</dl>', page, re.S).group(0)
    assert ">Mission de l&#x27;OSCE au Kosovo</a>" in meta
    assert ">Élections</a>" in meta
    assert ">Suisse</a>" in page
    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["articleSection"] == ["Élections"]
    assert data["author"] == [{"@type": "Organization", "name": "Mission de l'OSCE au Kosovo"}]


@pytest.fixture
def russian_catalogue(tmp_path, settings):
    """A Russian catalogue with the organisation's name and the chairpersonship label,
    as the project's catalogue translates them, in a locale directory of its own."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    catalogue = Catalog(locale="ru")
    catalogue.add("OSCE", "ОБСЕ")
    catalogue.add(
        "%(country)s – OSCE Chairpersonship %(year)s",
        "%(country)s – Председательство ОБСЕ %(year)s",
    )
    catalogue.add("%(site)s press releases", "Пресс-релизы %(site)s")
    directory = tmp_path / "locale" / "ru" / "LC_MESSAGES"
    directory.mkdir(parents=True)
    with open(directory / "django.mo", "wb") as mo:
        write_mo(mo, catalogue)
    settings.LOCALE_PATHS = [tmp_path / "locale"]  # resets Django's loaded catalogues


@pytest.mark.django_db
def test_organisation_name_and_chairpersonship_label_go_through_the_catalogue(
    client, russian_release, russian_catalogue
):
    with freeze_time(timezone.now().replace(year=2026, month=12, day=1)):
        page = get_in(client, "ru", "releases:home").content.decode()
    assert '<span class="site-logo__mark" aria-hidden="true">ОБСЕ</span>' in page
    assert "| ОБСЕ</title>" in page
    assert ">Швейцария – Председательство ОБСЕ 2026</a>" in page
    feed = feedparser.parse(get_in(client, "ru", "releases:field_feed", "elections").content)
    assert feed.feed.title == "Пресс-релизы ОБСЕ: Выборы"
    with translation.override("ru"):
        url = russian_release.get_absolute_url()
    release_page = client.get(url, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    data = json.loads(
        re.search(r'application/ld\+json">(.*?)</script>', release_page, re.S).group(1)
    )
    assert data["publisher"]["name"] == "ОБСЕ"
