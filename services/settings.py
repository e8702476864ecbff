"""Typed settings read from the environment, with safe production defaults.

Every variable starts with ``PAKONGKLAB_``. An invalid value stops start-up with a
``SettingsError`` that names the variable, the value and the rule.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

PREFIX = "PAKONGKLAB_"


class SettingsError(ValueError):
    """A setting in the environment is invalid."""


@dataclass(frozen=True)
class Settings:
    """Application settings. ``repr`` masks the database password."""

    data_dir: Path = Path("data")
    database_url: str = ""
    media_dir: Path = Path("")
    token_lifetime_minutes: int = 8 * 60
    token_renew_minutes: int = 30
    debug: bool = False
    graphiql: bool = False
    introspection: bool = False
    max_query_depth: int = 12
    max_aliases: int = 30
    max_query_tokens: int = 3000
    max_page_size: int = 100
    max_photo_bytes: int = 5 * 1024 * 1024
    max_photos_per_visit: int = 5
    max_upload_bytes: int = 50 * 1024 * 1024
    login_max_failures: int = 5
    login_lockout_minutes: int = 15
    login_max_failures_per_address: int = 30
    tip_max_per_hour: int = 5
    allowed_origins: tuple[str, ...] = field(default_factory=tuple)
    cookie_secure: bool = False

    def __post_init__(self) -> None:
        if not self.database_url:
            url = f"sqlite://{(self.data_dir / 'pakongklab.sqlite3').as_posix()}"
            object.__setattr__(self, "database_url", url)
        if self.media_dir == Path(""):
            object.__setattr__(self, "media_dir", self.data_dir / "media")

    def __repr__(self) -> str:
        parts = []
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name == "database_url":
                value = mask_url_password(value)
            parts.append(f"{item.name}={value!r}")
        return f"Settings({', '.join(parts)})"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Build settings from ``env`` (default ``os.environ``), validating each value."""
        env = os.environ if env is None else env
        values: dict[str, object] = {}
        for item in fields(cls):
            name = PREFIX + item.name.upper()
            raw = env.get(name)
            if raw is None or raw == "":
                continue
            values[item.name] = _parse(name, raw, item.type)
        settings = cls(**values)
        settings.validate()
        return settings

    def validate(self) -> None:
        """Reject values that parse but make no sense, naming the variable."""
        positive = (
            "token_lifetime_minutes", "max_query_depth", "max_aliases", "max_query_tokens",
            "max_page_size", "max_photo_bytes", "max_photos_per_visit", "max_upload_bytes",
            "login_max_failures", "login_lockout_minutes", "login_max_failures_per_address",
            "tip_max_per_hour",
        )
        for name in positive:
            value = getattr(self, name)
            if value <= 0:
                raise SettingsError(
                    f"{PREFIX}{name.upper()}={value} is invalid: it must be a whole number above 0."
                )
        if self.token_renew_minutes < 0:
            raise SettingsError(
                f"{PREFIX}TOKEN_RENEW_MINUTES={self.token_renew_minutes} is invalid: "
                "it must be 0 or more."
            )
        if self.max_page_size > 1000:
            raise SettingsError(
                f"{PREFIX}MAX_PAGE_SIZE={self.max_page_size} is invalid: the limit is 1000."
            )
        scheme = self.database_url.split("://", 1)[0]
        if scheme not in ("sqlite", "postgres", "postgresql", "asyncpg"):
            raise SettingsError(
                f"{PREFIX}DATABASE_URL has the scheme '{scheme}', which is not supported: "
                "use sqlite://PATH or postgres://USER:PASSWORD@HOST:PORT/NAME."
            )
        for origin in self.allowed_origins:
            if not origin.startswith(("http://", "https://")):
                raise SettingsError(
                    f"{PREFIX}ALLOWED_ORIGINS contains '{origin}', which is not an origin: "
                    "write each as http(s)://host[:port], separated by commas."
                )

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite://")


def mask_url_password(url: str) -> str:
    """Return ``url`` with any password replaced by ``***``."""
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    credentials, _, host = rest.rpartition("@")
    user, colon, _password = credentials.partition(":")
    return f"{scheme}://{user}{':***' if colon else ''}@{host}"


def _parse(name: str, raw: str, kind: object) -> object:
    kind = str(kind)
    if kind == "bool":
        lowered = raw.strip().lower()
        if lowered in ("1", "true", "yes", "on"):
            return True
        if lowered in ("0", "false", "no", "off"):
            return False
        raise SettingsError(f"{name}='{raw}' is invalid: use true or false.")
    if kind == "int":
        try:
            return int(raw.strip())
        except ValueError:
            raise SettingsError(f"{name}='{raw}' is invalid: it must be a whole number.") from None
    if kind == "Path":
        return Path(raw)
    if kind.startswith("tuple"):
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    return raw
