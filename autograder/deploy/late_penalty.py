"""The late policy on Gradescope: run_autograder calls `autograder late-penalty` on the results
it wrote, with the policy packaged beside it (`gradescope-package --policy`) and Gradescope's
/autograder/submission_metadata.json, which says when the submission was made (`created_at`) and
by whom (`users`: their names and e-mail addresses, matched against the policy's extensions).

The top-level `score` of results.json (which Gradescope takes over the tests' sum) becomes the
penalised score, and `output` says how it was computed; the tests keep their own points.
"""

from __future__ import annotations

from autograder.late import Policy, created_at, explain


def names(metadata: dict) -> list[str]:
    """How an extension may name a submitter: e-mail address, its part before the @, full name, SID."""
    found = []
    for user in metadata.get("users") or []:
        if isinstance(user, dict):
            email = str(user.get("email") or "")
            found += [email, email.split("@")[0], str(user.get("name") or ""), str(user.get("sid") or "")]
    return [n for n in found if n]


def apply(results: dict, policy: Policy, metadata: dict) -> dict:
    submitted = created_at(metadata)
    if submitted is None:
        note = "No submission time in submission_metadata.json: no late penalty applied."
        return results | {"output": "\n".join(filter(None, [note, results.get("output")]))}
    late = policy.assess(submitted, names(metadata)) | {"submitted_from": "Gradescope"}
    raw = float(results.get("score") or 0)
    return results | {"score": round(raw * (1 - late["penalty"]), 4),
                      "output": "\n".join(filter(None, [explain(late, raw), results.get("output")]))}
