"""The questionnaire: every item's module, the names it must define, and what it may not call.

Points live with the checks (the `points` marker); this table holds what the runner, the
generators and the reports need to know about an item before any check runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

WRITTEN_POINTS = 1  # each written answer, graded by a person


@dataclass(frozen=True)
class Refusal:
    """A library function that an item asks the student to write from scratch.

    `operators` are aten operator names caught at run time whatever alias reached them,
    `attributes` are Python objects swapped for a trap during calls, and `names` are what the
    static check looks for in the student's source (attribute uses and imports).
    """

    shown: str
    operators: tuple[str, ...] = ()
    attributes: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    hint: str = "build it from simpler tensor operations"


@dataclass(frozen=True)
class Item:
    id: str
    module: str
    title: str
    names: tuple[str, ...]
    written: bool = True
    scratch: tuple[str, ...] = ()  # the functions that must not use the refused calls
    refuses: tuple[Refusal, ...] = field(default=())
    # Slow imports its workers need, which the zygote makes once when the item is graded.
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


SIGMOID = Refusal("torch.sigmoid", ("sigmoid", "sigmoid_"), (), ("sigmoid", "sigmoid_", "expit", "Sigmoid"))
MATMUL = Refusal(
    "a built-in matrix product (@, matmul, mm, einsum, tensordot or dot)",
    ("mm", "bmm", "addmm", "addbmm", "baddbmm", "mv", "addmv", "dot", "vdot", "_addmm_activation"),
    (),
    ("matmul", "mm", "bmm", "einsum", "tensordot", "dot", "mv", "inner", "linear", "__matmul__", "@"),
)
DATA_LOADER = Refusal(
    "torch.utils.data",
    (),
    ("torch.utils.data.DataLoader", "torch.utils.data.BatchSampler", "torch.utils.data.RandomSampler",
     "torch.utils.data.SequentialSampler", "torch.utils.data.default_collate",
     "torch.utils.data.dataloader.default_collate"),
    ("DataLoader", "BatchSampler", "RandomSampler", "SequentialSampler", "default_collate", "torch.utils.data"),
    hint="pick each batch's indices yourself and stack its items with torch.stack",
)
RELU = Refusal("torch.relu", ("relu", "relu_"), (), ("relu", "relu_", "ReLU"))
LOG_SOFTMAX = Refusal("torch.log_softmax", ("_log_softmax",), (), ("log_softmax", "LogSoftmax"))
NLL = Refusal("torch.nn.functional.nll_loss", ("nll_loss_forward", "nll_loss2d_forward"), (), ("nll_loss", "NLLLoss"))
CROSS_ENTROPY = Refusal("torch.nn.functional.cross_entropy", (), (), ("cross_entropy", "CrossEntropyLoss"))
SOFTMAX = Refusal("torch.softmax", ("_softmax", "_log_softmax"), (), ("softmax", "Softmax", "log_softmax"))
BCE = Refusal(
    "torch.nn.functional.binary_cross_entropy_with_logits",
    ("binary_cross_entropy_with_logits", "binary_cross_entropy"),
    (),
    ("binary_cross_entropy_with_logits", "binary_cross_entropy", "BCEWithLogitsLoss", "BCELoss"),
)

# torch builds its first optimiser by importing torch._dynamo, which takes seconds.
OPTIMISER = ("torch._dynamo",)
PLOTS = ("matplotlib.pyplot",)
IMAGES = ("torchvision.transforms.v2.functional",)

ITEMS = (
    Item("q01", "q01_accuracy_loss", "Why accuracy can't be a loss", ("mnist_loss",)),
    Item("q02", "q02_sigmoid", "Sigmoid", ("sigmoid", "plot_sigmoid"), scratch=("sigmoid",), refuses=(SIGMOID,),
         preload=PLOTS),
    Item("q03", "q03_loss_vs_metric", "Loss versus metric", ("batch_accuracy",)),
    Item("q04", "q04_sgd_step", "The weight update", ("sgd_step",)),
    Item("q05", "q05_dataloader", "DataLoader", ("SimpleDataLoader",), scratch=("SimpleDataLoader",),
         refuses=(DATA_LOADER,)),
    Item("q06", "q06_sgd_epoch", "An SGD epoch", ("train_epoch",), preload=OPTIMISER),
    Item("q07", "q07_zip_pairs", "zip", ("pair_up", "make_dataset")),
    Item("q08", "q08_view", "view", ("flatten_images", "unflatten_images")),
    Item("q09", "q09_bias", "Bias", ("init_params", "linear1")),
    Item("q10", "q10_matmul", "The @ operator", ("matmul",), scratch=("matmul",), refuses=(MATMUL,)),
    Item("q11", "q11_backward", "backward", ("gradient",)),
    Item("q12", "q12_zero_grad", "Zeroing gradients", ("calc_grad", "zero_grads")),
    Item("q13", "q13_learner", "Learner", ("DataLoaders", "Learner"), preload=OPTIMISER),
    Item("q14", "q14_training_loop", "The training loop (timed)", ("validate_epoch", "train_model"),
         preload=OPTIMISER),
    Item("q15", "q15_relu", "ReLU", ("relu", "plot_relu"), scratch=("relu",), refuses=(RELU,), preload=PLOTS),
    Item("q16", "q16_activation", "Activation functions", ("collapse_linear",)),
    Item("q17", "q17_relu_module", "F.relu versus nn.ReLU", ("make_simple_net", "simple_net_functional")),
    Item("q18", "q18_deeper", "Why deeper", ("count_params", "make_deep_net"), preload=OPTIMISER),
    Item("q19", "q19_presizing", "Presizing", ("two_step", "presize"), preload=IMAGES),
    Item("q20", "q20_regex", "Regular expressions", ("breed_from_filename", "is_cat"), written=False),
    Item("q21", "q21_data_formats", "Two ways data arrive", ("labels_from_folders", "labels_from_csv"),
         preload=IMAGES),
    Item("q22", "q22_L", "L", ("L",), written=False),
    Item("q23", "q23_pathlib", "pathlib", ("get_image_files", "grandparent_split"), written=False),
    Item("q24", "q24_degradation", "How transforms degrade", ("empty_fraction", "repeated_interpolation_error"),
         preload=IMAGES),
    Item("q25", "q25_show_batch", "Viewing a batch", ("show_batch",), preload=PLOTS),
    Item("q26", "q26_summary", "Debugging a pipeline", ("summarize",)),
    Item("q27", "q27_top_losses", "Train before cleaning", ("top_losses",), preload=OPTIMISER),
    Item("q28", "q28_cross_entropy", "Cross-entropy", ("log_softmax", "nll_loss", "cross_entropy"),
         scratch=("log_softmax", "nll_loss", "cross_entropy"), refuses=(LOG_SOFTMAX, NLL, CROSS_ENTROPY)),
    Item("q29", "q29_softmax", "Softmax", ("softmax",), scratch=("softmax",), refuses=(SOFTMAX,)),
    Item("q30", "q30_multilabel", "When not softmax", ("multilabel_predict", "binary_cross_entropy"),
         scratch=("binary_cross_entropy",), refuses=(BCE,)),
    Item("q31", "q31_softmax_table", "The bear softmax table", ("BEAR_TABLE", "softmax_table"), written=False),
)

BY_ID = {item.id: item for item in ITEMS}



def item(item_id: str) -> Item:
    return BY_ID[item_id]


def preloads(item_ids) -> list[str]:
    modules = {module for i in item_ids for module in BY_ID[i].preload}
    # The run-time tripwire's dispatch mode imports torch._dynamo on its first use.
    if any(BY_ID[i].refusals()["operators"] for i in item_ids):
        modules.update(OPTIMISER)
    return sorted(modules)
