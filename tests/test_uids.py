"""The sandbox uids (autograder/runner/uids.py): each live sandbox holds a pair no other holds,
and a pair comes back only once nothing of it is left."""

import os
import subprocess
import sys
import time

import pytest

from autograder.runner import uids
from autograder.worker import processes

pytestmark = [pytest.mark.fast, pytest.mark.skipif(os.geteuid() != 0, reason="leases are root's")]

HOLD = """
import sys, time
from autograder.runner import uids
lease = uids.lease()
print(lease.uid, flush=True)
time.sleep(60)
"""


def as_uid(uid: int, *argv: str) -> subprocess.Popen:
    return subprocess.Popen(["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--", *argv],
                            start_new_session=True)


def test_live_sandboxes_never_share_a_uid():
    held = [uids.lease() for _ in range(3)]
    other = subprocess.Popen([sys.executable, "-c", HOLD], stdout=subprocess.PIPE, text=True)
    try:
        theirs = int(other.stdout.readline())
        mine = {lease.uid for lease in held}
        assert len(mine) == 3 and theirs not in mine
        assert all(lease.keeper == lease.uid + 1 for lease in held)
    finally:
        other.kill()
        other.wait()
        other.stdout.close()
        for lease in held:
            lease.release()


def test_a_uid_comes_back_with_no_process_and_no_file_of_it(open_tmp):
    lease = uids.lease()
    shared = open_tmp / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    # A detached process of each uid, and a file the worker uid left in a shared folder.
    worker = as_uid(lease.uid, "sh", "-c", f"touch {shared}/left; exec sleep 600")
    keeper = as_uid(lease.keeper, "sleep", "600")
    while not ((shared / "left").exists() and processes.of_user(lease.keeper)):
        time.sleep(0.05)
    assert processes.of_user(lease.uid) and processes.of_user(lease.keeper)
    lease.release((str(shared),))
    assert not processes.of_user(lease.uid) and not processes.of_user(lease.keeper)
    assert not (shared / "left").exists()
    assert worker.wait(timeout=10) == -9 and keeper.wait(timeout=10) == -9


def test_a_uid_a_grader_left_behind_is_cleared_before_it_is_leased_again(monkeypatch):
    lease = uids.lease()
    left = as_uid(lease.uid, "sleep", "600")
    while not processes.of_user(lease.uid):  # setpriv has not changed uid yet
        time.sleep(0.05)
    os.close(lease.fd)  # the grader died: its lock is gone, its sandbox's process is not
    monkeypatch.setattr(uids, "POOL", range(lease.uid, lease.uid + 2, 2))
    again = uids.lease()
    try:
        assert again.uid == lease.uid and not processes.of_user(lease.uid)
        assert left.wait(timeout=10) == -9
    finally:
        again.release()
