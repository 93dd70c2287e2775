"""Create or update one webhook endpoint from the command line, as deploys do."""

import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from webhooks import event_types
from webhooks.addresses import validate_url
from webhooks.models import Endpoint


class Command(BaseCommand):
    help = (
        "Make sure the endpoint called NAME exists, sends to URL, is on, and "
        "signs with the secret held in the environment variable --secret-env. "
        "Run it on every deploy: it changes only what differs."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="The endpoint's name in the admin.")
        parser.add_argument("url", help="Where the messages go.")
        parser.add_argument(
            "--secret-env",
            required=True,
            metavar="VARIABLE",
            help="The environment variable that holds the shared secret (never "
            "the secret itself, which would show in the process list).",
        )
        parser.add_argument(
            "--events",
            default=",".join(event_types.SUBSCRIBABLE),
            help="Comma-separated events; all of them by default.",
        )

    def handle(self, *args, name, url, secret_env, events, **options):
        secret = os.environ.get(secret_env, "")
        if len(secret) < 16:
            raise CommandError(
                f"{secret_env} must hold a secret of 16 characters or more."
            )
        chosen = [event.strip() for event in events.split(",") if event.strip()]
        if unknown := sorted(set(chosen) - set(event_types.SUBSCRIBABLE)):
            raise CommandError(
                f"Unknown events: {', '.join(unknown)}. Choose from "
                f"{', '.join(event_types.SUBSCRIBABLE)}."
            )
        if not chosen:
            raise CommandError("Name at least one event.")
        try:
            validate_url(url)
        except ValidationError as error:
            raise CommandError(f"{url}: {' '.join(error.messages)}") from None
        wanted = {"url": url, "secret": secret, "events": chosen, "enabled": True}
        endpoint = Endpoint.objects.filter(name=name).first()
        if endpoint is None:
            Endpoint.objects.create(name=name, **wanted)
            verb = "Created"
        elif all(getattr(endpoint, field) == value for field, value in wanted.items()):
            verb = "Unchanged"
        else:
            for field, value in wanted.items():
                setattr(endpoint, field, value)
            endpoint.save()
            verb = "Updated"
        self.stdout.write(f"{verb} webhook “{name}” → {url} ({', '.join(chosen)})")
