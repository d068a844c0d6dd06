"""q20 hidden checks: run at grading time only."""

import pytest

from autograder.checks.expect import fail
from autograder.checks.public.test_q20_regex import BREED, expect_outcomes, outcomes
from solutions import q20_regex as ref

CATS = ["Abyssinian", "Bengal", "Birman", "Bombay", "British_Shorthair", "Egyptian_Mau", "Maine_Coon",
        "Persian", "Ragdoll", "Russian_Blue", "Siamese", "Sphynx"]
DOGS = ["american_bulldog", "american_pit_bull_terrier", "basset_hound", "beagle", "boxer", "chihuahua",
        "english_cocker_spaniel", "english_setter", "german_shorthaired", "great_pyrenees", "havanese",
        "japanese_chin", "keeshond", "leonberger", "miniature_pinscher", "newfoundland", "pomeranian", "pug",
        "saint_bernard", "samoyed", "scottish_terrier", "shiba_inu", "staffordshire_bull_terrier",
        "wheaten_terrier", "yorkshire_terrier"]
BREEDS = CATS + DOGS
NUMBERS = [1, 7, 10, 99, 100, 188, 1000, 20250]
ALL_NAMES = [f"{breed}_{n}.jpg" for breed in BREEDS for n in NUMBERS]
PATHS = ["images/Bengal_3.jpg", "/data/oxford-iiit-pet/images/american_pit_bull_terrier_105.jpg",
         "pets_2/saint_bernard_9.jpg", "images_1/Maine_Coon_1.jpg"]


@pytest.mark.holds("q20.pattern", "q20.breed")
@pytest.mark.points(1)
def test_all_37_breeds(student):
    got = student.run(outcomes, ALL_NAMES, uses=BREED, call=f"breed_from_filename(name) on {len(ALL_NAMES)} names, "
                                                "every breed with several numbers")
    expected = [o[1] for o in outcomes(ref, ALL_NAMES)]
    assert expected == [b for b in BREEDS for _ in NUMBERS], "grader data error: reference breeds"
    expect_outcomes(got, ALL_NAMES, expected, "breed_from_filename")


@pytest.mark.holds("q20.path")
@pytest.mark.parametrize("as_path", [False, True], ids=["str_paths", "Path_objects"])
@pytest.mark.points(1)
def test_paths_use_the_file_name(student, as_path):
    kind = "Path" if as_path else "str"
    got = student.run(outcomes, PATHS, as_path=as_path, uses=BREED,
                      call=f"breed_from_filename(path) on {kind} paths with folders")
    expected = [o[1] for o in outcomes(ref, PATHS, as_path=as_path)]
    expect_outcomes(got, PATHS, expected, "breed_from_filename", as_path=as_path)


@pytest.mark.holds("q20.refuses", "q20.pattern")
@pytest.mark.points(1)
def test_more_near_misses(student):
    names = ["pug_1.jpeg", "pug_1.png", "pug_1.jpg.bak", "pug_1a.jpg", "pug1.jpg", "_12.jpg", "pug_12_.jpg",
             "images/great_pyrenees.jpg", "pug_1.jpgx", "Bombay_3-jpg"]
    got = student.run(outcomes, names, uses=BREED, call="breed_from_filename(name) on names that do not fit")
    assert all(o[0] == "raised" for o in outcomes(ref, names)), "grader data error: reference accepted a name"
    expect_outcomes(got, names, [ValueError] * len(names), "breed_from_filename")


@pytest.mark.holds("q20.is_cat", "q20.is_cat_paths", "q20.is_cat_bool")
@pytest.mark.points(1)
def test_is_cat_for_every_breed(student):
    names = [f"{breed}_{n}.jpg" for breed in BREEDS for n in (4, 180)] + PATHS
    got = student.run(outcomes, names, function="is_cat", as_path=True, uses=("is_cat",),
                      call="is_cat(Path(name)) on every breed and on paths with folders")
    expected = [o[1] for o in outcomes(ref, names, function="is_cat", as_path=True)]
    expect_outcomes(got, names, expected, "is_cat", as_path=True)


@pytest.mark.holds("q20.message")
@pytest.mark.points(1)
def test_value_error_names_the_file(student):
    # Costs two refused names. Catches a ValueError whose message says only that something is wrong
    # ("bad file name"), leaving the caller to find which of thousands of files it was.
    names = ["images/great_pyrenees.jpg", "shiba_inu_12.png"]
    got = student.run(outcomes, names, uses=BREED, call="breed_from_filename(name) on names that do not fit")
    expect_outcomes(got, names, [ValueError] * len(names), "breed_from_filename")
    for name, outcome in zip(names, got):
        file_name = name.rpartition("/")[2]
        if file_name not in outcome[2]:
            fail(f"breed_from_filename({name!r}) raised ValueError({outcome[2]!r}); the message should name the "
                 f"file, {file_name!r}, so the caller knows which one does not fit")
