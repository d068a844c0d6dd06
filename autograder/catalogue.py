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


# Kernels and functions that compute a softmax, which with two classes is a sigmoid too.
SOFTMAX_KERNELS = ("_softmax", "_log_softmax", "_safe_softmax", "_masked_softmax", "_sparse_softmax",
                   "_sparse_log_softmax", "_nested_tensor_softmax_with_shape")
ATTENTION_KERNELS = (
    "_scaled_dot_product_flash_attention_for_cpu", "_scaled_dot_product_flash_attention",
    "_scaled_dot_product_efficient_attention", "_scaled_dot_product_cudnn_attention",
    "_scaled_dot_product_fused_attention_overrideable", "_scaled_dot_product_attention_math",
    "_scaled_dot_product_attention_math_for_mps", "_efficient_attention_forward", "_flash_attention_forward",
    "_cudnn_attention_forward", "_native_multi_head_attention", "_triton_multi_head_attention",
    "_triton_scaled_dot_attention",
)
SOFTMAX_NAMES = ("softmax", "Softmax", "Softmax2d", "log_softmax", "LogSoftmax", "softmin", "Softmin",
                 "gumbel_softmax", "scaled_dot_product_attention", "MultiheadAttention",
                 "multi_head_attention_forward")

SIGMOID = Refusal(
    "torch.sigmoid",
    ("sigmoid", "sigmoid_", "_foreach_sigmoid", "_foreach_sigmoid_", "log_sigmoid_forward", "glu", "silu", "silu_",
     "softplus", *SOFTMAX_KERNELS, *ATTENTION_KERNELS),
    (),
    ("sigmoid", "sigmoid_", "expit", "Sigmoid", "logsigmoid", "log_sigmoid", "LogSigmoid", "glu", "GLU", "silu",
     "SiLU", "softplus", "Softplus", *SOFTMAX_NAMES),
    hint="build it from simpler operations such as exp and division",
)
MATMUL = Refusal(
    "a built-in matrix product (@, matmul, mm, einsum, tensordot or dot)",
    ("mm", "bmm", "addmm", "addmm_", "addbmm", "addbmm_", "baddbmm", "baddbmm_", "mv", "addmv", "addmv_", "dot",
     "vdot", "_addmm_activation", "_int_mm", "_scaled_mm", "_scaled_mm_v2", "_grouped_mm", "_scaled_grouped_mm",
     "_scaled_grouped_mm_v2", "_foreach_mm", "_sparse_mm", "_sparse_addmm", "sspaddmm", "hspmm", "smm",
     "_sparse_sparse_matmul", "sparse_sampled_addmm", "_sparse_mm_reduce_impl", "_sparse_semi_structured_mm",
     "_sparse_semi_structured_addmm", "_sparse_semi_structured_linear", "_cslt_sparse_mm", "_mixed_dtypes_linear",
     "_weight_int8pack_mm", "_weight_int4pack_mm", "_weight_int4pack_mm_for_cpu",
     "_weight_int4pack_mm_with_scales_and_zeros", "_dyn_quant_matmul_4bit", "fbgemm_linear_fp16_weight",
     "fbgemm_linear_fp16_weight_fp32_activation", "fbgemm_linear_int8_weight",
     "fbgemm_linear_int8_weight_fp32_activation", "mkldnn_linear", "linear_backward", "mkldnn_linear_backward",
     "mkldnn_linear_backward_input", "mkldnn_linear_backward_weights", "matmul_backward", "_trilinear",
     "_compute_linear_combination", "_cdist_forward", "_embedding_bag", "_embedding_bag_forward_only",
     "convolution", "_convolution", "convolution_overrideable", "convolution_backward",
     "convolution_backward_overrideable", "conv_tbc", "conv_tbc_backward", "_conv_depthwise2d", "conv_depthwise3d",
     "_slow_conv2d_forward", "_slow_conv2d_backward", "thnn_conv2d", "slow_conv3d", "slow_conv3d_forward",
     "slow_conv_dilated2d", "slow_conv_dilated3d", "slow_conv_transpose2d", "slow_conv_transpose3d",
     "mkldnn_convolution", "cudnn_convolution", "cudnn_convolution_transpose", "cudnn_convolution_relu",
     "cudnn_convolution_add_relu", "miopen_convolution", "miopen_convolution_transpose",
     "miopen_depthwise_convolution", "miopen_convolution_relu", "miopen_convolution_add_relu",
     "_nnpack_spatial_convolution", "_mps_convolution", "_mps_convolution_transpose", *ATTENTION_KERNELS),
    (),
    ("matmul", "mm", "bmm", "addmm", "addbmm", "baddbmm", "mv", "addmv", "einsum", "tensordot", "dot", "vdot",
     "inner", "vecdot", "multi_dot", "chain_matmul", "linear", "Linear", "LazyLinear", "bilinear", "Bilinear",
     "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "Conv1d", "Conv2d",
     "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d", "cdist", "embedding_bag", "EmbeddingBag",
     "scaled_dot_product_attention", "MultiheadAttention", "__matmul__", "__rmatmul__", "__imatmul__", "@"),
    hint="multiply elementwise with broadcasting and sum, or loop over rows and columns",
)
DATA_LOADER = Refusal(
    "torch.utils.data",
    (),
    ("torch.utils.data",),
    ("torch.utils.data", "DataLoader", "BatchSampler", "RandomSampler", "SequentialSampler", "SubsetRandomSampler",
     "WeightedRandomSampler", "default_collate", "default_convert"),
    hint="pick each batch's indices yourself and stack its items with torch.stack",
)
RELU = Refusal(
    "torch.relu",
    ("relu", "relu_", "_add_relu", "_add_relu_", "threshold", "threshold_", "threshold_backward", "hardtanh",
     "hardtanh_", "hardtanh_backward", "leaky_relu", "leaky_relu_", "leaky_relu_backward", "elu", "elu_",
     "elu_backward", "celu", "celu_", "_prelu_kernel", "_prelu_kernel_backward", "rrelu_with_noise",
     "rrelu_with_noise_", "rrelu_with_noise_functional", "rrelu_with_noise_backward", "cudnn_convolution_relu",
     "cudnn_convolution_add_relu", "miopen_convolution_relu", "miopen_convolution_add_relu",
     "quantized_rnn_relu_cell"),
    (),
    ("relu", "relu_", "ReLU", "relu6", "relu6_", "ReLU6", "threshold", "threshold_", "Threshold", "hardtanh",
     "hardtanh_", "Hardtanh", "leaky_relu", "leaky_relu_", "LeakyReLU", "elu", "elu_", "ELU", "celu", "celu_",
     "CELU", "prelu", "PReLU", "rrelu", "rrelu_", "RReLU", "threshold_backward", "hardtanh_backward",
     "leaky_relu_backward", "elu_backward", "_add_relu"),
    hint="keep the positive values and replace the rest with 0, for instance with clamp or a comparison",
)
LOG_SOFTMAX = Refusal("torch.log_softmax", SOFTMAX_KERNELS + ATTENTION_KERNELS, (),
                      SOFTMAX_NAMES, hint="subtract the row's largest value, then its log-sum-exp")
NLL = Refusal("torch.nn.functional.nll_loss", ("nll_loss_forward", "nll_loss2d_forward"), (),
              ("nll_loss", "nll_loss2d", "nll_loss_nd", "NLLLoss", "NLLLoss2d", "kl_div", "KLDivLoss"),
              hint="pick each row's log-probability of its target by indexing, then average")
CROSS_ENTROPY = Refusal("torch.nn.functional.cross_entropy", (), (),
                        ("cross_entropy", "cross_entropy_loss", "CrossEntropyLoss"),
                        hint="chain your own log_softmax and nll_loss")
SOFTMAX = Refusal("torch.softmax", SOFTMAX_KERNELS + ATTENTION_KERNELS, (), SOFTMAX_NAMES,
                  hint="subtract the largest value along `dim`, exponentiate and divide by the sum")
BCE = Refusal(
    "torch.nn.functional.binary_cross_entropy_with_logits",
    ("binary_cross_entropy_with_logits", "binary_cross_entropy", "soft_margin_loss"),
    (),
    ("binary_cross_entropy_with_logits", "binary_cross_entropy", "BCEWithLogitsLoss", "BCELoss", "soft_margin_loss",
     "SoftMarginLoss", "multilabel_soft_margin_loss", "MultiLabelSoftMarginLoss"),
    hint="write the formula with log1p, exp and clamp so that it stays finite",
)
# Ways of writing a from-scratch function that hide what it calls from a reader of its source.
HIDDEN = Refusal(
    "a lookup that hides what the code calls",
    names=("builtins.getattr", "builtins.__import__", "builtins.eval", "builtins.exec", "builtins.compile",
           "builtins.globals", "builtins.vars", "builtins.locals", "__builtins__", "__dict__", "__getattribute__",
           "__getattr__", "importlib", "sys.modules", "attrgetter", "methodcaller", "pickle", "marshal"),
    hint="name each function you call in the source itself",
)
# Ways of leaving the sight of the run-time check: other threads and processes, native code,
# compiled kernels, the interpreter's frames and hooks, torch's dispatcher internals, the grader.
ESCAPE = Refusal(
    "a way around the grader's run-time check",
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
    "q02": Rules(("sigmoid",), (SIGMOID,), PLOTS),
    "q05": Rules(("SimpleDataLoader",), (DATA_LOADER,)),
    "q06": Rules(preload=OPTIMISER),
    "q10": Rules(("matmul",), (MATMUL,)),
    "q13": Rules(preload=OPTIMISER),
    "q14": Rules(preload=OPTIMISER),
    "q15": Rules(("relu",), (RELU,), PLOTS),
    "q18": Rules(preload=OPTIMISER),
    "q19": Rules(preload=IMAGES),
    "q21": Rules(preload=IMAGES),
    "q24": Rules(preload=IMAGES),
    "q25": Rules(preload=PLOTS),
    "q27": Rules(preload=OPTIMISER),
    "q28": Rules(("log_softmax", "nll_loss", "cross_entropy"), (LOG_SOFTMAX, NLL, CROSS_ENTROPY)),
    "q29": Rules(("softmax",), (SOFTMAX,)),
    "q30": Rules(("binary_cross_entropy",), (BCE,)),
}

# Generated from solutions/ by `python -m autograder.authoring` (authoring/index.py).
INDEX = Path(__file__).with_name("items.json")


def _item(entry: dict) -> Item:
    rules = RULES.get(entry["id"], Rules())
    unknown = set(rules.scratch) - set(entry["names"])
    if unknown:
        raise ValueError(f"catalogue: {entry['id']} has no {', '.join(sorted(unknown))} to write from scratch")
    return Item(entry["id"], entry["module"], entry["title"], entry["question"], tuple(entry["names"]),
                entry["kinds"], entry["examples"], entry["written"], rules.scratch,
                (*rules.refuses, *UNREADABLE) if rules.scratch else rules.refuses, rules.preload)


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
