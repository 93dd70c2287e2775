"""Editors' page rights move from the tree root to each glossary page; deleting
terms and editing the home and glossary pages go to a new Site managers group."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PAGE_CODENAMES = ["add_page", "change_page", "publish_page", "lock_page"]
MANAGER_PAGE_CODENAMES = PAGE_CODENAMES + ["delete_page", "unlock_page", "view_page"]
SNIPPET_CODENAMES = [
    f"{action}_{model}"
    for action in ["add", "change", "delete", "view"]
    for model in ["glossarycategory", "calltoaction"]
]


def split_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; a fresh database
    # needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    GlossaryIndexPage = apps.get_model("glossary", "GlossaryIndexPage")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")

    def page_permissions(codenames):
        return Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=codenames
        )

    root = Page.objects.filter(depth=1).first()
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        GroupPagePermission.objects.filter(group=editors, page__depth=1).delete()
        for glossary in GlossaryIndexPage.objects.all():
            for permission in page_permissions(PAGE_CODENAMES):
                GroupPagePermission.objects.get_or_create(
                    group=editors, page_id=glossary.pk, permission=permission
                )

    managers, _ = Group.objects.get_or_create(name="Site managers")
    managers.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        ),
        Permission.objects.get(
            content_type__app_label="glossary", codename="change_glossarysettings"
        ),
        *Permission.objects.filter(
            content_type__app_label="glossary", codename__in=SNIPPET_CODENAMES
        ),
    )
    if root is not None:
        for permission in page_permissions(MANAGER_PAGE_CODENAMES):
            GroupPagePermission.objects.get_or_create(
                group=managers, page=root, permission=permission
            )


class Migration(migrations.Migration):
    dependencies = [
        ("glossary", "0005_trigram_search"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(split_roles, migrations.RunPython.noop)]
