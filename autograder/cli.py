"""The `autograder` command line. Imports stay light until a command needs them, so that the
worker's start-up (which imports torch) overlaps with ours."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path


def parse_items(text: str | None) -> list[str] | None:
    if not text:
        return None
    from autograder import catalogue

    ids = [t.strip() for t in text.split(",") if t.strip()]
    unknown = [i for i in ids if i not in catalogue.BY_ID]
    if unknown:
        raise SystemExit(f"autograder: unknown item(s) {', '.join(unknown)}; items are q01 to q31")
    return ids


def cmd_grade(args) -> int:
    items = parse_items(args.items)
    from autograder.grading import GraderError, grade_path
    from autograder.submission import SubmissionError

    try:
        report = grade_path(Path(args.path), items, args.device)
    except (SubmissionError, GraderError) as exc:
        print(f"autograder: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, SubmissionError) else 3
    if args.format == "json":
        json.dump({k: v for k, v in report.items() if k != "artifacts"}, sys.stdout, indent=2)
        print()
    else:
        from autograder.report import text

        text.render(report, args.path)
    return 0


def cmd_check(args) -> int:
    """Public checks only, for students: a line per check, with the message of each failure."""
    items = [a for a in args.targets if a[:1] == "q" and a[1:].isdigit()]
    paths = [a for a in args.targets if a not in items]
    if len(paths) > 1:
        print("autograder: give at most one PATH (a folder of modules or a notebook)", file=sys.stderr)
        return 2
    from autograder.grading import GraderError, grade_path
    from autograder.report import text
    from autograder.submission import SubmissionError

    try:
        report = grade_path(Path(paths[0] if paths else "."), parse_items(",".join(items)), args.device, hidden=False)
    except (SubmissionError, GraderError) as exc:
        print(f"autograder: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, SubmissionError) else 3
    text.render_checks(report)
    return 0


def cmd_data_download(args) -> int:
    from autograder.data import download

    folder = download.mnist_sample(Path(args.dest))
    print(f"MNIST_SAMPLE is in {folder}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="autograder", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    grade = commands.add_parser("grade", help="grade a submission (public and hidden checks)")
    grade.add_argument("path", help="folder holding qNN_*.py modules, or a .zip of them")
    grade.add_argument("--format", choices=("text", "json"), default="text")
    grade.add_argument("--items", help="comma-separated item ids, e.g. q01,q05")
    grade.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto",
                       help="where the training checks run")
    grade.set_defaults(run=cmd_grade)

    check = commands.add_parser("check", help="run the public checks on your work (students)")
    check.add_argument("targets", nargs="*", metavar="qNN|PATH",
                       help="items to check (default: all) and the folder or notebook (default: .)")
    check.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    check.set_defaults(run=cmd_check)

    data = commands.add_parser("data", help="the MNIST data")
    data_commands = data.add_subparsers(dest="data_command", required=True)
    download = data_commands.add_parser("download", help="fetch the full MNIST_SAMPLE archive")
    download.add_argument("--dest", default=".", help="folder to unpack into")
    download.set_defaults(run=cmd_data_download)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="autograder: %(message)s")
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
