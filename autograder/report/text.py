"""The terminal table: one row per item, its points, and the first failed check's message."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from autograder import catalogue


def render(report: dict, title: str, console: Console | None = None) -> None:
    console = console or Console(width=120)
    table = Table(title=title, show_lines=True)
    table.add_column("item", no_wrap=True)
    table.add_column("points", justify="right", no_wrap=True)
    table.add_column("first problem")
    for item_id, item in report["items"].items():
        failed = [c for c in item["checks"] if not c["passed"]]
        message = failed[0]["message"] if failed else "all checks passed"
        if failed and failed[0]["hidden"]:
            message = f"[hidden check {failed[0]['name']}] {message}"
        written = item["written"]
        if written:
            message += "\nwritten answer: " + ("pending manual grading" if written["answer"] else "not answered")
        label = f"{item_id} {catalogue.item(item_id).title}"
        table.add_row(label, f"{item['score']:g}/{item['max_score']:g}", message, style=None if failed else "green")
    console.print(table)
    console.print(f"[bold]total: {report['score']:g}/{report['max_score']:g}[/bold]")
    if report["isolation"] == "limits-only":
        console.print("[yellow]isolation is partial: bubblewrap is not available, so student code ran with "
                      "resource limits only (it could read files and use the network)[/yellow]")
