"""Turn what a reader typed into a query every search backend accepts."""

import re

MAX_QUERY_LENGTH = 200

# Quotes, backslashes and operators are query syntax to SQLite's FTS5 and to
# Postgres' tsquery parser; readers mean them as plain text.
_SYNTAX = re.compile(r"[^\w\s'’-]+")


def clean_query(text):
    """Keep the words, drop backend query syntax, collapse whitespace."""
    return " ".join(_SYNTAX.sub(" ", text).split())
