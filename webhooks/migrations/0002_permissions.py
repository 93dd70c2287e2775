"""Site managers manage webhook endpoints; Editors and Site managers read the log."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ENDPOINT_CODENAMES = [
    f"{action}_endpoint" for action in ["add", "change", "delete", "view"]
]
LOG_CODENAMES = ["view_delivery"]
MANAGERS = "Site managers"
EDITORS = "Editors"


def _permissions(apps, codenames):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(
        content_type__app_label="webhooks", codename__in=codenames
    )


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; a fresh database
    # needs them now.
    app_config = apps.get_app_config("webhooks")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    managers, _ = Group.objects.get_or_create(name=MANAGERS)
    managers.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="wagtailadmin", codename="access_admin"
        ),
        *_permissions(apps, ENDPOINT_CODENAMES + LOG_CODENAMES),
    )
    for editors in Group.objects.filter(name=EDITORS):
        editors.permissions.add(*_permissions(apps, LOG_CODENAMES))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name=MANAGERS):
        group.permissions.remove(
            *_permissions(apps, ENDPOINT_CODENAMES + LOG_CODENAMES)
        )
    for group in Group.objects.filter(name=EDITORS):
        group.permissions.remove(*_permissions(apps, LOG_CODENAMES))


class Migration(migrations.Migration):
    dependencies = [
        ("webhooks", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        # The admin access permission, and Wagtail's own Editors group.
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
