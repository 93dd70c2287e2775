"""Glossary files in CSV and XLSX: spreadsheet bytes to term documents and back.

One term per row, the header being row 1: list fields joined with " | ",
``body`` as compact JSON, examples flattened to ``example_<n>_<part>`` columns.
Cells that a spreadsheet would run as a formula get a leading ``'``, removed
again on reading. ``files.py`` is the way in; these are the formats it hands on.
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

from . import fields
from .problems import MAX_BYTES, NO_TERMS, NUL_MESSAGE, FileProblem, kind, megabytes

MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
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
_TOO_MANY_CELLS = "The row has more cells than the header has columns."
_BROKEN_ENCODING = (
    "The row has bytes that are not UTF-8 (broken encoding); save the file as UTF-8."
)


def read_csv(data):
    """A CSV file's ``(rows, problems, notes)``, as ``files.read_documents``.

    The encoding (UTF-8, else Windows-1252) and the delimiter (commas,
    semicolons or tabs) are guessed; each guess other than UTF-8 and commas
    is told in ``notes``.
    """
    start = data[:64]
    # UTF-16 without its mark still shows: every other byte of ASCII is NUL.
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
        len(start) >= 8 and start.count(b"\x00") >= len(start) // 3
    ):
        raise FileProblem(
            "The file is UTF-16 text, which this import does not read; save it "
            "as CSV UTF-8."
        )
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


def read_xlsx(data):
    """An XLSX workbook's ``(rows, problems, notes)``, from its active sheet."""
    buffer = io.BytesIO(data)
    if not zipfile.is_zipfile(buffer):
        raise FileProblem(
            "The file is not an XLSX file (an XLSX workbook is a ZIP archive); "
            "save it from your spreadsheet as .xlsx."
        )
    try:
        records, notes = _sheet_records(buffer)
    except FileProblem:
        raise
    except Exception as error:  # a damaged workbook fails in many different ways
        raise FileProblem(
            f"The file could not be read as an XLSX workbook: {error}"
        ) from error
    return (*_read_table(records), notes)


def _sheet_records(buffer):
    with zipfile.ZipFile(buffer) as archive:
        members = archive.infolist()
    # Sizes come from the ZIP directory, so nothing is inflated to judge them.
    total = sum(member.file_size for member in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise FileProblem(
            f"The workbook unpacks to {megabytes(total)} MB, over the "
            f"{megabytes(MAX_UNCOMPRESSED_BYTES)} MB allowed; it looks like a "
            "ZIP bomb."
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > _BOMB_MIN_BYTES and ratio > _BOMB_RATIO:
            raise FileProblem(
                f'The part "{member.filename}" unpacks to {ratio:.0f} times its '
                "packed size; the file looks like a ZIP bomb."
            )
    import openpyxl  # here, not at start: only imports and exports need it

    workbook = openpyxl.load_workbook(buffer, read_only=True, data_only=True)
    try:
        if not workbook.worksheets:
            raise FileProblem("The workbook holds no sheet of cells.")
        # The sheet in front, unless that is a chart: then the first one.
        active = workbook.active
        sheet = active if active in workbook.worksheets else workbook.worksheets[0]
        notes = []
        if len(workbook.worksheets) > 1:
            notes.append(
                f"Only the sheet “{sheet.title}” was read; the workbook's other "
                f"{len(workbook.worksheets) - 1} sheet(s) were not."
            )
        # Some programs write a wrong size into the sheet; read every cell there is.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True)
        records = [(n, [_cell_text(v) for v in row]) for n, row in enumerate(rows, 1)]
        return records, notes
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
        raise FileProblem(NO_TERMS)
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
                problems.append(FileProblem(NUL_MESSAGE, row=number, column=name))
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
        problem(f"The body holds {kind(blocks)}; it must be a list of blocks.", "body")
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


def write_csv(documents):
    """UTF-8 CSV with a BOM, one term per row after the header."""
    out = io.BytesIO()
    # utf-8-sig starts with the BOM that makes Excel open the file as UTF-8 rather
    # than ANSI; encoding row by row keeps no second copy of the text.
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    for row in _table(documents):
        writer.writerow([_escape(cell) for cell in row])
    text.flush()
    return out.getvalue()


def write_xlsx(documents):
    """A workbook with one sheet, "Terms", one term per row after a bold header."""
    # Here, not at start: a web worker that never exports need not hold openpyxl.
    import openpyxl
    from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.writer.excel import ExcelWriter

    def xlsx_cell(text, font=None):
        """What ``sheet.append`` takes for the text: None when empty, else a string.

        XML cannot hold control characters such as a pasted vertical tab; they
        go before escaping, so what is left cannot start with "=", which
        openpyxl would write as a formula. openpyxl writes other text as a
        string, fastest when given plain text; an error value such as "#N/A"
        gets a cell typed a string.
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

    # Write-only: each row goes to the sheet's XML as it is appended.
    workbook = openpyxl.Workbook(write_only=True)
    workbook.properties.created = workbook.properties.modified = _FIXED_TIME
    sheet = workbook.create_sheet("Terms")
    # The sheet's views are written with its first row, so before it.
    sheet.freeze_panes = "A2"
    rows = _table(documents)
    bold = Font(bold=True)
    sheet.append([xlsx_cell(name, bold) for name in next(rows)])
    for row in rows:
        sheet.append([xlsx_cell(text) for text in row])
    packed = io.BytesIO()
    # ExcelWriter rather than workbook.save(), which stamps "modified" with now.
    with _FixedTimeZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return packed.getvalue()


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
