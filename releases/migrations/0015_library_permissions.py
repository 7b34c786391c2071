"""Editors and publishers work with the media library and attachments: add, change and
view images, and add, change, remove and view a release's attachments. Deleting a
library image (refused while a release uses it) is for publishers."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR = [
    "add_image",
    "change_image",
    "view_image",
    "add_attachment",
    "change_attachment",
    "delete_attachment",
    "view_attachment",
]
GROUPS = {"Editor": EDITOR, "Publisher": [*EDITOR, "delete_image"]}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("releases")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="releases", codename__in=codenames
                )
            )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="releases", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("releases", "0014_move_lead_images_into_library"),
        ("releases", "0006_editor_and_publisher_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
