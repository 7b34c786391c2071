import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

PROJECT_APPS = ("countries", "taxonomy", "releases")


@pytest.mark.django_db(transaction=True)
def test_every_migration_reverses_and_applies_again():
    # Unapplying countries unapplies everything that depends on it, newest first.
    call_command("migrate", "countries", "zero", verbosity=0)
    executor = MigrationExecutor(connection)
    applied = {app for app, _name in executor.loader.applied_migrations}
    assert not applied & set(PROJECT_APPS)
    tables = connection.introspection.table_names()
    assert not [t for t in tables if t.startswith(PROJECT_APPS)]
    call_command("migrate", verbosity=0)
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    assert set(Group.objects.values_list("name", flat=True)) >= {"Editor", "Publisher"}
