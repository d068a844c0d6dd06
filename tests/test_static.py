"""The static half of the from-scratch rule reads source without running it."""

from pathlib import Path

import pytest

from autograder.catalogue import BCE, DISTRIBUTIONS, ESCAPE, HIDDEN, ITEMS, MATMUL, SIGMOID, item
from autograder.checks.static import refused_uses

pytestmark = pytest.mark.fast

ROOT = Path(__file__).resolve().parents[1]
SCRATCH = [i for i in ITEMS if i.scratch]


def found(source, item_id="q02", siblings=None):
    scratch = item(item_id)
    return [(use.name, use.line, use.refusal, use.module)
            for use in refused_uses(source, scratch.scratch, scratch.refuses, (siblings or {}).get)]


def test_attribute_method_and_alias_uses_are_found():
    source = (
        "import torch\nfrom torch import sigmoid as s\n"
        "def sigmoid(x):\n    a = torch.sigmoid(x)\n    b = x.sigmoid()\n    return s(x)\n"
    )
    assert [(name, line) for name, line, _, _ in found(source)] == [("torch.sigmoid", 4), ("x.sigmoid", 5), ("s", 6)]


def test_helpers_called_by_the_function_are_followed():
    source = "def helper(a, b):\n    return a @ b\n\ndef matmul(a, b):\n    return helper(a, b)\n"
    assert found(source, "q10") == [("@", 2, MATMUL, "")]


def test_other_functions_and_plain_arithmetic_are_allowed():
    source = (
        "import torch\n"
        "def sigmoid(x):\n    return 1 / (1 + torch.exp(-x))\n"
        "def compare(x):\n    return torch.sigmoid(x)\n"
    )
    assert found(source) == []


def test_unparsable_source_yields_nothing_here():
    assert found("def f(:\n") == []


@pytest.mark.parametrize("folder", ["solutions", "exercises"])
@pytest.mark.parametrize("scratch", SCRATCH, ids=[i.id for i in SCRATCH])
def test_the_reference_and_the_stubs_use_nothing_refused(folder, scratch):
    assert found((ROOT / folder / f"{scratch.module}.py").read_bytes(), scratch.id) == []


@pytest.mark.parametrize("body,name", [
    ("import torch.nn.functional as F\ndef sigmoid(x):\n    return F.logsigmoid(x).exp()\n", "F.logsigmoid"),
    ("import torch\ndef sigmoid(x):\n    return getattr(torch, 'sigmoid')(x)\n", "getattr(torch, 'sigmoid')"),
    ("import torch\n_f = torch.special.expit\ndef sigmoid(x):\n    return _f(x)\n", "torch.special.expit"),
    ("from torch import *\ndef sigmoid(x):\n    return sigmoid_(x)\n", "sigmoid_"),
    ("from torch import sigmoid\n", "torch.sigmoid"),
    ("import torch\n@torch.no_grad()\ndef _wrap(f):\n    return torch.sigmoid\n@_wrap\ndef sigmoid(x):\n    return x\n",
     "torch.sigmoid"),
], ids=["module_alias", "literal_getattr", "module_level_assignment", "star_import", "imported_itself", "decorator"])
def test_what_a_from_scratch_function_reaches_is_read(body, name):
    assert [use[0] for use in found(body) if use[2] is SIGMOID] == [name]


@pytest.mark.parametrize("body,name", [
    ("import torch\ndef sigmoid(x):\n    return getattr(torch, 'sig' + 'moid')(x)\n", "getattr"),
    ("def sigmoid(x):\n    return __import__('torch').special.expit(x)\n", "__import__"),
    ("import importlib\ndef sigmoid(x):\n    return importlib.import_module('torch').exp(x)\n",
     "importlib.import_module"),
    ("import sys\ndef sigmoid(x):\n    return sys.modules['torch'].exp(x)\n", "sys.modules"),
    ("def sigmoid(x):\n    return eval('x.exp()')\n", "eval"),
    ("import torch\ndef sigmoid(x):\n    return vars(torch)['exp'](x)\n", "vars"),
    ("import torch\ndef sigmoid(x):\n    return torch.__dict__['exp'](x)\n", "torch.__dict__"),
    ("def sigmoid(x):\n    return _made_elsewhere(x)\n", "_made_elsewhere, which no statement of the module defines"),
    ("import torch\ndef sigmoid(x):\n    return x\nglobals()['sigmoid'] = torch.exp\n", "globals"),
    ("exec('def sigmoid(x):\\n    return x')\n", "exec"),
    ("import torch\ndef __getattr__(name):\n    return getattr(torch, name)\n", "getattr"),
], ids=["computed_getattr", "dunder_import", "import_module", "sys_modules", "eval", "vars", "dunder_dict",
        "undefined_name", "globals_rebinding", "exec_definition", "module_getattr"])
def test_dynamic_lookups_are_refused_with_their_line(body, name):
    assert name in [use[0] for use in found(body) if use[2] is HIDDEN]


@pytest.mark.parametrize("body,name", [
    ("import threading\ndef sigmoid(x):\n    threading.Thread(target=print).start()\n", "threading.Thread"),
    ("import os\ndef sigmoid(x):\n    return os.fork()\n", "os.fork"),
    ("import torch\ndef sigmoid(x):\n    with torch._C._DisableTorchDispatch():\n        return x\n",
     "torch._C._DisableTorchDispatch"),
    ("from torch.utils._python_dispatch import _disable_current_modes as off\ndef sigmoid(x):\n    return off\n",
     "off"),
    ("import torch\ndef sigmoid(x):\n    return torch.compile(torch.exp)(x)\n", "torch.compile"),
    ("def sigmoid(x):\n    import autograder.worker.tripwire as t\n    return t\n", "autograder.worker.tripwire"),
], ids=["thread", "fork", "disable_dispatch", "disable_modes", "compile", "grader"])
def test_ways_around_the_run_time_check_are_refused(body, name):
    assert name in [use[0] for use in found(body) if use[2] is ESCAPE]


def test_an_import_alias_is_resolved_before_matching():
    source = "import torch.utils as u\nclass SimpleDataLoader(u.data.DataLoader):\n    pass\n"
    assert [use[:2] for use in found(source, "q05")] == [("u.data.DataLoader", 2)]


def test_other_modules_of_the_submission_are_followed():
    source = "from helpers import fast\ndef sigmoid(x):\n    return fast(x)\n"
    helpers = "import torch.nn.functional as F\ndef fast(x):\n    return F.silu(x) / x\n"
    assert found(source, siblings={"helpers": helpers}) == [("F.silu", 3, SIGMOID, "helpers")]


def test_matrix_products_on_arrays_are_found():
    source = ("import numpy as np\nimport torch\ndef matmul(a, b):\n"
              "    return torch.tensor(np.dot(a.numpy(), b.numpy()) + a.numpy() @ b.numpy())\n")
    assert [use[:2] for use in found(source, "q10")] == [("@", 4), ("np.dot", 4)]


def test_the_source_is_read_as_python_decodes_it():
    source = (b"# -*- coding: utf-7 -*-\nimport torch\ndef sigmoid(x):\n"
              b"    # +AAo-    return torch.sigmoid(x)\n    return 1 / (1 - -torch.exp(-x))\n")
    assert [use[:3] for use in found(source)] == [("coding: utf-7", 1, HIDDEN), ("torch.sigmoid", 5, SIGMOID)]


def test_own_functions_named_like_refused_ones_are_followed_not_refused():
    source = ("import torch\ndef log_softmax(x):\n    return x - torch.logsumexp(x, -1, keepdim=True)\n"
              "def nll_loss(p, t):\n    return -p[torch.arange(len(t)), t].mean()\n"
              "def cross_entropy(a, t):\n    return nll_loss(log_softmax(a), t)\n")
    assert found(source, "q28") == []


@pytest.mark.parametrize("item_id,body,name", [
    ("q02", "import torch.distributions as D\ndef sigmoid(x):\n    return D.Bernoulli(logits=x).probs\n",
     "D.Bernoulli"),
    ("q28", "from torch.distributions import Categorical as C\ndef log_softmax(x):\n    return C(logits=x).logits\n",
     "C"),
    ("q29", "from torch import distributions as d\ndef softmax(x, dim=-1):\n    return d.Categorical(logits=x).probs\n",
     "d.Categorical"),
    ("q30", "def binary_cross_entropy(a, t, lib=None):\n    return lib.Binomial(1, logits=a).log_prob(t)\n",
     "lib.Binomial"),
], ids=["module_alias", "imported_class", "imported_module", "class_of_a_value"])
def test_torch_distributions_is_refused_by_name(item_id, body, name):
    assert [use[0] for use in found(body, item_id) if use[2] is DISTRIBUTIONS] == [name]


@pytest.mark.parametrize("item_id,body,name,refusal", [
    ("q02", "import torch.nn.functional as F\ndef sigmoid(x):\n    return (-F.soft_margin_loss(x, x ** 0)).exp()\n",
     "F.soft_margin_loss", SIGMOID),
    ("q30", "import torch.nn.functional as F\ndef binary_cross_entropy(a, t):\n    return F.cross_entropy(a, t)\n",
     "F.cross_entropy", BCE),
    ("q10", "import torch\ndef matmul(a, b):\n    return torch.linalg.solve_triangular(a, b, upper=True)\n",
     "torch.linalg.solve_triangular", MATMUL),
], ids=["q02_soft_margin_loss", "q30_cross_entropy", "q10_solve_triangular"])
def test_library_functions_that_compute_the_refused_one_are_found(item_id, body, name, refusal):
    assert [use[0] for use in found(body, item_id) if use[2] is refusal] == [name]
