"""Follow-up visits, the help a child needs, photos, and help that partners give."""

from tortoise import fields
from tortoise.models import Model

from models.student import CaseStatus, Need, Reason


class Visit(Model):
    """One follow-up of a child. The id is a UUID the client chose, so a retry is idempotent."""

    id = fields.UUIDField(primary_key=True)
    student = fields.ForeignKeyField("models.Student", related_name="visits", on_delete=fields.RESTRICT)
    school = fields.ForeignKeyField("models.Agency", related_name="school_visits", on_delete=fields.RESTRICT)
    status = fields.CharEnumField(CaseStatus, max_length=24)
    reason = fields.CharEnumField(Reason, max_length=32, null=True)
    note = fields.TextField(default="")
    visited_at = fields.DatetimeField()
    latitude = fields.FloatField(null=True)
    longitude = fields.FloatField(null=True)
    accuracy_m = fields.FloatField(null=True)
    recorded_by = fields.ForeignKeyField("models.User", related_name="visits", on_delete=fields.RESTRICT)
    recorded_by_agency = fields.ForeignKeyField(
        "models.Agency", related_name="recorded_visits", on_delete=fields.RESTRICT
    )
    after_close = fields.BooleanField(default=False)
    content_hash = fields.CharField(max_length=64)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "visit"
        indexes = (("student_id", "visited_at"), ("school_id", "visited_at"), ("visited_at",))


class VisitNeed(Model):
    """One kind of help a visit found the child needs."""

    id = fields.BigIntField(primary_key=True)
    visit = fields.ForeignKeyField("models.Visit", related_name="needs", on_delete=fields.CASCADE)
    student = fields.ForeignKeyField("models.Student", related_name="visit_needs", on_delete=fields.RESTRICT)
    need = fields.CharEnumField(Need, max_length=24)

    class Meta:
        table = "visit_need"
        unique_together = (("visit", "need"),)
        indexes = (("student_id", "need"),)


class Photo(Model):
    """A photo taken on a visit, stored without metadata, with a thumbnail."""

    id = fields.UUIDField(primary_key=True)
    visit = fields.ForeignKeyField("models.Visit", related_name="photos", on_delete=fields.RESTRICT)
    student = fields.ForeignKeyField("models.Student", related_name="photos", on_delete=fields.RESTRICT)
    position = fields.SmallIntField(default=0)
    storage_key = fields.CharField(max_length=255)
    thumbnail_key = fields.CharField(max_length=255, default="")
    content_type = fields.CharField(max_length=32)
    size_bytes = fields.IntField()
    width = fields.IntField(default=0)
    height = fields.IntField(default=0)
    sha256 = fields.CharField(max_length=64)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "photo"
        indexes = (("visit_id", "position"), ("student_id",))


class HelpRecord(Model):
    """Help given to a child by a partner organisation (phase 2)."""

    id = fields.IntField(primary_key=True)
    student = fields.ForeignKeyField("models.Student", related_name="help_records", on_delete=fields.RESTRICT)
    partner = fields.ForeignKeyField("models.Agency", related_name="help_given", on_delete=fields.RESTRICT)
    kind = fields.CharEnumField(Need, max_length=24)
    given_on = fields.DateField()
    amount_baht = fields.DecimalField(max_digits=12, decimal_places=2, null=True)
    note = fields.TextField(default="")
    recorded_by = fields.ForeignKeyField("models.User", related_name="help_records", on_delete=fields.RESTRICT)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "help_record"
        indexes = (("student_id", "given_on"),)
