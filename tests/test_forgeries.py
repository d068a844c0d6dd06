"""Forged training: each module in tests/forgeries/ stands in for its item among the reference
solutions and is graded through the CLI. A forgery tries to pass the training checks without the
training they ask for (by faking the clocks or the probe's observations, training out of sight
in a child, forging the worker's reply, reusing results, shipping weights, or answering the
validation labels); it must lose exactly the checks listed here, each with a message meant for
the student, and keep every other check of its item. The honest loops keep everything."""

import shutil
from pathlib import Path

import pytest

from conftest import SOLUTIONS, run_grade
from levels import DEFAULT, NAMED, grading_at, require_besides_default

FORGERIES = Path(__file__).parent / "forgeries"
TIMED = {"timed_training[linear]", "timed_training[simple_net]"}
# module stem: (the checks it must fail, words every failure's message must hold)
EXPECTED = {
    "q14_fake_clocks": (TIMED, "too slow"),
    "q14_forked_child": (TIMED, "too slow"),
    "q14_rewrite_probe": (TIMED, "too slow"),
    "q14_reads_earlier_results": (TIMED, "too slow"),
    "q14_forged_reply": (TIMED, "differ by up to"),
    "q14_pretrained_weights": (TIMED, "differ by up to"),
    "q14_hook_answers_validation": (TIMED, "held-out digits right"),
    "q14_honest_fast": (set(), ""),
    "q14_honest_no_grad": (set(), ""),
    "q13_hook_answers_validation": ({"linear_model_reaches_calibrated_accuracy"}, "differ by up to"),
    "q18_hook_answers_validation": ({"deep_net_reaches_calibrated_accuracy"}, "held-out digits right"),
}


@pytest.mark.fast
def test_every_forgery_has_an_expected_outcome():
    assert sorted(EXPECTED) == sorted(p.stem for p in FORGERIES.glob("*.py"))


# Where the forgery's means depend on the isolation level (processes outside the worker's own,
# the socket), it also runs at every other level this machine offers; the rest are decided on
# the grading side whatever the level.
BY_PROCESS = ("q14_forked_child", "q14_forged_reply")
CASES = [(stem, DEFAULT) for stem in sorted(EXPECTED)] + [(stem, level) for stem in BY_PROCESS for level in NAMED]


@pytest.mark.slow
@pytest.mark.parametrize("stem,level", CASES, ids=[f"{s}-{lv}" for s, lv in CASES])
def test_forgery_loses_exactly_its_checks(stem, level, tmp_path, open_tmp):
    require_besides_default(level)
    item = stem[:3]
    (module,) = [p.name for p in SOLUTIONS.glob(f"{item}_*.py")]
    for path in SOLUTIONS.glob("q*.py"):
        shutil.copyfile(path, tmp_path / path.name)
    shutil.copyfile(FORGERIES / f"{stem}.py", tmp_path / module)
    with grading_at(level) as (env, wrap):
        report = run_grade(tmp_path, "--items", item, env={**env, "TMPDIR": str(open_tmp)}, wrap=wrap)
    checks = report["items"][item]["checks"]
    failed = {c["name"] for c in checks if not c["passed"]}
    must_fail, words = EXPECTED[stem]
    assert failed == must_fail, [(c["name"], c["message"]) for c in checks if not c["passed"]]
    for check in checks:
        if not check["passed"]:
            assert words in check["message"], check["message"]
            assert "internal error" not in check["message"] and "Traceback" not in check["message"], check["message"]
