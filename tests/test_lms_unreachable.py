"""Every failure an instructor meets pushing grades is one line and exit 2, for `canvas push` and
`lti push` alike: a refused connection (a loopback port nothing listens on), a name that does not
resolve (under .invalid, which never does), 401, 404 and 5xx. The line names the address asked
and what to check. Nothing is posted after it. In process, against loopback servers only."""

from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import graded_folder
from autograder import cli
from canvas_server import Canvas
from test_lti import config, rows, start, tool  # noqa: F401 (tool: a fixture)

# The stand-ins listen on http://, which canvasapi warns of
pytestmark = [pytest.mark.fast, pytest.mark.filterwarnings("ignore:Canvas may respond unexpectedly:UserWarning")]

TOKEN, COURSE, ASSIGNMENT = "test-token-42", 11, 22
GRADES = {"smithjane": (14, 18), "bea": (9, 18), "S-77": (18, 18)}


@pytest.fixture
def graded(tmp_path):
    return graded_folder.write(tmp_path / "graded", GRADES)


@pytest.fixture
def closed_port() -> int:
    """A loopback port that nothing listens on: connecting is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def failing():
    """A server that answers every request 503."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            self.send_response(503)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_POST = do_GET

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def canvas():
    jane = {"id": 1001, "name": "Jane Smith", "sortable_name": "Smith, Jane", "login_id": "jsmith"}
    server = Canvas(TOKEN, COURSE, ASSIGNMENT, 50.0, [jane], {}).start()
    yield server
    server.stop()


def one_line(capsys, code: int, url: str, *checks: str) -> str:
    """The one line on stderr, exit 2: it starts with the address asked (url, or its start)."""
    out, err = capsys.readouterr()
    assert code == 2, err
    assert out == "" and err.count("\n") == 1 and err.startswith(f"autograder: {url}"), err
    for check in checks:
        assert check in err, err
    return err


def canvas_push(monkeypatch, graded, url: str, token: str = TOKEN, course: int = COURSE, *extra) -> int:
    monkeypatch.setenv("CANVAS_API_TOKEN", token)
    return cli.main(["canvas", "push", str(graded), "--course", str(course), "--assignment", str(ASSIGNMENT),
                     "--url", url, *extra])


def test_canvas_push_on_a_refused_connection(capsys, monkeypatch, graded, closed_port):
    url = f"https://127.0.0.1:{closed_port}"
    code = canvas_push(monkeypatch, graded, url)
    one_line(capsys, code, f"{url}/api/v1/courses/{COURSE}", f"127.0.0.1:{closed_port} refused the connection",
             "check the address and port in $CANVAS_API_URL or --url")


def test_canvas_push_on_a_name_that_does_not_resolve(capsys, monkeypatch, graded):
    code = canvas_push(monkeypatch, graded, "https://canvas.invalid")
    one_line(capsys, code, f"https://canvas.invalid/api/v1/courses/{COURSE}",
             "the name canvas.invalid does not resolve", "check the address in $CANVAS_API_URL or --url")


def test_canvas_push_with_a_token_canvas_refuses(capsys, monkeypatch, graded, canvas):
    code = canvas_push(monkeypatch, graded, canvas.url, token="expired")
    one_line(capsys, code, f"{canvas.url}/api/v1/courses/{COURSE}", "HTTP 401 Unauthorized (Invalid access token.)",
             "check $CANVAS_API_TOKEN")


def test_canvas_push_to_a_course_canvas_does_not_have(capsys, monkeypatch, graded, canvas):
    code = canvas_push(monkeypatch, graded, canvas.url, TOKEN, 999)
    one_line(capsys, code, f"{canvas.url}/api/v1/courses/999", "HTTP 404 Not Found", "check --course")


def test_canvas_push_to_an_assignment_canvas_does_not_have(capsys, monkeypatch, graded, canvas):
    monkeypatch.setenv("CANVAS_API_TOKEN", TOKEN)
    code = cli.main(["canvas", "push", str(graded), "--course", str(COURSE), "--assignment", "999",
                     "--url", canvas.url])
    one_line(capsys, code, f"{canvas.url}/api/v1/courses/{COURSE}/assignments/999", "HTTP 404 Not Found",
             "check --assignment")


def test_canvas_push_when_canvas_fails(capsys, monkeypatch, graded, failing):
    code = canvas_push(monkeypatch, graded, failing)
    one_line(capsys, code, f"{failing}/api/v1/courses/{COURSE}", "HTTP 503 Service Unavailable",
             "a fault on the LMS's side: try again later")


def lti_push(graded, toml: str, *extra) -> int:
    return cli.main(["lti", "push", str(graded), "--config", toml, *extra])


@pytest.fixture
def platform(tool):  # noqa: F811 (tool: the fixture imported above)
    started = start(tool)
    yield started
    started.stop()


def test_lti_push_on_a_refused_connection(capsys, tmp_path, graded, tool, platform, closed_port):  # noqa: F811
    token_url = f"http://127.0.0.1:{closed_port}/token"
    code = lti_push(graded, config(tmp_path, tool, platform, token_url=token_url))
    one_line(capsys, code, token_url, f"127.0.0.1:{closed_port} refused the connection",
             f"check the address and port in token_url in {tmp_path / 'lti.toml'}")
    assert platform.requests == []


def test_lti_push_on_a_name_that_does_not_resolve(capsys, tmp_path, graded, tool, platform):  # noqa: F811
    code = lti_push(graded, config(tmp_path, tool, platform, token_url="https://lms.invalid/token"))
    one_line(capsys, code, "https://lms.invalid/token", "the name lms.invalid does not resolve",
             f"check the address in token_url in {tmp_path / 'lti.toml'} for a typo")


def test_lti_push_when_the_lms_never_answers(capsys, monkeypatch, tmp_path, graded, tool, platform):  # noqa: F811
    from autograder.lms import lti_client

    monkeypatch.setattr(lti_client, "TIMEOUT", 0.5)
    with socket.socket() as silent:  # listens, so connecting succeeds, and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        token_url = f"http://127.0.0.1:{silent.getsockname()[1]}/token"
        code = lti_push(graded, config(tmp_path, tool, platform, token_url=token_url))
    one_line(capsys, code, token_url, "no answer in time", "this machine's network")


def test_lti_push_with_a_token_the_lms_refuses(capsys, tmp_path, graded, tool, platform):  # noqa: F811
    platform.fail["/memberships"] = 401
    code = lti_push(graded, config(tmp_path, tool, platform))
    one_line(capsys, code, f"{platform.memberships_url}?role=", "HTTP 401 Unauthorized",
             "the LMS refused the tool's access token: enable Assignment and Grade Services and Names and Role")


def test_lti_push_to_a_roster_the_lms_does_not_have(capsys, tmp_path, graded, tool, platform):  # noqa: F811
    wrong = f"{platform.url}/courses/9/memberships"
    code = lti_push(graded, config(tmp_path, tool, platform, memberships_url=wrong))
    one_line(capsys, code, f"{wrong}?role=", "HTTP 404 Not Found", f"check memberships_url in {tmp_path / 'lti.toml'}")


def test_lti_push_when_the_lms_fails(capsys, tmp_path, graded, tool, platform):  # noqa: F811
    platform.fail["/lineitems"] = 503
    code = lti_push(graded, config(tmp_path, tool, platform))
    one_line(capsys, code, platform.lineitems_url, "HTTP 503 Service Unavailable", "try again later")


def test_lti_push_stops_at_a_failure_while_posting(capsys, tmp_path, graded, tool, platform):  # noqa: F811
    platform.fail["/lineitems/3/lineitem/scores"] = 500
    code = lti_push(graded, config(tmp_path, tool, platform), "--yes")
    err = one_line(capsys, code, f"{platform.item_url(2).replace('/lineitem?', '/lineitem/scores?')}",
                   "HTTP 500 Internal Server Error")
    assert "(0 of 3 grades were posted before it; a second run leaves those unchanged)" in err
    assert len([r for r in platform.requests if r["path"].endswith("/scores")]) == 1


def test_lti_push_goes_on_past_a_grade_the_lms_refuses(capsys, tmp_path, graded, tool, platform):  # noqa: F811
    platform.ungradable.add("u-1002")
    code = lti_push(graded, config(tmp_path, tool, platform), "--yes")
    out, err = capsys.readouterr()
    assert code == 1, err
    assert "failed: HTTP 422 Unprocessable Entity" in rows(out)["bea"] and "posted" in rows(out)["S-77"]
    assert [s["userId"] for s in platform.scores] == ["u-1001", "u-1003"]
