"""A Canvas stand-in on loopback for the grade passback's tests, answering the REST endpoints
canvasapi calls as Canvas's API documentation describes them (canvas.instructure.com/doc/api):

- GET  /api/v1/courses/:course_id                                  a Course
- GET  /api/v1/courses/:course_id/assignments/:id                  an Assignment (points_possible)
- GET  /api/v1/courses/:course_id/search_users                     the course's Users (enrollment_type[],
                                                                   include[]=email), paginated
- GET  /api/v1/courses/:course_id/assignments/:id/submissions      the Submissions (with submitted_at,
                                                                   null where none was made), paginated
- GET  /api/v1/courses/:course_id/assignments/:id/submissions/:user_id
- PUT  /api/v1/courses/:course_id/assignments/:id/submissions/:user_id
       form fields submission[posted_grade], comment[text_comment], comment[file_ids][]
- POST /api/v1/courses/:course_id/assignments/:id/submissions/:user_id/comments/files
       step 1 of the file upload: name and size in, upload_url and upload_params out; step 2 is
       a multipart POST to upload_url (no Authorization), answered 201 with the File.

Pagination is Canvas's: `per_page` (capped by the server), `page`, and a `Link` header with
rel="next". Every request
is recorded (method, path, query, form, whether it carried the token) for the tests to assert.
The server stops by itself after MAX_REQUESTS requests or LIFETIME seconds.
"""

from __future__ import annotations

import json
import re
import threading
import time
from email.parser import BytesParser
from email.policy import default as email_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

MAX_REQUESTS = 400
LIFETIME = 120.0
PAGE = 2  # the largest page served (Canvas caps per_page too): a class needs several pages, and
# canvasapi must follow the Link headers


class Canvas:
    """The state: one course, one assignment, its students and their submissions."""

    def __init__(self, token: str, course: int, assignment: int, points_possible: float, users: list[dict],
                 scores: dict[int, float | None], submitted_at: dict[int, str] | None = None):
        self.token, self.course, self.assignment, self.points_possible = token, course, assignment, points_possible
        self.users = users
        self.submissions = {u["id"]: {"id": 5000 + u["id"], "user_id": u["id"], "assignment_id": assignment,
                                      "score": scores.get(u["id"]), "grade": None if scores.get(u["id"]) is None
                                      else f"{scores[u['id']]:g}", "workflow_state": "graded"
                                      if scores.get(u["id"]) is not None else "submitted",
                                      "submitted_at": (submitted_at or {}).get(u["id"]),
                                      "submission_comments": []} for u in users}
        self.files: dict[int, dict] = {}
        self.uploads: dict[str, dict] = {}
        self.requests: list[dict] = []
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "Canvas":
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler(self))
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        timer = threading.Timer(LIFETIME, self.stop)
        timer.daemon = True
        timer.start()
        return self

    def stop(self) -> None:
        if self.server:
            threading.Thread(target=self.server.shutdown, daemon=True).start()

    def writes(self) -> list[dict]:
        return [r for r in self.requests if r["method"] != "GET"]


def handler(canvas: Canvas):
    base = f"/api/v1/courses/{canvas.course}"
    submissions = rf"{base}/assignments/{canvas.assignment}/submissions"

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            self.route("GET")

        def do_PUT(self):
            self.route("PUT")

        def do_POST(self):
            self.route("POST")

        def route(self, method: str) -> None:
            parts = urlsplit(self.path)
            query = parse_qs(parts.query)
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            content_type = self.headers.get("Content-Type", "")
            form = parse_qs(body.decode()) if "form-urlencoded" in content_type else {}
            authorised = self.headers.get("Authorization") == f"Bearer {canvas.token}"
            with canvas.lock:
                canvas.requests.append({"method": method, "path": parts.path, "query": query, "form": form,
                                        "authorised": authorised, "at": time.monotonic()})
                if len(canvas.requests) > MAX_REQUESTS:
                    canvas.stop()
                    return self.answer(429, {"errors": [{"message": "too many requests for this test"}]})
                if parts.path.startswith("/files_upload/"):
                    return self.upload(parts.path.rsplit("/", 1)[1], body, content_type)
                if not authorised:
                    return self.answer(401, {"errors": [{"message": "Invalid access token."}]})
                return self.api(method, parts.path, query, form)

        def api(self, method, path, query, form):
            if method == "GET" and path == base:
                return self.answer(200, {"id": canvas.course, "name": "Lesson 4 course"})
            if method == "GET" and path == f"{base}/assignments/{canvas.assignment}":
                return self.answer(200, {"id": canvas.assignment, "course_id": canvas.course, "name": "Lesson 4",
                                         "points_possible": canvas.points_possible})
            if method == "GET" and path == f"{base}/search_users":
                students = canvas.users if query.get("enrollment_type[]") == ["student"] else []
                include_email = "email" in query.get("include[]", [])
                shown = [u if include_email else {k: v for k, v in u.items() if k != "email"} for u in students]
                return self.page(shown, query)
            if method == "GET" and path == submissions:
                return self.page(list(canvas.submissions.values()), query)
            found = re.fullmatch(rf"{submissions}/(\d+)(/comments/files)?", path)
            if not found or int(found[1]) not in canvas.submissions:
                return self.answer(404, {"errors": [{"message": "The specified resource does not exist."}]})
            submission = canvas.submissions[int(found[1])]
            if method == "GET" and not found[2]:
                return self.answer(200, submission)
            if method == "PUT" and not found[2]:
                return self.grade(submission, form)
            if method == "POST" and found[2]:
                token = f"u{len(canvas.uploads) + 1}"
                canvas.uploads[token] = {"name": form["name"][0], "size": int(form["size"][0]), "user": submission["user_id"]}
                return self.answer(200, {"upload_url": f"{canvas.url}/files_upload/{token}",
                                         "upload_params": {"filename": form["name"][0], "token": token}})
            return self.answer(405, {"errors": [{"message": f"{method} is not answered here"}]})

        def grade(self, submission, form):
            if "submission[posted_grade]" in form:
                score = float(form["submission[posted_grade]"][0])
                submission.update(score=score, grade=f"{score:g}", workflow_state="graded")
            comment = {"text": form.get("comment[text_comment]", [""])[0],
                       "files": [int(i) for i in form.get("comment[file_ids][]", [])]}
            if comment["text"] or comment["files"]:
                submission["submission_comments"].append(
                    {"id": len(submission["submission_comments"]) + 1, "comment": comment["text"],
                     "attachments": [canvas.files[i] for i in comment["files"]]})
            return self.answer(200, submission)

        def upload(self, token, body, content_type):
            pending = canvas.uploads.get(token)
            message = BytesParser(policy=email_policy).parsebytes(
                f"Content-Type: {content_type}\r\n\r\n".encode() + body)
            fields = {part.get_param("name", header="content-disposition"): part for part in message.iter_parts()}
            if pending is None or "file" not in fields or fields.get("token") is None:
                return self.answer(400, {"errors": [{"message": "not an upload this server asked for"}]})
            data = fields["file"].get_payload(decode=True)
            file_id = 700 + len(canvas.files)
            canvas.files[file_id] = {"id": file_id, "display_name": pending["name"], "size": len(data),
                                     "url": f"{canvas.url}/files/{file_id}/download", "content": data.decode()}
            return self.answer(201, {k: v for k, v in canvas.files[file_id].items() if k != "content"})

        def page(self, items, query):
            per_page = min(PAGE, int(query.get("per_page", [PAGE])[0]))
            number = int(query.get("page", ["1"])[0])
            chunk = items[(number - 1) * per_page: number * per_page]
            links = {}
            if number * per_page < len(items):
                kept = {k: v for k, v in query.items() if k not in ("page", "per_page")}
                extra = "".join(f"&{k}={v}" for k, values in kept.items() for v in values)
                links["Link"] = (f'<{canvas.url}{urlsplit(self.path).path}?page={number + 1}&per_page={per_page}'
                                 f'{extra}>; rel="next"')
            return self.answer(200, chunk, links)

        def answer(self, status, payload, headers=None):
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

    return Handler
