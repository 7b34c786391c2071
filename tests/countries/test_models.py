import datetime

import pytest
from django.db import IntegrityError, transaction

from countries.models import Chairpersonship
from tests.factories import ChairpersonshipFactory, CountryFactory


@pytest.mark.django_db
def test_duplicate_country_slug_is_refused():
    CountryFactory(slug="malta", iso_code="MT")
    with pytest.raises(IntegrityError), transaction.atomic():
        CountryFactory(slug="malta", iso_code="XM")


@pytest.mark.django_db
def test_duplicate_iso_code_is_refused():
    CountryFactory(name="A", slug="a", iso_code="QQ")
    with pytest.raises(IntegrityError), transaction.atomic():
        CountryFactory.build(name="B", slug="b", iso_code="QQ").save()


@pytest.mark.django_db
def test_one_chairpersonship_per_year():
    ChairpersonshipFactory(year=2030)
    with pytest.raises(IntegrityError), transaction.atomic():
        ChairpersonshipFactory(year=2030)


@pytest.mark.django_db
def test_current_chairpersonship_follows_the_date():
    finland = CountryFactory(name="Finland", slug="finland", iso_code="FI")
    switzerland = CountryFactory(name="Switzerland", slug="switzerland", iso_code="CH")
    ChairpersonshipFactory(country=finland, year=2025)
    ChairpersonshipFactory(country=switzerland, year=2026)
    current = Chairpersonship.objects.current
    assert current(today=datetime.date(2025, 12, 31)).country == finland
    assert current(today=datetime.date(2026, 1, 1)).country == switzerland
    assert current(today=datetime.date(2040, 1, 1)) is None
    assert str(current(today=datetime.date(2026, 6, 1))) == (
        "Switzerland – OSCE Chairpersonship 2026"
    )


@pytest.mark.django_db
def test_sort_name_ignores_a_leading_article():
    country = CountryFactory(name="The Netherlands", slug="netherlands", iso_code="NL")
    assert country.sort_name == "Netherlands"
    assert country.get_absolute_url() == "/countries/netherlands/"
