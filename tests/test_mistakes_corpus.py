"""The mistakes corpus's folders, read without grading: every item has its mistakes, and every
folder is an item's."""

import pytest

from autograder import catalogue
from autograder.authoring import corpus

pytestmark = pytest.mark.fast


def test_every_item_has_at_least_two_mistakes():
    mistakes = corpus.corpus()
    short = {item.module: len(mistakes.get(item.module, [])) for item in catalogue.ITEMS
             if len(mistakes.get(item.module, [])) < corpus.MINIMUM}
    assert not short, f"fewer than {corpus.MINIMUM} mistakes in tests/mistakes/: {short}"


def test_every_folder_is_an_item_module():
    assert set(corpus.corpus()) <= {item.module for item in catalogue.ITEMS}
