"""The static half of the from-scratch rule reads source without running it."""

from autograder.catalogue import MATMUL, SIGMOID
from autograder.checks.static import refused_uses


def test_attribute_method_and_alias_uses_are_found():
    source = (
        "import torch\nfrom torch import sigmoid as s\n"
        "def sigmoid(x):\n    a = torch.sigmoid(x)\n    b = x.sigmoid()\n    return s(x)\n"
    )
    found = refused_uses(source, ("sigmoid",), SIGMOID.names)
    assert [line for _, line in found] == [4, 5, 6]


def test_helpers_called_by_the_function_are_followed():
    source = "def helper(a, b):\n    return a @ b\n\ndef matmul(a, b):\n    return helper(a, b)\n"
    assert refused_uses(source, ("matmul",), MATMUL.names) == [("@", 2)]


def test_other_functions_and_plain_arithmetic_are_allowed():
    source = (
        "import torch\n"
        "def sigmoid(x):\n    return 1 / (1 + torch.exp(-x))\n"
        "def compare(x):\n    return torch.sigmoid(x)\n"
    )
    assert refused_uses(source, ("sigmoid",), SIGMOID.names) == []


def test_unparsable_source_yields_nothing_here():
    assert refused_uses("def f(:\n", ("f",), SIGMOID.names) == []
