"""A student's own net (q18), rebuilt in the grading process from the steps a probe traced
(torch.fx) and run step by step: the held-out digits go only through a net the grader built.

Nothing in a description is compiled or executed as code: each layer, function and method it
names is looked up in the tables below, and what it may make this process compute is bounded."""

from __future__ import annotations

import operator
import re

import torch
from torch import nn

from autograder.checks.show import show

# The torch.nn layers a net may be made of, with the attributes that rebuild each one (a tensor
# attribute such as Linear's bias stands for "present"). The probe receives this table.
LAYERS = {
    "Linear": ("in_features", "out_features", "bias"),
    "ReLU": (), "ReLU6": (), "LeakyReLU": ("negative_slope",), "PReLU": ("num_parameters",), "ELU": ("alpha",),
    "SELU": (), "CELU": ("alpha",), "GELU": ("approximate",), "SiLU": (), "Mish": (), "Sigmoid": (), "Tanh": (),
    "Softplus": ("beta", "threshold"), "Hardtanh": ("min_val", "max_val"), "Hardswish": (), "Hardsigmoid": (),
    "LogSigmoid": (), "Softsign": (), "Dropout": ("p",), "Identity": (), "Flatten": ("start_dim", "end_dim"),
    "BatchNorm1d": ("num_features", "eps", "momentum", "affine", "track_running_stats"),
    "LayerNorm": ("normalized_shape", "eps", "elementwise_affine", "bias"),
}
# Functions and tensor methods a forward pass may call, by the module the probe found them in.
# None of them touches files, processes or anything but its tensor arguments.
_MATH = ("relu", "relu6", "leaky_relu", "elu", "selu", "celu", "gelu", "silu", "mish", "sigmoid", "tanh",
         "softplus", "hardtanh", "hardswish", "hardsigmoid", "logsigmoid", "softsign", "prelu", "clamp",
         "clamp_min", "clamp_max", "clip", "maximum", "minimum", "abs", "exp", "log", "sqrt", "square", "pow",
         "neg", "add", "sub", "mul", "div", "matmul", "mm", "flatten", "reshape", "squeeze", "unsqueeze",
         "transpose", "cat", "stack", "sum", "mean", "softmax", "log_softmax", "linear", "layer_norm", "where")
FUNCTIONS = {
    ("torch", name): getattr(torch, name) for name in _MATH if hasattr(torch, name)
} | {
    ("torch.nn.functional", name): getattr(nn.functional, name) for name in _MATH if hasattr(nn.functional, name)
} | {
    ("operator", name): getattr(operator, name) for name in ("add", "sub", "mul", "truediv", "neg", "matmul",
                                                             "getitem", "pow")
}
SPACES = sorted({space for space, _ in FUNCTIONS})  # where the probe looks a function up
METHODS = frozenset(_MATH) | {"view", "size", "t", "contiguous", "float"}
# Bounds on what a description may make this process compute: steps, numbers in the net (the
# contract asks for fewer than 23,581), items in one argument list, and numbers in all the
# intermediate results of a forward pass over the held-out digits (the reference net: 35,000).
MAX_STEPS = 1_000
MAX_REBUILT = 200_000
MAX_ITEMS = 8
MAX_VALUES = 1 << 24
DRY_RUN = (400, 784)  # the largest batch the grader runs through a rebuilt net
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_]*")  # no leading underscore: none reaches nn.Module internals


class Unbuildable(Exception):
    """The probe's description names something the grader does not rebuild; str() says what."""


class Rebuilt(nn.Module):
    """A student's net as the probe traced it, run step by step: layers from LAYERS, functions
    and methods from FUNCTIONS and METHODS. Nothing in the description is compiled or executed
    as code; it is only looked up in those tables."""

    def __init__(self, steps: list):
        super().__init__()
        if not isinstance(steps, list) or len(steps) > MAX_STEPS:
            raise Unbuildable("a description the grader cannot read")
        if sum(isinstance(step, dict) and step.get("op") == "placeholder" for step in steps) != 1:
            raise Unbuildable("a forward pass that does not take exactly one input")
        self._steps = []
        for step in steps:
            op = step.get("op") if isinstance(step, dict) else None
            if op == "call_module":
                self._place(step.get("target"), _layer(step))
            elif op == "get_attr":
                if step.get("kind") not in ("parameter", "buffer"):
                    raise Unbuildable(f"the attribute {step.get('target')!r}, neither a parameter nor a buffer")
                tensor = _tensor(step)
                self._place(step.get("target"), nn.Parameter(tensor) if step["kind"] == "parameter" else tensor)
            elif op == "call_function" and tuple(step.get("function", ())) not in FUNCTIONS:
                raise Unbuildable(f"the function {'.'.join(map(str, step.get('function', ())))}")
            elif op == "call_method" and step.get("method") not in METHODS:
                raise Unbuildable(f"the tensor method .{step.get('method')}()")
            elif op not in ("placeholder", "call_function", "call_method", "output", "get_attr", "call_module"):
                raise Unbuildable(f"a step of kind {op!r}")
            self._steps.append(step)
        size = sum(t.numel() for t in self.state_dict().values())
        if size > MAX_REBUILT:
            raise Unbuildable(f"a net of {size:,} numbers (the grader rebuilds up to {MAX_REBUILT:,})")
        try:  # on the meta device, shapes without memory: the sizes are known before anything is computed
            self(torch.empty(DRY_RUN, device="meta"))
        except Unbuildable:
            raise
        except Exception as exc:
            raise Unbuildable(f"a forward pass that fails ({type(exc).__name__}: {str(exc)[:200]})") from exc
        self.to_empty(device="cpu")

    def _place(self, target, value) -> None:
        parts = target.split(".") if isinstance(target, str) else []
        if not parts or not all(_NAME.fullmatch(p) for p in parts):
            raise Unbuildable(f"a layer named {target!r}")
        owner = self
        for part in parts[:-1]:
            if part not in owner._modules:
                owner.add_module(part, nn.Module())
            owner = owner._modules[part]
            if owner is None:
                raise Unbuildable(f"a layer named {target!r}")
        name = parts[-1]
        if name in owner._modules or name in owner._parameters or name in owner._buffers:
            return  # a layer used twice (shared weights) is one layer
        try:
            if isinstance(value, nn.Module):
                owner.add_module(name, value)
            elif isinstance(value, nn.Parameter):
                owner.register_parameter(name, value)
            else:
                owner.register_buffer(name, value)
        except (KeyError, TypeError) as exc:
            raise Unbuildable(f"a layer named {target!r}") from exc

    def forward(self, x):
        values: dict = {}
        computed = 0
        for step in self._steps:
            op, args = step["op"], _value(step.get("args", []), values)
            kwargs = _value(step.get("kwargs", {}), values)
            if op == "placeholder":
                result = x
            elif op == "get_attr" or op == "call_module":
                result = self.get_submodule(step["target"]) if op == "call_module" else _attribute(self, step["target"])
                if op == "call_module":
                    result = result(*args, **kwargs)
            elif op == "call_function":
                result = FUNCTIONS[tuple(step["function"])](*args, **kwargs)
            elif op == "call_method":
                if not args or not isinstance(args[0], torch.Tensor):
                    raise Unbuildable(f"the method .{step['method']}() called on something not a tensor")
                result = getattr(args[0], step["method"])(*args[1:], **kwargs)
            else:
                return args[0]
            computed += result.numel() if isinstance(result, torch.Tensor) else 0
            if computed > MAX_VALUES:
                raise Unbuildable(f"a forward pass that computes over {MAX_VALUES:,} numbers")
            values[step["name"]] = result
        raise Unbuildable("a forward pass without an output")


def _layer(step: dict) -> nn.Module:
    kind, settings = step.get("layer"), step.get("settings")
    if kind not in LAYERS or not isinstance(settings, dict) or set(settings) != set(LAYERS[kind]):
        raise Unbuildable(f"the layer {kind}")
    if not all(type(v) in (int, float, bool, str, type(None), tuple) for v in settings.values()):
        raise Unbuildable(f"the layer {kind} with settings {show(settings)}")
    try:
        with torch.device("meta"):  # sizes first: nothing is allocated before the total is known
            return getattr(nn, kind)(**settings)
    except (TypeError, ValueError, RuntimeError) as exc:
        raise Unbuildable(f"the layer {kind} with settings {show(settings)}") from exc


def _tensor(step: dict) -> torch.Tensor:
    shape = step.get("shape")
    if not isinstance(shape, list) or len(shape) > MAX_ITEMS or not all(type(n) is int and 0 <= n < 2**31
                                                                          for n in shape):
        raise Unbuildable(f"a tensor attribute {step.get('target')!r}")
    return torch.empty(shape, device="meta")


def _attribute(module: nn.Module, target: str):
    owner, _, name = target.rpartition(".")
    return getattr(module.get_submodule(owner) if owner else module, name)


def _value(data, values: dict):
    """An argument of a step: another step's result, a tuple or a slice (tagged by the probe with
    keys that no keyword argument can have), and plain constants."""
    if isinstance(data, (list, tuple, dict)) and len(data) > MAX_ITEMS:
        raise Unbuildable(f"an argument list of {len(data)} items")
    if isinstance(data, list):
        return [_value(v, values) for v in data]
    if isinstance(data, dict):
        if "@step" in data:
            return values[data["@step"]]
        if "@tuple" in data:
            return tuple(_value(v, values) for v in data["@tuple"])
        if "@slice" in data:
            return slice(*_value(data["@slice"], values))
        if "@unsupported" in data:
            raise Unbuildable(f"an argument of type {data['@unsupported']}")
        if not all(isinstance(k, str) and k.isidentifier() for k in data):
            raise Unbuildable(f"keyword arguments {show(list(data))}")
        return {k: _value(v, values) for k, v in data.items()}
    if data is None or type(data) in (bool, int, float, str):
        return data
    raise Unbuildable(f"an argument {show(data)}")
