"""An LTI 1.3 platform on loopback for `lti push`'s tests, answering as the specifications say:

- POST /token: the client-credentials grant of the 1EdTech Security Framework 1.0 (4.1, with
  RFC 7523's client assertion): grant_type=client_credentials, client_assertion_type
  urn:ietf:params:oauth:client-assertion-type:jwt-bearer, the assertion, and the scopes asked.
  The assertion is verified with the tool's public key (RS256, its kid where one is registered):
  iss and sub the client id, aud the token URL (or the registered audience), iat and exp present
  and at most an hour apart, a jti never seen before, the deployment id where it is claimed.
  The token carries the scopes asked that the tool is granted.
- GET /memberships: Names and Role Provisioning Services 2.0's membership container
  (application/vnd.ims.lti-nrps.v2.membershipcontainer+json), filtered by `role`, paged.
- GET, POST /lineitems?type_id=3: Assignment and Grade Services 2.0's line item container
  (application/vnd.ims.lis.v2.lineitemcontainer+json; filtered by resource_id, tag and
  resource_link_id, paged) and a new line item (application/vnd.ims.lis.v2.lineitem+json).
- GET /lineitems/N/lineitem?type_id=3 (a line item), GET .../lineitem/results?type_id=3 (the
  Result service, application/vnd.ims.lis.v2.resultcontainer+json, paged) and POST
  .../lineitem/scores?type_id=3 (the Score service, application/vnd.ims.lis.v1.score+json):
  userId a member, scoreGiven a number of 0 or more with scoreMaximum above 0, comment text, a
  timestamp in ISO 8601 with a time zone and sub-second precision that is later than the last
  one, activityProgress and gradingProgress among AGS's values.

The service addresses carry a query (Moodle's carry ?type_id=...): a results or scores address
that lost it is a 404. Every service request must carry a token with the service's scope and the
exact media type (Accept for a GET, Content-Type for a POST). Pages are AGS's and NRPS's: a
`Link` header with rel="next".

Every request is recorded (method, path, query, headers, JSON or form, the token's scopes, the
status answered); each departure from the specifications goes to `problems` and is answered as
a platform would (400, 401, 403, 404, 406, 415). `fail` answers a path with a status instead;
`ungradable` users' scores are refused (422), as an LMS refuses a user it does not grade.
The platform stops after MAX_REQUESTS requests or LIFETIME seconds.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, parse_qsl, urlencode, urlsplit

import jwt

MAX_REQUESTS = 200
LIFETIME = 60.0
PAGE = 2  # the largest page served: a class needs several, and the tool must follow the Link headers
QUERY = "type_id=3"
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
DEPLOYMENT_CLAIM = "https://purl.imsglobal.org/spec/lti/claim/deployment_id"
LINEITEM_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
LINEITEM_READONLY = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly"
RESULT_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly"
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
SCOPES = (LINEITEM_SCOPE, LINEITEM_READONLY, RESULT_SCOPE, SCORE_SCOPE, NRPS_SCOPE)
MEMBERSHIPS = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
LINEITEMS = "application/vnd.ims.lis.v2.lineitemcontainer+json"
LINEITEM = "application/vnd.ims.lis.v2.lineitem+json"
RESULTS = "application/vnd.ims.lis.v2.resultcontainer+json"
SCORE = "application/vnd.ims.lis.v1.score+json"
STAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+(Z|[+-]\d\d:\d\d)"  # ISO 8601, sub-second, with its zone
ACTIVITY = ("Initialized", "Started", "InProgress", "Submitted", "Completed")
GRADING = ("FullyGraded", "Pending", "PendingManual", "Failed", "NotReady")
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"


class Refused(Exception):
    def __init__(self, status: int, message: str, error: str | None = None):
        super().__init__(message)
        self.status, self.error = status, error


class Platform:
    """One course: its members, line items (each with its results) and the tool's registration."""

    def __init__(self, *, client_id: str, deployment_id: str, public_key: str, members: list[dict],
                 line_items: list[dict] = (), key_id: str | None = None, audience: str | None = None,
                 grants: tuple[str, ...] = SCOPES):
        self.client_id, self.deployment_id, self.key_id, self.grants = client_id, deployment_id, key_id, grants
        self.public_key, self.audience_given = public_key, audience
        self.members = members
        self.line_items = [{**item, "results": dict(item.get("results", {}))} for item in line_items]
        self.tokens: dict[str, set[str]] = {}
        self.jtis: set[str] = set()
        self.assertions: list[dict] = []  # the verified claims of each assertion
        self.scores: list[dict] = []
        self.requests: list[dict] = []
        self.problems: list[str] = []
        self.fail: dict[str, int] = {}  # path -> the status answered instead
        self.ungradable: set[str] = set()  # user ids whose scores are refused (Brightspace's "cannot be graded")
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def token_url(self) -> str:
        return f"{self.url}/token"

    @property
    def lineitems_url(self) -> str:
        return f"{self.url}/lineitems?{QUERY}"

    @property
    def memberships_url(self) -> str:
        return f"{self.url}/memberships"

    def item_url(self, index: int) -> str:
        return f"{self.url}/lineitems/{index + 1}/lineitem?{QUERY}"

    def start(self) -> "Platform":
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler(self))
        self.server.daemon_threads = True
        for index, item in enumerate(self.line_items):
            item["id"] = self.item_url(index)  # an address on this server, known once it listens
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        timer = threading.Timer(LIFETIME, self.stop)
        timer.daemon = True
        timer.start()
        return self

    def stop(self) -> None:
        if self.server:
            threading.Thread(target=self.server.shutdown, daemon=True).start()

    def writes(self) -> list[dict]:
        """The requests that change the course (the token's POST aside)."""
        return [r for r in self.requests if r["method"] != "GET" and r["path"] != "/token"]

    def result(self, index: int, user_id: str) -> dict | None:
        return self.line_items[index]["results"].get(user_id)

    # -- the token endpoint --

    def token(self, form: dict[str, str]) -> dict:
        wanted = {"grant_type": "client_credentials", "client_assertion_type": ASSERTION_TYPE}
        for key, value in wanted.items():
            if form.get(key) != value:
                raise Refused(400, f"token: {key} is {form.get(key)!r}, not {value!r}", "invalid_request")
        if not form.get("client_assertion") or not form.get("scope"):
            raise Refused(400, "token: client_assertion and scope are required", "invalid_request")
        claims = self.verified(form["client_assertion"])
        asked = form["scope"].split()
        if unknown := [s for s in asked if s not in SCOPES]:
            raise Refused(400, f"token: unknown scopes {unknown}", "invalid_scope")
        granted = [s for s in asked if s in self.grants]
        if not granted:
            raise Refused(400, "token: none of the scopes asked is granted to the tool", "invalid_scope")
        self.assertions.append(claims)
        access = secrets.token_urlsafe(24)
        self.tokens[access] = set(granted)
        return {"access_token": access, "token_type": "Bearer", "expires_in": 3600, "scope": " ".join(granted)}

    def verified(self, assertion: str) -> dict:
        try:
            header = jwt.get_unverified_header(assertion)
            if header.get("alg") != "RS256":
                raise jwt.InvalidTokenError(f"alg {header.get('alg')!r}, not RS256")
            if self.key_id and header.get("kid") != self.key_id:
                raise jwt.InvalidTokenError(f"kid {header.get('kid')!r}, not {self.key_id!r}")
            claims = jwt.decode(assertion, self.public_key, algorithms=["RS256"],
                                audience=self.audience_given or self.token_url, issuer=self.client_id,
                                options={"require": ["iss", "sub", "aud", "iat", "exp", "jti"]})
        except jwt.InvalidTokenError as exc:
            raise Refused(401, f"token: the assertion does not verify: {exc}", "invalid_client") from exc
        if claims["sub"] != self.client_id:
            raise Refused(401, f"token: sub {claims['sub']!r} is not the client id", "invalid_client")
        if claims["exp"] - claims["iat"] > 3600:
            raise Refused(401, "token: the assertion is valid for more than an hour", "invalid_client")
        if claims["jti"] in self.jtis:
            raise Refused(401, f"token: jti {claims['jti']!r} was used before (a replay)", "invalid_client")
        if DEPLOYMENT_CLAIM in claims and claims[DEPLOYMENT_CLAIM] != self.deployment_id:
            raise Refused(401, f"token: deployment {claims[DEPLOYMENT_CLAIM]!r} is not registered", "invalid_client")
        self.jtis.add(claims["jti"])
        return claims

    # -- the services --

    def authorised(self, headers, scopes: tuple[str, ...]) -> set[str]:
        given = headers.get("Authorization", "")
        granted = self.tokens.get(given.removeprefix("Bearer ")) if given.startswith("Bearer ") else None
        if granted is None:
            raise Refused(401, "no valid bearer token")
        if not granted & set(scopes):
            raise Refused(403, f"the token lacks the scope {scopes[0]}")
        return granted

    def memberships(self, query: dict) -> tuple[dict, list]:
        role = query.get("role")
        if role not in (None, LEARNER, INSTRUCTOR, "Learner", "Instructor"):
            raise Refused(400, f"memberships: unknown role {role!r}")
        wanted = {None: None, "Learner": LEARNER, "Instructor": INSTRUCTOR}.get(role, role)
        members = [m for m in self.members if wanted is None or wanted in m["roles"]]
        return {"id": self.memberships_url, "context": {"id": "course-2", "label": "L4", "title": "Lesson 4"},
                "members": members}, members

    def new_line_item(self, body: object) -> dict:
        if not isinstance(body, dict):
            raise Refused(400, "lineitems: the body is not a line item")
        if not isinstance(body.get("label"), str) or not body["label"].strip():
            raise Refused(400, "lineitems: label is required")
        maximum = body.get("scoreMaximum")
        if isinstance(maximum, bool) or not isinstance(maximum, (int, float)) or maximum <= 0:
            raise Refused(400, "lineitems: scoreMaximum must be a number above 0")
        for key in ("resourceId", "tag", "resourceLinkId"):
            if key in body and not isinstance(body[key], str):
                raise Refused(400, f"lineitems: {key} must be a string")
        item = {k: v for k, v in body.items() if k != "id"}
        item["id"] = self.item_url(len(self.line_items))
        self.line_items.append({**item, "results": {}})
        return item

    def score(self, index: int, body: object) -> None:
        if not isinstance(body, dict):
            raise Refused(400, "scores: the body is not a Score")
        user = body.get("userId")
        if not any(m["user_id"] == user for m in self.members):
            raise Refused(400, f"scores: userId {user!r} is not a member of the course")
        if user in self.ungradable:
            raise Refused(422, f"scores: {user} has a role that cannot be graded")
        given, maximum = body.get("scoreGiven"), body.get("scoreMaximum")
        if given is not None:
            if isinstance(given, bool) or not isinstance(given, (int, float)) or given < 0:
                raise Refused(400, f"scores: scoreGiven {given!r} is not a number of 0 or more")
            if isinstance(maximum, bool) or not isinstance(maximum, (int, float)) or maximum <= 0:
                raise Refused(400, "scores: scoreMaximum must be above 0 where scoreGiven is given")
        if "comment" in body and not isinstance(body["comment"], str):
            raise Refused(400, "scores: comment must be text")
        stamp = body.get("timestamp")
        if not isinstance(stamp, str) or not re.fullmatch(STAMP, stamp):
            raise Refused(400, f"scores: timestamp {stamp!r} is not ISO 8601 with a time zone and sub-second precision")
        if body.get("activityProgress") not in ACTIVITY or body.get("gradingProgress") not in GRADING:
            raise Refused(400, "scores: activityProgress and gradingProgress must be AGS's values")
        item = self.line_items[index]
        when = datetime.fromisoformat(stamp)
        last = item["results"].get(user, {}).get("timestamp")
        if last is not None and when <= datetime.fromisoformat(last):
            raise Refused(409, "scores: a score with an earlier timestamp than the last one")
        self.scores.append({**body, "line_item": item["id"]})
        if given is not None and body["gradingProgress"] == "FullyGraded":
            item["results"][user] = {"resultScore": round(given / maximum * item["scoreMaximum"], 4),
                                     "resultMaximum": item["scoreMaximum"], "comment": body.get("comment"),
                                     "timestamp": stamp}

    def results(self, index: int, query: dict) -> list[dict]:
        item = self.line_items[index]
        found = [{"id": f"{self.url}/lineitems/{index + 1}/lineitem/results/{user}?{QUERY}",
                  "scoreOf": item["id"], "userId": user,
                  **{k: v for k, v in result.items() if k in ("resultScore", "resultMaximum", "comment")}}
                 for user, result in item["results"].items()]
        return [r for r in found if query.get("user_id") in (None, r["userId"])]


def handler(platform: Platform):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            self.route("GET")

        def do_POST(self):
            self.route("POST")

        def do_PUT(self):
            self.route("PUT")

        def do_DELETE(self):
            self.route("DELETE")

        def route(self, method: str) -> None:
            parts = urlsplit(self.path)
            query = dict(parse_qsl(parts.query, keep_blank_values=True))
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            record = {"method": method, "path": parts.path, "query": parse_qs(parts.query), "at": time.monotonic(),
                      "headers": {k.lower(): v for k, v in self.headers.items()}, "raw": raw, "scopes": None}
            with platform.lock:
                platform.requests.append(record)
                if len(platform.requests) > MAX_REQUESTS:
                    platform.stop()
                    return self.answer(record, 429, {"error": "too many requests for this test"})
                if parts.path in platform.fail:
                    return self.answer(record, platform.fail[parts.path], {"error": "failing as the test asked"})
                try:
                    self.serve(record, method, parts.path, query, raw)
                except Refused as exc:
                    platform.problems.append(f"{method} {parts.path}: {exc}")
                    payload = {"error": exc.error, "error_description": str(exc)} if exc.error else {"error": str(exc)}
                    self.answer(record, exc.status, payload)

        def serve(self, record, method, path, query, raw):
            if path == "/token":
                if method != "POST":
                    raise Refused(405, "token: POST only")
                if not self.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
                    raise Refused(400, "token: the body must be application/x-www-form-urlencoded", "invalid_request")
                form = dict(parse_qsl(raw.decode()))
                record["form"] = form
                return self.answer(record, 200, platform.token(form), "application/json")
            if path == "/memberships":
                self.expect(record, method, "GET", MEMBERSHIPS, (NRPS_SCOPE,))
                container, members = platform.memberships(query)
                return self.paged(record, query, members, lambda chunk: {**container, "members": chunk}, MEMBERSHIPS)
            found = re.fullmatch(r"/lineitems(?:/(\d+)/lineitem(/results|/scores)?)?", path)
            if not found:
                raise Refused(404, "no such service here")
            if query.get("type_id") != "3":
                raise Refused(404, f"{path}: the address lost its query ?{QUERY}")
            if found[1] is None:
                if method == "GET":
                    self.expect(record, method, "GET", LINEITEMS, (LINEITEM_SCOPE, LINEITEM_READONLY))
                    items = [{k: v for k, v in i.items() if k != "results"} for i in platform.line_items]
                    for key, field in (("resource_id", "resourceId"), ("tag", "tag"),
                                       ("resource_link_id", "resourceLinkId")):
                        if key in query:
                            items = [i for i in items if i.get(field) == query[key]]
                    return self.paged(record, query, items, lambda chunk: chunk, LINEITEMS)
                self.expect(record, method, "POST", LINEITEM, (LINEITEM_SCOPE,))
                if self.headers.get("Accept") not in (None, LINEITEM):
                    raise Refused(406, f"lineitems: Accept {self.headers.get('Accept')!r}, not {LINEITEM}")
                return self.answer(record, 201, platform.new_line_item(record["json"]), LINEITEM)
            index = int(found[1]) - 1
            if not 0 <= index < len(platform.line_items):
                raise Refused(404, "no such line item")
            if found[2] is None:
                self.expect(record, method, "GET", LINEITEM, (LINEITEM_SCOPE, LINEITEM_READONLY))
                item = {k: v for k, v in platform.line_items[index].items() if k != "results"}
                return self.answer(record, 200, item, LINEITEM)
            if found[2] == "/results":
                self.expect(record, method, "GET", RESULTS, (RESULT_SCOPE,))
                return self.paged(record, query, platform.results(index, query), lambda chunk: chunk, RESULTS)
            self.expect(record, method, "POST", SCORE, (SCORE_SCOPE,))
            platform.score(index, record["json"])
            return self.answer(record, 200, {"resultUrl": f"{platform.url}/lineitems/{index + 1}/lineitem/results/"
                                                          f"{record['json']['userId']}?{QUERY}"}, "application/json")

        def expect(self, record, method, wanted_method, media, scopes):
            """The method, the media type (Accept for a GET, Content-Type for a POST) and the scope."""
            if method != wanted_method:
                raise Refused(405, f"{method} is not answered here")
            record["scopes"] = platform.authorised(self.headers, scopes)
            if method == "GET" and self.headers.get("Accept") != media:
                raise Refused(406, f"Accept {self.headers.get('Accept')!r}, not {media}")
            if method == "POST":
                if self.headers.get("Content-Type") != media:
                    raise Refused(415, f"Content-Type {self.headers.get('Content-Type')!r}, not {media}")
                try:
                    record["json"] = json.loads(record["raw"])
                except ValueError as exc:
                    raise Refused(400, "the body is not JSON") from exc

        def paged(self, record, query, items, wrap, media):
            number = int(query.get("page", "1"))
            limit = min(PAGE, int(query.get("limit", PAGE)))
            chunk = items[(number - 1) * limit: number * limit]
            links = {}
            if number * limit < len(items):
                kept = {k: v for k, v in query.items() if k != "page"}
                following = f"{platform.url}{urlsplit(self.path).path}?{urlencode({**kept, 'page': number + 1})}"
                links["Link"] = f'<{following}>; rel="next"'
            return self.answer(record, 200, wrap(chunk), media, links)

        def answer(self, record, status, payload, media="application/json", headers=None):
            record["status"] = status
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", media)
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

    return Handler
