"""Glossary files: JSON, CSV and XLSX read and written without losing anything."""

import copy
import datetime
import io
import json
import time
import weakref
import zipfile

import openpyxl
import pytest

from glossary.transfer import fields, files, spreadsheets
from glossary.transfer.files import FileProblem, read_documents, write_documents


def _document(**values):
    document = {
        "title": "Creator fund",
        "slug": "creator-fund",
        "short_definition": "Money a platform pays creators.",
        "definition": "<p>A pool of money.</p>",
        "why_it_matters": "",
        "examples": [],
        "body": [],
        "article": "a",
        "definition_heading": "",
        "why_it_matters_heading": "",
        "examples_heading": "",
        "aliases": [],
        "tags": [],
        "related_terms": [],
        "category": None,
        "cta": None,
        "reviewed_by": None,
        "last_reviewed_at": None,
        "seo_title": "",
        "search_description": "",
        "canonical_url": "",
        "social_image": None,
        "noindex": False,
    }
    assert set(values) <= set(document)
    document.update(values)
    assert tuple(document) == fields.DOCUMENT_KEYS
    return document


def _example(title, body, image=None, link=None, block_id="e1"):
    value = {"title": title, "body": body, "image": image, "link": link}
    return {"type": "example", "value": value, "id": block_id}


DOCUMENTS = [
    _document(
        title="Café créateur ✨",
        slug="cafe-createur",
        short_definition='A "quoted", comma-laden line',
        definition="<p>First line\nsecond line, with commas</p>",
        why_it_matters="<p>Ça compte 🎉</p>",
        examples=[
            _example(
                "=1+1",
                "<p>+44 20 7946 0000</p>",
                image=12,
                link={"label": "@handle", "url": "https://example.com/a?b=1"},
                block_id="a1",
            ),
            _example("No link", "<p>-5%</p>", block_id="a2"),
            _example("'=x", "", image=7, block_id="a3"),
        ],
        body=[
            {"type": "paragraph", "value": "<p>Hé, «body»</p>", "id": "b1"},
            {"type": "quote", "value": {"text": "=A1", "by": None}, "id": "b2"},
        ],
        aliases=["CF", "'Tis", "-minus"],
        tags=["money", "platforms"],
        related_terms=["brand-deal"],
        category="monetisation",
        cta="join",
        reviewed_by="editor@example.com",
        last_reviewed_at="2024-05-01",
        seo_title="+ plus",
        search_description="@at the start",
        canonical_url="https://example.com/cf",
        social_image=42,
        noindex=True,
    ),
    _document(
        title="'Tis the season",
        short_definition="\tTab first",
        definition="<p>Line one\r\nLine two</p>",
        examples=[_example("Only an image", "", image=3, block_id="c1")],
    ),
    _document(title="Plain", slug="plain"),
]


def _without_example_ids(documents):
    documents = copy.deepcopy(documents)
    for document in documents:
        for block in document["examples"]:
            block.pop("id")
    return documents


def _read(data, fmt):
    rows, problems, notes = read_documents(data, fmt)
    assert problems == [], [str(problem) for problem in problems]
    return [document for _, document in rows], notes


def _problems(data, fmt):
    rows, problems, _ = read_documents(data, fmt)
    assert problems, "expected a problem"
    return [str(problem) for problem in problems]


def _csv(*lines):
    return ("\r\n".join(lines) + "\r\n").encode()


HEADER = "title,short_definition,definition"


def test_json_round_trip_keeps_everything():
    data = write_documents(DOCUMENTS, "json")
    assert data.endswith(b"}\n")
    assert json.loads(data)["terms"][0]["title"] == "Café créateur ✨"
    assert "Café".encode() in data  # not \u-escaped
    documents, notes = _read(data, "json")
    assert documents == DOCUMENTS
    assert list(documents[0]) == list(fields.DOCUMENT_KEYS)
    assert notes == []
    assert write_documents(documents, "json") == data


ODD_DOCUMENTS = [
    {"nested": [[{"a": [], "b": {}}], {"c": [1, 2.5, None, True]}], "empty": {}},
    {"text": 'line one\nline two\r\n\ttabbed \u2028 «é» ✨ \\ "quoted"', "list": []},
    {},
    {"only": [{}]},
]


@pytest.mark.parametrize(
    "documents",
    [[], DOCUMENTS[:1], DOCUMENTS, ODD_DOCUMENTS],
    ids=["none", "one", "documents", "odd"],
)
def test_json_is_written_as_json_dumps_writes_it(documents):
    expected = json.dumps({"terms": documents}, ensure_ascii=False, indent=2) + "\n"
    assert write_documents(iter(documents), "json") == expected.encode("utf-8")


class _Document(dict):
    """A document a weak reference can follow."""


@pytest.mark.parametrize("fmt", files.FORMATS)
def test_documents_are_let_go_as_soon_as_they_are_read(fmt):
    references = []

    def documents():
        for document in DOCUMENTS * 4:
            # The writer may still hold the document before; no earlier one.
            let_go = references[:-1]
            assert [reference() for reference in let_go] == [None] * len(let_go)
            item = _Document(copy.deepcopy(document))
            references.append(weakref.ref(item))
            yield item

    data = write_documents(documents(), fmt)
    assert len(references) == 12
    if fmt != "json":
        assert len(_read(data, fmt)[0]) == 12


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_spreadsheet_round_trip_keeps_everything_but_example_ids(fmt):
    documents = DOCUMENTS
    if fmt == "xlsx":
        # XML turns "\r\n" in a cell into "\n"; spreadsheets keep "\n" line ends.
        documents = copy.deepcopy(DOCUMENTS)
        documents[1]["definition"] = "<p>Line one\nLine two</p>"
    data = write_documents(documents, fmt)
    rows, problems, notes = read_documents(data, fmt)
    assert problems == [] and notes == []
    assert [number for number, _ in rows] == [2, 3, 4]
    read = [document for _, document in rows]
    assert read == _without_example_ids(documents)
    assert write_documents(read, fmt) == data


def test_spreadsheet_columns_follow_the_document_keys():
    data = write_documents(DOCUMENTS, "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    header = data[3:].split(b"\r\n")[0].decode().split(",")
    examples = header.index("example_1_title")
    assert header[examples - 1] == "why_it_matters"
    assert header[examples : examples + 5] == [
        f"example_1_{part}" for part in fields.EXAMPLE_PARTS
    ]
    assert header[examples + 15] == "body"
    assert "example_4_title" not in header


def test_a_glossary_without_examples_still_has_one_example_column_set():
    data = write_documents([_document()], "csv")
    header = data[3:].split(b"\r\n")[0].decode().split(",")
    assert [name for name in header if name.startswith("example_")] == [
        f"example_1_{part}" for part in fields.EXAMPLE_PARTS
    ]
    assert _read(data, "csv")[0] == [_document()]


def test_xlsx_is_byte_identical_whenever_it_is_written(monkeypatch):
    first = write_documents(DOCUMENTS, "xlsx")
    later = time.time() + 400 * 86400
    monkeypatch.setattr(time, "time", lambda: later)
    assert write_documents(DOCUMENTS, "xlsx") == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {
            (1980, 1, 1, 0, 0, 0)
        }
        core = archive.read("docProps/core.xml").decode()
    assert "1980-01-01" in core and str(time.localtime().tm_year) not in core


def test_formula_looking_text_is_escaped_on_write_and_restored_on_read():
    document = _document(title="=SUM(A1)", short_definition="'=x", definition="'Tis")
    data = write_documents([document], "csv")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[1].startswith("'=SUM(A1),creator-fund,''=x,'Tis,")
    assert _read(data, "csv")[0][0]["title"] == "=SUM(A1)"


def test_xlsx_cells_are_strings_never_formulas():
    document = _document(title="=SUM(A1)", short_definition="+44 20", social_image=5)
    workbook = openpyxl.load_workbook(io.BytesIO(write_documents([document], "xlsx")))
    sheet = workbook.active
    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].value == "'=SUM(A1)"
    assert sheet["C2"].value == "'+44 20"
    assert sheet["1"][0].value == "title"
    image = [cell for cell in sheet[2] if cell.value == "5"]
    assert image and image[0].data_type == "s"


def test_xlsx_cells_that_openpyxl_would_type_otherwise_are_strings():
    titles = ["#N/A", "#REF!", "\x0b=1+1", "=1+1", "\x01", "12", "true"]
    documents = [_document(title=title, slug=f"s{n}") for n, title in enumerate(titles)]
    data = write_documents(documents, "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value]
    assert {cell.data_type for cell in cells} == {"s"}
    assert [sheet.cell(n, 1).value for n in range(2, 9)] == [
        "#N/A",
        "#REF!",
        "'=1+1",
        "'=1+1",
        None,
        "12",
        "true",
    ]
    read = [document["title"] for document in _read(data, "xlsx")[0]]
    assert read == ["#N/A", "#REF!", "=1+1", "=1+1", "", "12", "true"]


def test_xlsx_has_one_sheet_with_a_bold_frozen_header():
    workbook = openpyxl.load_workbook(io.BytesIO(write_documents(DOCUMENTS, "xlsx")))
    assert workbook.sheetnames == ["Terms"]
    sheet = workbook.active
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    assert not any(cell.font.b for cell in sheet[2])
    csv_header = write_documents(DOCUMENTS, "csv").decode("utf-8-sig").split("\r\n")[0]
    assert [cell.value for cell in sheet[1]] == csv_header.split(",")


def test_xlsx_typed_cells_are_read_as_text():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([*fields.REQUIRED_KEYS, "social_image", "noindex", "last_reviewed_at"])
    sheet.append(["T", "S", "D", 42.0, True, datetime.date(2024, 5, 1)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    [document], _ = _read(buffer.getvalue(), "xlsx")
    assert document["social_image"] == 42
    assert document["noindex"] is True
    assert document["last_reviewed_at"] == "2024-05-01"


def test_a_windows_1252_csv_is_read_with_a_note():
    data = f"{HEADER}\r\nCafé,Ça “marche”,déf\r\n".encode("cp1252")
    [document], notes = _read(data, "csv")
    assert document["title"] == "Café"
    assert document["short_definition"] == "Ça “marche”"
    assert notes == ["Read as Windows-1252 (Latin-1): the file is not UTF-8."]


def test_a_utf8_csv_with_a_bom_is_read_without_a_note():
    data = "\ufeff" + f"{HEADER}\r\nCafé,ok,déf\r\n"
    [document], notes = _read(data.encode(), "csv")
    assert document == {"title": "Café", "short_definition": "ok", "definition": "déf"}
    assert notes == []


def test_a_semicolon_separated_csv_is_read_with_a_note():
    data = "title;short_definition;definition;tags\nCrème, b;c;d;x | y\n".encode()
    [document], notes = _read(data, "csv")
    assert document["title"] == "Crème, b"
    assert document["tags"] == ["x", "y"]
    assert notes == ["Columns separated by semicolons."]


def test_a_csv_mixing_encodings_names_the_broken_rows():
    data = f"{HEADER}\r\nCafé,ok,d\r\nfine,ok,d\r\n".encode() + "Thé,x,d\r\n".encode(
        "cp1252"
    )
    rows, problems, _ = read_documents(data, "csv")
    assert [(p.row, p.column) for p in problems] == [(4, None)]
    assert "not UTF-8" in str(problems[0]) and str(problems[0]).startswith("Row 4")
    assert rows[2][1]["title"] == "Th\ufffd"


def test_a_csv_with_a_bom_and_bad_bytes_is_not_taken_for_windows_1252():
    data = b"\xef\xbb\xbf" + f"{HEADER}\r\nok,b,c\r\n".encode() + b"Th\xe9,b,c\r\n"
    rows, problems, notes = read_documents(data, "csv")
    assert [(p.row, p.column) for p in problems] == [(3, None)]
    assert notes == [] and rows[0][1]["title"] == "ok"


def test_a_misspelt_column_gets_a_suggestion():
    data = _csv("title,short_defintion,definition", "a,b,c")
    assert (
        'Unknown column "short_defintion" — did you mean "short_definition"?'
        in " ".join(_problems(data, "csv"))
    )


def test_api_only_columns_are_read_past():
    data = _csv(f"{HEADER},id,url", "a,b,c,7,/x/")
    [document], _ = _read(data, "csv")
    assert document == {"title": "a", "short_definition": "b", "definition": "c"}


def test_a_missing_required_column_is_a_problem():
    problems = _problems(_csv("title,definition", "a,c"), "csv")
    assert problems == ['Row 1: Required column "short_definition" is missing.']


def test_a_duplicate_column_is_a_problem():
    problems = _problems(_csv(f"{HEADER}, Title", "a,b,c,d"), "csv")
    assert problems == ['Row 1: Column "Title" appears twice (columns 1 and 4).']


def test_a_row_longer_than_the_header_is_a_problem():
    rows, problems, _ = read_documents(_csv(HEADER, "a,b,c,extra", "d,e,f,"), "csv")
    assert [(p.row, p.column) for p in problems] == [(2, None)]
    assert len(rows) == 2


@pytest.mark.parametrize(
    "data, fmt",
    [
        (b"", "json"),
        (b"\xef\xbb\xbf  \n", "json"),
        (b"[]", "json"),
        (b'{"terms": []}', "json"),
        (b"", "csv"),
        (b"\xef\xbb\xbf\r\n", "csv"),
        (_csv(HEADER, ",,", ""), "csv"),
        (b"", "xlsx"),
        (write_documents([], "xlsx"), "xlsx"),
    ],
)
def test_an_empty_file_holds_no_terms(data, fmt):
    rows, problems, _ = read_documents(data, fmt)
    assert rows == []
    assert [str(problem) for problem in problems] == ["The file holds no terms."]


@pytest.mark.parametrize("fmt", files.FORMATS)
def test_a_file_of_the_size_limit_is_refused(fmt):
    rows, problems, _ = read_documents(b" " * files.MAX_BYTES, fmt)
    assert rows == []
    assert [str(p) for p in problems] == [
        "The file is 50 MB; files must be under 50 MB."
    ]


def test_just_under_the_size_limit_is_read():
    data = b"[" + b" " * (files.MAX_BYTES - 40) + b'{"title": "x"}]'
    assert len(data) < files.MAX_BYTES
    assert _read(data, "json")[0] == [{"title": "x"}]


def test_a_zip_bomb_is_refused_without_inflating_it():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (11 * 1024 * 1024))
    assert len(buffer.getvalue()) < 100_000
    problems = _problems(buffer.getvalue(), "xlsx")
    assert len(problems) == 1
    assert "xl/worksheets/sheet1.xml" in problems[0]
    assert "ZIP bomb" in problems[0]


def test_a_workbook_unpacking_past_the_limit_is_refused(monkeypatch):
    data = write_documents(DOCUMENTS, "xlsx")
    monkeypatch.setattr(spreadsheets, "MAX_UNCOMPRESSED_BYTES", 10_000)
    problems = _problems(data, "xlsx")
    assert len(problems) == 1
    assert problems[0].startswith("The workbook unpacks to")
    assert problems[0].endswith("it looks like a ZIP bomb.")
    monkeypatch.undo()
    assert _read(data, "xlsx")[0]


def test_a_file_that_is_not_a_zip_is_not_an_xlsx():
    problems = _problems(write_documents(DOCUMENTS, "csv"), "xlsx")
    assert len(problems) == 1 and "is not an XLSX file" in problems[0]


def test_a_damaged_workbook_is_a_problem_not_a_crash():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    problems = _problems(buffer.getvalue(), "xlsx")
    assert len(problems) == 1
    assert problems[0].startswith("The file could not be read as an XLSX workbook")


@pytest.mark.parametrize(
    "data, message",
    [
        (b"42", "The file holds a number without a list of terms"),
        (b'"terms"', "The file holds a string without a list of terms"),
        (b'{"glossary": []}', "The file holds an object without a list of terms"),
        (b'{"terms": {"title": "x"}}', 'The "terms" key holds an object'),
        (
            b'[{"title": "x"}, {"title": "y"}, "z"]',
            "Row 3: This term is a string; each term must be an object like "
            '{"title": …}.',
        ),
    ],
)
def test_json_of_the_wrong_shape_says_what_was_expected(data, message):
    problems = _problems(data, "json")
    assert len(problems) == 1
    assert problems[0].startswith(message)


def test_json_listing_shape_is_read():
    data = json.dumps({"meta": {"total_count": 1}, "items": [{"title": "x"}]})
    assert _read(data.encode(), "json")[0] == [{"title": "x"}]


def test_invalid_json_names_line_and_column():
    problems = _problems(b'{"terms": [\n  {"title": "x",}\n]}', "json")
    assert problems == [
        "The file is not valid JSON: Expecting property name enclosed in double "
        "quotes at line 2, column 17."
    ]


def test_json_that_is_not_utf8_is_refused():
    problems = _problems('[{"title": "Café"}]'.encode("cp1252"), "json")
    assert len(problems) == 1 and "not UTF-8" in problems[0]


def test_json_with_a_bom_is_read():
    data = b"\xef\xbb\xbf" + write_documents(DOCUMENTS[:1], "json")
    assert _read(data, "json")[0] == DOCUMENTS[:1]


def test_a_nul_character_is_a_problem_for_its_term_and_field():
    data = json.dumps([{"title": "ok"}, {"title": "x", "body": [{"v": "a\0b"}]}])
    rows, problems, _ = read_documents(data.encode(), "json")
    assert [(p.row, p.column) for p in problems] == [(2, "body")]
    assert "NUL" in str(problems[0])
    assert len(rows) == 2

    rows, problems, _ = read_documents(_csv(HEADER, "a,b\0c,d"), "csv")
    assert [(p.row, p.column) for p in problems] == [(2, "short_definition")]


@pytest.mark.parametrize(
    "column, cell, message",
    [
        ("body", "[not json", "The body is not valid JSON"),
        ("body", '{"type": "x"}', "The body holds an object"),
        ("social_image", "12a", '"12a" is not an image id'),
        ("example_2_image", "1.5", '"1.5" is not an image id'),
        ("noindex", "maybe", '"maybe" is not true or false'),
    ],
)
def test_a_cell_that_cannot_be_read_is_a_problem_for_its_row_and_column(
    column, cell, message
):
    quoted = cell.replace('"', '""')
    data = _csv(f"{HEADER},{column}", "a,b,c,", f'a,b,c,"{quoted}"')
    rows, problems, _ = read_documents(data, "csv")
    assert [(p.row, p.column) for p in problems] == [(3, column)]
    assert str(problems[0]).startswith(f'Row 3, column "{column}": {message}')
    assert len(rows) == 2


@pytest.mark.parametrize(
    "cell, value", [("YES", True), ("0", False), ("", False), (" true ", True)]
)
def test_booleans_are_read_in_their_usual_spellings(cell, value):
    [document], _ = _read(_csv(f"{HEADER},noindex", f"a,b,c,{cell}"), "csv")
    assert document["noindex"] is value


def test_spreadsheet_examples_are_gathered_in_order_and_empty_ones_skipped():
    data = _csv(
        f"{HEADER},example_3_title,example_1_title,example_1_link_url,example_2_body",
        "a,b,c,third,first,https://x.test,",
    )
    [document], _ = _read(data, "csv")
    assert document["examples"] == [
        {
            "type": "example",
            "value": {
                "title": "first",
                "body": "",
                "image": None,
                "link": {"label": "", "url": "https://x.test"},
            },
        },
        {
            "type": "example",
            "value": {"title": "third", "body": "", "image": None, "link": None},
        },
    ]


def test_header_names_ignore_case_and_spaces():
    [document], _ = _read(_csv(" Title ,SHORT_DEFINITION,Definition", "a,b,c"), "csv")
    assert document == {"title": "a", "short_definition": "b", "definition": "c"}


def test_format_comes_from_the_extension():
    assert files.format_for("Glossary.XLSX") == "xlsx"
    assert files.format_for("terms.csv") == "csv"
    with pytest.raises(FileProblem, match=r"Use a \.json, \.csv or \.xlsx file\."):
        files.format_for("terms.xls")


def test_file_problem_reads_as_a_sentence():
    assert (
        str(FileProblem("Bad.", row=3, column="body")) == 'Row 3, column "body": Bad.'
    )
    assert str(FileProblem("Bad.")) == "Bad."
    problem = FileProblem("Bad.", row=2)
    assert (problem.message, problem.row, problem.column) == ("Bad.", 2, None)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'[{"title": ' + b"9" * 5000 + b"}]", "cannot be read"),
        (b'[{"title": "A", "title": "B"}]', "gives a field twice"),
    ],
)
def test_json_a_reader_cannot_trust_is_refused(data, message):
    rows, problems, _ = files.read_documents(data, "json")
    assert rows == [] and message in problems[0].message


def test_a_utf16_csv_is_refused_with_what_to_do():
    data = "title,short_definition,definition\nA,b,c\n".encode("utf-16")
    _, problems, _ = files.read_documents(data, "csv")
    assert "save it as CSV UTF-8" in problems[0].message


def test_only_the_front_sheet_is_read_and_the_others_are_mentioned():
    workbook = openpyxl.Workbook()
    workbook.active.append(["title", "short_definition", "definition"])
    workbook.active.append(["Reach", "How many.", "Unique people."])
    workbook.create_sheet("Notes").append(["anything"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows, problems, notes = files.read_documents(buffer.getvalue(), "xlsx")
    assert [doc["title"] for _, doc in rows] == ["Reach"] and not problems
    assert any("other 1 sheet(s) were not" in note for note in notes)
