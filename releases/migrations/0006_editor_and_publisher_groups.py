from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR = [
    ("releases", "add_pressrelease"),
    ("releases", "change_pressrelease"),
    ("releases", "view_pressrelease"),
    ("releases", "view_historicalpressrelease"),
    ("taxonomy", "view_fieldofwork"),
    ("taxonomy", "view_meetingtype"),
    ("taxonomy", "view_structure"),
    ("countries", "view_country"),
    ("countries", "view_chairpersonship"),
    ("taggit", "add_tag"),
    ("taggit", "view_tag"),
]
PUBLISHER = [
    *EDITOR,
    ("releases", "publish_pressrelease"),
    ("releases", "delete_pressrelease"),
]
GROUPS = {"Editor": EDITOR, "Publisher": PUBLISHER}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        permissions = [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in codenames
        ]
        group.permissions.set(permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("releases", "0005_authoring"),
        ("taxonomy", "0001_initial"),
        ("countries", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
