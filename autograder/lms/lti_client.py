"""Talking to an LMS as an LTI 1.3 tool, outside any launch: the OAuth 2 client-credentials
grant with a signed JWT assertion (1EdTech Security Framework 1.0, 4.1; RFC 7523), then the
services' requests with the access token, their media types, and their pages (a `Link` header
with rel="next", as AGS and NRPS page).

The assertion: iss and sub the tool's client id, aud the token URL (or the audience the LMS
names), iat, exp five minutes on, a fresh jti, and the deployment id; RS256 with the tool's key,
`kid` its key id. One token serves the whole run (it is asked again only if it expires), with
every scope the push needs: asking them all in the dry run shows a missing one before --yes.

Every failure is one line (lms/reach.py): the address, what happened, what to check.
"""

from __future__ import annotations

import http.client
import json
import re
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from urllib.parse import urlencode, urljoin

from autograder.exits import ExitError
from autograder.lms.lti_registration import Registration
from autograder.lms.reach import Unreachable, connection_failure, error_detail, refusal

LINEITEM = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
RESULT_READONLY = "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly"
SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
MEMBERSHIPS = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
SCOPES = (LINEITEM, RESULT_READONLY, SCORE, MEMBERSHIPS)
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
DEPLOYMENT_CLAIM = "https://purl.imsglobal.org/spec/lti/claim/deployment_id"
ASSERTION_SECONDS = 300
TIMEOUT = 30.0  # seconds the LMS has to answer one request
USER_AGENT = "lesson4-autograder (lti push)"  # firewalls in front of LMSs turn away urllib's own
TOKEN_MARGIN = 30  # seconds before its expiry a token is asked again
MAX_PAGES = 500  # a roster or gradebook longer than this, or a `next` that loops, is the LMS's fault
SERVICES = "Assignment and Grade Services and Names and Role Provisioning Services"
TOKEN_HINTS = {
    400: "the LMS did not accept the tool's signed request: check client_id, that the public key registered for "
         "the tool is private_key's (and key_id its kid), and audience",
    401: "the LMS did not accept the tool's signed request: check client_id, that the public key registered for "
         "the tool is private_key's (and key_id its kid), and audience",
    404: "check token_url: the LMS shows it where the tool is registered",
}
SCOPE_HINT = f"enable {SERVICES} for the tool in the LMS"


@dataclass
class Answer:
    link: str  # the Link headers, joined
    body: object  # JSON, or None for an empty body


def next_page(link: str | None) -> str | None:
    """The rel="next" address of a Link header (RFC 8288), as it is written."""
    for target, params in re.findall(r"<([^>]*)>((?:\s*;[^,<]*)*)", link or ""):
        rel = re.search(r'rel\s*=\s*("[^"]*"|[^;\s]*)', params, re.IGNORECASE)
        if rel and "next" in rel[1].strip('"').lower().split():
            return target
    return None


class Client:
    def __init__(self, registration: Registration):
        self.registration = registration
        self.access_token: str | None = None
        self.expires = 0.0

    def assertion(self) -> str:
        import jwt

        r, now = self.registration, int(time.time())
        claims = {"iss": r.client_id, "sub": r.client_id, "aud": r.audience, "iat": now,
                  "exp": now + ASSERTION_SECONDS, "jti": uuid.uuid4().hex, DEPLOYMENT_CLAIM: r.deployment_id}
        return jwt.encode(claims, r.key, algorithm="RS256", headers={"kid": r.key_id} if r.key_id else None)

    def token(self) -> str:
        if self.access_token and time.monotonic() < self.expires:
            return self.access_token
        r = self.registration
        form = urlencode({"grant_type": "client_credentials", "client_assertion_type": ASSERTION_TYPE,
                          "client_assertion": self.assertion(), "scope": " ".join(SCOPES)}).encode()
        answer = self.exchange("POST", r.token_url, form, {"Content-Type": "application/x-www-form-urlencoded",
                                                            "Accept": "application/json"},
                               TOKEN_HINTS, r.where("token_url"), token=False, oauth=True)
        body = answer.body if isinstance(answer.body, dict) else {}
        if not body.get("access_token") or str(body.get("token_type", "")).lower() != "bearer":
            raise Unreachable(f"{r.token_url}: the answer holds no bearer access token: check {r.where('token_url')}")
        granted = str(body["scope"]).split() if body.get("scope") else SCOPES  # RFC 6749: absent, all were
        if missing := [s for s in SCOPES if s not in granted]:
            raise Unreachable(f"{r.token_url}: the LMS did not grant {', '.join(missing)}: {SCOPE_HINT}")
        lifetime = body.get("expires_in")
        lifetime = float(lifetime) if isinstance(lifetime, (int, float)) and not isinstance(lifetime, bool) else 3600.0
        self.access_token, self.expires = body["access_token"], time.monotonic() + lifetime - TOKEN_MARGIN
        return self.access_token

    def exchange(self, method: str, url: str, data: bytes | None, headers: dict[str, str], hints: dict[int, str],
                 where: str, *, token: bool = True, oauth: bool = False) -> Answer:
        """One request; an error status or no answer is one line (Unreachable). `oauth`: the
        token endpoint, whose 400 and 401 carry an OAuth 2 error code."""
        headers = {**headers, "User-Agent": USER_AGENT}
        if token:
            headers["Authorization"] = f"Bearer {self.token()}"
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                raw = response.read()
                link = ", ".join(response.headers.get_all("Link") or [])
        except urllib.error.HTTPError as exc:
            detail = error_detail(exc.read() or b"")
            if oauth and exc.code in (400, 401) and detail.startswith("invalid_scope"):
                hints = {exc.code: SCOPE_HINT}
            raise refusal(url, exc.code, hints, detail) from exc
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            raise connection_failure(url, exc, where) from exc
        try:
            body = json.loads(raw) if raw.strip() else None
        except ValueError as exc:
            raise Unreachable(f"{url}: the answer is not JSON: check {where}") from exc
        return Answer(link, body)

    def get_all(self, url: str, media: str, hints: dict[int, str], where: str) -> list[Answer]:
        """Every page of a GET, following rel="next"."""
        pages, seen = [], set()
        while url:
            if url in seen or len(pages) >= MAX_PAGES:
                raise ExitError(f"{url}: the LMS's pages do not end (Link rel=\"next\"): tell its administrators")
            seen.add(url)
            answer = self.exchange("GET", url, None, {"Accept": media}, hints, where)
            pages.append(answer)
            following = next_page(answer.link)
            url = urljoin(url, following) if following else None
        return pages
