"""The audit log and import batches."""

from enum import Enum

from tortoise import fields
from tortoise.models import Model


class AuditEntry(Model):
    """Who did what, when, to which records, from which address. Never a secret."""

    id = fields.BigIntField(primary_key=True)
    at = fields.DatetimeField(auto_now_add=True)
    actor = fields.ForeignKeyField("models.User", related_name="audit_entries", null=True, on_delete=fields.SET_NULL)
    actor_agency = fields.ForeignKeyField(
        "models.Agency", related_name="audit_entries", null=True, on_delete=fields.SET_NULL
    )
    action = fields.CharField(max_length=64)
    target_type = fields.CharField(max_length=32, default="")
    target_ids = fields.JSONField(default=list)
    success = fields.BooleanField(default=True)
    client_address = fields.CharField(max_length=64, default="")
    details = fields.JSONField(default=dict)

    class Meta:
        table = "audit_entry"
        indexes = (("actor_agency_id", "at"), ("action", "at"), ("at",))


class ImportKind(str, Enum):
    SCHOOLS = "SCHOOLS"
    STUDENTS = "STUDENTS"


class ImportStatus(str, Enum):
    DRY_RUN = "DRY_RUN"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"


class ImportBatch(Model):
    """One import of a file: what it was, who sent it, and what came of each row."""

    id = fields.IntField(primary_key=True)
    kind = fields.CharEnumField(ImportKind, max_length=12)
    file_name = fields.CharField(max_length=255)
    file_sha256 = fields.CharField(max_length=64)
    status = fields.CharEnumField(ImportStatus, max_length=12)
    uploaded_by = fields.ForeignKeyField(
        "models.User", related_name="imports", null=True, on_delete=fields.SET_NULL
    )
    agency = fields.ForeignKeyField("models.Agency", related_name="imports", null=True, on_delete=fields.SET_NULL)
    row_count = fields.IntField(default=0)
    created_count = fields.IntField(default=0)
    updated_count = fields.IntField(default=0)
    duplicate_count = fields.IntField(default=0)
    error_count = fields.IntField(default=0)
    errors = fields.JSONField(default=list)
    started_at = fields.DatetimeField(auto_now_add=True)
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "import_batch"
