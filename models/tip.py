"""Tips from the public about children who are out of school (phase 2)."""

from enum import Enum

from tortoise import fields
from tortoise.models import Model


class TipStatus(str, Enum):
    RECEIVED = "RECEIVED"
    MATCHED = "MATCHED"
    CASE_OPENED = "CASE_OPENED"
    DISMISSED = "DISMISSED"


class Tip(Model):
    """A report from anyone, routed to the area office that covers its subdistrict."""

    id = fields.IntField(primary_key=True)
    tracking_code_hash = fields.CharField(max_length=64, unique=True)
    approximate_age = fields.SmallIntField(null=True)
    subdistrict = fields.ForeignKeyField("models.Subdistrict", related_name="tips", on_delete=fields.RESTRICT)
    latitude = fields.FloatField(null=True)
    longitude = fields.FloatField(null=True)
    description = fields.TextField()
    description_hash = fields.CharField(max_length=64)
    contact = fields.CharField(max_length=200, default="")
    area_office = fields.ForeignKeyField(
        "models.Agency", related_name="tips", null=True, on_delete=fields.RESTRICT
    )
    status = fields.CharEnumField(TipStatus, max_length=16, default=TipStatus.RECEIVED)
    matched_student = fields.ForeignKeyField(
        "models.Student", related_name="tips", null=True, on_delete=fields.SET_NULL
    )
    decision_reason = fields.TextField(default="")
    decided_by = fields.ForeignKeyField(
        "models.User", related_name="tip_decisions", null=True, on_delete=fields.SET_NULL
    )
    client_address = fields.CharField(max_length=64, default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    decided_at = fields.DatetimeField(null=True)

    class Meta:
        table = "tip"
        indexes = (("area_office_id", "status"), ("client_address", "created_at"), ("description_hash",))
