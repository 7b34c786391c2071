"""A publisher changes the seed release's relations, then reads its history, compares
two versions and restores the older one."""

import importlib

from django.contrib.auth.models import Group, Permission

from releases.models import PressRelease
from tests.browser.conftest import axe_violations
from tests.browser.test_authoring import choose, log_in, make_user

SEED = "osce-chairman-urges-kosovo-serbs-to-take-part-in-october-elections"
NEW_TITLE = "OSCE Chairman urges all communities to vote"


def ensure_groups():
    """The Editor and Publisher groups come from a data migration, which the flush
    after an earlier transactional test removed."""
    migration = importlib.import_module("releases.migrations.0006_editor_and_publisher_groups")
    for name, codenames in migration.GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in codenames
        )


def test_history_compare_and_restore_a_release_whose_relations_changed(site, page, tmp_path):
    ensure_groups()
    make_user("Publisher")
    release = PressRelease.objects.get(slug=SEED)
    old_title = release.title
    old_countries = set(release.countries.all())
    log_in(page, site, "publisher")

    page.goto(f"{site.url}/admin/releases/pressrelease/{release.pk}/change/")
    page.get_by_label("Title:").fill(NEW_TITLE)
    choose(page, "countries", "Moldova", "Moldova")
    page.get_by_label("Change note:").fill("Headline widened; Moldova added.")
    page.get_by_role("button", name="Save", exact=True).first.click()
    page.wait_for_url("**/admin/releases/pressrelease/")
    release.refresh_from_db()
    assert release.title == NEW_TITLE
    assert release.history.count() == 2  # the seed's creation, and this one save

    response = page.goto(f"{site.url}/admin/releases/pressrelease/{release.pk}/history/")
    assert response.status == 200
    newest = page.locator("#change-history tbody tr").first
    assert "countries" in newest.locator(".changed-fields").inner_text()
    assert "title" in newest.locator(".changed-fields").inner_text()
    assert "publisher" in newest.inner_text()
    assert axe_violations(page) == []

    page.get_by_role("button", name="Compare selected versions").click()
    page.wait_for_url("**/history/compare/**")
    table = page.locator(".compare-table")
    assert table.locator("del", has_text=old_title.split()[-1]).count() >= 1
    assert table.locator("ins", has_text="communities").count() == 1
    assert table.locator(".relation ins", has_text="Moldova").count() == 1
    assert axe_violations(page) == []
    page.screenshot(path=str(tmp_path / "compare.png"), full_page=True)

    page.get_by_role("link", name="Restore this version…").first.click()
    page.wait_for_url("**/history/*/")
    assert page.get_by_label("Title:").input_value() == old_title
    page.get_by_label("Change note:").fill("Restored the original headline.")
    page.get_by_role("button", name="Revert").first.click()
    page.wait_for_url("**/admin/releases/pressrelease/")
    release.refresh_from_db()
    assert release.title == old_title
    assert set(release.countries.all()) == old_countries
    assert release.change_note == "Restored the original headline."
    assert release.history.count() == 3

    visitor = page.context.browser.new_context().new_page()
    visitor.goto(site.url + release.get_absolute_url())
    assert "Restored the original headline." in visitor.locator(".release__meta").inner_text()
    visitor.context.close()
