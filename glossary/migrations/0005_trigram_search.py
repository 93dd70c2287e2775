"""pg_trgm and trigram indexes for typo-tolerant search, on PostgreSQL only.

They serve similarity (%) and LIKE/ILIKE matches on term titles in Wagtail's
search index and on other names.

Other databases have no trigram support; search there falls back to plain
matching (see search/terms.py).
"""

from django.db import migrations

# Similarity (%) uses the plain column; Django's case-insensitive LIKE
# (istartswith, icontains) compares UPPER(column), so that gets an index too.
INDEXES = {
    "glossary_search_title_trgm": ("wagtailsearch", "IndexEntry", "title_text"),
    "glossary_search_title_upper_trgm": ("wagtailsearch", "IndexEntry", "UPPER(title_text)"),
    "glossary_alias_name_trgm": ("glossary", "GlossaryTermAlias", "name"),
    "glossary_alias_name_upper_trgm": ("glossary", "GlossaryTermAlias", "UPPER(name)"),
}


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, (app_label, model, column) in INDEXES.items():
            table = apps.get_model(app_label, model)._meta.db_table
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON "
                f"{connection.ops.quote_name(table)} USING gin ({column} gin_trgm_ops)"
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name in INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("glossary", "0004_other_name_slugs"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop)]
