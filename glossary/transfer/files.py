"""Glossary files in JSON, CSV and XLSX: bytes to term documents and back.

Pure functions with no database access. Reading reports every problem it finds,
each with the row (JSON: the term's position; spreadsheets: the row number,
header being row 1) and column when known, and leaves checking the content to
the domain layer. Writing is deterministic so an unchanged glossary exports to
byte-identical files.

CSV and XLSX hold one term per row: list fields joined with " | ", ``body`` as
compact JSON, examples flattened to ``example_<n>_<part>`` columns. Cells that a
spreadsheet would run as a formula get a leading ``'``, removed again on reading.
"""

import codecs
import collections
import csv
import datetime
import difflib
import io
import json
import os
import re
import shutil
import zipfile
from collections.abc import Iterable
from pathlib import PurePath

import openpyxl
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

from . import fields

MAX_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
FORMATS = ("json", "csv", "xlsx")
CONTENT_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# A ZIP member that inflates this much, past this size, is built to exhaust memory.
_BOMB_RATIO = 100
_BOMB_MIN_BYTES = 10 * 1024 * 1024
# Zip entries and workbook properties carry this instead of "now", so exports of
# the same glossary are byte-identical (1980 is the earliest date ZIP can hold).
_FIXED_TIME = datetime.datetime(1980, 1, 1)

_FORMULA = re.compile(r"^'*[=+\-@\t\r]")
_COMPACT_JSON = {"ensure_ascii": False, "separators": (",", ":")}
_NULLABLE_KEYS = (*fields.REFERENCE_FIELDS, "last_reviewed_at")
_EXAMPLE_COLUMN = re.compile(
    rf"example_([1-9][0-9]*)_({'|'.join(map(re.escape, fields.EXAMPLE_PARTS))})"
)
_COLUMN_KEYS = tuple(key for key in fields.DOCUMENT_KEYS if key != "examples")
_EXAMPLES_AT = fields.DOCUMENT_KEYS.index("examples")
_BOOLEANS = dict.fromkeys(("true", "yes", "1"), True)
_BOOLEANS |= dict.fromkeys(("false", "no", "0", ""), False)
_DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs"}
# Bytes that are not UTF-8 decode (with surrogateescape) to these code points.
_UNDECODED = re.compile("[\udc80-\udcff]")
_MULTIBYTE = re.compile("[^\x00-\x7f\udc80-\udcff]")
# cp1252 leaves five bytes undefined; those fall back to their Latin-1 meaning.
_CP1252 = {b: bytes([b]).decode("cp1252", "ignore") or chr(b) for b in range(128, 256)}
_NO_TERMS = "The file holds no terms."
_NUL_MESSAGE = "The text holds a NUL character (\\0), which cannot be stored."
_TOO_MANY_CELLS = "The row has more cells than the header has columns."
_BROKEN_ENCODING = (
    "The row has bytes that are not UTF-8 (broken encoding); save the file as UTF-8."
)


class FileProblem(Exception):
    """A file that cannot be read at all, or a cell/field that cannot be read."""

    def __init__(self, message, row=None, column=None):
        super().__init__(message, row, column)
        self.message = message
        self.row = row
        self.column = column

    def __str__(self):
        place = [f"Row {self.row}"] if self.row is not None else []
        if self.column is not None:
            place.append(f'column "{self.column}"')
        return f"{', '.join(place)}: {self.message}" if place else self.message


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
    reader = {"json": _read_json, "csv": _read_csv, "xlsx": _read_xlsx}.get(fmt)
    if reader is None:
        raise ValueError(f"Unknown format {fmt!r}; expected one of {FORMATS}.")
    try:
        if len(data) >= MAX_BYTES:
            raise FileProblem(
                f"The file is {_megabytes(len(data))} MB; files must be under "
                f"{_megabytes(MAX_BYTES)} MB."
            )
        if not data.removeprefix(codecs.BOM_UTF8).strip():
            raise FileProblem(_NO_TERMS)
        rows, problems, notes = reader(data)
        if not rows and not problems:
            raise FileProblem(_NO_TERMS)
    except FileProblem as problem:
        return [], [problem], []
    return rows, problems, notes


def write_documents(documents: Iterable[dict], fmt: str) -> bytes:
    """A file's bytes for the documents; the same documents give the same bytes.

    ``documents`` is read once, one document at a time, and no document is kept:
    JSON is written as each is read; CSV and XLSX keep each one's row of text,
    since the header, sized for the most examples a term has, comes first.
    """
    writer = {"json": _write_json, "csv": _write_csv, "xlsx": _write_xlsx}.get(fmt)
    if writer is None:
        raise ValueError(f"Unknown format {fmt!r}; expected one of {FORMATS}.")
    return writer(documents)


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
    try:
        loaded = json.loads(text)
    except json.JSONDecodeError as error:
        raise FileProblem(
            f"The file is not valid JSON: {error.msg} at line {error.lineno}, "
            f"column {error.colno}."
        ) from error
    except RecursionError as error:
        raise FileProblem("The file's JSON is nested too deeply to read.") from error
    items = _json_terms(loaded)
    rows, problems = [], []
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict):
            problems.append(
                FileProblem(
                    f"This term is {_kind(item)}; each term must be an object "
                    'like {"title": …}.',
                    row=number,
                )
            )
            continue
        for key in _keys_holding_nul(item):
            problems.append(FileProblem(_NUL_MESSAGE, row=number, column=key))
        rows.append((number, item))
    return rows, problems, []


def _json_terms(loaded):
    if isinstance(loaded, list):
        return loaded
    if isinstance(loaded, dict):
        for key in ("terms", "items"):
            if key in loaded:
                if isinstance(loaded[key], list):
                    return loaded[key]
                raise FileProblem(
                    f'The "{key}" key holds {_kind(loaded[key])}; it must be a list '
                    "of terms."
                )
    raise FileProblem(
        f"The file holds {_kind(loaded)} without a list of terms; a glossary file "
        'must be an object like {"terms": [...]} or a list of terms.'
    )


def _kind(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    kinds = {str: "a string", int: "a number", float: "a number", list: "a list"}
    return kinds.get(type(value), "an object")


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


# CSV and XLSX


def _read_csv(data):
    notes = []
    utf8 = data.startswith(codecs.BOM_UTF8)
    data = data.removeprefix(codecs.BOM_UTF8)
    text = data.decode("utf-8", "surrogateescape")
    # Bytes that are not UTF-8 in a file that also holds UTF-8 (or starts with
    # its BOM) mean mixed encodings; the table reader reports each such row.
    if _UNDECODED.search(text) and not utf8 and not _MULTIBYTE.search(text):
        text = data.decode("latin-1").translate(_CP1252)
        notes.append("Read as Windows-1252 (Latin-1): the file is not UTF-8.")
    header_line = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]
    delimiter = max(_DELIMITERS, key=lambda d: _count_known(header_line, d))
    if delimiter != ",":
        notes.append(f"Columns separated by {_DELIMITERS[delimiter]}.")
    # Body cells hold whole articles as JSON, past csv's default 128 KB field limit.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES))
    lines = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        records = list(enumerate(lines, 1))
    except csv.Error as error:
        raise FileProblem(f"The file could not be read as CSV: {error}.") from error
    return (*_read_table(records), notes)


def _count_known(header_line, delimiter):
    names = next(csv.reader([header_line], delimiter=delimiter), [])
    return sum(_is_known(name.strip().lower()) for name in names)


def _is_known(name):
    return (
        name in _COLUMN_KEYS
        or name in fields.API_ONLY_KEYS
        or bool(_EXAMPLE_COLUMN.fullmatch(name))
    )


def _read_xlsx(data):
    buffer = io.BytesIO(data)
    if not zipfile.is_zipfile(buffer):
        raise FileProblem(
            "The file is not an XLSX file (an XLSX workbook is a ZIP archive); "
            "save it from your spreadsheet as .xlsx."
        )
    try:
        records = _sheet_records(buffer)
    except FileProblem:
        raise
    except Exception as error:  # a damaged workbook fails in many different ways
        raise FileProblem(
            f"The file could not be read as an XLSX workbook: {error}"
        ) from error
    return (*_read_table(records), [])


def _sheet_records(buffer):
    with zipfile.ZipFile(buffer) as archive:
        members = archive.infolist()
    # Sizes come from the ZIP directory, so nothing is inflated to judge them.
    total = sum(member.file_size for member in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise FileProblem(
            f"The workbook unpacks to {_megabytes(total)} MB, over the "
            f"{_megabytes(MAX_UNCOMPRESSED_BYTES)} MB allowed; it looks like a "
            "ZIP bomb."
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > _BOMB_MIN_BYTES and ratio > _BOMB_RATIO:
            raise FileProblem(
                f'The part "{member.filename}" unpacks to {ratio:.0f} times its '
                "packed size; the file looks like a ZIP bomb."
            )
    workbook = openpyxl.load_workbook(buffer, read_only=True, data_only=True)
    try:
        sheet = workbook.active or workbook.worksheets[0]
        # Some programs write a wrong size into the sheet; read every cell there is.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True)
        return [(n, [_cell_text(v) for v in row]) for n, row in enumerate(rows, 1)]
    finally:
        workbook.close()


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def _read_table(records):
    """Documents and problems from ``(row_number, cells)`` records, header first."""
    if not records:
        raise FileProblem(_NO_TERMS)
    problems = []
    records = [
        (number, _repaired(number, cells, problems)) for number, cells in records
    ]
    columns, header_problems = _read_header(records[0][1])
    problems.extend(header_problems)
    rows = []
    for number, cells in records[1:]:
        if not any(cell.strip() for cell in cells):
            continue
        if any(cells[len(columns) :]):
            problems.append(FileProblem(_TOO_MANY_CELLS, row=number))
        cells = cells + [""] * (len(columns) - len(cells))
        named = {}
        for name, text in zip(columns, cells, strict=False):
            if name is None:
                continue
            if "\x00" in text:
                problems.append(FileProblem(_NUL_MESSAGE, row=number, column=name))
            named[name] = _unescape(text)
        document, cell_problems = _document_from_cells(named, number)
        rows.append((number, document))
        problems.extend(cell_problems)
    return rows, problems


def _repaired(number, cells, problems):
    """Cells with undecodable bytes shown as U+FFFD, and one problem per such row."""
    if not any(_UNDECODED.search(cell) for cell in cells):
        return cells
    problems.append(FileProblem(_BROKEN_ENCODING, row=number))
    return [_UNDECODED.sub("\ufffd", cell) for cell in cells]


def _read_header(header):
    """The key each column fills (None: read past it) and the header's problems."""
    header = [name.strip() for name in header]
    while header and not header[-1]:
        header.pop()
    columns, problems, seen = [], [], {}
    for position, raw in enumerate(header, 1):
        name = raw.lower()
        problem = None
        if not name:
            problem = f"Column {position} has no name; name it or delete it."
        elif name in seen:
            problem = (
                f'Column "{raw}" appears twice (columns {seen[name]} and {position}).'
            )
        elif not _is_known(name):
            problem = f'Unknown column "{raw}"' + _suggestion(name)
        seen.setdefault(name, position)
        if problem:
            problems.append(FileProblem(problem, row=1))
        usable = problem is None and name not in fields.API_ONLY_KEYS
        columns.append(name if usable else None)
    for key in fields.REQUIRED_KEYS:
        if key not in seen:
            problems.append(FileProblem(f'Required column "{key}" is missing.', row=1))
    return columns, problems


def _suggestion(name):
    number = re.search(r"[0-9]+", name)
    examples = [
        f"example_{number[0] if number else 1}_{p}" for p in fields.EXAMPLE_PARTS
    ]
    close = difflib.get_close_matches(name, [*_COLUMN_KEYS, *examples], n=1)
    return f' — did you mean "{close[0]}"?' if close else "."


def _document_from_cells(cells, number):
    problems = []

    def problem(message, column):
        problems.append(FileProblem(message, row=number, column=column))

    document = {}
    for key in fields.DOCUMENT_KEYS:
        if key == "examples":
            examples = _examples_from_cells(cells, problem)
            if examples is not None:
                document[key] = examples
        elif key in cells:
            document[key] = _value_from_cell(key, cells[key], problem)
    return document, problems


def _value_from_cell(key, text, problem):
    if key in fields.LIST_FIELDS:
        return [item.strip() for item in text.split("|") if item.strip()]
    if key in _NULLABLE_KEYS:
        return text or None
    if key == "social_image":
        return _integer_from_cell(text, key, problem)
    if key == "noindex":
        if (flag := _BOOLEANS.get(text.strip().lower())) is not None:
            return flag
        problem(
            f"{_shown(text)} is not true or false (use true/false, yes/no or 1/0).", key
        )
        return text
    if key == "body":
        return _blocks_from_cell(text, problem)
    return text


def _blocks_from_cell(text, problem):
    if not text:
        return []
    try:
        blocks = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        problem("The body is not valid JSON; it must be a list of blocks.", "body")
        return text
    if not isinstance(blocks, list):
        problem(f"The body holds {_kind(blocks)}; it must be a list of blocks.", "body")
        return text
    return blocks


def _integer_from_cell(text, column, problem):
    if not text.strip():
        return None
    if re.fullmatch(r"\s*[0-9]+\s*", text):
        return int(text)
    problem(f"{_shown(text)} is not an image id (a whole number).", column)
    return text


def _examples_from_cells(cells, problem):
    found = (_EXAMPLE_COLUMN.fullmatch(name) for name in cells)
    numbers = sorted({int(match[1]) for match in found if match})
    if not numbers:
        return None
    examples = []
    for n in numbers:
        part = {p: cells.get(f"example_{n}_{p}", "") for p in fields.EXAMPLE_PARTS}
        if not any(part.values()):
            continue
        link = None
        if part["link_label"] or part["link_url"]:
            link = {"label": part["link_label"], "url": part["link_url"]}
        image = _integer_from_cell(part["image"], f"example_{n}_image", problem)
        value = {"title": part["title"], "body": part["body"], "image": image}
        examples.append({"type": "example", "value": {**value, "link": link}})
    return examples


def _table(documents):
    """The header, then one row of cell text per document (formulas not escaped).

    Each document becomes its cells as soon as it is read and is then let go;
    rows get their blank example cells, up to the most examples any term has,
    as they are handed out, and are let go in turn.
    """
    rows = collections.deque(_cells(document) for document in documents)
    # A glossary without examples still gets one example's columns.
    width = max([len(examples) for _, examples in rows] + [len(fields.EXAMPLE_PARTS)])
    header = list(_COLUMN_KEYS)
    header[_EXAMPLES_AT:_EXAMPLES_AT] = (
        f"example_{n}_{part}"
        for n in range(1, width // len(fields.EXAMPLE_PARTS) + 1)
        for part in fields.EXAMPLE_PARTS
    )
    yield header
    while rows:
        cells, examples = rows.popleft()
        blank = [""] * (width - len(examples))
        yield [*cells[:_EXAMPLES_AT], *examples, *blank, *cells[_EXAMPLES_AT:]]


def _cells(document):
    """A document's text: ``(cells, examples)``, the cells of the columns other
    than the examples' in order, then every example's parts one after another."""
    cells = []
    for key in _COLUMN_KEYS:
        value = document.get(key)
        if key == "body":
            cells.append(json.dumps(value, **_COMPACT_JSON) if value else "")
        else:
            cells.append(_text(value))
    examples = []
    for block in document.get("examples") or []:
        example = block.get("value") or {}
        link = example.get("link") or {}
        parts = {
            **example,
            "link_label": link.get("label"),
            "link_url": link.get("url"),
        }
        examples.extend(_text(parts.get(part)) for part in fields.EXAMPLE_PARTS)
    return cells, examples


def _text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return " | ".join(str(item) for item in value)
    return str(value)


def _escape(text):
    return "'" + text if _FORMULA.match(text) else text


def _unescape(text):
    return text[1:] if text.startswith("'") and _FORMULA.match(text[1:]) else text


def _write_csv(documents):
    out = io.BytesIO()
    # utf-8-sig starts with the BOM that makes Excel open the file as UTF-8 rather
    # than ANSI; encoding row by row keeps no second copy of the text.
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    for row in _table(documents):
        writer.writerow([_escape(cell) for cell in row])
    text.flush()
    return out.getvalue()


def _write_xlsx(documents):
    # Write-only: each row goes to the sheet's XML as it is appended.
    workbook = openpyxl.Workbook(write_only=True)
    workbook.properties.created = workbook.properties.modified = _FIXED_TIME
    sheet = workbook.create_sheet("Terms")
    # The sheet's views are written with its first row, so before it.
    sheet.freeze_panes = "A2"
    rows = _table(documents)
    bold = Font(bold=True)
    sheet.append([_xlsx_cell(sheet, name, bold) for name in next(rows)])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, text) for text in row])
    packed = io.BytesIO()
    # ExcelWriter rather than workbook.save(), which stamps "modified" with now.
    with _FixedTimeZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return packed.getvalue()


def _xlsx_cell(sheet, text, font=None):
    """What ``sheet.append`` takes for the text: None when empty, else a string.

    XML cannot hold control characters such as a pasted vertical tab; they go
    before escaping, so what is left cannot start with "=", which openpyxl would
    write as a formula. openpyxl writes other text as a string, fastest when
    given plain text; an error value such as "#N/A" gets a cell typed a string.
    """
    text = _escape(ILLEGAL_CHARACTERS_RE.sub("", text))
    if not text:
        return None
    if font is None and text not in ERROR_CODES:
        return text
    cell = WriteOnlyCell(sheet, text)
    cell.data_type = "s"
    if font:
        cell.font = font
    return cell


class _FixedTimeZipFile(zipfile.ZipFile):
    """A ZIP archive whose entries carry the fixed time, not now or a file's.

    Covers what ExcelWriter uses: ``writestr`` for the workbook's parts and
    ``write`` for the sheet, which openpyxl writes to a temporary file.
    """

    def writestr(self, name, data):
        super().writestr(self._entry(name), data)

    def write(self, filename, arcname):
        entry = self._entry(arcname)
        entry.file_size = os.path.getsize(filename)
        with open(filename, "rb") as source, self.open(entry, "w") as target:
            shutil.copyfileobj(source, target, 1024 * 1024)

    def _entry(self, name):
        entry = zipfile.ZipInfo(name, _FIXED_TIME.timetuple()[:6])
        entry.compress_type = self.compression
        entry.external_attr = 0o600 << 16  # rw-------, as writestr gives a name
        return entry


def _shown(text):
    """A cell's text quoted for a message, cut short so the message stays readable."""
    return f'"{text[:40]}…"' if len(text) > 40 else f'"{text}"'


def _megabytes(size):
    return f"{round(size / (1024 * 1024), 1):g}"
