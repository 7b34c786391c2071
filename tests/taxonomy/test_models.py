import pytest
from django.db import IntegrityError, transaction

from taxonomy.models import Structure
from tests.factories import FieldOfWorkFactory, MeetingTypeFactory, StructureFactory


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [FieldOfWorkFactory, MeetingTypeFactory, StructureFactory])
def test_duplicate_slug_is_refused(factory):
    factory(slug="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(slug="same")


@pytest.mark.django_db
def test_structure_public_name_defaults_to_osce_and_name():
    structure = StructureFactory(name="Mission in Kosovo", kind=Structure.Kind.FIELD_OPERATION)
    assert structure.public_name == "OSCE Mission in Kosovo"
    assert structure.display_name == "OSCE Mission in Kosovo"


@pytest.mark.django_db
def test_structure_may_have_a_location_without_a_host_country():
    structure = StructureFactory(location="Pristina", host_country=None)
    structure.full_clean()
    assert structure.host_country is None


@pytest.mark.django_db
def test_structure_cannot_close_before_it_opened():
    with pytest.raises(IntegrityError), transaction.atomic():
        StructureFactory(opened_in=2010, closed_in=2005)


@pytest.mark.django_db
def test_urls_follow_the_contract():
    assert FieldOfWorkFactory(slug="elections").get_absolute_url() == "/fields-of-work/elections/"
    assert MeetingTypeFactory(slug="summits").get_absolute_url() == "/meetings/summits/"
    assert StructureFactory(slug="odihr").get_absolute_url() == "/structures/odihr/"
