"""The benchmark's PostgreSQL databases: created beside the configured one."""

import psycopg
from django.conf import settings


def admin_connection():
    """A connection to the server's maintenance database, for CREATE/DROP."""
    db = settings.DATABASES["default"]
    return psycopg.connect(
        host=db["HOST"],
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )


def exists(admin, name):
    query = "SELECT 1 FROM pg_database WHERE datname = %s"
    return admin.execute(query, [name]).fetchone() is not None


def url(name):
    """The configured database's address, for the database ``name``."""
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{db['USER']}{password}@{host}:{db['PORT'] or 5432}/{name}"
