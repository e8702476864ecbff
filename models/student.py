"""Children on the dropout lists, with the vocabulary that describes their case."""

from enum import Enum

from tortoise import fields
from tortoise.models import Model


class CaseStatus(str, Enum):
    """Case status of a child, derived from the latest visit."""

    NOT_STARTED = "NOT_STARTED"
    IN_PROGRESS = "IN_PROGRESS"
    NOT_FOUND = "NOT_FOUND"
    FOUND_WANTS_TO_RETURN = "FOUND_WANTS_TO_RETURN"
    FOUND_WILL_NOT_RETURN = "FOUND_WILL_NOT_RETURN"
    RETURNED = "RETURNED"
    CANNOT_FOLLOW = "CANNOT_FOLLOW"


CASE_STATUS_LABELS = {
    CaseStatus.NOT_STARTED: ("ยังไม่ได้ติดตาม", "Not started"),
    CaseStatus.IN_PROGRESS: ("กำลังติดตาม", "In progress"),
    CaseStatus.NOT_FOUND: ("ไม่พบตัว", "Not found"),
    CaseStatus.FOUND_WANTS_TO_RETURN: ("พบตัว ต้องการกลับเข้าสู่ระบบการศึกษา", "Found, wants to return"),
    CaseStatus.FOUND_WILL_NOT_RETURN: ("พบตัว ไม่ประสงค์กลับเข้าสู่ระบบ", "Found, will not return"),
    CaseStatus.RETURNED: ("กลับเข้าเรียนแล้ว", "Returned to school"),
    CaseStatus.CANNOT_FOLLOW: ("ไม่สามารถติดตามได้", "Cannot be followed"),
}

# A case in one of these states is closed: a later visit is stored and flagged, and the
# case status stays as it is until an officer reopens the case.
CLOSED_STATUSES = frozenset({CaseStatus.RETURNED, CaseStatus.CANNOT_FOLLOW})


class Reason(str, Enum):
    """Why a child is not studying (สาเหตุ), in the order the original reports show them."""

    TRANSPORT = "TRANSPORT"
    HEALTH = "HEALTH"
    DISABILITY = "DISABILITY"
    AT_RISK_GROUP = "AT_RISK_GROUP"
    DISASTER = "DISASTER"
    FAMILY_NECESSITY = "FAMILY_NECESSITY"
    SCHOOL_DISCIPLINE = "SCHOOL_DISCIPLINE"
    FAMILY_CONDITION = "FAMILY_CONDITION"
    LOW_INCOME = "LOW_INCOME"
    SOCIAL_ADJUSTMENT = "SOCIAL_ADJUSTMENT"
    COMPLETED_COMPULSORY = "COMPLETED_COMPULSORY"
    COVID19 = "COVID19"
    OVER_AGE = "OVER_AGE"
    ENROLLED_OTHER_AFFILIATION = "ENROLLED_OTHER_AFFILIATION"
    STUDYING_ABROAD = "STUDYING_ABROAD"
    ENROLLED_SAME_AFFILIATION = "ENROLLED_SAME_AFFILIATION"
    DECEASED = "DECEASED"
    MOVED = "MOVED"
    UNSPECIFIED = "UNSPECIFIED"


REASON_LABELS = {
    Reason.TRANSPORT: ("การคมนาคมไม่สะดวก", "Poor transport"),
    Reason.HEALTH: ("สุขภาพอนามัย", "Health"),
    Reason.DISABILITY: ("ความพิการ", "Disability"),
    Reason.AT_RISK_GROUP: ("อยู่ในกลุ่มเสี่ยง", "In an at-risk group"),
    Reason.DISASTER: ("ได้รับผลกระทบจากภัยต่างๆ", "Affected by a disaster"),
    Reason.FAMILY_NECESSITY: ("ความจำเป็นทางครอบครัว", "Family necessity"),
    Reason.SCHOOL_DISCIPLINE: ("การประพฤติ ปฏิบัติขัดกับระเบียบของสถานศึกษา", "Conduct against school rules"),
    Reason.FAMILY_CONDITION: ("สภาพของครอบครัว", "Family circumstances"),
    Reason.LOW_INCOME: ("ผู้ปกครองมีรายได้น้อย ไม่พอเพียง", "Low family income"),
    Reason.SOCIAL_ADJUSTMENT: ("ปัญหาการปรับสภาพตัวเองในสังคม", "Social adjustment problems"),
    Reason.COMPLETED_COMPULSORY: ("จบการศึกษาภาคบังคับและไม่ประสงค์จะเข้าเรียนต่อ", "Finished compulsory education, will not continue"),
    Reason.COVID19: ("ได้รับผลกระทบจาก Covid-19", "Affected by Covid-19"),
    Reason.OVER_AGE: ("อายุพ้นเกณฑ์และไม่ประสงค์จะเรียนต่อ", "Over age, will not continue"),
    Reason.ENROLLED_OTHER_AFFILIATION: ("เข้าเรียนในสถานศึกษาสังกัดอื่น", "Enrolled under another affiliation"),
    Reason.STUDYING_ABROAD: ("ไปเรียนต่อต่างประเทศ", "Studying abroad"),
    Reason.ENROLLED_SAME_AFFILIATION: ("เรียนในสังกัดเดิม", "Still enrolled in the same affiliation"),
    Reason.DECEASED: ("เสียชีวิต", "Deceased"),
    Reason.MOVED: ("ย้ายถิ่นที่อยู่", "Moved away"),
    Reason.UNSPECIFIED: ("ไม่ระบุ", "Not specified"),
}


class Need(str, Enum):
    """Help a child needs (ความต้องการความช่วยเหลือ); a visit may record several."""

    SCHOLARSHIP = "SCHOLARSHIP"
    LIVING_COSTS = "LIVING_COSTS"
    TRANSPORT = "TRANSPORT"
    LEARNING_SUPPORT = "LEARNING_SUPPORT"
    FLEXIBLE_LEARNING = "FLEXIBLE_LEARNING"
    VOCATIONAL_TRAINING = "VOCATIONAL_TRAINING"
    HEALTH_CARE = "HEALTH_CARE"
    COUNSELING = "COUNSELING"
    CIVIL_REGISTRATION = "CIVIL_REGISTRATION"
    OTHER = "OTHER"


NEED_LABELS = {
    Need.SCHOLARSHIP: ("ทุนการศึกษา", "Scholarship"),
    Need.LIVING_COSTS: ("ค่าครองชีพ", "Living costs"),
    Need.TRANSPORT: ("การเดินทาง", "Transport"),
    Need.LEARNING_SUPPORT: ("การสอนเสริม", "Learning support"),
    Need.FLEXIBLE_LEARNING: ("การเรียนแบบยืดหยุ่น", "Flexible learning"),
    Need.VOCATIONAL_TRAINING: ("ฝึกอาชีพ", "Vocational training"),
    Need.HEALTH_CARE: ("การรักษาพยาบาล", "Health care"),
    Need.COUNSELING: ("การให้คำปรึกษา", "Counselling"),
    Need.CIVIL_REGISTRATION: ("เอกสารทะเบียนราษฎร์", "Civil registration documents"),
    Need.OTHER: ("อื่น ๆ", "Other"),
}


class Gender(str, Enum):
    MALE = "MALE"
    FEMALE = "FEMALE"
    UNSPECIFIED = "UNSPECIFIED"


GENDER_LABELS = {
    Gender.MALE: ("ชาย", "Male"),
    Gender.FEMALE: ("หญิง", "Female"),
    Gender.UNSPECIFIED: ("ไม่ระบุ", "Not specified"),
}


class IdKind(str, Enum):
    """What identifies the child: a Thai national ID, or an OBEC G code for children without one.

    ``TEMPORARY`` marks a case opened from a tip before anyone knew the child's ID: the
    code is ``T`` and the tip's id in 12 digits, which no real ID or G code can equal.
    """

    NATIONAL_ID = "NATIONAL_ID"
    G_CODE = "G_CODE"
    TEMPORARY = "TEMPORARY"


# Grades in order: kindergarten (อ.), primary (ป.), secondary (ม.).
GRADES = (
    "อ.1", "อ.2", "อ.3", "ป.1", "ป.2", "ป.3", "ป.4", "ป.5", "ป.6",
    "ม.1", "ม.2", "ม.3", "ม.4", "ม.5", "ม.6",
)


class Student(Model):
    """A child on a dropout list for one term at one school.

    ``affiliation`` and ``area_office`` repeat the school's ancestors so that every scope
    filter is one indexed equality test.

    Only ``school`` of the links to agencies and places is a foreign key in the database.
    ``area_office`` and ``affiliation`` are copied from the school, and ``subdistrict``,
    ``district`` and ``province`` from the reference data (a checked subdistrict, or the
    school's province), by every code path that writes them (imports, tips, transfers,
    edits). A foreign key on each cost about a second per 300,000 imported rows on
    PostgreSQL for a check that cannot fail (docs/imports.md), so these relations exist
    only in the ORM (``db_constraint=False``). ``status``, ``latest_visit`` and ``visit_count``
    follow the visits and are updated in the same transaction as each visit. ``version``
    grows on every change and guards edits against lost updates.
    """

    id = fields.IntField(primary_key=True)
    national_id = fields.CharField(max_length=13)
    id_kind = fields.CharEnumField(IdKind, max_length=12, default=IdKind.NATIONAL_ID)
    title = fields.CharField(max_length=32, default="")
    first_name = fields.CharField(max_length=100)
    last_name = fields.CharField(max_length=100)
    first_name_en = fields.CharField(max_length=100, default="")
    last_name_en = fields.CharField(max_length=100, default="")
    gender = fields.CharEnumField(Gender, max_length=12, default=Gender.UNSPECIFIED)
    birth_date = fields.DateField(null=True)
    grade = fields.CharField(max_length=8, default="")
    school = fields.ForeignKeyField("models.Agency", related_name="students", on_delete=fields.RESTRICT)
    area_office = fields.ForeignKeyField(
        "models.Agency", related_name="area_students", null=True, on_delete=fields.RESTRICT, db_constraint=False
    )
    affiliation = fields.ForeignKeyField(
        "models.Agency", related_name="affiliation_students", on_delete=fields.RESTRICT, db_constraint=False
    )
    academic_year = fields.IntField()
    semester = fields.SmallIntField()
    house_number = fields.CharField(max_length=32, default="")
    village_no = fields.CharField(max_length=8, default="")
    address_line = fields.CharField(max_length=255, default="")
    subdistrict = fields.ForeignKeyField(
        "models.Subdistrict", related_name="students", null=True, on_delete=fields.RESTRICT, db_constraint=False
    )
    district = fields.ForeignKeyField(
        "models.District", related_name="students", null=True, on_delete=fields.RESTRICT, db_constraint=False
    )
    province = fields.ForeignKeyField(
        "models.Province", related_name="students", null=True, on_delete=fields.RESTRICT, db_constraint=False
    )
    guardian_name = fields.CharField(max_length=200, default="")
    guardian_phone = fields.CharField(max_length=32, default="")
    status = fields.CharEnumField(CaseStatus, max_length=24, default=CaseStatus.NOT_STARTED)
    # A plain column, not a foreign key: visit -> student already points the other way, and
    # Tortoise cannot create tables for a cycle of foreign keys.
    latest_visit_id = fields.UUIDField(null=True)
    latest_reason = fields.CharEnumField(Reason, max_length=32, null=True)
    last_visited_at = fields.DatetimeField(null=True)
    visit_count = fields.IntField(default=0)
    possible_duplicate = fields.BooleanField(default=False)
    merged_into = fields.ForeignKeyField(
        "models.Student", related_name="merged_from", null=True, on_delete=fields.RESTRICT
    )
    import_batch = fields.ForeignKeyField(
        "models.ImportBatch", related_name="students", null=True, on_delete=fields.SET_NULL
    )
    version = fields.IntField(default=1)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "student"
        unique_together = (("national_id", "academic_year", "semester", "school"),)
        # Each scope index carries merged_into_id before id, because every scope filter
        # tests merged_into_id IS NULL. A scope's page is then read in id order from the
        # index, and its total is counted from the index alone: 1.6 ms for the 14,620
        # children of one area office, instead of a heap page per child.
        indexes = (
            ("school_id", "merged_into_id", "id"),
            ("area_office_id", "merged_into_id", "id"),
            ("affiliation_id", "merged_into_id", "id"),
            ("province_id", "merged_into_id", "id"),
            ("status", "id"),
            # No index on national_id alone, because the unique index above starts with it.
            # No index on the term: a list contains few terms, so an index would not help.
        )

    @property
    def term(self) -> str:
        return f"{self.semester}/{self.academic_year}"


class TransferStatus(str, Enum):
    PENDING = "PENDING"
    ACCEPTED = "ACCEPTED"
    DECLINED = "DECLINED"
    CANCELLED = "CANCELLED"


class Transfer(Model):
    """A request to move a child's case to another school, which that school accepts or declines."""

    id = fields.IntField(primary_key=True)
    student = fields.ForeignKeyField("models.Student", related_name="transfers", on_delete=fields.RESTRICT)
    from_school = fields.ForeignKeyField(
        "models.Agency", related_name="transfers_out", on_delete=fields.RESTRICT
    )
    to_school = fields.ForeignKeyField("models.Agency", related_name="transfers_in", on_delete=fields.RESTRICT)
    status = fields.CharEnumField(TransferStatus, max_length=12, default=TransferStatus.PENDING)
    reason = fields.TextField(default="")
    requested_by = fields.ForeignKeyField(
        "models.User", related_name="transfers_requested", null=True, on_delete=fields.SET_NULL
    )
    decided_by = fields.ForeignKeyField(
        "models.User", related_name="transfers_decided", null=True, on_delete=fields.SET_NULL
    )
    decision_note = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    decided_at = fields.DatetimeField(null=True)

    class Meta:
        table = "student_transfer"
        indexes = (("to_school_id", "status"), ("student_id", "status"))
