"""The agency tree: ministry, affiliations, area offices, schools, and partner organisations."""

from enum import Enum

from tortoise import fields
from tortoise.models import Model


class AgencyKind(str, Enum):
    MINISTRY = "MINISTRY"
    AFFILIATION = "AFFILIATION"
    AREA_OFFICE = "AREA_OFFICE"
    SCHOOL = "SCHOOL"
    PARTNER = "PARTNER"


AGENCY_KIND_LABELS = {
    AgencyKind.MINISTRY: ("กระทรวงศึกษาธิการ", "Ministry"),
    AgencyKind.AFFILIATION: ("สังกัด", "Affiliation"),
    AgencyKind.AREA_OFFICE: ("สำนักงานเขตพื้นที่/จังหวัด", "Area office"),
    AgencyKind.SCHOOL: ("สถานศึกษา", "School"),
    AgencyKind.PARTNER: ("ภาคีเครือข่าย", "Partner organisation"),
}


class AffiliationCode(str, Enum):
    """The five affiliations (สังกัด) whose lists the programme imports."""

    OBEC = "OBEC"
    OVEC = "OVEC"
    OPEC = "OPEC"
    ONIE = "ONIE"
    EEF = "EEF"


AFFILIATION_NAMES = {
    AffiliationCode.OBEC: ("สพฐ.", "สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน", "Office of the Basic Education Commission"),
    AffiliationCode.OVEC: ("สอศ.", "สำนักงานคณะกรรมการการอาชีวศึกษา", "Office of the Vocational Education Commission"),
    AffiliationCode.OPEC: ("สช.", "สำนักงานคณะกรรมการส่งเสริมการศึกษาเอกชน", "Office of the Private Education Commission"),
    AffiliationCode.ONIE: ("กศน.", "สำนักงานส่งเสริมการเรียนรู้", "Office of the Non-Formal and Informal Education"),
    AffiliationCode.EEF: ("กสศ.", "กองทุนเพื่อความเสมอภาคทางการศึกษา", "Equitable Education Fund"),
}

MINISTRY_CODE = "MOE"


class Agency(Model):
    """One node of the agency tree.

    ``affiliation`` and ``area_office`` repeat the ancestors of an area office or school so
    that scope filters on children and users are single indexed equality tests.
    """

    id = fields.IntField(primary_key=True)
    kind = fields.CharEnumField(AgencyKind, max_length=16)
    code = fields.CharField(max_length=32)
    name_th = fields.CharField(max_length=255)
    name_en = fields.CharField(max_length=255, default="")
    short_name_th = fields.CharField(max_length=64, default="")
    parent = fields.ForeignKeyField(
        "models.Agency", related_name="children", null=True, on_delete=fields.RESTRICT
    )
    affiliation = fields.ForeignKeyField(
        "models.Agency", related_name="affiliation_members", null=True, on_delete=fields.RESTRICT
    )
    area_office = fields.ForeignKeyField(
        "models.Agency", related_name="area_schools", null=True, on_delete=fields.RESTRICT
    )
    province = fields.ForeignKeyField(
        "models.Province", related_name="agencies", null=True, on_delete=fields.RESTRICT
    )
    district = fields.ForeignKeyField(
        "models.District", related_name="agencies", null=True, on_delete=fields.RESTRICT
    )
    subdistrict = fields.ForeignKeyField(
        "models.Subdistrict", related_name="agencies", null=True, on_delete=fields.RESTRICT
    )
    levels_th = fields.CharField(max_length=128, default="")
    active = fields.BooleanField(default=True)
    mou_reference = fields.CharField(max_length=128, default="")
    mou_starts_on = fields.DateField(null=True)
    mou_ends_on = fields.DateField(null=True)
    mou_revoked_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "agency"
        unique_together = (("kind", "code"),)
        indexes = (("parent_id", "kind"), ("area_office_id", "kind"), ("affiliation_id", "kind"))


class AgencyProvince(Model):
    """A province that an area office or a partner organisation covers."""

    id = fields.IntField(primary_key=True)
    agency = fields.ForeignKeyField(
        "models.Agency", related_name="covered_provinces", on_delete=fields.CASCADE
    )
    province = fields.ForeignKeyField(
        "models.Province", related_name="covering_agencies", on_delete=fields.RESTRICT
    )

    class Meta:
        table = "agency_province"
        unique_together = (("agency", "province"),)


class Phase2Province(Model):
    """A province opened to partner organisations (phase 2)."""

    province = fields.OneToOneField(
        "models.Province", related_name="phase2", primary_key=True, on_delete=fields.RESTRICT
    )
    opened_at = fields.DatetimeField(auto_now_add=True)
    opened_by = fields.ForeignKeyField(
        "models.User", related_name="opened_provinces", null=True, on_delete=fields.SET_NULL
    )

    class Meta:
        table = "phase2_province"
