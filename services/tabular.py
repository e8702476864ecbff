"""Reading tables from CSV and XLSX files as a stream of rows.

CSV files may be UTF-8, with or without a byte order mark, or Thai Windows encoding
(TIS-620 as extended by Windows code page 874). The encoding is decided by one pass over
the bytes, which also computes the file's SHA-256. Commas, semicolons and tabs are
recognised as separators from the header line.

XLSX files are read with openpyxl in read-only mode, so rows stream from the zip archive.
Cells keep the type the spreadsheet stored (text, numbers, dates), so callers can tell a
number cell from text.

Row numbers count the header as row 1, as a spreadsheet shows them, and blank rows are
skipped but still counted.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from services.errors import ErrorCode, ServiceError
from services.i18n import register, translate

UTF8_BOM = codecs.BOM_UTF8
THAI_WINDOWS_ENCODING = "cp874"

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls (and other OLE documents)
_READ_CHUNK = 1 << 20
_SEPARATORS = (",", ";", "\t")

register({
    "file_empty": (
        "ไฟล์ '{file}' ไม่มีข้อมูล: ต้องมีแถวหัวตารางและข้อมูลอย่างน้อยหนึ่งแถว",
        "The file '{file}' is empty: it needs a header row and at least one row of data.",
    ),
    "file_legacy_excel": (
        "ไฟล์ '{file}' เป็น Excel รุ่นเก่า (.xls) ซึ่งระบบไม่รองรับ: "
        "โปรดบันทึกเป็น .xlsx หรือ CSV UTF-8 แล้วส่งใหม่",
        "The file '{file}' is an old Excel workbook (.xls), which is not supported: "
        "save it as .xlsx or as CSV UTF-8 and send it again.",
    ),
    "file_not_xlsx": (
        "ไฟล์ '{file}' ไม่ใช่ไฟล์ .xlsx ที่อ่านได้: โปรดบันทึกจาก Excel ใหม่ หรือส่งเป็น CSV UTF-8",
        "The file '{file}' is not a readable .xlsx workbook: save it from Excel again, or "
        "send it as CSV UTF-8.",
    ),
    "file_encoding": (
        "ไฟล์ '{file}' ไม่ได้เข้ารหัสเป็น UTF-8 หรือ TIS-620 (พบไบต์ที่อ่านไม่ได้ที่ตำแหน่ง {offset}): "
        "โปรดบันทึกเป็น CSV UTF-8 แล้วส่งใหม่",
        "The file '{file}' is neither UTF-8 nor TIS-620 (unreadable byte at offset {offset}): "
        "save it as CSV UTF-8 and send it again.",
    ),
    "file_csv_invalid": (
        "อ่านไฟล์ CSV '{file}' ไม่ได้ที่แถว {row}: {reason}",
        "The CSV file '{file}' cannot be read at row {row}: {reason}.",
    ),
})


@dataclass(frozen=True)
class FileFacts:
    """What one pass over a file's bytes found."""

    kind: str  # "csv" or "xlsx"
    encoding: str | None  # for CSV: "utf-8-sig", "utf-8" or "cp874"
    sha256: str
    size: int


def inspect_file(path: Path, display_name: str | None = None) -> FileFacts:
    """Read ``path`` once: decide CSV or XLSX, the CSV encoding, and the SHA-256.

    Raises a ``ServiceError`` for an empty file, a legacy ``.xls`` workbook, or a CSV file
    that is neither UTF-8 nor Thai Windows encoding.
    """
    name = display_name or path.name
    digest = hashlib.sha256()
    size = 0
    utf8 = codecs.getincrementaldecoder("utf-8")()
    utf8_failed_at: int | None = None
    head = b""
    with path.open("rb") as stream:
        while chunk := stream.read(_READ_CHUNK):
            if not head:
                head = chunk[:8]
            digest.update(chunk)
            if utf8_failed_at is None:
                try:
                    utf8.decode(chunk)
                except UnicodeDecodeError as error:
                    utf8_failed_at = size + error.start
            size += len(chunk)
    if utf8_failed_at is None:
        try:
            utf8.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8_failed_at = size

    if size == 0:
        raise ServiceError(ErrorCode.INVALID, "file_empty", field="file", file=name)
    if head.startswith(_OLE_MAGIC):
        raise ServiceError(ErrorCode.UNSUPPORTED, "file_legacy_excel", field="file", file=name)
    if head.startswith(_ZIP_MAGIC):
        return FileFacts("xlsx", None, digest.hexdigest(), size)
    if utf8_failed_at is None:
        encoding = "utf-8-sig" if head.startswith(UTF8_BOM) else "utf-8"
    else:
        encoding = THAI_WINDOWS_ENCODING
        _check_thai_windows(path, name)
    return FileFacts("csv", encoding, digest.hexdigest(), size)


def _check_thai_windows(path: Path, name: str) -> None:
    decoder = codecs.getincrementaldecoder(THAI_WINDOWS_ENCODING)()
    offset = 0
    with path.open("rb") as stream:
        while chunk := stream.read(_READ_CHUNK):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                raise ServiceError(
                    ErrorCode.INVALID, "file_encoding", field="file", file=name, offset=offset + error.start
                ) from None
            offset += len(chunk)


class TableReader:
    """The header and the data rows of one CSV file or one XLSX sheet.

    Use it through ``open_table``. ``rows()`` may be called more than once; each call
    streams the file again from the start.
    """

    def __init__(self, path: Path, facts: FileFacts, display_name: str) -> None:
        self.path = path
        self.facts = facts
        self.display_name = display_name
        self.header: list[str] = []
        self.header_row = 0
        self._workbook = None
        self._separator = ","

    def _open(self) -> None:
        if self.facts.kind == "xlsx":
            self._open_workbook()
        else:
            self._separator = self._sniff_separator()
        for number, cells in self._raw_rows():
            if any(_has_text(cell) for cell in cells):
                self.header = [_header_text(cell) for cell in cells]
                self.header_row = number
                return
        raise ServiceError(ErrorCode.INVALID, "file_empty", field="file", file=self.display_name)

    def _open_workbook(self) -> None:
        import openpyxl

        # NOTE: read-only mode streams the rows, but openpyxl still loads the workbook's
        # shared-string table whole, so a sheet of a million distinct texts needs memory in
        # proportion. CSV has no such table and is the format for very large lists.
        try:
            self._workbook = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
            raise ServiceError(ErrorCode.INVALID, "file_not_xlsx", field="file", file=self.display_name) from error

    def close(self) -> None:
        if self._workbook is not None:
            self._workbook.close()
            self._workbook = None

    def _sniff_separator(self) -> str:
        with self.path.open(encoding=self.facts.encoding, newline="") as stream:
            first_line = stream.readline()
        counts = {separator: first_line.count(separator) for separator in _SEPARATORS}
        best = max(_SEPARATORS, key=lambda separator: counts[separator])
        return best if counts[best] > 0 else ","

    def _raw_rows(self) -> Iterator[tuple[int, list]]:
        if self._workbook is not None:
            sheet = self._workbook.worksheets[0]
            # Some writers store a wrong sheet size; forget it so that every row is read.
            sheet.reset_dimensions()
            for number, cells in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
                yield number, list(cells)
            return
        with self.path.open(encoding=self.facts.encoding, newline="") as stream:
            reader = csv.reader(stream, delimiter=self._separator, strict=False)
            number = 0
            try:
                for cells in reader:
                    number += 1
                    yield number, cells
            except csv.Error as error:
                raise ServiceError(
                    ErrorCode.INVALID,
                    "file_csv_invalid",
                    field="file",
                    file=self.display_name,
                    row=number + 1,
                    reason=str(error),
                ) from None

    def rows(self) -> Iterator[tuple[int, list]]:
        """Yield (row number, cells) for every non-blank row after the header."""
        for number, cells in self._raw_rows():
            if number <= self.header_row:
                continue
            if any(_has_text(cell) for cell in cells):
                yield number, cells


@contextmanager
def open_table(path: Path, display_name: str | None = None, facts: FileFacts | None = None) -> Iterator[TableReader]:
    """Open a CSV or XLSX file for streaming; ``facts`` saves a second pass when already known."""
    name = display_name or path.name
    facts = facts or inspect_file(path, name)
    reader = TableReader(path, facts, name)
    try:
        reader._open()
        yield reader
    finally:
        reader.close()


def _has_text(cell: object) -> bool:
    if cell is None:
        return False
    if isinstance(cell, str):
        return cell.strip() != ""
    return True


def _header_text(cell: object) -> str:
    if cell is None:
        return ""
    return str(cell).replace("\ufeff", "").strip()


@dataclass(frozen=True)
class RowError:
    """A problem found in one row of a table, or in the whole file when ``row`` is None.

    ``message_key`` and ``params`` render the message in either language, so a stored
    error can be shown later in the reader's language.
    """

    row: int | None
    column: str | None
    value: str | None
    code: ErrorCode
    message_key: str
    params: dict

    @classmethod
    def from_service_error(
        cls, error: ServiceError, row: int | None, column: str | None = None, value: object = None
    ) -> RowError:
        display_value = None if value is None else str(value)[:MAX_SHOWN_VALUE]
        return cls(row, column, display_value, error.code, error.message_key, _plain_params(error.params))

    def message(self, locale: str = "th") -> str:
        return translate(self.message_key, locale, **self.params)

    def to_json(self) -> dict:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "code": self.code.value,
            "key": self.message_key,
            "params": self.params,
        }

    @classmethod
    def from_json(cls, data: dict) -> RowError:
        return cls(
            data.get("row"),
            data.get("column"),
            data.get("value"),
            ErrorCode(data.get("code", ErrorCode.INVALID.value)),
            data.get("key", "internal_error"),
            dict(data.get("params") or {}),
        )


# A value longer than this is cut in error reports, so a stray paragraph in a cell does
# not flood the report.
MAX_SHOWN_VALUE = 200


def _plain_params(params: dict) -> dict:
    """Keep JSON-friendly parameter values: numbers as they are, everything else as text."""
    return {
        key: value if isinstance(value, (int, float, bool)) or value is None else str(value)[:MAX_SHOWN_VALUE]
        for key, value in params.items()
    }
