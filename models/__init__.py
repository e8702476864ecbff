"""Tortoise models, one module per aggregate. ``MODEL_MODULES`` lists them for Tortoise."""

MODEL_MODULES = [
    "models.geo",
    "models.agency",
    "models.user",
    "models.student",
    "models.visit",
    "models.tip",
    "models.audit",
]
