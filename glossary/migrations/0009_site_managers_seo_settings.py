"""Site managers change the SEO settings (site name, title suffix, default
social image), as they change the Glossary settings."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAME = "change_seosettings"
GROUP = "Site managers"


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; a fresh database
    # needs them now.
    app_config = apps.get_app_config("seo")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.get(content_type__app_label="seo", codename=CODENAME)
    for group in Group.objects.filter(name=GROUP):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="seo", codename=CODENAME
    )
    for group in Group.objects.filter(name=GROUP):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("glossary", "0008_import_permissions"),
        ("seo", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
