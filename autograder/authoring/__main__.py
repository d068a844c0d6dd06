"""Regenerate the student stubs in exercises/ from solutions/."""

from autograder.authoring.stubs import generate
from autograder.reference import SOLUTIONS

for path in generate(SOLUTIONS, SOLUTIONS.parent / "exercises"):
    print(f"wrote {path.relative_to(SOLUTIONS.parent)}")
