"""Leaves a note open to everyone in every world-writable folder of the host, then looks there for
the notes of another student graded at the same time (the same attack in both): two sandboxes
that could meet in a shared folder could share answers or work."""
import os
import time

MINE = f"meet-{os.getpid()}"


def shared_folders() -> list[str]:
    found = ["/tmp", "/var/tmp"]
    for top in ("/dev", "/run", "/var/lock", "/var/spool", "/var/mail", "/var/crash"):
        for folder, _, _ in os.walk(top):
            try:
                if os.stat(folder).st_mode & 0o002:
                    found.append(folder)
            except OSError:
                pass
    return sorted(set(found))


def mnist_loss(predictions, targets):
    folders, left, met = shared_folders(), [], set()
    for folder in folders:
        try:
            fd = os.open(os.path.join(folder, MINE), os.O_CREAT | os.O_WRONLY, 0o666)
            os.fchmod(fd, 0o666)
            os.close(fd)
            left.append(folder)
        except OSError:
            pass
    deadline = time.monotonic() + 6
    while time.monotonic() < deadline:
        for folder in folders:
            try:
                met |= {f"{folder}/{name}" for name in os.listdir(folder) if name.startswith("meet-") and name != MINE}
            except OSError:
                pass
        time.sleep(0.1)
    raise NotImplementedError(f"q01: left notes in {len(left)} folders, met {len(met)}")
