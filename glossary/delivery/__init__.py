"""The glossary delivery API at /api/glossary/: A–Z, search, autocomplete, caching."""
