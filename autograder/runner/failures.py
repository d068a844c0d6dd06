"""Turn what went wrong in the worker into a sentence a student can act on."""

from __future__ import annotations

import signal


# What the grader says of a function or value still a stub's, as the stubs say it too
# (authoring/stubs.py): the report reads it back to tell an item not started (report/text.py).
NOT_IMPLEMENTED = "is not implemented yet"


class StudentFailure(AssertionError):
    """A check failed because of the submission; str() is the message shown to the student."""


# By name: Windows, where `check` runs too, has no SIGKILL or SIGXCPU.
SIGNAL_HINTS = {getattr(signal, name): hint for name, hint in {
    "SIGSEGV": "a segmentation fault, most often a recursion that went too deep",
    "SIGKILL": "it was killed, most often for using too much memory",
    "SIGXCPU": "it used up its CPU time",
    "SIGABRT": "it aborted",
}.items() if hasattr(signal, name)}


def explain(reply: dict, call: str, item_id: str) -> str:
    kind = reply.get("kind")
    message = reply.get("message", "")
    if kind == "not_implemented":
        if message.startswith(f"{item_id}:"):
            return message
        return f"{item_id}: {call} {NOT_IMPLEMENTED} (it raised NotImplementedError)"
    if kind == "refused":
        from autograder import catalogue

        hint = catalogue.item(item_id).hint_for(message) if item_id in catalogue.BY_ID else ""
        return f"{call} used {message}, which this exercise asks you to write yourself; {hint}"
    if kind == "exit":
        return f"{call} called sys.exit(); the grader stopped it. Remove exit calls from your code"
    if kind == "wrong":
        return f"{call}: {message}"
    if kind == "grader":
        return f"the grader could not check {call}: {message} (please tell your instructor)"
    text = f"{call} raised {reply.get('type', 'an error')}"
    if message:
        text += f": {message}"
    if reply.get("type") == "MemoryError":
        text += " (the worker may use at most 2 GB of memory)"
    if reply.get("type") == "SyntaxError" and "codec can't decode" in message:
        text += " (save the file as UTF-8)"
    return text + where(reply.get("where"))


def where(location: dict | None) -> str:
    if not location:
        return ""
    text = f"\n  at {location['file']}, line {location['line']}"
    if location.get("function") and location["function"] != "<module>":
        text += f", in {location['function']}"
    if location.get("code"):
        text += f": {location['code']}"
    return text


def explain_death(ending: dict, call: str) -> str:
    number = ending.get("signal")
    if number is None:
        return f"{call} ended the worker process (exit status {ending.get('status')}); do not call exit functions"
    name = signal.Signals(number).name if number in signal.Signals._value2member_map_ else str(number)
    return f"{call} crashed the worker ({name}: {SIGNAL_HINTS.get(number, 'it died')})"
