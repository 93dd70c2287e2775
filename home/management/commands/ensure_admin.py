"""Make sure a superuser exists for local development and say how to log in."""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the admin user if it does not exist (ADMIN_USERNAME / ADMIN_PASSWORD, "
        "default admin / admin) and print how to log in. An existing user's password "
        "is never changed."
    )

    def handle(self, *args, **options):
        username = os.environ.get("ADMIN_USERNAME", "admin")
        password = os.environ.get("ADMIN_PASSWORD", "admin")
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None:
            User.objects.create_superuser(username, f"{username}@example.com", password)
            known = True
        else:
            known = user.check_password(password)
        login = f"{settings.WAGTAILADMIN_BASE_URL}/admin/"
        shown = password if known else "(unchanged — the password you set before)"
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin: {login}  username: {username}  password: {shown}"
            )
        )
