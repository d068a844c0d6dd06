"""Makes SysV IPC objects (a message queue, shared memory, a semaphore set) at import: they
outlive every process, so without an IPC namespace of its own (or the worker's seccomp filter)
they would stay on the host after grading."""
import ctypes

IPC_CREAT, IPC_PRIVATE = 0o1000, 0
libc = ctypes.CDLL(None, use_errno=True)
made = [libc.msgget(IPC_PRIVATE, IPC_CREAT | 0o666), libc.shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0o666),
        libc.semget(IPC_PRIVATE, 1, IPC_CREAT | 0o666)]


def mnist_loss(predictions, targets):
    raise RuntimeError(f"IPC objects made: {made}")
