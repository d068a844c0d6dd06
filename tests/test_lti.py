"""`autograder lti push` against an LTI 1.3 platform on loopback (tests/lti_platform.py), which
verifies the tool's signed assertion with the public key that `autograder lti key` printed and
checks every request against AGS 2.0, NRPS 2.0 and the Security Framework: the dry run reads the
roster, line item and results and writes nothing; --yes posts Score objects (and makes the line
item where there is none); a lower grade needs --allow-lower; names the LMS withholds are
matched through a roster file; a refused assertion or a missing scope is one line. The class is
a gradebook written directly (tests/graded_folder.py): in process, seconds in all."""

from __future__ import annotations

import json
import re
from datetime import datetime

import pytest

import graded_folder
from autograder import cli
from lti_platform import INSTRUCTOR, LEARNER, QUERY, Platform

pytestmark = pytest.mark.fast

CLIENT, DEPLOYMENT, KEY_ID = "10000000000042", "3", "lesson4-test"


def member(user_id: str, roles=(LEARNER,), **fields) -> dict:
    return {"status": "Active", "user_id": user_id, "roles": list(roles), **fields}


MEMBERS = [
    member("u-1001", name="Jane Smith", given_name="Jane", family_name="Smith", email="jane.smith@example.edu"),
    member("u-1002", email="bea@example.edu"),  # the LMS withholds names: the e-mail's first part matches
    member("u-1003", lis_person_sourcedid="S-77"),  # only the SIS id
    member("u-1004"),  # nothing but the LTI user id: a roster file names it
    member("u-1005", name="Honest 1"),
    member("u-1006", name="Honest 2"),
    member("u-1007", name="M Exp"),
    member("u-1008", name="M Exp"),
    member("u-1009", email="broken@example.edu"),
    member("t-1", roles=(INSTRUCTOR,), name="Prof Teach"),  # not a student: never matched
    member("u-1010", name="Gone Student", status="Deleted"),
]
# Out of 18, scaled to the line item's 50.
GRADES = {"smithjane": (14, 18), "bea": (9, 18), "S-77": (18, 18), "anon": (12, 18), "honest_1": (16, 18),
          "honest_2": (9, 18), "m_exp": (10, 18), "profteach": (18, 18), "broken": "the notebook cannot be read",
          "ghost": (5, 18), "gonestudent": (7, 18)}
POSTED = {"u-1001": 38.89, "u-1002": 25.0, "u-1003": 50.0}
ITEM = {"label": "Lesson 4", "resourceId": "lesson4", "scoreMaximum": 50,
        # what the LMS has: honest_1 higher than ours (refused), honest_2 the same (unchanged), and
        # Jane 20 of 100, which is 10 on the line item's scale (ours is higher: posted)
        "results": {"u-1005": {"resultScore": 47, "resultMaximum": 50},
                    "u-1006": {"resultScore": 25, "resultMaximum": 50},
                    "u-1001": {"resultScore": 20, "resultMaximum": 100}}}
OTHER_ITEM = {"label": "Quiz 1", "resourceId": "quiz1", "scoreMaximum": 10}
MANUAL_ITEM = {"label": "Participation", "scoreMaximum": 5}  # no resourceId: found by label only
UNMATCHED = {"anon": "no LMS student has this name, user id, SIS id or e-mail",
             "m_exp": "2 LMS students fit this name",
             "profteach": "no LMS student has this name, user id, SIS id or e-mail",
             "ghost": "no LMS student has this name, user id, SIS id or e-mail",
             "gonestudent": "no LMS student has this name, user id, SIS id or e-mail"}


@pytest.fixture(scope="module")
def tool(tmp_path_factory) -> tuple:
    """The tool's key, written and printed as an instructor makes it: (path, public PEM)."""
    folder = tmp_path_factory.mktemp("tool")
    out = folder / "printed.txt"
    import contextlib
    import io

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert cli.main(["lti", "key", str(folder / "lti_private.pem"), "--key-id", KEY_ID]) == 0
    out.write_text(printed.getvalue())
    pem = re.search(r"-----BEGIN PUBLIC KEY-----.*?-----END PUBLIC KEY-----\n", printed.getvalue(), re.S)[0]
    jwk = json.loads(printed.getvalue().strip().splitlines()[-1])
    assert jwk["kid"] == KEY_ID and jwk["kty"] == "RSA" and jwk["alg"] == "RS256"
    return folder / "lti_private.pem", pem


@pytest.fixture
def graded(tmp_path):
    return graded_folder.write(tmp_path / "graded", GRADES)


def start(tool, **extra) -> Platform:
    return Platform(client_id=CLIENT, deployment_id=DEPLOYMENT, public_key=tool[1], key_id=KEY_ID,
                    **{"members": MEMBERS, "line_items": [OTHER_ITEM, MANUAL_ITEM, ITEM], **extra}).start()


@pytest.fixture
def platform(tool):
    started = start(tool)
    yield started
    started.stop()


def config(folder, tool, platform: Platform, **changes) -> str:
    values = {"issuer": "https://lms.example.edu", "client_id": CLIENT, "deployment_id": DEPLOYMENT,
              "token_url": platform.token_url, "private_key": str(tool[0]), "key_id": KEY_ID,
              "lineitems_url": platform.lineitems_url, "memberships_url": platform.memberships_url, **changes}
    lines = [f"{k} = {json.dumps(v)}" for k, v in values.items() if v is not None and not isinstance(v, dict)]
    for name, table in ((k, v) for k, v in values.items() if isinstance(v, dict)):
        lines += [f"[{name}]", *(f"{k} = {json.dumps(v)}" for k, v in table.items())]
    path = folder / "lti.toml"
    path.write_text("\n".join(lines) + "\n")
    return str(path)


def push(capsys, graded, toml, *extra) -> tuple[int, str, str]:
    code = cli.main(["lti", "push", str(graded), "--config", toml, *extra])
    out, err = capsys.readouterr()
    return code, out, err


def rows(stdout: str) -> dict[str, str]:
    return {line.split("│")[1].strip(): line for line in stdout.splitlines() if line.count("│") >= 5}


def unmatched(stdout: str) -> dict[str, str]:
    return dict(line.removeprefix("unmatched: ").split(": ", 1) for line in stdout.splitlines()
                if line.startswith("unmatched: "))


def test_the_dry_run_reads_roster_line_item_and_results_and_writes_nothing(capsys, tmp_path, tool, platform, graded):
    code, out, err = push(capsys, graded, config(tmp_path, tool, platform))
    assert code == 0, err
    assert platform.problems == [] and platform.writes() == []
    shown = rows(out)
    assert "dry run" in out and f"line item 'Lesson 4' at {platform.item_url(2)}, out of 50" in out
    assert "Jane Smith (u-1001)" in shown["smithjane"] and "38.89" in shown["smithjane"] \
        and "│ 10 " in shown["smithjane"] and "would post" in shown["smithjane"]
    assert "bea@example.edu (u-1002)" in shown["bea"] and "would post" in shown["bea"]
    assert "S-77 (u-1003)" in shown["S-77"] and "50" in shown["S-77"]
    assert "47" in shown["honest_1"] and "44.44" in shown["honest_1"] and "refused" in shown["honest_1"]
    assert "unchanged" in shown["honest_2"]
    assert "not graded: the notebook cannot be read" in shown["broken"]
    assert unmatched(out) == UNMATCHED
    # One token, asked once, with a verified assertion; the roster learners only, every page followed
    tokens = [r for r in platform.requests if r["path"] == "/token"]
    assert len(tokens) == 1 and len(platform.assertions) == 1
    claims = platform.assertions[0]
    assert claims["iss"] == claims["sub"] == CLIENT and claims["aud"] == platform.token_url
    assert claims["https://purl.imsglobal.org/spec/lti/claim/deployment_id"] == DEPLOYMENT
    assert 0 < claims["exp"] - claims["iat"] <= 300
    assert set(tokens[0]["form"]["scope"].split()) == {
        "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem", "https://purl.imsglobal.org/spec/lti-ags/scope/score",
        "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
        "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"}
    roster = [r for r in platform.requests if r["path"] == "/memberships"]
    assert all(r["query"]["role"] == [LEARNER] for r in roster) and len(roster) == 5  # 10 learners, 2 a page
    results = [r for r in platform.requests if r["path"].endswith("/results")]
    assert results and all(r["query"]["type_id"] == ["3"] and r["path"] == "/lineitems/3/lineitem/results"
                           for r in results)
    assert len(platform.requests) == 1 + 5 + 2 + 2  # token, roster pages, line item pages, result pages


def test_yes_posts_a_score_for_each_grade_and_never_lowers(capsys, tmp_path, tool, platform, graded):
    code, out, err = push(capsys, graded, config(tmp_path, tool, platform), "--yes", "--feedback-url",
                          "https://course.example.edu/feedback/")
    assert code == 0, err
    assert platform.problems == []
    scores = {s["userId"]: s for s in platform.scores}
    assert {u: s["scoreGiven"] for u, s in scores.items()} == POSTED
    for user, score in scores.items():
        assert set(score) == {"userId", "scoreGiven", "scoreMaximum", "comment", "timestamp", "activityProgress",
                              "gradingProgress", "line_item"}
        assert score["scoreMaximum"] == 50 and score["line_item"] == platform.item_url(2)
        assert score["activityProgress"] == "Completed" and score["gradingProgress"] == "FullyGraded"
        assert datetime.fromisoformat(score["timestamp"]).utcoffset() is not None
    assert scores["u-1002"]["comment"] == "Autograder: 25/50 points. Your feedback page: " \
                                          "https://course.example.edu/feedback/bea.html"
    posts = [r for r in platform.writes()]
    assert all(r["path"] == "/lineitems/3/lineitem/scores" and r["query"]["type_id"] == ["3"]
               and r["headers"]["content-type"] == "application/vnd.ims.lis.v1.score+json" for r in posts)
    assert platform.result(2, "u-1005")["resultScore"] == 47  # never lowered without --allow-lower
    assert "posted" in rows(out)["smithjane"] and "refused" in rows(out)["honest_1"]
    again = push(capsys, graded, config(tmp_path, tool, platform), "--yes")
    assert again[0] == 0 and len(platform.scores) == 3  # a second run finds them unchanged
    assert all("unchanged" in rows(again[1])[s] for s in ("smithjane", "bea", "S-77"))
    assert len(platform.assertions) == 2 and len(platform.jtis) == 2  # a fresh jti each run


def test_a_lower_grade_needs_allow_lower(capsys, tmp_path, tool, platform, graded):
    code, out, err = push(capsys, graded, config(tmp_path, tool, platform), "--yes", "--allow-lower")
    assert code == 0, err
    assert "posted" in rows(out)["honest_1"] and platform.result(2, "u-1005")["resultScore"] == 44.44
    assert platform.problems == []


def test_a_roster_file_names_students_the_lms_shows_no_name_for(capsys, tmp_path, tool, platform, graded):
    roster = tmp_path / "roster.csv"
    roster.write_text("student,user\nanon,u-1004\nghost,nobody@example.edu\nnot_in_class,u-1001\n")
    code, out, err = push(capsys, graded, config(tmp_path, tool, platform), "--roster", str(roster), "--yes")
    assert code == 0, err
    assert "u-1004" in rows(out)["anon"] and "posted" in rows(out)["anon"]
    assert platform.result(2, "u-1004")["resultScore"] == 33.33
    assert unmatched(out)["ghost"] == "the roster's 'nobody@example.edu' fits no LMS students"


def test_the_line_item_is_made_when_the_course_has_none(capsys, tmp_path, tool, graded):
    platform = start(tool, line_items=[OTHER_ITEM])
    try:
        toml = config(tmp_path, tool, platform, line_item={"label": "Lesson 4 (autograded)", "tag": "autograder"})
        code, out, err = push(capsys, graded, toml)
        assert code == 0, err
        assert "no line item has resourceId 'lesson4' or label 'Lesson 4 (autograded)': --yes makes " \
               "'Lesson 4 (autograded)', out of 18" in out
        assert platform.writes() == [] and len(platform.line_items) == 1
        code, out, err = push(capsys, graded, toml, "--yes")
        assert code == 0, err
        made = platform.line_items[1]
        assert {k: made[k] for k in ("label", "resourceId", "tag", "scoreMaximum")} == \
            {"label": "Lesson 4 (autograded)", "resourceId": "lesson4", "tag": "autograder", "scoreMaximum": 18}
        create = [r for r in platform.writes() if r["path"] == "/lineitems"]
        assert len(create) == 1 and create[0]["headers"]["content-type"] == "application/vnd.ims.lis.v2.lineitem+json"
        assert {s["userId"]: s["scoreGiven"] for s in platform.scores} == \
            {"u-1001": 14, "u-1002": 9, "u-1003": 18, "u-1005": 16, "u-1006": 9}
        assert platform.problems == []
        code, out, err = push(capsys, graded, toml, "--yes")  # found again by its resourceId and tag
        assert code == 0 and len(platform.line_items) == 2 and "unchanged" in rows(out)["bea"]
    finally:
        platform.stop()


def test_a_line_item_named_outright_or_found_by_its_label(capsys, tmp_path, tool, platform, graded):
    toml = config(tmp_path, tool, platform, line_item={"id": platform.item_url(0)})
    code, out, err = push(capsys, graded, toml)
    assert code == 0, err
    assert f"line item 'Quiz 1' at {platform.item_url(0)}, out of 10" in out and "7.78" in rows(out)["smithjane"]
    toml = config(tmp_path, tool, platform, line_item={"label": "Participation", "resource_id": "participation"})
    code, out, err = push(capsys, graded, toml)
    assert code == 0, err
    assert f"line item 'Participation' at {platform.item_url(1)}, out of 5" in out
    assert platform.problems == []


def test_an_assertion_signed_with_another_key_is_refused_in_one_line(capsys, tmp_path, tool, graded):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    other = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    registered = other.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    platform = start((tool[0], registered.decode()))
    try:
        code, out, err = push(capsys, graded, config(tmp_path, tool, platform))
        assert code == 2 and out == ""
        assert err.count("\n") == 1 and err.startswith(f"autograder: {platform.token_url}: HTTP 401 Unauthorized")
        assert "invalid_client" in err and "the public key registered for the tool is private_key's" in err
        assert [r["path"] for r in platform.requests] == ["/token"]
        assert "Signature verification failed" in platform.problems[0]
    finally:
        platform.stop()


def test_a_scope_the_lms_does_not_grant_is_named(capsys, tmp_path, tool, graded):
    platform = start(tool, grants=("https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",))
    try:
        code, out, err = push(capsys, graded, config(tmp_path, tool, platform))
        assert code == 2 and err.count("\n") == 1
        assert "did not grant https://purl.imsglobal.org/spec/lti-ags/scope/lineitem" in err
        assert "enable Assignment and Grade Services and Names and Role Provisioning Services" in err
        assert [r["path"] for r in platform.requests] == ["/token"]
    finally:
        platform.stop()


@pytest.mark.parametrize("change, said", [
    ({"token_url": None}, "token_url missing"),
    ({"tokn_url": "https://x.example.edu"}, "unknown key 'tokn_url'"),
    ({"token_url": "http://lms.example.edu/token"}, "token_url must be https://"),
    ({"private_key": "no_such_key.pem"}, "write a key with `autograder lti key"),
    ({"line_item": {"score_maximum": 0}}, "line_item.score_maximum must be a number above 0"),
    ({"line_item": {"labl": "x"}}, "unknown key line_item.labl"),
])
def test_a_bad_registration_is_one_line_before_any_request(capsys, tmp_path, tool, platform, graded, change, said):
    code, out, err = push(capsys, graded, config(tmp_path, tool, platform, **change))
    assert code == 2 and err.count("\n") == 1 and err.startswith(f"autograder: {tmp_path / 'lti.toml'}: ")
    assert said in err
    assert platform.requests == []


def test_a_key_is_never_written_over(capsys, tool):
    assert cli.main(["lti", "key", str(tool[0])]) == 2
    assert "exists" in capsys.readouterr().err
