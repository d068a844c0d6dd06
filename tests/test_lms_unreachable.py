"""Every failure an instructor meets pushing grades to Canvas is one line and exit 2: a refused
connection (a loopback port nothing listens on), a name that does not resolve (under .invalid,
which never does), 401, 404 and 5xx. The line names the address asked and what to check.
Nothing is posted after it. In process, against loopback servers only."""

from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import graded_folder
from autograder import cli
from canvas_server import Canvas

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
    server = Canvas(TOKEN, COURSE, ASSIGNMENT, 50.0, [{"id": 1001, "name": "Jane Smith",
                                                       "sortable_name": "Smith, Jane", "login_id": "jsmith"}], {}).start()
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
    one_line(capsys, code, f"https://canvas.invalid/api/v1/courses/{COURSE}", "the name canvas.invalid does not resolve",
             "check the address in $CANVAS_API_URL or --url")


def test_canvas_push_with_a_token_canvas_refuses(capsys, monkeypatch, graded, canvas):
    code = canvas_push(monkeypatch, graded, canvas.url, token="expired")
    one_line(capsys, code, f"{canvas.url}/api/v1/courses/{COURSE}", "HTTP 401 Unauthorized (Invalid access token.)",
             "check $CANVAS_API_TOKEN")


def test_canvas_push_to_a_course_canvas_does_not_have(capsys, monkeypatch, graded, canvas):
    code = canvas_push(monkeypatch, graded, canvas.url, TOKEN, 999)
    one_line(capsys, code, f"{canvas.url}/api/v1/courses/999", "HTTP 404 Not Found", "check --course")


def test_canvas_push_to_an_assignment_canvas_does_not_have(capsys, monkeypatch, graded, canvas):
    monkeypatch.setenv("CANVAS_API_TOKEN", TOKEN)
    code = cli.main(["canvas", "push", str(graded), "--course", str(COURSE), "--assignment", "999", "--url", canvas.url])
    one_line(capsys, code, f"{canvas.url}/api/v1/courses/{COURSE}/assignments/999", "HTTP 404 Not Found",
             "check --assignment")


def test_canvas_push_when_canvas_fails(capsys, monkeypatch, graded, failing):
    code = canvas_push(monkeypatch, graded, failing)
    one_line(capsys, code, f"{failing}/api/v1/courses/{COURSE}", "HTTP 503 Service Unavailable",
             "a fault on the LMS's side: try again later")
