"""The terminal table: one row per item, its points, and the first failed check's message."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from autograder import catalogue
from autograder.report.common import NOT_ANSWERED, PENDING, capped, hidden_absent
from autograder.runner.failures import NOT_IMPLEMENTED
from autograder.report.schema import Item, Report


def render(report: Report, title: str, console: Console | None = None) -> None:
    # Every string shown is a Text, never markup: student code chooses messages, and check names,
    # paths and messages hold brackets ("timed_training[linear]", "[/x]").
    console = console or Console(width=120)
    table = Table(title=Text(title), show_lines=True)
    table.add_column("item", no_wrap=True)
    table.add_column("points", justify="right", no_wrap=True)
    table.add_column("first problem")
    for item_id, item in report["items"].items():
        failed = [c for c in item["checks"] if not c["passed"]]
        message = capped(failed[0]["message"]) if failed else "all checks passed"
        if failed and failed[0]["hidden"]:
            message = f"[hidden check {failed[0]['name']}] {message}"
        notes = [c for c in item["checks"] if c["passed"] and c["message"]]
        if notes:
            message += "\n" + "\n".join(f"note ({c['name']}): {capped(c['message'])}" for c in notes)
        written = item["written"]
        if written:
            message += "\nwritten answer: " + (PENDING if written["answer"] else NOT_ANSWERED)
        table.add_row(Text(f"{item_id} {catalogue.item(item_id).title}"),
                      Text(f"{item['score']:g}/{item['max_score']:g}"), Text(message),
                      style=None if failed else "green")
    console.print(table)
    console.print(Text(f"total: {report['score']:g}/{report['max_score']:g}", style="bold"))
    if hidden_absent(report):
        console.print(Text(hidden_absent(report), style="yellow"))
    console.print(Text(f"isolation: {report['isolation']}; network for student code: {report.get('network', '?')}; "
                       f"device: {report.get('device', '?')}; torch {report.get('torch', '?')}; "
                       f"grader {report.get('version', '?')}", style="dim"))
    if report["isolation"] == "limits-only":
        console.print(Text("isolation is partial: no sandbox could be made here, so student code ran with "
                           "resource limits only (it could read the user's files)", style="yellow"))


def not_started(item: Item) -> bool:
    """Whether every check of the item failed on a stub's NotImplementedError (or its None)."""
    return bool(item["checks"]) and all(not c["passed"] and NOT_IMPLEMENTED in c["message"] for c in item["checks"])


def render_checks(report: Report, console: Console | None = None, every_item: bool = False) -> None:
    """The student's view of `autograder check`: every public check, and what to do next. On
    `every_item`, the items not started yet are one line, before the others' checks."""
    console = console or Console(width=120)
    unstarted = [i for i, item in report["items"].items() if every_item and not_started(item)]
    if unstarted:
        console.print(Text(f"not started yet (still raising NotImplementedError): {', '.join(unstarted)}"))
    for item_id, item in report["items"].items():
        if item_id in unstarted:
            continue
        console.print(Text.assemble((f"{item_id} {catalogue.item(item_id).title}", "bold"),
                                    f"  {item['score']:g}/{item['max_score']:g}"))
        for c in item["checks"]:
            if c["passed"]:
                console.print(Text.assemble("  ", ("pass", "green"), f" {c['name']}"))
            else:
                console.print(Text.assemble("  ", ("FAIL", "red"), f" {c['name']}"))
                console.print(Text("       " + capped(c["message"]).replace("\n", "\n       ")))
    console.print("These are the public checks. Hidden checks with other inputs also run when your work "
                  "is graded, so test your code beyond them.")
    if report["isolation"] == "limits-only":
        console.print(Text("(no sandbox here: your code ran with resource limits only, which is fine for "
                           "checking your own work)", style="dim"))
    items = len(report["items"])
    console.print(Text.assemble((f"total: {report['score']:g}/{report['max_score']:g}", "bold"),
                                f" on the public checks of {items} item{'s' if items != 1 else ''}"))
