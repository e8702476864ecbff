"""Reading one row of a dropout list into checked values.

Column names may be Thai, as in the lists schools send (เลขประจำตัวประชาชน, ชื่อ, ...), or
English (national_id, first_name, ...), in any order; case, spaces, dots, dashes and
underscores in a name do not matter. Every value is checked, and each problem becomes a
``ServiceError`` that names the value and the rule, so the import can report it with the
row number and column.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from models.agency import AgencyKind
from models.student import GRADES, Gender, IdKind
from services.errors import ErrorCode, ServiceError
from services.i18n import register
from services.identifiers import (
    identifier_error,
    is_g_code,
    is_valid_national_id,
    normalise_identifier,
    number_cell_error,
)
from services.scope import Actor

# Separators allowed in a guardian's phone number, and the digits left once they are removed.
PHONE_SEPARATORS = re.compile(r"[\s\-().]")
PHONE_DIGITS = re.compile(r"\+?[0-9]+")

# Field -> accepted column names, already in the form ``header_key`` produces.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "national_id": (
        "เลขประจำตัวประชาชน", "เลขบัตรประชาชน", "เลขบัตรประจำตัวประชาชน", "รหัสประจำตัวประชาชน",
        "nationalid", "citizenid", "idcard", "idcardnumber", "cid", "pid",
    ),
    "title": ("คำนำหน้า", "คำนำหน้าชื่อ", "title", "prefix", "nameprefix"),
    "first_name": ("ชื่อ", "firstname", "givenname", "name"),
    "last_name": ("นามสกุล", "lastname", "surname", "familyname"),
    "gender": ("เพศ", "gender", "sex"),
    "birth_date": ("วันเกิด", "วันเดือนปีเกิด", "birthdate", "dateofbirth", "dob", "birthday"),
    "grade": ("ชั้น", "ระดับชั้น", "ชั้นเรียน", "grade", "class", "gradelevel"),
    "school_code": ("รหัสโรงเรียน", "รหัสสถานศึกษา", "schoolcode", "schoolid"),
    "school_name": ("ชื่อโรงเรียน", "ชื่อสถานศึกษา", "schoolname", "school"),
    "term": ("ภาคเรียนที่หลุด", "ภาคเรียน", "ภาคเรียนที่ออก", "term", "semester", "dropoutterm"),
    "house_number": ("บ้านเลขที่", "housenumber", "houseno", "house"),
    "village_no": ("หมู่", "หมู่ที่", "villageno", "village", "moo"),
    "subdistrict_code": ("รหัสตำบล", "subdistrictcode", "tamboncode", "subdistrict"),
    "guardian_name": ("ชื่อผู้ปกครอง", "ผู้ปกครอง", "guardianname", "guardian", "parentname"),
    "guardian_phone": (
        "เบอร์โทรผู้ปกครอง", "เบอร์โทรศัพท์ผู้ปกครอง", "โทรศัพท์ผู้ปกครอง", "guardianphone",
        "guardiantelephone", "parentphone", "phone",
    ),
}
REQUIRED_FIELDS = ("national_id", "first_name", "last_name", "grade", "school_code", "term")

_FIELD_BY_ALIAS = {alias: name for name, aliases in COLUMN_ALIASES.items() for alias in aliases}

MAX_LENGTHS = {
    "title": 32,
    "first_name": 100,
    "last_name": 100,
    "house_number": 32,
    "village_no": 8,
    "guardian_name": 200,
    "guardian_phone": 32,
}

# Birth dates before this day are rejected as implausible for a school child.
EARLIEST_BIRTH_DATE = dt.date(1950, 1, 1)
# Academic years (Buddhist Era) accepted in the term column.
TERM_YEAR_RANGE = (2500, 2600)
BUDDHIST_ERA_OFFSET = 543

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_HEADER_NOISE = re.compile(r"[\s_\-.\u200b\ufeff]+")

_THAI_MONTHS = {
    "มกราคม": 1, "มค": 1, "กุมภาพันธ์": 2, "กพ": 2, "มีนาคม": 3, "มีค": 3, "เมษายน": 4, "เมย": 4,
    "พฤษภาคม": 5, "พค": 5, "มิถุนายน": 6, "มิย": 6, "กรกฎาคม": 7, "กค": 7, "สิงหาคม": 8, "สค": 8,
    "กันยายน": 9, "กย": 9, "ตุลาคม": 10, "ตค": 10, "พฤศจิกายน": 11, "พย": 11, "ธันวาคม": 12, "ธค": 12,
}
_ENGLISH_MONTHS = {
    name: number
    for number, names in enumerate(
        (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
         ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
         ("oct", "october"), ("nov", "november"), ("dec", "december")),
        start=1,
    )
    for name in names
}
_DAY_FIRST = re.compile(r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4})$")
_YEAR_FIRST = re.compile(r"^(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})$")
_MONTH_NAME = re.compile(r"^(\d{1,2})\s*([^\d\s]+)\s*(\d{4})$")
_TERM = re.compile(r"^(?:ภาคเรียนที่|ภาคเรียน|term|semester)?\s*(\d)\s*/\s*(\d{2}|\d{4})$", re.IGNORECASE)
_TERM_YEAR_FIRST = re.compile(r"^(\d{4})\s*/\s*(\d)$")
_GRADE_SHORT = re.compile(r"^(อ|ป|ม|k|p|m)\.?(\d{1,2})$", re.IGNORECASE)
_GRADE_LONG = re.compile(r"^(อนุบาล|ประถมศึกษา|ประถม|มัธยมศึกษา|มัธยม)(?:ปีที่)?(\d)$")
_VILLAGE_PREFIX = re.compile(r"^(?:หมู่ที่|หมู่|ม\.|moo\.?|village)\s*", re.IGNORECASE)
_GRADE_PREFIX = {"อ": "อ", "ป": "ป", "ม": "ม", "k": "อ", "p": "ป", "m": "ม",
                 "อนุบาล": "อ", "ประถมศึกษา": "ป", "ประถม": "ป", "มัธยมศึกษา": "ม", "มัธยม": "ม"}
_GRADES = frozenset(GRADES)

_GENDER_WORDS = {
    "ชาย": Gender.MALE, "ช": Gender.MALE, "male": Gender.MALE, "m": Gender.MALE, "boy": Gender.MALE,
    "หญิง": Gender.FEMALE, "ญ": Gender.FEMALE, "female": Gender.FEMALE, "f": Gender.FEMALE,
    "girl": Gender.FEMALE,
    "ไม่ระบุ": Gender.UNSPECIFIED, "unspecified": Gender.UNSPECIFIED,
}
_TITLE_GENDER = {
    "เด็กชาย": Gender.MALE, "ดช": Gender.MALE, "นาย": Gender.MALE, "mr": Gender.MALE,
    "master": Gender.MALE,
    "เด็กหญิง": Gender.FEMALE, "ดญ": Gender.FEMALE, "นางสาว": Gender.FEMALE, "นส": Gender.FEMALE,
    "นาง": Gender.FEMALE, "miss": Gender.FEMALE, "ms": Gender.FEMALE, "mrs": Gender.FEMALE,
}

register({
    "import_missing_columns": (
        "ไฟล์ '{file}' ไม่มีคอลัมน์ที่จำเป็น: {columns} (หัวตารางที่พบ: {found})",
        "The file '{file}' lacks required columns: {columns} (header found: {found}).",
    ),
    "import_repeated_column": (
        "คอลัมน์ '{first}' และ '{second}' เป็นข้อมูลเดียวกัน: โปรดเหลือไว้เพียงคอลัมน์เดียว",
        "The columns '{first}' and '{second}' hold the same field: keep only one of them.",
    ),
    "value_required": (
        "คอลัมน์ '{column}' ต้องมีค่า",
        "The column '{column}' must have a value.",
    ),
    "value_too_long": (
        "ค่าในคอลัมน์ '{column}' ยาว {length} ตัวอักษร เกินกว่าที่รับได้ ({limit} ตัวอักษร)",
        "The value in the column '{column}' has {length} characters; at most {limit} are allowed.",
    ),
    "value_is_date": (
        "ค่าในคอลัมน์ '{column}' ถูกโปรแกรมตารางคำนวณแปลงเป็นวันที่ ({value}): "
        "โปรดจัดรูปแบบคอลัมน์เป็นข้อความแล้วใส่ค่าใหม่",
        "The value in the column '{column}' was turned into a date ({value}) by a spreadsheet: "
        "format the column as text and enter the value again.",
    ),
    "school_unknown": (
        "ไม่พบโรงเรียนรหัส '{value}' ในขอบเขตของบัญชีนี้: ใช้รหัสโรงเรียน 10 หลักของ สพฐ. "
        "หรือรหัสที่สังกัดกำหนด",
        "No school with the code '{value}' is in this account's scope: use the 10-digit OBEC "
        "school id or the code the affiliation assigns.",
    ),
    "term_invalid": (
        "ภาคเรียน '{value}' ไม่ถูกต้อง: ต้องเขียนเป็น ภาคเรียน/ปีการศึกษา เช่น 1/2564",
        "The term '{value}' is invalid: write it as semester/academic year, e.g. 1/2564.",
    ),
    "term_semester": (
        "ภาคเรียน '{value}' ไม่ถูกต้อง: ภาคเรียนต้องเป็น 1 หรือ 2",
        "The term '{value}' is invalid: the semester must be 1 or 2.",
    ),
    "term_year": (
        "ภาคเรียน '{value}' ไม่ถูกต้อง: ปีการศึกษาต้องอยู่ระหว่าง พ.ศ. {low} ถึง {high} "
        "(หรือ ค.ศ. ที่ตรงกัน)",
        "The term '{value}' is invalid: the academic year must be between {low} and {high} "
        "in the Buddhist Era (or the matching Christian-era year).",
    ),
    "birth_date_invalid": (
        "วันเกิด '{value}' ไม่ถูกต้อง: ใช้รูปแบบ วัน/เดือน/ปี เช่น 02/01/2550 (พ.ศ.) หรือ "
        "02/01/2007 (ค.ศ.) หรือ 2 ม.ค. 2550",
        "The birth date '{value}' is invalid: write day/month/year, e.g. 02/01/2550 (Buddhist "
        "Era), 02/01/2007 (Christian Era) or 2 Jan 2007.",
    ),
    "birth_date_range": (
        "วันเกิด '{value}' อยู่นอกช่วงที่เป็นไปได้: ต้องไม่ก่อน {earliest} และไม่หลังวันนี้",
        "The birth date '{value}' is out of range: it must be no earlier than {earliest} and "
        "not in the future.",
    ),
    "guardian_phone_invalid": (
        "เบอร์โทรศัพท์ผู้ปกครอง '{value}' ไม่ถูกต้อง: ต้องเป็นตัวเลข ขึ้นต้นด้วย + ได้ "
        "และคั่นด้วยช่องว่าง ขีด จุด หรือวงเล็บได้",
        "The guardian's phone number '{value}' is invalid: use digits, with an optional leading +, "
        "separated by spaces, dashes, dots or brackets if you like.",
    ),
    "grade_invalid": (
        "ชั้น '{value}' ไม่ถูกต้อง: ต้องเป็นชั้นใดชั้นหนึ่งต่อไปนี้ {grades}",
        "The grade '{value}' is invalid: it must be one of {grades}.",
    ),
    "gender_invalid": (
        "เพศ '{value}' ไม่ถูกต้อง: ใช้ ชาย หรือ หญิง (หรือ male, female)",
        "The gender '{value}' is invalid: use ชาย or หญิง (or male, female).",
    ),
    "subdistrict_unknown": (
        "ไม่พบรหัสตำบล '{value}' ในข้อมูลอ้างอิง (GeoThai): ใช้รหัสตำบล 6 หลักของกรมการปกครอง",
        "The subdistrict code '{value}' is not in the reference data (GeoThai): use the "
        "6-digit DOPA subdistrict code.",
    ),
})


def header_key(name: str) -> str:
    """Return the form of a column name that aliases are compared in."""
    return _HEADER_NOISE.sub("", name.lower())


def map_columns(header: list[str], file_name: str) -> dict[str, int]:
    """Return field -> column position; raise ``ValidationErrors`` for missing or repeated columns."""
    from services.errors import ValidationErrors

    positions: dict[str, int] = {}
    problems: list[ServiceError] = []
    for position, name in enumerate(header):
        field = _FIELD_BY_ALIAS.get(header_key(name))
        if field is None:
            continue
        if field in positions:
            problems.append(ServiceError(
                ErrorCode.INVALID, "import_repeated_column", field="file",
                first=header[positions[field]], second=name,
            ))
            continue
        positions[field] = position
    missing = [field for field in REQUIRED_FIELDS if field not in positions]
    if missing:
        names = ", ".join(f"{COLUMN_ALIASES[field][0]} ({field})" for field in missing)
        found = ", ".join(name for name in header if name) or "-"
        problems.append(ServiceError(
            ErrorCode.INVALID, "import_missing_columns", field="file", file=file_name, columns=names, found=found,
        ))
    if problems:
        raise ValidationErrors(problems)
    return positions


def cell_text(cell: object) -> str:
    """Return a cell as stripped text; whole numbers from a spreadsheet lose their ``.0``."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell.strip()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    return str(cell).strip()


def _code_text(cell: object) -> str:
    """Return a code cell as text, dropping a ``.0`` that a spreadsheet added to a number."""
    text = cell_text(cell).translate(_THAI_DIGITS)
    if text.endswith(".0") and text[:-2].isdigit():
        return text[:-2]
    return text


def parse_identifier(cell: object) -> tuple[str, IdKind]:
    """Return the normalised national ID or G code and its kind; raise with a hint when mangled."""
    if type(cell) is str and len(cell) == 13 and is_valid_national_id(cell):
        return cell, IdKind.NATIONAL_ID  # the common case, checked first for speed
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        raise number_cell_error(cell)
    value = normalise_identifier(cell_text(cell).translate(_THAI_DIGITS))
    if is_valid_national_id(value):
        return value, IdKind.NATIONAL_ID
    if is_g_code(value):
        return value, IdKind.G_CODE
    raise identifier_error(value)


def parse_birth_date(cell: object, today: dt.date) -> dt.date | None:
    """Parse a birth date in the Buddhist or Christian era; None when the cell is empty."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    if isinstance(cell, dt.datetime):
        cell = cell.date()
    if isinstance(cell, dt.date):
        value = _from_era(cell.year, cell.month, cell.day)
        written = cell.isoformat()
    else:
        written = cell_text(cell)
        value = _parse_date_text(written)
    if value is None:
        raise ServiceError(ErrorCode.INVALID, "birth_date_invalid", field="birthDate", value=written)
    if value < EARLIEST_BIRTH_DATE or value > today:
        raise ServiceError(
            ErrorCode.INVALID, "birth_date_range", field="birthDate", value=written,
            earliest=EARLIEST_BIRTH_DATE.isoformat(),
        )
    return value


def _parse_date_text(text: str) -> dt.date | None:
    text = text.translate(_THAI_DIGITS)
    for prefix in ("พ.ศ.", "ค.ศ."):
        text = text.replace(prefix, " ")
    text = " ".join(text.split())
    # A date written with a time, as spreadsheets export it: keep the date part.
    if re.match(r"^\d{4}-\d{1,2}-\d{1,2}[ T]", text):
        text = re.split(r"[ T]", text, maxsplit=1)[0]
    if match := _DAY_FIRST.match(text):
        day, month, year = (int(part) for part in match.groups())
        return _from_era(year, month, day)
    if match := _YEAR_FIRST.match(text):
        year, month, day = (int(part) for part in match.groups())
        return _from_era(year, month, day)
    if match := _MONTH_NAME.match(text):
        day, month_name, year = match.groups()
        key = month_name.lower().replace(".", "")
        month = _THAI_MONTHS.get(key) or _ENGLISH_MONTHS.get(key)
        if month is None:
            return None
        return _from_era(int(year), month, int(day))
    return None


def _from_era(year: int, month: int, day: int) -> dt.date | None:
    """Build a date from a Buddhist-Era year (2400 and later) or a Christian-era year."""
    if year >= 2400:
        year -= BUDDHIST_ERA_OFFSET
    elif year < 1900:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_term(cell: object) -> tuple[int, int]:
    """Return (semester, Buddhist-Era academic year) from e.g. ``1/2564``, ``1/64`` or ``1/2021``."""
    text = cell_text(cell).translate(_THAI_DIGITS)
    if match := _TERM.match(text):
        semester, year = int(match.group(1)), match.group(2)
    elif match := _TERM_YEAR_FIRST.match(text):
        year, semester = match.group(1), int(match.group(2))
    else:
        raise ServiceError(ErrorCode.INVALID, "term_invalid", field="term", value=text)
    academic_year = int(year)
    if len(year) == 2:
        academic_year += 2500
    elif academic_year < 2400:
        academic_year += BUDDHIST_ERA_OFFSET
    if semester not in (1, 2):
        raise ServiceError(ErrorCode.INVALID, "term_semester", field="term", value=text)
    low, high = TERM_YEAR_RANGE
    if not low <= academic_year <= high:
        raise ServiceError(ErrorCode.INVALID, "term_year", field="term", value=text, low=low, high=high)
    return semester, academic_year


def parse_grade(cell: object) -> str:
    """Return the grade as written in ``GRADES`` (อ.1 ... ม.6) from the common written forms."""
    text = cell_text(cell)
    if text in _GRADES:
        return text
    compact = "".join(text.translate(_THAI_DIGITS).split())
    match = _GRADE_SHORT.match(compact) or _GRADE_LONG.match(compact)
    if match:
        grade = f"{_GRADE_PREFIX[match.group(1).lower()]}.{int(match.group(2))}"
        if grade in _GRADES:
            return grade
    raise ServiceError(ErrorCode.INVALID, "grade_invalid", field="grade", value=text, grades=", ".join(GRADES))


def parse_gender(cell: object, title: str) -> Gender:
    """Return the gender from the gender column, or from the title when the column is empty."""
    text = cell_text(cell)
    if text:
        gender = _GENDER_WORDS.get(text.lower().rstrip("."))
        if gender is None:
            raise ServiceError(ErrorCode.INVALID, "gender_invalid", field="gender", value=text)
        return gender
    return _TITLE_GENDER.get(title.lower().replace(".", "").replace(" ", ""), Gender.UNSPECIFIED)


def parse_village(cell: object) -> str:
    return _VILLAGE_PREFIX.sub("", _code_text(cell)).strip()


@dataclass(frozen=True, slots=True)
class SchoolRef:
    """What the import needs to know of a school."""

    id: int
    area_office_id: int | None
    affiliation_id: int
    province_id: str | None


@dataclass(slots=True)
class StudentRow:
    """One checked row, ready to write."""

    row: int
    national_id: str
    id_kind: IdKind
    title: str
    first_name: str
    last_name: str
    gender: Gender
    birth_date: dt.date | None
    grade: str
    school: SchoolRef
    semester: int
    academic_year: int
    house_number: str
    village_no: str
    subdistrict_id: str | None
    district_id: str | None
    province_id: str | None
    guardian_name: str
    guardian_phone: str


def school_filter(actor: Actor | None) -> Callable[[SchoolRef], bool]:
    """Return a test for the schools whose rows ``actor`` may import (all for the command line)."""
    if actor is None or actor.agency_kind == AgencyKind.MINISTRY:
        return lambda school: True
    if actor.agency_kind == AgencyKind.AFFILIATION:
        return lambda school: school.affiliation_id == actor.agency_id
    if actor.agency_kind == AgencyKind.AREA_OFFICE:
        return lambda school: school.area_office_id == actor.agency_id
    if actor.agency_kind == AgencyKind.SCHOOL:
        return lambda school: school.id == actor.agency_id
    return lambda school: False


class RowChecker:
    """Turns the cells of one row into a ``StudentRow``, or into the errors of its columns.

    Values that repeat across rows (terms, grades, birth dates, codes) are parsed once and
    cached, because a national list has millions of rows but few distinct values in those
    columns. Only text cells are cached, so a number or date cell is always checked again.
    """

    MAX_CACHED = 50_000

    def __init__(
        self,
        header: list[str],
        positions: dict[str, int],
        schools: dict[str, SchoolRef],
        subdistricts: dict[str, tuple[str, str]],
        may_import: Callable[[SchoolRef], bool],
        today: dt.date,
    ) -> None:
        self.header = header
        self.positions = positions
        self.schools = schools
        self.subdistricts = subdistricts
        self.may_import = may_import
        self.today = today
        # A missing optional column reads the extra empty cell appended after the last column.
        self.width = len(header)
        self._at = {field: positions.get(field, self.width) for field in COLUMN_ALIASES}
        self._caches: dict[str, dict[str, object]] = {
            "birth_date": {}, "grade": {}, "term": {}, "school_code": {}, "subdistrict_code": {},
        }

    def column(self, field: str) -> str:
        """Return the column name the file uses for ``field``."""
        return self.header[self.positions[field]]

    def check(self, number: int, cells: list) -> tuple[StudentRow | None, list[tuple[str, object, ServiceError]]]:
        """Return the checked row, or None and a list of (field, cell value, error)."""
        missing = self.width + 1 - len(cells)
        cells = cells + [None] * missing if missing > 0 else cells
        at = self._at
        errors: list[tuple[str, object, ServiceError]] = []
        values: dict[str, object] = {}
        for field, parse in self._parsers:
            value = cells[at[field]]
            try:
                values[field] = parse(self, value)
            except ServiceError as error:
                errors.append((field, value, error))
        if errors:
            return None, errors

        gender = values["gender"]
        if gender is None:
            gender = parse_gender(None, values["title"])
        school: SchoolRef = values["school_code"]
        subdistrict_id, district_id, province_id = values["subdistrict_code"] or (None, None, school.province_id)
        national_id, id_kind = values["national_id"]
        semester, academic_year = values["term"]
        return StudentRow(
            row=number,
            national_id=national_id,
            id_kind=id_kind,
            title=values["title"],
            first_name=values["first_name"],
            last_name=values["last_name"],
            gender=gender,
            birth_date=values["birth_date"],
            grade=values["grade"],
            school=school,
            semester=semester,
            academic_year=academic_year,
            house_number=values["house_number"],
            village_no=values["village_no"],
            subdistrict_id=subdistrict_id,
            district_id=district_id,
            province_id=province_id,
            guardian_name=values["guardian_name"],
            guardian_phone=values["guardian_phone"],
        ), []

    def _cached(self, field: str, value: object, parse: Callable[[object], object]) -> object:
        if type(value) is not str:
            return parse(value)
        cache = self._caches[field]
        try:
            return cache[value]
        except KeyError:
            pass
        parsed = parse(value)
        if len(cache) >= self.MAX_CACHED:
            cache.clear()
        cache[value] = parsed
        return parsed

    def _text(self, field: str, value: object, *, required: bool = False) -> str:
        if type(value) is str:
            text = value.strip()
            if "  " in text or "\t" in text or "\n" in text:
                text = " ".join(text.split())
        elif isinstance(value, (dt.date, dt.datetime)):
            raise ServiceError(
                ErrorCode.INVALID, "value_is_date", field=field, column=self.column(field), value=cell_text(value)
            )
        else:
            text = " ".join(cell_text(value).split())
        if required and not text:
            raise ServiceError(ErrorCode.REQUIRED, "value_required", field=field, column=self.column(field))
        return self._limit(field, text)

    def _limit(self, field: str, text: str) -> str:
        limit = MAX_LENGTHS[field]
        if len(text) > limit:
            raise ServiceError(
                ErrorCode.TOO_LARGE, "value_too_long", field=field, column=self.column(field),
                length=len(text), limit=limit,
            )
        return text

    def _required(self, field: str, value: object) -> None:
        if value is None or (type(value) is str and not value.strip()):
            raise ServiceError(ErrorCode.REQUIRED, "value_required", field=field, column=self.column(field))

    def _national_id(self, value: object) -> tuple[str, IdKind]:
        return parse_identifier(value)

    def _title(self, value: object) -> str:
        return self._text("title", value)

    def _first_name(self, value: object) -> str:
        return self._text("first_name", value, required=True)

    def _last_name(self, value: object) -> str:
        return self._text("last_name", value, required=True)

    def _gender(self, value: object) -> Gender | None:
        # None means "take it from the title", which check() does once the title is known.
        if value is None or (type(value) is str and not value.strip()):
            return None
        return parse_gender(value, "")

    def _birth_date(self, value: object) -> dt.date | None:
        return self._cached("birth_date", value, lambda cell: parse_birth_date(cell, self.today))

    def _grade(self, value: object) -> str:
        self._required("grade", value)
        return self._cached("grade", value, parse_grade)

    def _term(self, value: object) -> tuple[int, int]:
        self._required("term", value)
        return self._cached("term", value, parse_term)

    def _school(self, value: object) -> SchoolRef:
        self._required("school_code", value)
        return self._cached("school_code", value, self._find_school)

    def _find_school(self, value: object) -> SchoolRef:
        code = _code_text(value)
        school = self.schools.get(code)
        # A school outside the caller's scope is reported exactly like an unknown code.
        if school is None or not self.may_import(school):
            raise ServiceError(ErrorCode.NOT_FOUND, "school_unknown", field="schoolCode", value=code)
        return school

    def _house_number(self, value: object) -> str:
        return self._text("house_number", value)

    def _village_no(self, value: object) -> str:
        return self._limit("village_no", parse_village(value))

    def _subdistrict(self, value: object) -> tuple[str, str, str] | None:
        if value is None or (type(value) is str and not value.strip()):
            return None
        return self._cached("subdistrict_code", value, self._find_subdistrict)

    def _find_subdistrict(self, value: object) -> tuple[str, str, str]:
        code = _code_text(value)
        found = self.subdistricts.get(code)
        if found is None:
            raise ServiceError(ErrorCode.NOT_FOUND, "subdistrict_unknown", field="subdistrictCode", value=code)
        return code, found[0], found[1]

    def _guardian_name(self, value: object) -> str:
        return self._text("guardian_name", value)

    def _guardian_phone(self, value: object) -> str:
        # Stored as digits with an optional leading +, like a phone number entered in the
        # console. The length is not checked: lists from other agencies carry numbers of
        # every length, and refusing one would refuse the whole file.
        text = self._text("guardian_phone", value)
        phone = PHONE_SEPARATORS.sub("", text)
        if phone and not PHONE_DIGITS.fullmatch(phone):
            raise ServiceError(
                ErrorCode.INVALID, "guardian_phone_invalid", field="guardian_phone",
                column=self.column("guardian_phone"), value=text[:32],
            )
        return phone

    # Field -> parser, in the order of the columns of the lists schools send.
    _parsers = (
        ("national_id", _national_id),
        ("title", _title),
        ("first_name", _first_name),
        ("last_name", _last_name),
        ("gender", _gender),
        ("birth_date", _birth_date),
        ("grade", _grade),
        ("school_code", _school),
        ("term", _term),
        ("house_number", _house_number),
        ("village_no", _village_no),
        ("subdistrict_code", _subdistrict),
        ("guardian_name", _guardian_name),
        ("guardian_phone", _guardian_phone),
    )
