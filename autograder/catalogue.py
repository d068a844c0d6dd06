"""The questionnaire: every item, and what it may not call.

An item is declared by its solution module (its names, title, written part: the generated index
items.json reads them from there) and by its check modules (points live with the checks, in the
`points` marker). This module adds only what neither says: the calls a from-scratch item
refuses, the slow imports an item's workers need, and the points of a written part.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from autograder import aten_ops

WRITTEN_POINTS = 1  # each written answer, graded by a person


@dataclass(frozen=True)
class Refusal:
    """Something an item asks the student to write from scratch, or a way of writing code that
    would hide it from the grader.

    `operators` are aten operators refused at run time whatever reached their kernel: an alias,
    `torch.ops.aten`, a redispatch, another thread (the static check looks for their names too).
    `attributes` are Python code refused at run time wherever it is entered from: a dotted path
    to a module (everything defined in it and below it), a function or a builtin. `names` are
    what the static check looks for in the source: a plain name matches that part of a dotted
    path or an imported name
    (`sigmoid`: torch.sigmoid, x.sigmoid(), `from torch import sigmoid`), a dotted name the same
    run of parts ("torch.utils.data": torch.utils.data.dataloader.DataLoader), "builtins.X" the
    builtin X, and "@" the operator.
    """

    shown: str
    operators: tuple[str, ...] = ()
    attributes: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    hint: str = "build it from simpler tensor operations"


@dataclass(frozen=True)
class Rules:
    """What the catalogue alone knows of an item; the rest its solution module says."""

    scratch: tuple[str, ...] = ()  # the functions that must not use the refused calls
    refuses: tuple[Refusal, ...] = ()
    # Slow imports its workers need, which the zygote makes once when the item is graded.
    preload: tuple[str, ...] = ()


@dataclass(frozen=True)
class Item:
    """An item as the index (generated from its solution module) and its rules declare it."""

    id: str
    module: str
    title: str
    question: str
    names: tuple[str, ...]  # what the student defines
    kinds: dict = field(default_factory=dict, hash=False)  # name -> "function", "class" or "value"
    examples: dict = field(default_factory=dict, hash=False)  # name -> its docstring's first example call
    written: bool = True
    scratch: tuple[str, ...] = ()
    refuses: tuple[Refusal, ...] = ()
    preload: tuple[str, ...] = ()

    def hint_for(self, shown: str) -> str:
        """What to do instead of the refused call the tripwire reported."""
        hints = {name: r.hint for r in self.refuses for name in (r.shown, *r.attributes)}
        return hints.get(shown, Refusal.hint)

    def refusals(self) -> dict:
        """The run-time part of the refusals, in the form the worker's tripwire takes."""
        return {
            "operators": {op: r.shown for r in self.refuses for op in r.operators},
            "attributes": [a for r in self.refuses for a in r.attributes],
        }


# Functions that compute a softmax, which with two classes is a sigmoid too.
SOFTMAX_NAMES = ("softmax", "Softmax", "Softmax2d", "log_softmax", "LogSoftmax", "softmin", "Softmin",
                 "gumbel_softmax", "scaled_dot_product_attention", "MultiheadAttention",
                 "multi_head_attention_forward")

# Losses of logits that compute a log-sigmoid inside (aten_ops.LOGISTIC_LOSSES and their Python forms).
LOGISTIC_LOSS_NAMES = ("binary_cross_entropy_with_logits", "BCEWithLogitsLoss", "soft_margin_loss", "SoftMarginLoss",
                       "multilabel_soft_margin_loss", "MultiLabelSoftMarginLoss")
CROSS_ENTROPY_NAMES = ("cross_entropy", "cross_entropy_loss", "CrossEntropyLoss")

SIGMOID = Refusal(
    shown="torch.sigmoid",
    operators=(*aten_ops.SIGMOID, *aten_ops.SOFTMAX, *aten_ops.ATTENTION, *aten_ops.LOGISTIC_LOSSES),
    names=("sigmoid", "sigmoid_", "expit", "Sigmoid", "logsigmoid", "log_sigmoid", "LogSigmoid", "glu", "GLU", "silu",
           "SiLU", "softplus", "Softplus", *SOFTMAX_NAMES, *LOGISTIC_LOSS_NAMES),
    hint="build it from simpler operations such as exp and division",
)
MATMUL = Refusal(
    shown="a built-in matrix product (@, matmul, mm, einsum, tensordot or dot)",
    operators=(*aten_ops.MATMUL, *aten_ops.ATTENTION, *aten_ops.LINEAR_SOLVES),
    names=("matmul", "mm", "bmm", "addmm", "addbmm", "baddbmm", "mv", "addmv", "einsum", "tensordot", "dot", "vdot",
           "inner", "vecdot", "multi_dot", "chain_matmul", "linear", "Linear", "LazyLinear", "bilinear", "Bilinear",
           "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "Conv1d",
           "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d", "cdist", "embedding_bag",
           "EmbeddingBag", "scaled_dot_product_attention", "MultiheadAttention", "__matmul__", "__rmatmul__",
           "__imatmul__", "@", "solve", "solve_ex", "solve_triangular", "triangular_solve", "lu_solve",
           "cholesky_solve", "ldl_solve", "lstsq", "tensorsolve", "inv", "inv_ex", "inverse", "tensorinv",
           "cholesky_inverse", "lu", "lu_factor", "lu_factor_ex", "ldl_factor", "ldl_factor_ex", "cholesky",
           "cholesky_ex", "qr", "geqrf", "ormqr", "householder_product"),
    hint="multiply elementwise with broadcasting and sum, or loop over rows and columns",
)
DATA_LOADER = Refusal(
    shown="torch.utils.data",
    attributes=("torch.utils.data",),
    names=("torch.utils.data", "DataLoader", "BatchSampler", "RandomSampler", "SequentialSampler",
           "SubsetRandomSampler", "WeightedRandomSampler", "default_collate", "default_convert"),
    hint="pick each batch's indices yourself and stack its items with torch.stack",
)
RELU = Refusal(
    shown="torch.relu",
    operators=aten_ops.RELU,
    names=("relu", "relu_", "ReLU", "relu6", "relu6_", "ReLU6", "threshold", "threshold_", "Threshold", "hardtanh",
           "hardtanh_", "Hardtanh", "leaky_relu", "leaky_relu_", "LeakyReLU", "elu", "elu_", "ELU", "celu", "celu_",
           "CELU", "prelu", "PReLU", "rrelu", "rrelu_", "RReLU", "threshold_backward", "hardtanh_backward",
           "leaky_relu_backward", "elu_backward", "_add_relu"),
    hint="keep the positive values and replace the rest with 0, for instance with clamp or a comparison",
)
LOG_SOFTMAX = Refusal(shown="torch.log_softmax", operators=(*aten_ops.SOFTMAX, *aten_ops.ATTENTION),
                      names=SOFTMAX_NAMES, hint="subtract the row's largest value, then its log-sum-exp")
NLL = Refusal(shown="torch.nn.functional.nll_loss", operators=aten_ops.NLL,
              names=("nll_loss", "nll_loss2d", "nll_loss_nd", "NLLLoss", "NLLLoss2d", "kl_div", "KLDivLoss"),
              hint="pick each row's log-probability of its target by indexing, then average")
CROSS_ENTROPY = Refusal(shown="torch.nn.functional.cross_entropy", names=CROSS_ENTROPY_NAMES,
                        hint="chain your own log_softmax and nll_loss")
SOFTMAX = Refusal(shown="torch.softmax", operators=(*aten_ops.SOFTMAX, *aten_ops.ATTENTION), names=SOFTMAX_NAMES,
                  hint="subtract the largest value along `dim`, exponentiate and divide by the sum")
BCE = Refusal(
    shown="torch.nn.functional.binary_cross_entropy_with_logits",
    operators=(*aten_ops.BINARY_CROSS_ENTROPY, *aten_ops.CROSS_ENTROPY),
    # Python code over log-sigmoids, which this item allows: no refused kernel runs inside.
    attributes=("torch.nn.functional.multilabel_soft_margin_loss",),
    names=("binary_cross_entropy", "BCELoss", *LOGISTIC_LOSS_NAMES, *CROSS_ENTROPY_NAMES),
    hint="write the formula with log1p, exp and clamp so that it stays finite",
)
# A distribution's probs, logits and log_prob compute sigmoids, softmaxes and their losses
# (Bernoulli, Binomial, Categorical, Multinomial, their relaxed forms, the sigmoid and softmax
# transforms), some through kernels that no item refuses (log-sum-exp, gather, log1p).
DISTRIBUTIONS = Refusal(
    shown="torch.distributions",
    attributes=("torch.distributions",),
    names=("torch.distributions", "Bernoulli", "Binomial", "Categorical", "ContinuousBernoulli", "Geometric",
           "LogisticNormal", "Multinomial", "NegativeBinomial", "OneHotCategorical", "OneHotCategoricalStraightThrough",
           "RelaxedBernoulli", "LogitRelaxedBernoulli", "RelaxedOneHotCategorical", "ExpRelaxedCategorical",
           "SigmoidTransform", "SoftmaxTransform", "StickBreakingTransform", "logits_to_probs", "probs_to_logits"),
    hint="write the formula yourself with tensor operations: a distribution's probs, logits and log_prob compute "
         "the very function this exercise asks for",
)
# Ways of writing a from-scratch function that hide what it calls from a reader of its source.
HIDDEN = Refusal(
    shown="a lookup that hides what the code calls",
    names=("builtins.getattr", "builtins.__import__", "builtins.eval", "builtins.exec", "builtins.compile",
           "builtins.globals", "builtins.vars", "builtins.locals", "__builtins__", "__dict__", "__getattribute__",
           "__getattr__", "importlib", "sys.modules", "attrgetter", "methodcaller", "pickle", "marshal"),
    hint="name each function you call in the source itself",
)
# Ways of leaving the sight of the run-time check: other threads and processes, native code,
# compiled kernels, the interpreter's frames and hooks, torch's dispatcher internals, the grader.
ESCAPE = Refusal(
    shown="a way around the grader's run-time check",
    names=("threading", "_thread", "multiprocessing", "concurrent", "subprocess", "pty", "os.fork", "os.forkpty",
           "os.system", "os.popen", "os.posix_spawn", "os.posix_spawnp", "os.spawnl", "os.spawnle", "os.spawnlp",
           "os.spawnlpe", "os.spawnv", "os.spawnve", "os.spawnvp", "os.spawnvpe", "os.execl", "os.execle",
           "os.execlp", "os.execlpe", "os.execv", "os.execve", "os.execvp", "os.execvpe", "ctypes", "cffi", "gc",
           "inspect", "sys._getframe", "sys._current_frames", "sys.settrace", "sys.setprofile", "sys.addaudithook",
           "__traceback__", "tb_frame", "f_back", "f_locals", "f_globals", "__closure__", "cell_contents",
           "__code__", "__globals__", "torch._C", "torch.library", "torch.compile", "torch._dynamo",
           "torch._inductor", "cpp_extension", "_python_dispatch", "redispatch", "autograder"),
    hint="compute the result in the function itself, in this thread, with tensor operations",
)
# Every from-scratch item refuses both, besides its own library functions.
UNREADABLE = (HIDDEN, ESCAPE)

# torch builds its first optimiser by importing torch._dynamo, which takes seconds.
OPTIMISER = ("torch._dynamo",)
PLOTS = ("matplotlib.pyplot",)
IMAGES = ("torchvision.transforms.v2.functional",)

RULES = {
    "q02": Rules(scratch=("sigmoid",), refuses=(SIGMOID, DISTRIBUTIONS), preload=PLOTS),
    "q05": Rules(scratch=("SimpleDataLoader",), refuses=(DATA_LOADER,)),
    "q06": Rules(preload=OPTIMISER),
    "q10": Rules(scratch=("matmul",), refuses=(MATMUL,)),
    "q13": Rules(preload=OPTIMISER),
    "q14": Rules(preload=OPTIMISER),
    "q15": Rules(scratch=("relu",), refuses=(RELU,), preload=PLOTS),
    "q18": Rules(preload=OPTIMISER),
    "q19": Rules(preload=IMAGES),
    "q21": Rules(preload=IMAGES),
    "q24": Rules(preload=IMAGES),
    "q25": Rules(preload=PLOTS),
    "q27": Rules(preload=OPTIMISER),
    "q28": Rules(scratch=("log_softmax", "nll_loss", "cross_entropy"),
                 refuses=(LOG_SOFTMAX, NLL, CROSS_ENTROPY, DISTRIBUTIONS)),
    "q29": Rules(scratch=("softmax",), refuses=(SOFTMAX, DISTRIBUTIONS)),
    "q30": Rules(scratch=("binary_cross_entropy",), refuses=(BCE, DISTRIBUTIONS)),
}

# Generated from solutions/ by `python -m autograder.authoring` (authoring/index.py).
INDEX = Path(__file__).with_name("items.json")


def _item(entry: dict) -> Item:
    rules = RULES.get(entry["id"], Rules())
    unknown = set(rules.scratch) - set(entry["names"])
    if unknown:
        raise ValueError(f"catalogue: {entry['id']} has no {', '.join(sorted(unknown))} to write from scratch")
    return Item(id=entry["id"], module=entry["module"], title=entry["title"], question=entry["question"],
                names=tuple(entry["names"]), kinds=entry["kinds"], examples=entry["examples"],
                written=entry["written"], scratch=rules.scratch,
                refuses=(*rules.refuses, *UNREADABLE) if rules.scratch else rules.refuses, preload=rules.preload)


ITEMS = tuple(_item(entry) for entry in json.loads(INDEX.read_text()))
BY_ID = {item.id: item for item in ITEMS}
if set(RULES) - set(BY_ID):
    raise ValueError(f"catalogue: rules for items without a solution: {', '.join(sorted(set(RULES) - set(BY_ID)))}")
FIRST, LAST = ITEMS[0].id, ITEMS[-1].id  # as the CLI and the docs name the range


def item(item_id: str) -> Item:
    return BY_ID[item_id]


def preloads(item_ids) -> list[str]:
    modules = {module for i in item_ids for module in BY_ID[i].preload}
    # The run-time tripwire's dispatch mode imports torch._dynamo on its first use.
    if any(BY_ID[i].refusals()["operators"] for i in item_ids):
        modules.update(OPTIMISER)
    return sorted(modules)
