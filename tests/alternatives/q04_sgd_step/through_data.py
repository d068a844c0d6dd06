"""Alternative: the update written on .data (invisible to autograd), the gradient zeroed in place."""


def sgd_step(params, lr: float) -> None:
    for p in params:
        if p.grad is not None:
            p.data.sub_(lr * p.grad.data)
            p.grad.zero_()


ANSWER = """The step moves every weight against its gradient by lr times the gradient, without being
recorded by autograd, and resets the gradient so the next batch starts from zero."""
