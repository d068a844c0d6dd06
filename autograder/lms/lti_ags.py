"""The gradebook column through LTI Assignment and Grade Services 2.0: the line item (found in
the course's line item container by resourceId and tag, else by label among those without one,
or named outright; made when absent), its results (the Result service: what the LMS has now)
and the scores posted to it (the Score service). A result's and a score's service sit under the
line item's address: its path with /results or /scores added, its query kept (Moodle's carry
one)."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from urllib.parse import urlsplit, urlunsplit

from autograder.exits import ExitError
from autograder.lms.lti_client import SERVICES, Client
from autograder.lms.lti_registration import Registration

LINEITEM_CONTAINER = "application/vnd.ims.lis.v2.lineitemcontainer+json"
LINEITEM = "application/vnd.ims.lis.v2.lineitem+json"
RESULT_CONTAINER = "application/vnd.ims.lis.v2.resultcontainer+json"
SCORE = "application/vnd.ims.lis.v1.score+json"
REFUSED_TOKEN = f"the LMS refused the tool's access token: enable {SERVICES} for the tool"


def under(url: str, segment: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "/" + segment))


def hints(registration: Registration, key: str, what: str) -> dict[int, str]:
    return {401: REFUSED_TOKEN, 403: REFUSED_TOKEN, 404: f"check {registration.where(key)}: {what}"}


def maximum_of(item: dict) -> float:
    value = item.get("scoreMaximum")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise ExitError(f"{item.get('id')}: the line item has no scoreMaximum above 0: tell the LMS's administrators")
    return float(value)


def find_line_item(client: Client, registration: Registration) -> dict | None:
    wanted = registration.line_item
    if wanted.id:
        answer = client.exchange("GET", wanted.id, None, {"Accept": LINEITEM},
                                 hints(registration, "line_item.id", "a line item's address in this course"),
                                 registration.where("line_item.id"))
        if not isinstance(answer.body, dict) or not answer.body.get("id"):
            raise ExitError(f"{wanted.id}: the answer is not a line item: check {registration.where('line_item.id')}")
        return answer.body
    items = []
    for page in client.get_all(registration.lineitems_url, LINEITEM_CONTAINER,
                               hints(registration, "lineitems_url", "the course's line items (gradebook) address"),
                               registration.where("lineitems_url")):
        if not isinstance(page.body, list):
            raise ExitError(f"{registration.lineitems_url}: the answer is not a line item container: check "
                            f"{registration.where('lineitems_url')}")
        items += [i for i in page.body if isinstance(i, dict) and i.get("id")]
    for fits, described in (
            (lambda i: i.get("resourceId") == wanted.resource_id and (wanted.tag is None or i.get("tag") == wanted.tag),
             f"resourceId {wanted.resource_id!r}" + (f" and tag {wanted.tag!r}" if wanted.tag else "")),
            (lambda i: not i.get("resourceId") and i.get("label") == wanted.label, f"label {wanted.label!r}")):
        found = [i for i in items if fits(i)]
        if len(found) > 1:
            raise ExitError(f"{registration.lineitems_url}: {len(found)} line items have {described}: name one as "
                            f"line_item.id in {registration.path} ({', '.join(i['id'] for i in found)})")
        if found:
            return found[0]
    return None


def create_line_item(client: Client, registration: Registration, maximum: float) -> dict:
    wanted = registration.line_item
    body = {"scoreMaximum": maximum, "label": wanted.label, "resourceId": wanted.resource_id,
            **({"tag": wanted.tag} if wanted.tag else {})}
    answer = client.exchange("POST", registration.lineitems_url, json_bytes(body),
                             {"Content-Type": LINEITEM, "Accept": LINEITEM},
                             hints(registration, "lineitems_url", "the course's line items (gradebook) address"),
                             registration.where("lineitems_url"))
    if not isinstance(answer.body, dict) or not answer.body.get("id"):
        raise ExitError(f"{registration.lineitems_url}: the LMS made a line item but did not say its address")
    return answer.body


def results(client: Client, registration: Registration, item: dict) -> dict[str, float]:
    """LTI user id -> the grade the LMS has, on the line item's scale."""
    url, maximum = under(item["id"], "results"), maximum_of(item)
    found = {}
    for page in client.get_all(url, RESULT_CONTAINER, hints(registration, "lineitems_url", "its line item is gone"),
                               registration.where("lineitems_url")):
        if not isinstance(page.body, list):
            raise ExitError(f"{url}: the answer is not a result container: tell the LMS's administrators")
        for result in page.body:
            score = result.get("resultScore") if isinstance(result, dict) else None
            if isinstance(score, (int, float)) and not isinstance(score, bool) and result.get("userId"):
                out_of = result.get("resultMaximum", 1)  # AGS: 1 where the result does not say
                if isinstance(out_of, bool) or not isinstance(out_of, (int, float)) or out_of <= 0:
                    out_of = 1
                found[str(result["userId"])] = round(score / out_of * maximum, 2)
    return found


def post_score(client: Client, registration: Registration, item: dict, user_id: str, given: float, maximum: float,
               comment: str) -> None:
    score = {"userId": user_id, "scoreGiven": given, "scoreMaximum": maximum, "comment": comment,
             "timestamp": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
             "activityProgress": "Completed", "gradingProgress": "FullyGraded"}
    client.exchange("POST", under(item["id"], "scores"), json_bytes(score), {"Content-Type": SCORE},
                    hints(registration, "lineitems_url", "its line item is gone"), registration.where("lineitems_url"))


def json_bytes(data: dict) -> bytes:
    return json.dumps(data).encode()
