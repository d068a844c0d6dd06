"""Tries to write outside its own folder: the grader's tree, /tmp, the home folder."""
import os

MARK = "hostile-write-outside-marker"
for place in ("/work/hostile-marker.txt", "/tmp/hostile-marker.txt", "/root/hostile-marker.txt",
              os.path.join(os.path.dirname(os.path.dirname(os.getcwd())), "hostile-marker.txt")):
    try:
        with open(place, "w") as f:
            f.write(MARK)
    except OSError:
        pass


def mnist_loss(predictions, targets):
    raise NotImplementedError("q01: mnist_loss is not implemented yet")
