"""The tool's LTI 1.3 registration with one LMS and course, from a TOML file (`lti push
--config lti.toml`; docs/instructors.md shows one and where the LMS shows each value): the LMS's
issuer, the tool's client_id and deployment_id, token_url (and audience, only where the LMS names
one other than token_url), the tool's private_key (a PEM file, beside lti.toml unless absolute)
and key_id, the course's lineitems_url and memberships_url, and the [line_item] the grades go to
(label, resource_id, tag, score_maximum for a new one, or the id of an existing one).

Every mistake is one line naming the file and the key.
"""

from __future__ import annotations

import ipaddress
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from autograder.exits import ExitError

REQUIRED = ("issuer", "client_id", "deployment_id", "token_url", "private_key", "lineitems_url", "memberships_url")
OPTIONAL = ("audience", "key_id", "line_item")
URLS = ("token_url", "lineitems_url", "memberships_url")
LINE_ITEM_KEYS = ("label", "resource_id", "tag", "score_maximum", "id")


class RegistrationError(ExitError):
    """The registration file cannot be used: one line, the file and the key."""


@dataclass(frozen=True)
class LineItemWanted:
    label: str = "Lesson 4"
    resource_id: str = "lesson4"
    tag: str | None = None
    score_maximum: float | None = None
    id: str | None = None


@dataclass(frozen=True)
class Registration:
    path: Path
    issuer: str
    client_id: str
    deployment_id: str
    token_url: str
    audience: str  # the token's `aud`: the token URL unless the LMS names another
    key: object  # the tool's RSA private key
    key_id: str | None
    lineitems_url: str
    memberships_url: str
    line_item: LineItemWanted

    def where(self, key: str) -> str:
        """Where a value came from, for a message: `token_url in lti.toml`."""
        return f"{key} in {self.path}"


def loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def checked_url(path: Path, key: str, value: object) -> str:
    parts = urlsplit(value) if isinstance(value, str) else None
    if parts is None or parts.scheme not in ("https", "http") or not parts.hostname:
        raise RegistrationError(f"{path}: {key} must be an https:// address, not {value!r}")
    if parts.scheme == "http" and not loopback(parts.hostname):
        raise RegistrationError(f"{path}: {key} must be https:// (LTI 1.3 sends its tokens and grades over TLS only)")
    return value


def read(path: Path) -> Registration:
    from autograder.lms.lti_keys import load_private

    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RegistrationError(f"{path}: {exc.strerror or exc}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RegistrationError(f"{path}: not TOML: {exc}") from exc
    unknown = sorted(set(data) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        raise RegistrationError(f"{path}: unknown key {unknown[0]!r} (the keys are {', '.join(REQUIRED + OPTIONAL)})")
    missing = [k for k in REQUIRED if not data.get(k)]
    if missing:
        raise RegistrationError(f"{path}: {', '.join(missing)} missing (the LMS shows them where the tool is "
                                "registered; see docs/instructors.md)")
    texts = {k: data[k] for k in REQUIRED + ("audience", "key_id") if k in data}
    for key, value in texts.items():
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            raise RegistrationError(f"{path}: {key} must be text, not {value!r}")
    for key in URLS:
        checked_url(path, key, data[key])
    if "audience" in data:
        checked_url(path, "audience", data["audience"])
    key_path = Path(data["private_key"])
    try:
        key = load_private(key_path if key_path.is_absolute() else path.parent / key_path)
    except ExitError as exc:
        raise RegistrationError(f"{path}: private_key: {exc}") from exc
    return Registration(
        path=path, issuer=str(data["issuer"]), client_id=str(data["client_id"]),
        deployment_id=str(data["deployment_id"]), token_url=data["token_url"],
        audience=data.get("audience") or data["token_url"],
        key=key,
        key_id=str(data["key_id"]) if data.get("key_id") else None, lineitems_url=data["lineitems_url"],
        memberships_url=data["memberships_url"], line_item=line_item(path, data.get("line_item", {})))


def line_item(path: Path, table: object) -> LineItemWanted:
    if not isinstance(table, dict):
        raise RegistrationError(f"{path}: line_item must be a table ([line_item])")
    unknown = sorted(set(table) - set(LINE_ITEM_KEYS))
    if unknown:
        raise RegistrationError(f"{path}: unknown key line_item.{unknown[0]} "
                                f"(the keys are {', '.join(LINE_ITEM_KEYS)})")
    for key in ("label", "resource_id", "tag"):
        if key in table and (not isinstance(table[key], str) or not table[key].strip()):
            raise RegistrationError(f"{path}: line_item.{key} must be text")
    maximum = table.get("score_maximum")
    if maximum is not None and (isinstance(maximum, bool) or not isinstance(maximum, (int, float)) or maximum <= 0):
        raise RegistrationError(f"{path}: line_item.score_maximum must be a number above 0 (AGS refuses others)")
    if "id" in table:
        checked_url(path, "line_item.id", table["id"])
    defaults = LineItemWanted()
    return LineItemWanted(label=table.get("label", defaults.label),
                          resource_id=table.get("resource_id", defaults.resource_id), tag=table.get("tag"),
                          score_maximum=float(maximum) if maximum is not None else None, id=table.get("id"))
