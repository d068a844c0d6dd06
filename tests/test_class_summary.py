"""summary.html, the class's analytics, on the class that tests/instructor_class.py generates:
its histogram, the failure rates, the grouped messages and the named mistakes, also as a real
headless Chromium renders it; and the shipped signatures of the named mistakes against the
corpus they are built from (the full comparison with the grading is in tests/test_mistakes.py)."""

import json
import re

import pytest

import instructor_class as klass
from test_html_report import chromium, needs_chromium

from autograder.authoring import corpus

ROOT = klass.ROOT


def shipped() -> dict:
    from autograder.report.mistakes import SIGNATURES

    return json.loads(SIGNATURES.read_text())["items"]


@pytest.mark.fast
def test_signatures_cover_the_corpus_exactly_with_its_labels():
    """Cheap: no grading. A mistake added, removed or relabelled without running
    `python -m autograder.authoring signatures` fails here."""
    labels = {(path.parent.name[:3], path.stem): corpus.label(path)
              for files in corpus.corpus().values() for path in files}
    data = {(item, m["mistake"]): m["label"] for item, found in shipped().items() for m in found}
    assert data == labels
    assert all(m["fails"] for found in shipped().values() for m in found)


@pytest.mark.fast
def test_signatures_name_only_checks_that_exist():
    """Cheap: a check renamed since the signatures were built fails here."""
    from autograder import catalogue
    from autograder.checks.scratch import test_written_from_scratch
    from autograder.report.mistakes import failing

    names = {}
    for path in (ROOT / "autograder" / "checks").glob("*/test_q*.py"):
        names.setdefault(path.name[5:8], set()).update(re.findall(r"^def test_(\w+)", path.read_text(), re.M))
    for item in catalogue.ITEMS:  # checks/conftest.py generates this check for them
        if item.scratch:
            names[item.id].add(test_written_from_scratch.__name__.removeprefix("test_"))
    for item_id, found in shipped().items():
        for mistake in found:
            unknown = {n for n in mistake["fails"] if n.split("[")[0] not in names[item_id]}
            assert not unknown, (item_id, mistake["mistake"], unknown)
    assert failing({"checks": [{"name": "a", "passed": False}, {"name": "b", "passed": True}]}) == {"a"}


@pytest.mark.fast
def test_messages_are_grouped_with_numbers_made_generic():
    from autograder.report.analytics import normalised

    assert normalised("sigmoid(tensor([-5.0, 2.5e3])) gave nan at 3") == normalised("sigmoid(tensor([7, 1.])) gave nan at 12")
    assert normalised("x  has\n4 items") == "x has N items"


def page(instructor_class) -> str:
    return (instructor_class / "graded" / "summary.html").read_text()


@pytest.mark.slow
def test_summary_names_the_mistakes_the_students_made(instructor_class):
    html = page(instructor_class)
    labels = {(item, m["mistake"]): m["label"] for item, found in shipped().items() for m in found}
    for item, students in klass.NAMED.items():
        by_mistake = {}
        for student, mistake in students.items():
            by_mistake.setdefault(mistake, []).append(student)
        for mistake, who in by_mistake.items():
            label = labels[(item, mistake)].replace("'", "&#39;")
            count = f"{len(who)} student{'s' if len(who) > 1 else ''}: {label}"
            assert count in html, count
            listed = re.search(re.escape(count) + r"</span>\s*<span class=\"who\">\(([^)]*)\)", html)
            assert listed and sorted(listed.group(1).split(", ")) == sorted(who)
    # The stub and the missing modules fail every check too, but are not a mistake.
    assert not [who for who in re.findall(r'<span class="who">\(([^)]*)\)', html) if "smithjane" in who]
    assert html.count('class="mistake"') == 4


@pytest.mark.slow
def test_summary_gives_failure_rates_and_grouped_messages(instructor_class):
    html = page(instructor_class)
    section = html.split('<section class="item" id="q02"')[1].split('<section class="item"')[0]
    # finite_at_extremes fails for the two e^x / (1 + e^x) students, the torch-sigmoid one, the stub
    # and the 3 students without a q02 module: 7 of 11.
    row = re.search(r"<td>finite_at_extremes</td>\s*<td class=\"num\">.*?(\d+) \((\d+)%\)</td>", section, re.S)
    assert row and (row.group(1), row.group(2)) == ("7", "64")
    assert "3 &times; q02_sigmoid.py is missing from the submission" in section
    assert re.search(r"2 &times; [^<]*nan", section), "the two overflowing sigmoids' messages are one group"


@pytest.mark.slow
@needs_chromium
def test_chromium_renders_the_summary_with_its_histogram_and_a_named_mistake(instructor_class, tmp_path):
    probe = """<script>
window.addEventListener("load", () => {
  const img = document.querySelector("#histogram img");
  const out = document.createElement("pre");
  out.id = "probe";
  out.textContent = JSON.stringify({
    histogram: img ? img.naturalWidth : 0,
    mistakes: Array.from(document.querySelectorAll(".mistake")).map(e => e.textContent),
    items: document.querySelectorAll("#items tbody tr").length,
    pairs: document.querySelectorAll("table.pairs tr.flagged").length,
  });
  document.body.appendChild(out);
});
</script>"""
    html = page(instructor_class)
    probed = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html).replace("</body>", probe + "</body>")
    (tmp_path / "probed.html").write_text(probed)
    dom = chromium((tmp_path / "probed.html").as_uri(), "--dump-dom", "--virtual-time-budget=5000", profile=tmp_path / "p")
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom.stdout, re.S)
    assert found, dom.stderr[-2000:]
    seen = json.loads(found.group(1).replace("&quot;", '"'))
    assert seen["histogram"] >= 500 and seen["items"] == 2, seen
    assert any(m.startswith("2 students: writes sigmoid as e^x / (1 + e^x)") for m in seen["mistakes"]), seen
    assert seen["pairs"] >= 1  # the copy, in the summary's table of similar pairs
