"""Stands in for q01: writes what it was called with wherever it can outside its own folder
(the sandbox's home, every world-writable folder of the host), for a later item to read and show
in a check's message."""
import os

NAME = "left-by-q01.txt"


def places() -> list[str]:
    """The sandbox's folder (above this item's own), its home, and every world-writable folder."""
    sandbox = os.path.dirname(os.getcwd())
    found = [sandbox, os.path.join(sandbox, "home"), "/tmp", "/var/tmp"]
    for top in ("/dev", "/run", "/var/lock", "/var/spool", "/var/mail", "/var/crash"):
        for folder, _, _ in os.walk(top):
            try:
                if os.stat(folder).st_mode & 0o002:
                    found.append(folder)
            except OSError:
                pass
    return sorted(set(found))


def mnist_loss(predictions, targets):
    wrote = []
    for folder in places():
        try:
            with open(os.path.join(folder, NAME), "w") as f:
                f.write("SECRET " + repr(predictions.tolist()[:3]))
            wrote.append(folder)
        except OSError:
            pass
    raise NotImplementedError(f"q01: wrote into {wrote}")
