"""Settings from the environment: safe defaults, and a clear stop on an invalid value."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from services.settings import Settings, SettingsError

REPO = Path(__file__).resolve().parent.parent


def test_defaults_are_safe():
    settings = Settings.from_env({})

    assert settings.database_url == "sqlite://data/pakongklab.sqlite3"
    assert settings.media_dir == Path("data/media")
    assert settings.debug is False
    assert settings.graphiql is False
    assert settings.introspection is False
    assert settings.max_page_size == 100


def test_values_read_from_environment():
    env = {
        "PAKONGKLAB_DATA_DIR": "/srv/pakongklab",
        "PAKONGKLAB_TOKEN_LIFETIME_MINUTES": "60",
        "PAKONGKLAB_GRAPHIQL": "yes",
        "PAKONGKLAB_ALLOWED_ORIGINS": "https://a.example, https://b.example",
    }

    settings = Settings.from_env(env)

    assert settings.database_url == "sqlite:///srv/pakongklab/pakongklab.sqlite3"
    assert settings.media_dir == Path("/srv/pakongklab/media")
    assert settings.token_lifetime_minutes == 60
    assert settings.graphiql is True
    assert settings.allowed_origins == ("https://a.example", "https://b.example")


@pytest.mark.parametrize(
    ("name", "value", "rule"),
    [
        ("PAKONGKLAB_MAX_PAGE_SIZE", "abc", "whole number"),
        ("PAKONGKLAB_MAX_PAGE_SIZE", "0", "above 0"),
        ("PAKONGKLAB_MAX_PAGE_SIZE", "5000", "limit is 1000"),
        ("PAKONGKLAB_DEBUG", "maybe", "true or false"),
        ("PAKONGKLAB_DATABASE_URL", "mysql://db/x", "not supported"),
        ("PAKONGKLAB_ALLOWED_ORIGINS", "example.org", "not an origin"),
    ],
)
def test_invalid_value_names_variable(name, value, rule):
    with pytest.raises(SettingsError) as raised:
        Settings.from_env({name: value})

    assert name in str(raised.value)
    assert rule in str(raised.value)


def test_repr_masks_database_password():
    settings = Settings.from_env({"PAKONGKLAB_DATABASE_URL": "postgres://app:s3cret@db.internal:5432/pk"})

    assert "s3cret" not in repr(settings)
    assert "postgres://app:***@db.internal:5432/pk" in repr(settings)


def test_command_line_stops_on_invalid_setting():
    env = {**os.environ, "PAKONGKLAB_MAX_PAGE_SIZE": "abc"}

    result = subprocess.run(
        [sys.executable, "main.py", "migrate"], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )

    assert result.returncode == 2
    assert "PAKONGKLAB_MAX_PAGE_SIZE='abc' is invalid" in result.stderr
    assert "การตั้งค่าไม่ถูกต้อง" in result.stderr
