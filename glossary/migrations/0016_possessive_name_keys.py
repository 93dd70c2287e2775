"""Names with a possessive ("Creator's fund") get the key they now fold to."""

import importlib

from django.db import migrations

fill_keys = importlib.import_module("glossary.migrations.0011_name_keys").fill_keys


class Migration(migrations.Migration):
    dependencies = [
        ("glossary", "0015_call_to_action_button_link"),
    ]

    operations = [
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
    ]
