from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("releases", "0015_library_permissions"),
    ]

    operations = [
        migrations.RemoveField(
            model_name='historicalpressrelease',
            name='image',
        ),
        migrations.RemoveField(
            model_name='historicalpressrelease',
            name='image_credit',
        ),
        migrations.RemoveField(
            model_name='historicalpressrelease',
            name='image_height',
        ),
        migrations.RemoveField(
            model_name='historicalpressrelease',
            name='image_width',
        ),
        migrations.RemoveField(
            model_name='pressrelease',
            name='image',
        ),
        migrations.RemoveField(
            model_name='pressrelease',
            name='image_credit',
        ),
        migrations.RemoveField(
            model_name='pressrelease',
            name='image_height',
        ),
        migrations.RemoveField(
            model_name='pressrelease',
            name='image_width',
        ),
    ]
