import json

import pytest
from django.core.management import CommandError, call_command

from countries.models import Chairpersonship, Country
from taxonomy.models import FieldOfWork, MeetingType, Structure

SEED_FIELD_OPERATIONS = [
    "Presence in Albania",
    "Centre in Ashgabat",
    "Programme Office in Astana",
    "Programme Office in Bishkek",
    "Mission to Bosnia and Herzegovina",
    "Programme Office in Dushanbe",
    "Mission in Kosovo",
    "Mission to Moldova",
    "Mission to Montenegro",
    "Mission to Serbia",
    "Mission to Skopje",
    "Project Co-ordinator in Uzbekistan",
]


def counts():
    return [
        m.objects.count() for m in (FieldOfWork, MeetingType, Country, Chairpersonship, Structure)
    ]


@pytest.mark.django_db
def test_loads_the_whole_navigation(reference_data):
    Group = Country.Group
    assert Country.objects.filter(group=Group.PARTICIPATING_STATE).count() == 57
    assert set(
        Country.objects.filter(group=Group.ASIAN_PARTNER).values_list("name", flat=True)
    ) == {"Afghanistan", "Australia", "Japan", "Republic of Korea", "Thailand"}
    assert Country.objects.filter(group=Group.MEDITERRANEAN_PARTNER).count() == 6
    assert FieldOfWork.objects.count() == 23
    assert FieldOfWork.objects.first().name == "Arms control"
    assert MeetingType.objects.count() == 16
    operations = Structure.objects.filter(
        kind=Structure.Kind.FIELD_OPERATION, closed_in__isnull=True
    )
    assert list(operations.values_list("name", flat=True)) == SEED_FIELD_OPERATIONS
    assert Structure.objects.filter(closed_in__isnull=False).count() >= 5
    assert Chairpersonship.objects.get(year=2025).country.name == "Finland"
    assert Chairpersonship.objects.get(year=2026).country.name == "Switzerland"
    assert Chairpersonship.objects.get(year=2004).country.name == "Bulgaria"
    assert Chairpersonship.objects.get(year=2024).country.name == "Malta"


@pytest.mark.django_db
def test_structures_tree_matches_the_seed(reference_data):
    secretariat = Structure.objects.get(slug="secretariat")
    units = list(secretariat.children.values_list("name", flat=True))
    assert units[0] == "Secretary General"
    assert "Conflict Prevention Centre" in units
    assert len(units) == 12
    kosovo = Structure.objects.get(slug="mission-in-kosovo")
    assert kosovo.host_country is None
    assert kosovo.location == "Pristina"
    assert kosovo.parent.name == "Field operations"
    assert Structure.objects.get(slug="mission-to-serbia").host_country.iso_code == "RS"
    institutions = Structure.objects.filter(kind=Structure.Kind.INSTITUTION)
    assert set(institutions.values_list("short_name", flat=True)) == {"ODIHR", "HCNM", "RFoM"}
    roots = Structure.objects.filter(parent=None).values_list("name", flat=True)
    assert list(roots) == [
        "Chairpersonship",
        "Secretariat",
        "Institutions",
        "Field operations",
        "Parliamentary Assembly",
        "Court of Conciliation and Arbitration",
    ]


@pytest.mark.django_db
def test_second_run_changes_nothing(reference_data, capsys):
    before = counts()
    snapshot = list(Structure.objects.values())
    call_command("load_reference_data")
    assert counts() == before
    assert list(Structure.objects.values()) == snapshot
    assert "0 created, 0 updated" in capsys.readouterr().out


@pytest.mark.django_db
def test_rerun_keeps_editor_changes_unless_update(reference_data):
    FieldOfWork.objects.filter(slug="elections").update(name="Elections and referendums")
    call_command("load_reference_data", verbosity=0)
    assert FieldOfWork.objects.get(slug="elections").name == "Elections and referendums"
    call_command("load_reference_data", "--update", verbosity=0)
    assert FieldOfWork.objects.get(slug="elections").name == "Elections"


@pytest.mark.django_db
def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No reference data file"):
        call_command("load_reference_data", "--path", str(tmp_path / "none.json"))


@pytest.mark.django_db
def test_malformed_file_is_a_clear_error_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("load_reference_data", "--path", str(bad))
    incomplete = tmp_path / "incomplete.json"
    incomplete.write_text(json.dumps({"fields_of_work": ["Elections"]}), encoding="utf-8")
    with pytest.raises(CommandError, match="unexpected reference data"):
        call_command("load_reference_data", "--path", str(incomplete))
    assert FieldOfWork.objects.count() == 0
