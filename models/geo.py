"""Provinces, districts and subdistricts, keyed by their DOPA codes (data from geothai)."""

from tortoise import fields
from tortoise.models import Model


class Province(Model):
    """A province (จังหวัด), keyed by its 2-digit DOPA code."""

    code = fields.CharField(max_length=2, primary_key=True)
    name_th = fields.CharField(max_length=100)
    name_en = fields.CharField(max_length=100)

    class Meta:
        table = "province"


class District(Model):
    """A district (อำเภอ/เขต), keyed by its 4-digit DOPA code."""

    code = fields.CharField(max_length=4, primary_key=True)
    province = fields.ForeignKeyField(
        "models.Province", related_name="districts", on_delete=fields.RESTRICT
    )
    name_th = fields.CharField(max_length=100)
    name_en = fields.CharField(max_length=100)

    class Meta:
        table = "district"


class Subdistrict(Model):
    """A subdistrict (ตำบล/แขวง), keyed by its 6-digit DOPA code."""

    code = fields.CharField(max_length=6, primary_key=True)
    district = fields.ForeignKeyField(
        "models.District", related_name="subdistricts", on_delete=fields.RESTRICT
    )
    province = fields.ForeignKeyField(
        "models.Province", related_name="subdistricts", on_delete=fields.RESTRICT
    )
    name_th = fields.CharField(max_length=100)
    name_en = fields.CharField(max_length=100)
    postal_code = fields.CharField(max_length=5, default="")

    class Meta:
        table = "subdistrict"
