"""Let the "Editors" group write, publish and organise terms; never site settings."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SNIPPET_MODELS = ["glossarycategory", "calltoaction"]
SNIPPET_ACTIONS = ["add", "change", "delete", "view"]


def grant(apps, schema_editor):
    # Permissions for new models are normally created after all migrations;
    # create them now so this migration can hand them out.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")

    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="glossary",
            codename__in=[f"{a}_{m}" for a in SNIPPET_ACTIONS for m in SNIPPET_MODELS],
        ),
    )
    root = Page.objects.filter(depth=1).first()
    if root is None:
        return
    for codename in ["add_page", "change_page", "publish_page", "lock_page", "view_page"]:
        GroupPagePermission.objects.get_or_create(
            group=editors,
            page=root,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("glossary", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
