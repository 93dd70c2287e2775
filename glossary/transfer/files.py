"""Glossary files in JSON, CSV and XLSX: bytes to term documents and back.

Pure functions with no database access. Reading reports every problem it finds,
each with the row (JSON: the term's position; spreadsheets: the row number,
header being row 1) and column when known, and leaves checking the content to
the domain layer. Writing is deterministic so an unchanged glossary exports to
byte-identical files.

This module is the way in for every format and reads and writes JSON itself;
CSV and XLSX, one term per row, are in ``spreadsheets.py``.
"""

import codecs
import io
import json
from collections.abc import Iterable
from pathlib import PurePath

from . import spreadsheets
from .problems import MAX_BYTES, NO_TERMS, NUL_MESSAGE, FileProblem, kind, megabytes
from .spreadsheets import MAX_UNCOMPRESSED_BYTES

__all__ = [
    "CONTENT_TYPES",
    "FORMATS",
    "MAX_BYTES",
    "MAX_UNCOMPRESSED_BYTES",
    "FileProblem",
    "format_for",
    "read_documents",
    "write_documents",
]

FORMATS = ("json", "csv", "xlsx")
CONTENT_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def format_for(filename: str) -> str:
    """The format of a file from its extension: "json", "csv" or "xlsx"."""
    extension = PurePath(filename).suffix.lower().lstrip(".")
    if extension in FORMATS:
        return extension
    raise FileProblem(
        f'"{filename}" is not a glossary file. Use a .json, .csv or .xlsx file.'
    )


def read_documents(
    data: bytes, fmt: str
) -> tuple[list[tuple[int, dict]], list[FileProblem], list[str]]:
    """Read a file's terms: ``(rows, problems, notes)``.

    ``rows`` holds ``(row_number, document)`` for every term found, including
    terms with problems. A spreadsheet cell that cannot be read keeps its text;
    a column missing from a spreadsheet leaves its key out of every document.
    When the file cannot be read at all, ``rows`` is empty and ``problems``
    holds the one reason.
    """
    reader, _ = _handlers(fmt)
    try:
        if len(data) >= MAX_BYTES:
            raise FileProblem(
                f"The file is {megabytes(len(data))} MB; files must be under "
                f"{megabytes(MAX_BYTES)} MB."
            )
        if not data.removeprefix(codecs.BOM_UTF8).strip():
            raise FileProblem(NO_TERMS)
        rows, problems, notes = reader(data)
        if not rows and not problems:
            raise FileProblem(NO_TERMS)
    except FileProblem as problem:
        return [], [problem], []
    return rows, problems, notes


def write_documents(documents: Iterable[dict], fmt: str) -> bytes:
    """A file's bytes for the documents; the same documents give the same bytes.

    ``documents`` is read once, one document at a time, and no document is kept:
    JSON is written as each is read; CSV and XLSX keep each one's row of text,
    since the header, sized for the most examples a term has, comes first.
    """
    _, writer = _handlers(fmt)
    return writer(documents)


def _handlers(fmt):
    """(reader, writer) of a format; a format not in FORMATS is a bug."""
    handlers = {
        "json": (_read_json, _write_json),
        "csv": (spreadsheets.read_csv, spreadsheets.write_csv),
        "xlsx": (spreadsheets.read_xlsx, spreadsheets.write_xlsx),
    }
    if fmt not in handlers:
        raise ValueError(f"Unknown format {fmt!r}; expected one of {FORMATS}.")
    return handlers[fmt]


# JSON


def _write_json(documents):
    """``json.dumps({"terms": documents}, indent=2)``, one document at a time."""
    out = io.BytesIO()
    out.write(b'{\n  "terms": [')
    written = False
    for document in documents:
        text = json.dumps(document, ensure_ascii=False, indent=2)
        # A term sits two levels deep: each of its lines after the first is
        # indented 4 more spaces (strings hold no line breaks; JSON escapes them).
        text = (",\n    " if written else "\n    ") + text.replace("\n", "\n    ")
        out.write(text.encode("utf-8"))
        written = True
    out.write(b"\n  ]\n}\n" if written else b"]\n}\n")
    return out.getvalue()


def _read_json(data):
    try:
        text = data.removeprefix(codecs.BOM_UTF8).decode("utf-8")
    except UnicodeDecodeError as error:
        raise FileProblem(
            f"The file is not UTF-8 text (byte {error.start + 1} cannot be read); "
            "save it as UTF-8."
        ) from error
    repeated = []
    try:
        loaded = json.loads(text, object_pairs_hook=_noting_repeats(repeated))
    except json.JSONDecodeError as error:
        raise FileProblem(
            f"The file is not valid JSON: {error.msg} at line {error.lineno}, "
            f"column {error.colno}."
        ) from error
    except RecursionError as error:
        raise FileProblem("The file's JSON is nested too deeply to read.") from error
    except ValueError as error:  # e.g. a number of thousands of digits
        raise FileProblem(f"The file's JSON cannot be read: {error}.") from error
    if repeated:
        names = ", ".join(f"“{name}”" for name in sorted(set(repeated))[:5])
        raise FileProblem(
            f"The file gives a field twice in one object ({names}); only one "
            "value can be kept, so say which."
        )
    items = _json_terms(loaded)
    rows, problems = [], []
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict):
            problems.append(
                FileProblem(
                    f"This term is {kind(item)}; each term must be an object "
                    'like {"title": …}.',
                    row=number,
                )
            )
            continue
        for key in _keys_holding_nul(item):
            problems.append(FileProblem(NUL_MESSAGE, row=number, column=key))
        rows.append((number, item))
    return rows, problems, []


def _noting_repeats(repeated):
    """A json object hook that notes keys given twice (JSON keeps the last)."""

    def hook(pairs):
        seen = set()
        for key, _ in pairs:
            if key in seen:
                repeated.append(key)
            seen.add(key)
        return dict(pairs)

    return hook


def _json_terms(loaded):
    if isinstance(loaded, list):
        return loaded
    if isinstance(loaded, dict):
        for key in ("terms", "items"):
            if key in loaded:
                if isinstance(loaded[key], list):
                    return loaded[key]
                raise FileProblem(
                    f'The "{key}" key holds {kind(loaded[key])}; it must be a list '
                    "of terms."
                )
    raise FileProblem(
        f"The file holds {kind(loaded)} without a list of terms; a glossary file "
        'must be an object like {"terms": [...]} or a list of terms.'
    )


def _keys_holding_nul(document):
    """Top-level keys whose value holds a NUL character at any depth."""
    found = []
    for key, value in document.items():
        # A loop, not recursion: deeply nested JSON must not overflow the stack.
        stack = [key, value]
        while stack:
            item = stack.pop()
            if isinstance(item, str) and "\x00" in item:
                found.append(key)
                break
            if isinstance(item, dict):
                stack.extend(item.keys())
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
    return found
