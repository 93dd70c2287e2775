"""What every glossary file reader shares: the size limit, FileProblem, messages.

Both the JSON reader (``files.py``) and the spreadsheet readers
(``spreadsheets.py``) report through these, so a problem reads the same
whatever the file's format.
"""

MAX_BYTES = 50 * 1024 * 1024

NO_TERMS = "The file holds no terms."
NUL_MESSAGE = "The text holds a NUL character (\\0), which cannot be stored."


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


def kind(value):
    """What a JSON value is, in words for a message: "a list", "null", ..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    kinds = {str: "a string", int: "a number", float: "a number", list: "a list"}
    return kinds.get(type(value), "an object")


def megabytes(size):
    """A size in bytes as megabytes for a message: "50", "12.3"."""
    return f"{round(size / (1024 * 1024), 1):g}"
