"""JUnit XML, which every CI system displays: a test suite per item, a test case per check, a
failure (with the check's message) per failed check, and a skipped case per written part."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from autograder.report.common import capped, title, written_state
from autograder.report.schema import Report

# XML 1.0 cannot carry most control characters, and student code chooses what messages contain.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text or "")


def document(report: Report, name: str = "autograder") -> str:
    root = ET.Element("testsuites", name=clean(name))
    total = failures = skipped = 0
    for item_id, item in report["items"].items():
        suite = ET.SubElement(root, "testsuite", name=f"{item_id} {title(item_id)}")
        props = ET.SubElement(suite, "properties")
        ET.SubElement(props, "property", name="score", value=f"{item['score']:g}")
        ET.SubElement(props, "property", name="max_score", value=f"{item['max_score']:g}")
        cases = fails = skips = 0
        for check in item["checks"]:
            case = ET.SubElement(suite, "testcase", classname=item_id, name=clean(check["name"]))
            ET.SubElement(ET.SubElement(case, "properties"), "property", name="points",
                          value=f"{check['score']:g}/{check['max_score']:g}")
            if not check["passed"]:
                message = clean(capped(check["message"]))
                failure = ET.SubElement(case, "failure", message=message.splitlines()[0] if message else "failed",
                                        type="hidden" if check["hidden"] else "public")
                failure.text = message
                fails += 1
            elif check["message"]:
                ET.SubElement(case, "system-out").text = clean(capped(check["message"]))  # notes, e.g. timings
            cases += 1
        state, _ = written_state(item["written"])
        if state != "none":
            case = ET.SubElement(suite, "testcase", classname=item_id, name="written_answer")
            ET.SubElement(case, "skipped", message=state)
            cases += 1
            skips += 1
        suite.set("tests", str(cases))
        suite.set("failures", str(fails))
        suite.set("errors", "0")
        suite.set("skipped", str(skips))
        total, failures, skipped = total + cases, failures + fails, skipped + skips
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", "0")
    root.set("skipped", str(skipped))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
