"""q20 public checks: students may read and run these (`autograder check q20`)."""

import pytest

from autograder.checks.expect import fail
from autograder.checks.show import show

BREED = ("breed_from_filename",)  # what `outcomes` calls unless told otherwise


def outcomes(ns, names, function="breed_from_filename", as_path=False):
    """What `function` does with each name: ("returned", value) or ("raised", type, message)."""
    from pathlib import Path

    from autograder.worker import kit

    results = []
    for name in names:
        try:
            value = getattr(ns, function)(Path(name) if as_path else name)
        except NotImplementedError:
            raise
        except Exception as exc:
            try:
                message = str(exc)[:120]
            except Exception:  # a student's exception class may break str()
                message = ""
            results.append(("raised", type(exc).__name__, message))
        else:
            results.append(("returned", kit.plain(value)))
    return results


def expect_outcomes(got, names, expected, function, as_path=False):
    """`expected[i]` is the value for names[i], or ValueError when the name must be refused."""
    for name, outcome, want in zip(names, got, expected):
        call = f"{function}({'Path(' + repr(name) + ')' if as_path else repr(name)})"
        if want is ValueError:
            if outcome[0] == "returned":
                fail(f"{call} returned {show(outcome[1])}, but that name is not <breed>_<number>.jpg: "
                     "it should raise ValueError")
            if outcome[1] != "ValueError":
                fail(f"{call} raised {outcome[1]}: {outcome[2]}\n  a name that does not fit should raise ValueError")
        elif outcome[0] == "raised":
            fail(f"{call} raised {outcome[1]}: {outcome[2]}\n  expected it to return {want!r}")
        elif type(outcome[1]) is not type(want) or outcome[1] != want:
            fail(f"{call} returned the wrong result\n  expected: {want!r}\n  got:      {show(outcome[1])}")


NAMES = ["Abyssinian_1.jpg", "pug_52.jpg", "great_pyrenees_173.jpg", "shiba_inu_12.jpg",
         "British_Shorthair_201.jpg"]


@pytest.mark.holds("q20.pattern", "q20.breed")
@pytest.mark.points(1)
def test_breed_from_names(student):
    got = student.run(outcomes, NAMES, uses=BREED, call="breed_from_filename(name) on five file names")
    # the breed is everything before the last `_<number>.jpg`
    expect_outcomes(got, NAMES, ["Abyssinian", "pug", "great_pyrenees", "shiba_inu", "British_Shorthair"],
                    "breed_from_filename")


NEAR_MISSES = ["shiba_inu_12xjpg", "great_pyrenees.jpg", "pug_.jpg"]


@pytest.mark.holds("q20.refuses", "q20.pattern")
@pytest.mark.points(1)
def test_near_misses_raise_value_error(student):
    got = student.run(outcomes, NEAR_MISSES, uses=BREED, call="breed_from_filename(name) on names that do not fit")
    expect_outcomes(got, NEAR_MISSES, [ValueError] * 3, "breed_from_filename")


@pytest.mark.holds("q20.is_cat", "q20.is_cat_bool")
@pytest.mark.points(1)
def test_is_cat(student):
    names = ["Siamese_12.jpg", "Egyptian_Mau_40.jpg", "pug_3.jpg", "yorkshire_terrier_99.jpg"]
    got = student.run(outcomes, names, function="is_cat", uses=("is_cat",), call="is_cat(name) on four file names")
    expect_outcomes(got, names, [True, True, False, False], "is_cat")
