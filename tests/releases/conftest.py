import pytest

from tests.factories import role_group


@pytest.fixture
def staff(django_user_model, reference_data):
    """Makes a staff member in the Editor or Publisher group."""

    def make(role):
        user = django_user_model.objects.create_user(
            username=role.lower(), password="a-long-pass-phrase", is_staff=True
        )
        user.groups.add(role_group(role))
        return user

    return make


@pytest.fixture
def editor_client(client, staff):
    client.force_login(staff("Editor"))
    return client


@pytest.fixture
def publisher_client(client, staff):
    client.force_login(staff("Publisher"))
    return client
