"""The interface catalogues (locale/<lang>/LC_MESSAGES/django.po and the committed .mo):
one per non-default language, complete (no empty or fuzzy entry, every plural form,
placeholders kept), the committed .mo what Babel compiles from the .po, and no string
in the code that the catalogues lack (when xgettext is installed to extract them)."""

import copy
import io
import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from django.core.management import CommandError, call_command
from django.template import Context, Template
from django.utils import translation

from osce_site import catalogues

LANGUAGES = catalogues.languages()
PROBE = "A sentence added to a template that nobody has translated yet"


def test_every_language_but_the_default_has_a_catalogue():
    assert {"fr", "de", "it", "ru", "es"} <= set(LANGUAGES)
    for language in LANGUAGES:
        assert catalogues.po_path(language).is_file()
        assert catalogues.mo_path(language).is_file()


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete(language):
    catalog = catalogues.read(catalogues.po_path(language))
    assert sum(1 for m in catalog if m.id) > 0
    assert catalogues.problems(catalog) == []


def test_russian_catalogue_has_three_plural_forms():
    catalog = catalogues.read(catalogues.po_path("ru"))
    assert catalog.num_plurals == 3
    plurals = [m for m in catalog if m.id and m.pluralizable]
    assert plurals
    assert all(len(m.string) == 3 and all(m.string) for m in plurals)


@pytest.mark.parametrize("language", LANGUAGES)
def test_committed_mo_is_what_babel_compiles_from_the_po(language):
    catalog = catalogues.read(catalogues.po_path(language))
    committed = catalogues.mo_path(language).read_bytes()
    assert catalogues.mo_mismatches(catalog, committed) == []
    # and Babel's own output agrees with the .po by the same measure
    assert catalogues.mo_mismatches(catalog, catalogues.compiled(catalog)) == []


def test_compile_catalogues_check_passes_on_the_committed_catalogues():
    call_command("compile_catalogues", check=True, stdout=io.StringIO())


def test_compile_catalogues_writes_only_a_missing_or_stale_mo(settings, tmp_path):
    shutil.copytree(catalogues.locale_dir(), tmp_path / "locale")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    catalogues.mo_path("ru").unlink()
    fr = catalogues.po_path("fr")
    fr.write_text(
        fr.read_text(encoding="utf-8").replace(
            'msgstr "Communiqués de presse"', 'msgstr "Les communiqués de presse"', 1
        ),
        encoding="utf-8",
    )
    german = catalogues.mo_path("de").read_bytes()
    with pytest.raises(CommandError) as refused:
        call_command("compile_catalogues", check=True, stdout=io.StringIO())
    assert "ru: " in str(refused.value) and "fr: " in str(refused.value)
    assert "de: " not in str(refused.value)

    call_command("compile_catalogues", stdout=io.StringIO())

    call_command("compile_catalogues", check=True, stdout=io.StringIO())
    for language in ("fr", "ru"):
        catalog = catalogues.read(catalogues.po_path(language))
        assert catalogues.mo_mismatches(catalog, catalogues.mo_path(language).read_bytes()) == []
    assert catalogues.mo_path("de").read_bytes() == german


def test_compile_catalogues_check_fails_on_an_untranslated_entry(settings, tmp_path):
    shutil.copytree(catalogues.locale_dir(), tmp_path / "locale")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    it = catalogues.po_path("it")
    it.write_text(
        it.read_text(encoding="utf-8").replace('msgstr "Sala stampa"', 'msgstr ""', 1),
        encoding="utf-8",
    )
    errors = io.StringIO()
    with pytest.raises(CommandError, match="it: 1 problem in"):
        call_command("compile_catalogues", check=True, stdout=io.StringIO(), stderr=errors)
    assert "it: 'Newsroom' has an empty translation" in errors.getvalue()


# The checks themselves: each fault they exist for is caught.


def small_catalog():
    catalog = Catalog(locale="ru", domain="django", fuzzy=False)
    catalog.add("Press releases", "Пресс-релизы")
    catalog.add(
        ("%(counter)s release", "%(counter)s releases"),
        ("%(counter)s пресс-релиз", "%(counter)s пресс-релиза", "%(counter)s пресс-релизов"),
        flags=["python-format"],
    )
    catalog.add("Photo: %(credit)s", "Фото: %(credit)s", flags=["python-format"])
    catalog.add("Hello {name}", "Привет, {name}")
    return catalog


def test_problems_of_a_complete_catalogue_are_none():
    assert catalogues.problems(small_catalog()) == []


def test_problems_name_an_empty_a_fuzzy_and_an_incomplete_plural_entry():
    catalog = small_catalog()
    catalog.add("Search", "")
    catalog.add("Filter", "Фильтр", flags=["fuzzy"])
    catalog["%(counter)s release"].string = ("%(counter)s пресс-релиз", "%(counter)s пресс-релиза")
    found = "\n".join(catalogues.problems(catalog))
    assert "'Search' has an empty translation" in found
    assert "'Filter' is marked fuzzy" in found
    assert "'%(counter)s release' has 2 plural forms, the language has 3" in found


def test_problems_name_an_empty_plural_form():
    catalog = small_catalog()
    catalog["%(counter)s release"].string = ("%(counter)s пресс-релиз", "", "x %(counter)s")
    assert catalogues.problems(catalog) == ["'%(counter)s release' has an empty translation"]


def test_problems_name_a_fuzzy_header():
    catalog = small_catalog()
    catalog.fuzzy = True
    assert catalogues.problems(catalog) == ["the header is marked fuzzy"]


@pytest.mark.parametrize(
    ("msgid", "wrong"),
    [
        ("Photo: %(credit)s", "Фото"),
        ("Photo: %(credit)s", "Фото: %(author)s"),
        ("Hello {name}", "Привет, {имя}"),
    ],
)
def test_problems_name_a_placeholder_lost_or_renamed(msgid, wrong):
    catalog = small_catalog()
    catalog[msgid].string = wrong
    [problem] = catalogues.problems(catalog)
    assert problem.startswith(repr(msgid))


def test_a_literal_percent_sign_is_not_a_placeholder():
    catalog = small_catalog()
    catalog.add("100% of releases", "100 % des communiqués")
    assert catalogues.problems(catalog) == []


def test_a_plural_form_without_the_count_is_a_problem():
    catalog = small_catalog()
    catalog["%(counter)s release"].string = (
        "один пресс-релиз",
        "%(counter)s пресс-релиза",
        "%(counter)s пресс-релизов",
    )
    [problem] = catalogues.problems(catalog)
    assert "один пресс-релиз" in problem


def test_mo_mismatches_find_a_changed_a_missing_and_a_stale_translation():
    catalog = small_catalog()
    changed = copy.deepcopy(catalog)
    changed["Press releases"].string = "Релизы"
    changed.delete("Photo: %(credit)s")
    changed.add("Removed since", "Удалено")
    wrong = {m.msgid: m for m in catalogues.mo_mismatches(catalog, catalogues.compiled(changed))}
    assert wrong["Press releases"].found == "Релизы"
    assert wrong["Photo: %(credit)s"].found == catalogues._Missing.MARK
    assert wrong["Removed since"].expected == "(not translated in the .po)"


def test_mo_mismatches_find_plural_forms_in_the_wrong_order():
    catalog = small_catalog()
    swapped = copy.deepcopy(catalog)
    one, few, many = swapped["%(counter)s release"].string
    swapped["%(counter)s release"].string = (one, many, few)
    [wrong] = catalogues.mo_mismatches(catalog, catalogues.compiled(swapped))
    # 0 takes the third Russian form ("0 пресс-релизов"); the swapped .mo gives the second
    assert wrong.msgid == "%(counter)s release (n=0)"
    assert (wrong.expected, wrong.found) == (many, few)


# What the site shows.


def test_russian_interface_uses_the_catalogue():
    template = Template(
        "{% load i18n %}{% translate 'Press releases' %} · "
        "{% blocktranslate count counter=n %}{{ counter }} release{% plural %}"
        "{{ counter }} releases{% endblocktranslate %}"
    )
    with translation.override("ru"):
        rendered = [template.render(Context({"n": n})) for n in (1, 3, 5, 21)]
    assert rendered == [
        "Пресс-релизы · 1 пресс-релиз",
        "Пресс-релизы · 3 пресс-релиза",
        "Пресс-релизы · 5 пресс-релизов",
        "Пресс-релизы · 21 пресс-релиз",
    ]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ru", "Швейцария – Председательство ОБСЕ 2026"),
        ("de", "Schweiz – OSZE-Vorsitz 2026"),
        ("fr", "Suisse – Présidence de l'OSCE 2026"),
        ("it", "Svizzera – Presidenza OSCE 2026"),
        ("es", "Suiza – Presidencia de la OSCE 2026"),
    ],
)
def test_chairpersonship_label_in_each_language(language, expected):
    country = expected.split(" – ")[0]
    with translation.override(language):
        label = translation.gettext("%(country)s – OSCE Chairpersonship %(year)s") % {
            "country": country,
            "year": 2026,
        }
    assert label == expected


# No string in the code that the catalogues lack.


def copy_sources(destination):
    """What makemessages reads, and nothing else: the code and templates outside the
    directories it is told to ignore (and not the catalogues: the copy extracts afresh)."""
    root = catalogues.locale_dir().parent

    def skip(directory, names):
        skipped = []
        for name in names:
            path = Path(directory, name)
            if path.is_dir():
                if (
                    name.startswith(".")
                    or name == "__pycache__"
                    or name in catalogues.EXTRACT_IGNORE
                    or path == catalogues.locale_dir()
                ):
                    skipped.append(name)
            elif path.suffix not in catalogues.EXTRACT_SUFFIXES:
                skipped.append(name)
        return skipped

    shutil.copytree(root, destination, ignore=skip)


@pytest.mark.skipif(
    shutil.which("xgettext") is None,
    reason="GNU gettext's xgettext is not installed, so makemessages cannot extract the "
    "code's strings to compare with the catalogues (apt-get install gettext)",
)
def test_makemessages_finds_no_string_the_catalogues_lack(settings, tmp_path):
    sources = tmp_path / "project"
    copy_sources(sources)
    # A new string, as a change to a template would add one: the check must see it.
    (sources / "templates" / "probe.html").write_text(
        '{% load i18n %}<p>{% translate "' + PROBE + '" %}</p>\n', encoding="utf-8"
    )
    committed_dir = catalogues.locale_dir()
    settings.LOCALE_PATHS = [sources / "locale"]
    catalogues.extract(sources)
    for language in LANGUAGES:
        committed_po = catalogues.po_path(language, base=committed_dir)
        committed = {(m.context, m.id) for m in catalogues.read(committed_po) if m.id}
        fresh = catalogues.read(catalogues.po_path(language))
        missing = {catalogues.key(m) for m in fresh if m.id and (m.context, m.id) not in committed}
        assert PROBE in missing, "the check did not see a new string"
        missing.discard(PROBE)
        assert not missing, (
            f"{language}: strings in the code missing from {committed_po}: "
            f"{sorted(missing)}. Run `make messages`, translate them, and compile."
        )
