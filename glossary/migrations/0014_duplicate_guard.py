"""Trigram indexes for near-duplicate names, on PostgreSQL only.

glossary/duplicates.py compares title and other-name keys by pg_trgm
similarity, as they are ("link in bio" / "bio link") and without their spaces
("micro creator" / "microcreator"); these indexes on the same expressions
let it read only the close rows. GiST rather than GIN: on a table of narrow
rows (other names) PostgreSQL estimates a GIN trigram scan dearer than reading
the whole table, and then computes the similarity of every row, which at
5,000 other names took 130 ms a name where the GiST index takes a few.
pg_trgm itself comes from 0005_trigram_search. Other databases compare keys
in indexed ranges instead (the name_key and key columns' own indexes).
"""

from django.db import migrations

# The expressions as Django writes them (duplicates._trigram_matches).
INDEXES = {
    "glossary_term_key_trgm": ("GlossaryTermPage", "{}"),
    "glossary_term_compact_key_trgm": ("GlossaryTermPage", "replace({}, ' ', '')"),
    "glossary_alias_key_trgm": ("GlossaryTermAlias", "{}"),
    "glossary_alias_compact_key_trgm": ("GlossaryTermAlias", "replace({}, ' ', '')"),
}
COLUMNS = {"GlossaryTermPage": "name_key", "GlossaryTermAlias": "key"}


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, (model, expression) in INDEXES.items():
            table = apps.get_model("glossary", model)._meta.db_table
            column = connection.ops.quote_name(COLUMNS[model])
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON "
                f"{connection.ops.quote_name(table)} USING gist "
                f"(({expression.format(column)}) gist_trgm_ops)"
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name in INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("glossary", "0013_auto_links_and_name_keys"),
    ]

    operations = [migrations.RunPython(create, drop)]
