"""One line for each way an LMS cannot be reached or turns a request down: the address asked,
what happened, and what to check. `canvas push` and `lti push` raise these; the command line
prints the line and exits 2 (configuration: nothing is wrong with the grading, and nothing was
posted after it)."""

from __future__ import annotations

import json
import socket
import ssl
from http import HTTPStatus
from urllib.parse import urlsplit

from autograder.exits import ExitError

SERVER_FAULT = "a fault on the LMS's side: try again later, and tell its administrators if it lasts"
DETAIL_CHARS = 200  # of the LMS's own error message, quoted in the line


class Unreachable(ExitError):
    """The LMS could not be asked, or refused what it was asked (`status`: its HTTP status)."""

    status: int | None = None


def causes(exc: BaseException) -> list[BaseException]:
    """exc and every exception under it: chained, or held as urllib's and urllib3's `reason`
    or in its arguments (requests wraps urllib3's, which wraps the socket's)."""
    found: list[BaseException] = []
    todo: list[object] = [exc]
    while todo:
        current = todo.pop()
        if not isinstance(current, BaseException) or any(current is seen for seen in found):
            continue
        found.append(current)
        todo += [current.__cause__, current.__context__, getattr(current, "reason", None), *current.args]
    return found


def connection_failure(url: str, exc: BaseException, where: str) -> Unreachable:
    """Nothing came back from url: the name does not resolve, the port refuses, no answer came in
    time, or TLS failed. `where` names what set the address (an option, a file's key)."""
    parts = urlsplit(url)
    host, port = parts.hostname or url, parts.port or (443 if parts.scheme == "https" else 80)
    found = causes(exc)
    if any(isinstance(e, socket.gaierror) or type(e).__name__ == "NameResolutionError" for e in found):
        what, check = f"the name {host} does not resolve", f"check the address in {where} for a typo"
    elif any(isinstance(e, ConnectionRefusedError) for e in found):
        what, check = (f"{host}:{port} refused the connection",
                       f"check the address and port in {where}, and that the server is running")
    elif any(isinstance(e, TimeoutError) or "Timeout" in type(e).__name__ for e in found):
        what, check = ("no answer in time",
                       f"check the address in {where} and this machine's network (a proxy, a firewall)")
    elif tls := next((e for e in found if isinstance(e, ssl.SSLError)), None):
        what, check = (f"TLS failed ({getattr(tls, 'reason', None) or tls})",
                       f"check that {where} holds the LMS's own https:// address")
    else:
        what, check = f"cannot connect ({found[-1]})", f"check the address in {where}"
    return Unreachable(f"{url}: {what}: {check}")


def refusal(url: str, status: int | None, hints: dict[int, str], detail: str = "") -> Unreachable:
    """The LMS answered url with an error status: the status, the LMS's own message (cut to one
    short line) and the hint for that status, or for a 5xx that the fault is the LMS's."""
    try:
        said = f"HTTP {status} {HTTPStatus(status).phrase}"
    except (TypeError, ValueError):
        said = f"HTTP {status}" if status else "refused"
    detail = " ".join(detail.split())
    if len(detail) > DETAIL_CHARS:
        detail = detail[:DETAIL_CHARS] + "..."
    hint = hints.get(status) or (SERVER_FAULT if status and status >= 500 else "")
    refused = Unreachable(f"{url}: {said}" + (f" ({detail})" if detail else "") + (f": {hint}" if hint else ""))
    refused.status = status
    return refused


def error_detail(body: bytes | str) -> str:
    """What an error response says, from the shapes LMSs and OAuth 2 use: {"error",
    "error_description"}, {"errors": [{"message"}]}, {"message"}; else the text itself."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    try:
        data = json.loads(text)
    except ValueError:
        return text
    if not isinstance(data, dict):
        return text
    errors = data.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        return str(errors[0].get("message") or errors[0])
    said = [str(data[k]) for k in ("error", "error_description", "message") if data.get(k)]
    return ": ".join(said) or text
