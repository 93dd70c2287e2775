"""Editors and Site managers may import and export glossary terms."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["import_terms", "export_terms"]
GROUPS = ["Editors", "Site managers"]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; a fresh database
    # needs them now.
    app_config = apps.get_app_config("glossary")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="glossary", codename__in=CODENAMES
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="glossary", codename__in=CODENAMES
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("glossary", "0007_glossary_import")]

    operations = [migrations.RunPython(grant, revoke)]
