"""Redispatches straight to the CPU kernel, below the key that dispatch modes sit on."""
import torch


def softmax(x, dim=-1):
    cpu = torch._C.DispatchKeySet(torch._C.DispatchKey.CPU)
    return torch.ops.aten._softmax.default.redispatch(cpu, x, dim, False)
