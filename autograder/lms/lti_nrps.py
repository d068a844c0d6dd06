"""The course's students from LTI Names and Role Provisioning Services 2.0: the membership
container at the course's memberships URL, learners only (asked with the `role` filter, and
checked again in case the LMS ignores it), every page. An LMS may withhold names and e-mail
addresses (its privacy setting for the tool): each member then has its user id and perhaps its
SIS id (lis_person_sourcedid), which a roster file can name (lms/roster.py)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from autograder.exits import ExitError
from autograder.lms.lti_client import SERVICES, Client
from autograder.lms.lti_registration import Registration
from autograder.lms.roster import Person, keys

MEDIA = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
LEARNER_SUBROLE = "http://purl.imsglobal.org/vocab/lis/v2/membership/Learner#"
GONE = "Deleted"  # a member's status once removed from the course


def with_query(url: str, **params: str) -> str:
    """url with params added to its query, the query it had kept (Moodle's service addresses carry one)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(query=urlencode([*parse_qsl(parts.query, keep_blank_values=True),
                                                      *params.items()])))


def learner(member: dict) -> bool:
    roles = member.get("roles") or []
    return any(r in (LEARNER, "Learner") or str(r).startswith(LEARNER_SUBROLE) for r in roles)


def person(member: dict) -> Person:
    given = {k: str(member.get(k) or "") for k in ("user_id", "lis_person_sourcedid", "email", "name",
                                                    "given_name", "family_name")}
    full = f"{given['given_name']} {given['family_name']}".strip()
    shown = given["name"] or full or given["email"] or given["lis_person_sourcedid"] or "-"
    return Person(given["user_id"], f"{shown} ({given['user_id']})",
                  keys(exact=(given["user_id"], given["lis_person_sourcedid"]), email=given["email"],
                       names=(given["name"], full)))


def students(client: Client, registration: Registration) -> list[Person]:
    url = registration.memberships_url
    hints = {401: f"the LMS refused the tool's access token: enable {SERVICES} for the tool",
             403: f"the LMS refused the tool's access token: enable {SERVICES} for the tool",
             404: f"check {registration.where('memberships_url')}: the course's Names and Role Provisioning address"}
    found = []
    for page in client.get_all(with_query(url, role=LEARNER), MEDIA, hints, registration.where("memberships_url")):
        members = page.body.get("members") if isinstance(page.body, dict) else None
        if not isinstance(members, list):
            raise ExitError(f"{url}: the answer is not a membership container: check "
                            f"{registration.where('memberships_url')}")
        found += [m for m in members if isinstance(m, dict) and m.get("user_id") and learner(m)
                  and m.get("status") != GONE]
    return [person(m) for m in found]
