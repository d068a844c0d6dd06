"""The `autograder` command line: grade, check and release the lesson's exercises.

Imports stay light until a command needs them, so that the worker's start-up (which imports
torch) overlaps with ours. Every error a person must act on ends the command in one place,
main(), as one line and a code from autograder.exits."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from autograder.exits import Exit, ExitError


@contextmanager
def reported(*errors: type[BaseException], code: Exit = Exit.USAGE, prefix: str = ""):
    """Other libraries' exceptions (OSError, ValueError) as this command's one-line error."""
    try:
        yield
    except errors as exc:
        raise ExitError(f"{prefix}{exc}", code) from exc


def require_module(module: str, purpose: str) -> None:
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise ExitError(f"{purpose} needs the {module} package, which this installation lacks")


def parse_items(text: str | None) -> list[str] | None:
    if not text:
        return None
    from autograder import catalogue

    ids = [t.strip() for t in text.split(",") if t.strip()]
    unknown = [i for i in ids if i not in catalogue.BY_ID]
    if unknown:
        raise ExitError(f"unknown item(s) {', '.join(unknown)}; items are {catalogue.FIRST} to {catalogue.LAST}")
    return ids


def cmd_grade(args) -> int:
    import time

    items = parse_items(args.items)
    from autograder.grading import Visibility, grade_path
    from autograder.report.formats import problem

    if reason := problem(args.format):
        raise ExitError(reason)
    start = time.monotonic()
    try:
        report = grade_path(Path(args.path), items, args.device,
                            hidden=Visibility.PUBLIC if args.public_only else Visibility.WITH_HIDDEN,
                            allow_partial=args.allow_partial_isolation)
    except ExitError as exc:
        if args.format == "gradescope" and exc.code != Exit.GRADER_FAILED:
            # A submission that cannot be read: Gradescope shows the student the results file,
            # which says what to fix. The grader's own failures leave none: Gradescope then says
            # that the autograder failed, gives no score, and the instructor can regrade.
            from autograder.report import gradescope

            emit(json.dumps(gradescope.failure(str(exc), time.monotonic() - start), indent=2) + "\n", args.out)
        raise
    if args.format == "text":
        from autograder.report import text

        text.render(report, args.path)
        return Exit.GRADED
    from autograder.report.formats import render

    emit(render(report, args.format, name=Path(args.path).stem or args.path, seconds=time.monotonic() - start,
                artifacts=args.artifacts), args.out)
    return Exit.GRADED


def emit(text: str, out: str | None) -> None:
    """To stdout, or to a file written whole (a reader never sees half a results file)."""
    if not out or out == "-":
        sys.stdout.write(text)
        return
    from autograder.files import write_atomic

    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text)


def cmd_grade_all(args) -> int:
    items = parse_items(args.items)
    if args.workers < 1:
        raise ExitError("--workers must be 1 or more")
    with reported(ImportError, prefix="grade-all needs the instructor's repository: "):
        from autograder.batch import grade_all, options, where
    from autograder.grading import ALLOW_PARTIAL, Visibility, require_isolation
    from autograder.late import read_policy, read_times
    from autograder.report.gradebook import read_manual
    from autograder.runner import isolation

    cluster = cluster_of(args)
    if cluster is None:  # on a cluster, each worker tests its own isolation before taking tasks
        require_isolation(Visibility.WITH_HIDDEN, args.allow_partial_isolation)
    if args.allow_partial_isolation:
        os.environ[ALLOW_PARTIAL] = "1"  # for the grading process of each student
    if cluster is None and isolation.level() == isolation.SEPARATE_USER:
        # The worker's user shares this host's files: other students' work and the reports are not its to read.
        Path(args.out).mkdir(parents=True, exist_ok=True)
        isolation.protect([Path(args.submissions), Path(args.out)])
    with tempfile.TemporaryDirectory(prefix="autograder-canvas-") as fetched:
        run = gradebook_options(args, items, Path(fetched))
        for note in run.notes:
            print(note, file=sys.stderr)
        files, value = run.files, run.values
        if value["similarity"]:
            require_module("copydetect", "--similarity")
        manual = read_manual(files["manual"]) if "manual" in files else {}
        policy = read_policy(files["policy"]) if "policy" in files else None
        times = read_times(files["times"]) if "times" in files else None
        try:
            with reported(OSError):
                canvas = files["canvas"].read_text(encoding="utf-8") if "canvas" in files else None
                grade_all(Path(args.submissions), Path(args.out), workers=args.workers, force=args.force,
                          items=value["items"], device=args.device, manual=manual, timeout=args.timeout,
                          assignment=value["assignment"], policy=policy, similarity=bool(value["similarity"]),
                          lms_formats=value["gradebook_format"] or [], times=times, canvas=canvas, cluster=cluster,
                          **({"lms_column": value["gradebook_column"]} if value["gradebook_column"] else {}))
                for line in options.finish(run):
                    print(line, file=sys.stderr)
        except KeyboardInterrupt:
            raise ExitError("interrupted; run the same command again to grade the rest", Exit.INTERRUPTED) from None
    print("\n".join(where(Path(args.out), value["gradebook_format"] or [], bool(value["similarity"]))))
    return Exit.GRADED


def gradebook_options(args, items: list[str] | None, fetched: Path):
    """This run's options that shape the gradebook: those given, else those --out remembers,
    less those dropped (batch.options); Canvas's record is fetched into `fetched`."""
    from autograder.batch import options

    given = {"policy": args.policy, "times": args.times, "manual": args.manual, "items": items,
             "assignment": args.assignment, "similarity": args.similarity, "gradebook_format": args.gradebook_format,
             "gradebook_column": args.gradebook_column, "canvas": None}
    dropped = {name for name in options.OPTIONS if getattr(args, f"no_{name}")}
    if both := [name for name in dropped if given[name]
                or (name == "canvas" and (args.canvas_course or args.canvas_assignment))]:
        raise ExitError(f"{options.drop_flag(both[0])} drops what {options.OPTIONS[both[0]].flag} gives: give one")
    files = {name: Path(given[name]) for name in ("policy", "times", "manual") if given[name]}
    for name, path in files.items():
        if not path.is_file():
            raise ExitError(f"{options.OPTIONS[name].flag} {path}: no such file")
    if args.canvas_course or args.canvas_assignment:
        given["canvas"] = {"course": args.canvas_course, "assignment": args.canvas_assignment}
        files["canvas"] = fetched / "canvas.json"
        files["canvas"].write_text(canvas_record(args), encoding="utf-8")
    return options.resolve(Path(args.out), given, files, dropped)


def canvas_record(args) -> str:
    """Canvas's submission times for --canvas-course and --canvas-assignment (lms.canvas_times)."""
    if not (args.canvas_course and args.canvas_assignment):
        raise ExitError("--canvas-course and --canvas-assignment go together")
    require_module("canvasapi", "--canvas-course")
    from autograder.lms.canvas_times import fetch

    return fetch(*canvas_credentials(args.canvas_url, "--canvas-url"), args.canvas_course, args.canvas_assignment)


def canvas_credentials(url: str | None, flag: str) -> tuple[str, str]:
    """Canvas's address (the flag's, else the environment's) and the token (the environment's)."""
    from autograder.lms.canvas_push import TOKEN_VARIABLE, URL_VARIABLE

    url, token = url or os.environ.get(URL_VARIABLE), os.environ.get(TOKEN_VARIABLE)
    if not url or not token:
        raise ExitError(f"set {TOKEN_VARIABLE}, and {URL_VARIABLE} or {flag} (your Canvas, e.g. "
                        "https://canvas.example.edu)")
    return url, token


def cluster_of(args):
    """grade-all's Dask scheduler (batch.cluster.Cluster), checked before anything is read; None
    without --scheduler."""
    tls = (args.tls_ca_file, args.tls_cert, args.tls_key)
    if not args.scheduler:
        if any(tls) or args.allow_insecure:
            raise ExitError("--tls-ca-file, --tls-cert, --tls-key and --allow-insecure go with --scheduler")
        return None
    require_module("distributed", "--scheduler")
    from autograder.batch.cluster import Cluster

    return Cluster(args.scheduler, *tls, allow_insecure=args.allow_insecure,
                   allow_partial=args.allow_partial_isolation)


def cmd_render(args) -> int:
    """A saved JSON report (grade --format json, or grade-all's reports/<student>.json) in
    another format, without grading again."""
    from autograder.report.formats import problem, render

    if reason := problem(args.format):
        raise ExitError(reason)
    try:
        report = json.loads(Path(args.report).read_text())
    except (OSError, ValueError) as exc:
        raise ExitError(f"{args.report} is not a readable JSON report ({exc})") from exc
    if report.get("error") and args.format != "html":
        raise ExitError(f"{args.report} records no grades: {report['error']}")
    emit(render(report, args.format, name=report.get("student") or Path(args.report).stem, artifacts=True), args.out)
    return Exit.GRADED


def cmd_gradescope_package(args) -> int:
    with reported(ImportError, prefix="gradescope-package needs the instructor's repository: "):
        from autograder.deploy.gradescope import build
    from autograder.late import read_policy

    if args.policy:
        read_policy(Path(args.policy))  # refused now rather than on every submission
    with reported(FileNotFoundError):
        zip_path = build(Path(args.out), Path(args.policy) if args.policy else None)
    print(f"wrote {zip_path}: upload it as the assignment's autograder on Gradescope")
    return Exit.GRADED


def cmd_gradescope_run(args) -> int:
    """The packaged autograder on one submission, run as Gradescope runs it; prints its results.json."""
    from autograder.deploy.gradescope_run import run_zip

    code, results, said = run_zip(Path(args.package), Path(args.submission))
    if results is None:
        raise ExitError(f"the autograder failed (exit {code}): {' '.join(said.split())[-500:]}", Exit.GRADER_FAILED)
    emit(json.dumps(results, indent=2) + "\n", args.out)
    return Exit.GRADED


def cmd_late_penalty(args) -> int:
    """Gradescope (run_autograder): the late policy on the results.json just written."""
    from autograder.deploy.late_penalty import apply
    from autograder.late import PolicyError, read_policy

    with reported(OSError, ValueError, PolicyError, prefix="no late penalty applied: "):
        policy = read_policy(Path(args.policy))
        results = json.loads(Path(args.results).read_text())
        metadata = json.loads(Path(args.metadata).read_text()) if Path(args.metadata).is_file() else {}
    emit(json.dumps(apply(results, policy, metadata), indent=2) + "\n", args.results)
    return Exit.GRADED


def cmd_canvas_push(args) -> int:
    require_module("canvasapi", "canvas push")
    from autograder.lms.canvas_push import LMS, push
    from autograder.lms.passback import table

    url, token = canvas_credentials(args.url, "--url")
    with reported(FileNotFoundError):
        lines, unmatched = push(Path(args.graded), url=url, token=token, course=args.course,
                                assignment=args.assignment, yes=args.yes, allow_lower=args.allow_lower,
                                comment_feedback=args.comment_feedback, feedback_url=args.feedback_url)
    sys.stdout.write(table(lines, dry_run=not args.yes, lms=LMS))
    for student, why in unmatched.items():
        print(f"unmatched: {student}: {why}")
    return Exit.CHECK_FAILED if any(line.action.startswith("failed") for line in lines) else Exit.GRADED


def cmd_lti_push(args) -> int:
    require_module("jwt", "lti push")
    from autograder.lms import lti_push, lti_registration
    from autograder.lms.passback import table
    from autograder.lms.roster import read_roster

    registration = lti_registration.read(Path(args.config))
    roster = read_roster(Path(args.roster)) if args.roster else None
    with reported(FileNotFoundError):
        done = lti_push.push(Path(args.graded), registration, yes=args.yes, allow_lower=args.allow_lower,
                             feedback_url=args.feedback_url, roster=roster)
    print(f"{registration.issuer} (client {registration.client_id}, deployment {registration.deployment_id}): "
          f"{done.line_item}")
    sys.stdout.write(table(done.lines, dry_run=not args.yes, lms=lti_push.LMS))
    for student, why in done.unmatched.items():
        print(f"unmatched: {student}: {why}")
    return Exit.CHECK_FAILED if any(line.action.startswith("failed") for line in done.lines) else Exit.GRADED


def cmd_lti_key(args) -> int:
    require_module("jwt", "lti key")
    from autograder.lms.lti_keys import public_jwk, public_pem, write_new

    key = write_new(Path(args.path))
    print(f"wrote the tool's private key to {args.path} (keep it to yourself; lti.toml names it as private_key)")
    print("public key (Moodle: Public key type 'RSA key', paste it in Public key):")
    sys.stdout.write(public_pem(key))
    print(f"public JWK (Canvas: Developer Keys, LTI key, Public JWK; lti.toml's key_id is its kid, {args.key_id!r}):")
    print(public_jwk(key, args.key_id))
    return Exit.GRADED


def cmd_check(args) -> int:
    """Public checks only, for students: a line per check, with the message of each failure."""
    items = [a for a in args.targets if a[:1] == "q" and a[1:].isdigit()]
    paths = [a for a in args.targets if a not in items]
    if len(paths) > 1:
        raise ExitError("give at most one PATH (a folder of modules or a notebook)")
    from autograder.grading import Visibility, grade_path
    from autograder.report import text

    ids = parse_items(",".join(items))
    # Starting the workers and importing torch takes seconds: say what is happening meanwhile.
    print(f"checking {', '.join(items) or 'every item'} in {paths[0] if paths else '.'} (starting takes a "
          "few seconds) ...", file=sys.stderr, flush=True)
    report = grade_path(Path(paths[0] if paths else "."), ids, args.device, hidden=Visibility.PUBLIC,
                        portable_check=True)
    text.render_checks(report, every_item=not items)
    return Exit.GRADED if report["score"] == report["max_score"] else Exit.CHECK_FAILED  # as pytest does


def cmd_bundle(args) -> int:
    """The student bundle (instructors): the release, stubs, public checks and runtime, no secrets."""
    with reported(ImportError, prefix="bundle needs the instructor's repository (this copy has no authoring tools): "):
        from autograder.authoring import bundle
        from autograder.reference import SOLUTIONS
    with reported(FileNotFoundError):
        out = bundle.build(SOLUTIONS.parent, Path(args.out))
    print(f"wrote {out}")
    return Exit.GRADED


def cmd_secure(args) -> int:
    """As root, where the package is deployed: take others' access off the hidden checks, the
    solutions and the given paths, then say which isolation level grading will get and why."""
    if os.geteuid() != 0:
        raise ExitError("secure runs as root, where the grader is deployed: it closes files that root owns and "
                        "tries the levels that run student code as other users")
    from autograder.runner import isolation

    isolation.protect([Path(p) for p in args.paths])
    for level in isolation.LEVELS[:-1]:
        print(f"{level}: {isolation.probe(level) or 'usable'}")
    print(f"isolation: {isolation.level()}")
    return Exit.GRADED


def cmd_data_download(args) -> int:
    from autograder.data import download

    folder = download.mnist_sample(Path(args.dest))
    print(f"MNIST_SAMPLE is in {folder}")
    return Exit.GRADED


PARTIAL_HELP = "grade hidden checks even where no sandbox can be made (student code could read them)"


def build_parser() -> argparse.ArgumentParser:
    from autograder.grading import has_hidden_checks
    from autograder.report.formats import FILE_FORMATS
    from autograder.report.gradebook import LMS_LAYOUTS
    from autograder.runner.session import DEVICES

    parser = argparse.ArgumentParser(prog="autograder", description=first_paragraph(__doc__),
                                     epilog=f"exit codes: {exit_codes_line()}")
    parser.add_argument("--debug", action="store_true", help="show the traceback of an internal error")
    commands = parser.add_subparsers(dest="command", required=True)
    formats_help = "; ".join(f"{name}: {what}" for name, what in FILE_FORMATS.items())

    grade = commands.add_parser("grade", help="grade a submission (public and hidden checks)")
    grade.add_argument("path", help="folder holding qNN_*.py modules, or a .zip of them")
    grade.add_argument("--format", default="text", choices=("text", *FILE_FORMATS),
                       help=f"text: a table; {formats_help}")
    grade.add_argument("--out", help="write the output to this file instead of stdout")
    grade.add_argument("--artifacts", action="store_true",
                       help="with --format json: include the figures and data kept by the checks")
    grade.add_argument("--items", help="comma-separated item ids, e.g. q01,q05")
    grade.add_argument("--public-only", action="store_true",
                       help="run the public checks only, as where students can read the grader (Classroom 50)")
    grade.add_argument("--device", choices=DEVICES, default="auto",
                       help="where the training checks run")
    grade.add_argument("--allow-partial-isolation", action="store_true", help=PARTIAL_HELP)
    grade.set_defaults(run=cmd_grade)

    grade_all = commands.add_parser("grade-all", help="grade a class: every submission, a gradebook, feedback pages")
    grade_all.add_argument("submissions", help="a folder with one entry per student (folder, notebook or zip), "
                           "an nbgrader course or submitted/ folder, or a .zip of them")
    grade_all.add_argument("--out", default="graded",
                           help="where reports, feedback and the gradebook go (default: graded)")
    grade_all.add_argument("--workers", type=int, default=max(1, (os.cpu_count() or 2) // 2),
                           help="submissions graded at once (default: half the CPU cores)")
    grade_all.add_argument("--force", action="store_true", help="grade again students already graded in --out")
    grade_all.add_argument("--manual", help="CSV of student,item,score for the written answers")
    grade_all.add_argument("--items", help="comma-separated item ids, e.g. q01,q05")
    grade_all.add_argument("--assignment", help="nbgrader: the assignment folder inside each student's")
    grade_all.add_argument("--timeout", type=float, default=1800, help="seconds one submission may take (default 1800)")
    grade_all.add_argument("--device", choices=DEVICES, default="auto",
                           help="where the training checks run")
    grade_all.add_argument("--allow-partial-isolation", action="store_true", help=PARTIAL_HELP)
    grade_all.add_argument("--policy", help="late policy (TOML: due, penalty_per_day, max_penalty, grace_minutes, "
                           "[extensions]): the gradebook gets each submission's time, penalty and final score")
    grade_all.add_argument("--similarity", action="store_true", default=None,
                           help="compare every pair of students' code per item (copydetect): similarity.html")
    grade_all.add_argument("--gradebook-format", action="append", choices=LMS_LAYOUTS,
                           help="also write gradebook_<format>.csv in that LMS's import layout (repeatable)")
    grade_all.add_argument("--gradebook-column",
                           help="the LMS gradebook column: an assignment's name, or Canvas's 'Name (id)' "
                           "(default: Lesson 4)")
    grade_all.add_argument("--times", help="CSV of student,submitted_at (ISO 8601 with its offset, e.g. exported "
                           "from the LMS): when each student submitted, before any other record")
    grade_all.add_argument("--canvas-course", help="with --canvas-assignment: take when each student submitted "
                           "from Canvas (submitted_at; token and address as canvas push takes them)")
    grade_all.add_argument("--canvas-assignment", help="the Canvas assignment id, with --canvas-course")
    grade_all.add_argument("--canvas-url", help="your Canvas's address (default: $CANVAS_API_URL)")
    # --out remembers each option that shapes the gradebook (batch.options): these forget one.
    for name, what in (("policy", "the late policy"), ("times", "the times file"),
                       ("canvas", "Canvas's submission times"), ("manual", "the manual scores"),
                       ("items", "the items (then every item)"), ("assignment", "the nbgrader assignment"),
                       ("similarity", "the similarity report"), ("gradebook-format", "the LMS import files"),
                       ("gradebook-column", "the LMS gradebook column")):
        grade_all.add_argument(f"--no-{name}", action="store_true", help=f"forget {what} that --out remembers")
    grade_all.add_argument("--scheduler", metavar="ADDRESS",
                           help="grade on a Dask cluster: its scheduler, tls://HOST:8786 (docs/cluster.md); "
                           "--workers is then the cluster's")
    grade_all.add_argument("--tls-ca-file", help="with a tls:// scheduler: the certificate authority's certificate")
    grade_all.add_argument("--tls-cert", help="with a tls:// scheduler: this client's certificate")
    grade_all.add_argument("--tls-key", help="with a tls:// scheduler: this client's private key")
    grade_all.add_argument("--allow-insecure", action="store_true",
                           help="allow a tcp:// scheduler that is not on this machine (unencrypted, anyone who "
                           "reaches it runs code on the workers)")
    grade_all.set_defaults(run=cmd_grade_all)

    render = commands.add_parser("render", help="turn a saved JSON report into another format")
    render.add_argument("report", help="a report from `grade --format json` or grade-all's reports/")
    render.add_argument("--format", choices=FILE_FORMATS, required=True, help=formats_help)
    render.add_argument("--out", help="write the output to this file instead of stdout")
    render.set_defaults(run=cmd_render)

    package = commands.add_parser("gradescope-package", help="build the autograder zip to upload to Gradescope")
    package.add_argument("out", help="the zip to write, e.g. autograder.zip")
    package.add_argument("--policy", help="a late policy (TOML) that run_autograder applies to each score")
    package.set_defaults(run=cmd_gradescope_package)

    local = commands.add_parser("gradescope-run", help="run an autograder zip on a submission as Gradescope does, "
                                "in a tree laid out like Gradescope's; prints its results.json")
    local.add_argument("package", help="the autograder zip (gradescope-package)")
    local.add_argument("submission", help="a folder of modules, a notebook or a zip, as a student would upload it")
    local.add_argument("--out", help="write results.json here instead of stdout")
    local.set_defaults(run=cmd_gradescope_run)

    late = commands.add_parser("late-penalty", help="apply a late policy to a Gradescope results.json "
                               "(run_autograder does)")
    late.add_argument("results", help="the results.json to rewrite")
    late.add_argument("--policy", required=True, help="the late policy (TOML)")
    late.add_argument("--metadata", required=True, help="Gradescope's submission_metadata.json")
    late.set_defaults(run=cmd_late_penalty)

    canvas = commands.add_parser("canvas", help="Canvas: push grade-all's grades (canvasapi)")
    canvas_commands = canvas.add_subparsers(dest="canvas_command", required=True)
    canvas_push = canvas_commands.add_parser("push", help="post each student's grade; a dry run without --yes")
    canvas_push.add_argument("graded", help="grade-all's output folder")
    canvas_push.add_argument("--course", required=True, help="the Canvas course id")
    canvas_push.add_argument("--assignment", required=True, help="the Canvas assignment id")
    canvas_push.add_argument("--url", help="your Canvas's address (default: $CANVAS_API_URL); "
                             "the token is read from $CANVAS_API_TOKEN")
    canvas_push.add_argument("--yes", action="store_true", help="post (without it: print what would be posted)")
    canvas_push.add_argument("--allow-lower", action="store_true", help="also post grades lower than Canvas's")
    canvas_push.add_argument("--comment-feedback", action="store_true",
                             help="add a comment to each posted grade with the feedback page attached")
    canvas_push.add_argument("--feedback-url", help="with --comment-feedback: link to URL/<student>.html "
                             "instead of attaching the page")
    canvas_push.set_defaults(run=cmd_canvas_push)

    lti = commands.add_parser("lti", help="LTI 1.3: push grade-all's grades to any LMS (Assignment and Grade Services)")
    lti_commands = lti.add_subparsers(dest="lti_command", required=True)
    lti_push = lti_commands.add_parser("push", help="post each student's grade; a dry run without --yes")
    lti_push.add_argument("graded", help="grade-all's output folder")
    lti_push.add_argument("--config", required=True, help="the tool's registration with the LMS and course "
                          "(TOML: issuer, client_id, deployment_id, token_url, private_key, lineitems_url, "
                          "memberships_url, [line_item])")
    lti_push.add_argument("--yes", action="store_true", help="post (without it: print what would be posted)")
    lti_push.add_argument("--allow-lower", action="store_true", help="also post grades lower than the LMS's")
    lti_push.add_argument("--roster", help="CSV student,user: the LMS user id, SIS id or e-mail of each student "
                          "whose graded name the LMS cannot match (it may withhold names and e-mail addresses)")
    lti_push.add_argument("--feedback-url", help="end each grade's comment with a link to URL/<student>.html")
    lti_push.set_defaults(run=cmd_lti_push)
    lti_key = lti_commands.add_parser("key", help="write a new private key for the tool and print its public key "
                                      "to register in the LMS")
    lti_key.add_argument("path", help="the private key to write, e.g. lti_private.pem (never over an existing file)")
    lti_key.add_argument("--key-id", default="lesson4", help="the key's id (kid) in the JWK (default: lesson4)")
    lti_key.set_defaults(run=cmd_lti_key)

    check = commands.add_parser("check", help="run the public checks on your work (students)")
    check.add_argument("targets", nargs="*", metavar="qNN|PATH",
                       help="items to check (default: all) and the folder or notebook (default: .)")
    check.add_argument("--device", choices=DEVICES, default="auto", help="where the training checks run")
    check.set_defaults(run=cmd_check)

    bundle = commands.add_parser("bundle", help="write the student bundle (instructors)")
    bundle.add_argument("out", help="the zip to write, e.g. lesson4.zip")
    bundle.set_defaults(run=cmd_bundle)

    if has_hidden_checks():  # the student bundle has no secret to close
        secure = commands.add_parser("secure", help="make the secrets unreadable for student code and show the "
                                     "isolation level (instructors, as root, where the grader is deployed)")
        secure.add_argument("paths", nargs="*", help="more paths to close to other users (e.g. the package's source)")
        secure.set_defaults(run=cmd_secure)

    data = commands.add_parser("data", help="the MNIST data")
    data_commands = data.add_subparsers(dest="data_command", required=True)
    download = data_commands.add_parser("download", help="fetch the full MNIST_SAMPLE archive")
    download.add_argument("--dest", default=".", help="folder to unpack into")
    download.set_defaults(run=cmd_data_download)
    return parser


def first_paragraph(doc: str) -> str:
    """A docstring's opening paragraph, rejoined: its first line alone may end mid-sentence."""
    return " ".join(doc.strip().split("\n\n")[0].split())


def exit_codes_line() -> str:
    return ", ".join(f"{int(code)} {code.name.lower().replace('_', ' ')}" for code in Exit)


def run(args) -> int:
    """The command, with every way it can fail as one line on stderr and its exit code."""
    try:
        return int(args.run(args))
    except ExitError as exc:
        message, code = str(exc), exc.code
    except KeyboardInterrupt:
        message, code = "interrupted", Exit.INTERRUPTED
    except Exception as exc:
        if args.debug:
            raise
        # A bug of ours, or an environment that cannot grade: never a traceback for a person to read.
        message = f"internal error: {type(exc).__name__}: {exc} (run again with --debug for the traceback)"
        code = Exit.GRADER_FAILED
    print(f"autograder: {' '.join(message.split())}", file=sys.stderr)
    return int(code)


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="autograder: %(message)s")
    args = build_parser().parse_args(argv)
    code = run(args)
    if args.run in (cmd_grade, cmd_check):
        # Everything is written and every sandbox closed; the interpreter's own exit with torch
        # loaded (finalising its modules) took 2-5 s more, which a student waits for.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


if __name__ == "__main__":
    sys.exit(main())
