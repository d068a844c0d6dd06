"""Ways around the from-scratch rule, each in tests/evasions/<module>/ as the student's module (or a
folder of modules), and honest ways of writing the same functions (`honest_*`).

Each evasion costs its item, with a message that names what was used: "all" means every check
of the item fails, "scratch" the item's from-scratch check, "view" its view checks (q08). Every
honest module keeps full marks. Round r grades the r-th case of every module in one submission,
with only those items.
"""

import shutil
from functools import cache
from pathlib import Path

import pytest

from conftest import run_grade

EVASIONS = Path(__file__).parent / "evasions"
FROM_SCRATCH = "written_from_scratch"  # the check that checks/conftest.py adds to every refusing item
# case: (what must fail, what the failing message must name)
EXPECTED = {
    "q02_sigmoid/thread": ("all", "threading.Thread (line 9)"),
    "q02_sigmoid/getattr_computed": ("all", "getattr (line 6)"),
    "q02_sigmoid/logsigmoid_exp": ("all", "F.logsigmoid (line 6)"),
    "q02_sigmoid/glu": ("all", "F.glu (line 7)"),
    "q02_sigmoid/two_class_softmax": ("all", "torch.softmax (line 6)"),
    "q02_sigmoid/expit": ("all", "torch.special.expit (line 6)"),
    "q02_sigmoid/utf7_cookie": ("all", "coding: utf-7 (line 1)"),
    "q02_sigmoid/catches_the_refusal": ("all", "torch.sigmoid (line 7)"),
    "q02_sigmoid/module_alias": ("all", "torch.special.expit (line 4)"),
    "q02_sigmoid/binomial_log_prob": ("all", "Binomial (line 7)"),
    "q02_sigmoid/bernoulli_set_on_a_class": ("all", "used torch.distributions"),
    "q02_sigmoid/soft_margin_loss": ("all", "F.soft_margin_loss (line 7)"),
    "q05_dataloader/subclass_at_import": ("all", "DataLoader (line 5)"),
    "q05_dataloader/submodule_attribute": ("all", "torch.utils.data.dataloader.DataLoader (line 9)"),
    "q05_dataloader/import_module": ("all", "importlib.import_module (line 10)"),
    "q05_dataloader/dunder_import": ("all", "__import__ (line 8)"),
    "q05_dataloader/getattr_concat": ("all", "getattr (line 8)"),
    "q08_view/subclass_claims_a_view": ("view", "_Claims, not a torch.Tensor"),
    "q08_view/patched_tensor_methods": ("view", "returned a copy, not a view"),
    "q10_matmul/conv1d": ("all", "F.conv1d (line 7)"),
    "q10_matmul/conv2d": ("all", "F.conv2d (line 7)"),
    "q10_matmul/linear": ("all", "F.linear (line 7)"),
    "q10_matmul/bilinear": ("all", "F.bilinear (line 7)"),
    "q10_matmul/einsum": ("scratch", "torch.einsum (line 6)"),  # with an inner size of 1 it multiplies
    "q10_matmul/tensordot": ("all", "torch.tensordot (line 6)"),
    "q10_matmul/baddbmm": ("all", "torch.baddbmm (line 6)"),
    "q10_matmul/numpy_computed_getattr": ("scratch", "getattr (line 9)"),
    "q10_matmul/numpy_at": ("scratch", "@ (line 8)"),
    "q10_matmul/numpy_dot": ("scratch", "np.dot (line 9)"),
    "q10_matmul/solve_triangular": ("scratch", "(through aten.linalg_solve_triangular)"),
    "q10_matmul/vecdot_set_on_a_class": ("scratch", "(through aten.linalg_vecdot)"),
    "q15_relu/threshold": ("all", "F.threshold (line 7)"),
    "q15_relu/hardtanh": ("all", "F.hardtanh (line 7)"),
    "q15_relu/leaky_relu": ("all", "F.leaky_relu (line 7)"),
    "q15_relu/elu": ("all", "F.elu (line 7)"),
    "q15_relu/prelu": ("all", "F.prelu (line 7)"),
    "q15_relu/threshold_backward": ("all", "torch.ops.aten.threshold_backward (line 6)"),
    "q15_relu/fork_at_import": ("all", "started a child process (os.fork) when it was imported"),
    "q28_cross_entropy/kl_div": ("scratch", "F.kl_div (line 12)"),
    "q28_cross_entropy/renamed_import": ("scratch", "pick_log_probabilities (line 11)"),
    "q28_cross_entropy/softmax_then_log": ("scratch", "torch.softmax (line 6)"),
    "q28_cross_entropy/disable_torch_dispatch": ("scratch", "torch._C._DisableTorchDispatch (line 6)"),
    "q28_cross_entropy/sibling_module": ("scratch", "F.log_softmax (helpers.py, line 5)"),
    "q28_cross_entropy/variable_functions": ("scratch", "torch._C._VariableFunctions.log_softmax (line 6)"),
    "q28_cross_entropy/aten_overload": ("scratch", "torch.ops.aten._log_softmax.default (line 6)"),
    "q28_cross_entropy/categorical_log_prob": ("scratch", "Categorical (line 12)"),
    "q28_cross_entropy/categorical_set_on_a_class": ("all", "used torch.distributions"),
    "q28_cross_entropy/kl_div_set_on_a_class": ("scratch", "(through aten.kl_div)"),
    "q29_softmax/special_softmax": ("all", "torch.special.softmax (line 6)"),
    "q29_softmax/exp_of_log_softmax": ("all", "x.log_softmax (line 6)"),
    "q29_softmax/softmin": ("all", "F.softmin (line 6)"),
    "q29_softmax/fork": ("all", "os.fork (line 9)"),
    "q29_softmax/exec_definition": ("all", "exec (line 2)"),
    "q29_softmax/redispatch": ("all", "torch.ops.aten._softmax.default.redispatch (line 7)"),
    "q29_softmax/disable_current_modes": ("all", "_disable_current_modes (line 7)"),
    "q29_softmax/categorical_logits_exp": ("all", "torch.distributions.Categorical (line 6)"),
    "q29_softmax/categorical_set_on_a_class": ("all", "used torch.distributions"),
    "q30_multilabel/soft_margin": ("scratch", "F.soft_margin_loss (line 10)"),
    "q30_multilabel/multilabel_soft_margin": ("scratch", "F.multilabel_soft_margin_loss (line 10)"),
    "q30_multilabel/thread_started_at_import": ("all", "a thread that the module started was running"),
    "q30_multilabel/pop_mode_stack": ("scratch", "torch._C._pop_torch_dispatch_stack (line 13)"),
    "q30_multilabel/globals_rebinding": ("scratch", "globals (line 14)"),
    "q30_multilabel/binomial_log_prob": ("scratch", "Binomial (line 10)"),
    "q30_multilabel/binomial_set_on_a_class": ("scratch", "used torch.distributions"),
    "q30_multilabel/two_class_cross_entropy": ("scratch", "(through aten.cross_entropy_loss)"),
    "q30_multilabel/multilabel_soft_margin_set_on_a_class": ("scratch",
                                                             "used torch.nn.functional.multilabel_soft_margin_loss"),
}
CASES = {folder.name: sorted(folder.iterdir()) for folder in sorted(EVASIONS.iterdir()) if folder.is_dir()}
ROUNDS = max(len(cases) for cases in CASES.values())
ALL = [(module, r, case) for module, cases in CASES.items() for r, case in enumerate(cases)]


@pytest.mark.fast
def test_every_evasion_has_an_expectation():
    cases = {f"{module}/{case.stem}" for module, _, case in ALL if not case.stem.startswith("honest_")}
    assert cases == set(EXPECTED)


@cache
def graded_round(r: int, folder: str) -> dict:
    submission = Path(folder)
    for module, cases in CASES.items():
        if r < len(cases):
            if cases[r].is_dir():
                shutil.copytree(cases[r], submission, dirs_exist_ok=True)
            else:
                shutil.copyfile(cases[r], submission / f"{module}.py")
    items = sorted(module[:3] for module, cases in CASES.items() if r < len(cases))
    return run_grade(submission, "--items", ",".join(items))


@pytest.fixture(scope="session")
def round_report(tmp_path_factory):
    folders = {}

    def report(r: int) -> dict:
        folders.setdefault(r, str(tmp_path_factory.mktemp(f"evasions{r}")))
        return graded_round(r, folders[r])

    return report


@pytest.mark.slow
@pytest.mark.parametrize("module,r,case", ALL, ids=[f"{m}/{c.stem}" for m, _, c in ALL])
def test_evasion_costs_its_item_and_honest_code_keeps_full_marks(module, r, case, round_report):
    item = round_report(r)["items"][module[:3]]
    checks = {check["name"]: check for check in item["checks"]}
    for check in item["checks"]:
        assert "internal error" not in check["message"] and "Traceback" not in check["message"], check
    if case.stem.startswith("honest_"):
        failed = [(check["name"], check["message"]) for check in checks.values() if not check["passed"]]
        assert item["score"] == item["max_score"], failed
        return
    scope, named = EXPECTED[f"{module}/{case.stem}"]
    if scope == "view":
        failing = [check for name, check in checks.items() if "view" in name]
    else:
        failing = list(checks.values()) if scope == "all" else [checks[FROM_SCRATCH]]
    assert failing and not any(check["passed"] for check in failing), [(c["name"], c["passed"]) for c in failing]
    assert any(named in check["message"] for check in failing), [check["message"] for check in failing]
    if scope != "view":
        assert named in checks[FROM_SCRATCH]["message"], checks[FROM_SCRATCH]["message"]
