"""Who may do what to the glossary: the Editors and Site managers roles.

- **Editors** write terms: their page rights (add, change, publish, lock) are
  granted on each glossary page, so they reach every term below it. They
  cannot delete published terms, nor change the glossary or home page.
- Deleting a page takes the "delete" right (:class:`GlossaryPermissionTester`).
- **Site managers** hold every page right at the root of the tree, deleting
  terms and editing the home and glossary pages included, plus site settings.

Wagtail lets a right granted on a page apply to that page too; for the
glossary page, :class:`SectionPermissionTester` counts only rights granted
higher up, so the Editors' rights stop at the terms.
"""

import contextlib

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, PagePermissionTester

EDITORS = "Editors"
SITE_MANAGERS = "Site managers"
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page"]


class GlossaryPermissionTester(PagePermissionTester):
    """Deleting takes the "delete" right, not just change and publish.

    Stock Wagtail lets anyone who may change and publish a page delete it; here
    deleting is the Site managers' job.
    """

    def can_delete(self, ignore_bulk=False):
        if self.user.is_active and self.user.is_superuser:
            return super().can_delete(ignore_bulk)
        return "delete" in getattr(self, "permissions", ()) and super().can_delete(
            ignore_bulk
        )


class SectionPermissionTester(GlossaryPermissionTester):
    """A section page's own actions need rights granted above it."""

    def __init__(self, user, page):
        super().__init__(user, page)
        self.own_permissions = set()
        if user.is_active and not user.is_superuser:
            self.own_permissions = {
                perm.permission.codename.rsplit("_", maxsplit=1)[0]
                for perm in self.permission_policy.get_cached_permissions_for_user(user)
                if page.path.startswith(perm.page.path) and perm.page.path != page.path
            }

    @contextlib.contextmanager
    def _own_rights(self):
        if not hasattr(self, "permissions"):  # superusers and inactive users
            yield
            return
        section_permissions = self.permissions
        self.permissions = self.own_permissions
        try:
            yield
        finally:
            self.permissions = section_permissions

    def can_edit(self):
        with self._own_rights():
            return super().can_edit()

    def can_delete(self, ignore_bulk=False):
        with self._own_rights():
            return super().can_delete(ignore_bulk)

    def can_publish(self):
        with self._own_rights():
            return super().can_publish()

    def can_unpublish(self):
        with self._own_rights():
            return super().can_unpublish()

    def can_lock(self):
        with self._own_rights():
            return super().can_lock()

    def can_move(self):
        with self._own_rights():
            return super().can_move()


def grant_editors(glossary_page):
    """Editors may write, publish and lock terms under this glossary page."""
    editors = Group.objects.filter(name=EDITORS).first()
    if editors is None:
        return
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=EDITOR_PAGE_PERMISSIONS
    ):
        GroupPagePermission.objects.get_or_create(
            group=editors, page=glossary_page, permission=permission
        )


def on_glossary_created(sender, instance, created=False, raw=False, **kwargs):
    if created and not raw:
        grant_editors(instance)
