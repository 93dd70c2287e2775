"""Bringing a glossary in and out: files, term documents, the importer and exporter."""
