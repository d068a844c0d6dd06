"""grade-all --scheduler on a real Dask cluster on loopback (tests/dask_cluster.py): the class's
reports equal local grade-all's with a worker killed mid-run, a worker whose self-test fails
takes no task, CUDA gradings go to the workers with a GPU, and mutual TLS. The address checks,
the submission as data and a task lost with its workers are unit tests."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cluster_docs import make_certificates
from dask_cluster import LoopbackCluster

import classgen
from autograder.batch.cluster import Cluster, ClusterError, outcome
from autograder.batch.discover import Entry
from autograder.batch.shipped import Shipped, pack
from autograder.submission import SubmissionError

ITEMS = "q01,q07"
ROOT = Path(__file__).resolve().parents[1]
REFUSED = "limits-only"  # the worker whose isolation the run refuses: it takes no task
VARYING = ("graded_at", "cost", "worker")  # when, how long and where: all else is the grading's


def grade_all(submissions: Path, out: Path, *extra: str, **popen) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-P", "-m", "autograder", "grade-all", str(submissions), "--out", str(out),
                           "--items", ITEMS, "--device", "cpu", *extra], capture_output=True, text=True,
                          timeout=600, **popen)


def reports(out: Path) -> dict[str, dict]:
    return {p.stem: {k: v for k, v in json.loads(p.read_text()).items() if k not in VARYING}
            for p in sorted((out / "reports").glob("*.json"))}


@pytest.fixture(scope="module")
def klass(tmp_path_factory) -> Path:
    """Five students in every form: modules, partial work, a wrapped zip, a notebook, a broken zip."""
    root = tmp_path_factory.mktemp("class") / "submissions"
    classgen.modules(root / "good_01")
    classgen.modules(root / "partial_01", stubbed=("q07",))
    classgen.zipped(classgen.modules(root / "tmp_zip"), root / "good_zip.zip", wrapper="work")
    classgen.notebook(root / "good_notebook.ipynb")
    (root / "broken_badzip.zip").write_bytes(b"this is not a zip archive\n" * 10)
    return root


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """Two workers that grade (one advertising a GPU) and one whose isolation the run refuses."""
    with LoopbackCluster(tmp_path_factory.mktemp("cluster")) as running:
        running.add_worker("cpu")
        running.add_worker("gpu", "--resources", "GPU=1")
        running.add_worker(REFUSED, env={"AUTOGRADER_ISOLATION": "limits-only"})
        running.wait_for(3)
        yield running


@pytest.mark.slow
def test_a_class_on_the_cluster_equals_local_grade_all_with_a_worker_killed_mid_run(klass, cluster, tmp_path):
    local = grade_all(klass, tmp_path / "local", "--workers", "2")
    assert local.returncode == 0, local.stderr[-3000:]
    run = subprocess.Popen([sys.executable, "-P", "-m", "autograder", "grade-all", str(klass), "--out",
                            str(tmp_path / "out"), "--items", ITEMS, "--device", "cpu", "--scheduler", cluster.address],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 300
        while not any((tmp_path / "out" / "reports").glob("good_*.json")):  # one sent and graded
            assert run.poll() is None and time.monotonic() < deadline, run.communicate()[1][-3000:]
            time.sleep(0.2)
        cluster.kill("cpu")  # mid-run: its student goes to another worker
        _, err = run.communicate(timeout=300)
    finally:
        run.kill()
    assert run.returncode == 0, err[-3000:]
    assert reports(tmp_path / "out") == reports(tmp_path / "local")
    assert "cpu" in cluster.log("worker-cpu") and "Restarting worker" in cluster.log("worker-cpu")
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["run"] == {**summary["run"], "graded_now": 5, "skipped": 0, "scheduler": cluster.address}
    assert summary["graded"] == 4 and list(summary["errors"]) == ["broken_badzip"]
    # One line per worker before any task; the refused one named why, and graded no one.
    lines = [line for line in err.splitlines() if line.startswith("worker tcp://")]
    assert len(lines) == 3 and sum(": ready: isolation " in line for line in lines) == 2, lines
    assert any("refused: refusing to grade hidden checks at isolation 'limits-only'" in line for line in lines)
    refused = cluster.workers()[REFUSED]["address"]
    workers = {json.loads(p.read_text()).get("worker") for p in (tmp_path / "out" / "reports").glob("*.json")}
    assert refused not in workers and workers - {None}
    with open(tmp_path / "out" / "gradebook.csv", newline="") as handle:
        isolation = {row["student"]: row["isolation"] for row in csv.DictReader(handle)}
    assert isolation == {s: r.get("isolation", "") for s, r in reports(tmp_path / "out").items()}
    assert isolation["good_01"] and not isolation["broken_badzip"]
    # A second run resumes: everything is graded, nothing is sent.
    again = grade_all(klass, tmp_path / "out", "--scheduler", cluster.address)
    assert again.returncode == 0, again.stderr[-3000:]
    assert json.loads((tmp_path / "out" / "summary.json").read_text())["run"]["graded_now"] == 0


@pytest.mark.slow
def test_cuda_gradings_go_only_to_workers_with_a_gpu(klass, cluster, tmp_path):
    two = tmp_path / "two"
    for name in ("good_01", "partial_01"):
        shutil.copytree(klass / name, two / name)
    result = subprocess.run([sys.executable, "-P", "-m", "autograder", "grade-all", str(two), "--out",
                             str(tmp_path / "out"), "--items", "q01", "--device", "cuda",
                             "--scheduler", cluster.address], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    gpu = cluster.workers()["gpu"]
    assert gpu["resources"].get("GPU") == 1
    records = [json.loads(p.read_text()) for p in (tmp_path / "out" / "reports").glob("*.json")]
    assert len(records) == 2 and {r["worker"] for r in records} == {gpu["address"]}
    # No GPU here: the GPU worker's line says so, and its CUDA gradings are the grader's errors, not zeros.
    if not Path("/proc/driver/nvidia/gpus").is_dir():
        assert "GPU: none usable" in result.stderr
        assert all(r["error_kind"] == "grader" for r in records)


@pytest.fixture(scope="module")
def certificates(tmp_path_factory) -> dict:
    return make_certificates(tmp_path_factory.mktemp("certificates"))


@pytest.mark.slow
def test_mutual_tls_on_loopback(klass, certificates, tmp_path):
    one = tmp_path / "one"
    shutil.copytree(klass / "good_01", one / "good_01")
    (tmp_path / "cluster").mkdir()
    with LoopbackCluster(tmp_path / "cluster", certificates) as cluster:
        cluster.add_worker("only")
        cluster.wait_for(1)
        assert cluster.address.startswith("tls://127.0.0.1:")
        cert, key = certificates["client"]
        result = grade_all(one, tmp_path / "out", "--scheduler", cluster.address, "--tls-ca-file",
                           str(certificates["ca"]), "--tls-cert", str(cert), "--tls-key", str(key))
        assert result.returncode == 0, result.stderr[-3000:]
        record = json.loads((tmp_path / "out" / "reports" / "good_01.json").read_text())
        assert record["score"] == record["max_score"] > 0
        # The scheduler takes no client whose certificate another authority signed.
        from distributed import Client, Security

        (tmp_path / "stranger").mkdir()
        stranger = make_certificates(tmp_path / "stranger")["client"]
        security = Security(tls_ca_file=str(certificates["ca"]), tls_client_cert=str(stranger[0]),
                            tls_client_key=str(stranger[1]), require_encryption=True)
        with pytest.raises((OSError, TimeoutError)):
            Client(cluster.address, security=security, timeout="3s")


@pytest.mark.fast
@pytest.mark.parametrize("address", ["tcp://127.0.0.1:8786", "tcp://localhost:8786", "tcp://[::1]:8786",
                                     "127.0.0.1:8786"])
def test_a_loopback_tcp_scheduler_is_accepted(address):
    assert Cluster(address).security() is None


@pytest.mark.fast
def test_a_tcp_scheduler_elsewhere_is_refused_unless_insecure_is_allowed(capsys, tmp_path):
    from autograder import cli

    assert cli.main(["grade-all", str(tmp_path), "--scheduler", "tcp://192.0.2.7:8786"]) == 2
    assert "refusing tcp:// to 192.0.2.7" in capsys.readouterr().err
    assert Cluster("tcp://192.0.2.7:8786", allow_insecure=True).address == "tcp://192.0.2.7:8786"
    with pytest.raises(ClusterError, match="needs --tls-ca-file, --tls-cert and --tls-key"):
        Cluster("tls://192.0.2.7:8786", tls_ca_file="ca.pem")
    with pytest.raises(ClusterError, match="expected tls://HOST:PORT"):
        Cluster("ws://127.0.0.1:8786")
    assert Cluster("tls://192.0.2.7:8786", "ca.pem", "c.pem", "c.key").security().require_encryption


@pytest.mark.fast
def test_a_submission_travels_as_the_bytes_read_here_and_never_as_a_link(tmp_path):
    folder = classgen.modules(tmp_path / "amy")
    (folder / "helpers.py").symlink_to("/etc/passwd")
    (folder / "notes.txt").write_text("not read by grading")
    shipped = pack(folder)
    assert sorted(shipped.files) == sorted(classgen.MODULES.values())
    assert shipped.files["q07_zip_pairs.py"] == (folder / "q07_zip_pairs.py").read_bytes()
    for worker in ("worker", "worker-ben", "worker-dan"):
        (tmp_path / worker).mkdir()
    unpacked = shipped.unpack(tmp_path / "worker")
    assert sorted(p.name for p in unpacked.iterdir()) == sorted(classgen.MODULES.values())
    notebook = pack(classgen.notebook(tmp_path / "ben.ipynb")).unpack(tmp_path / "worker-ben")
    assert notebook.name == "ben.ipynb" and notebook.read_bytes() == (tmp_path / "ben.ipynb").read_bytes()
    zipped = pack(classgen.zipped(classgen.modules(tmp_path / "cat"), tmp_path / "cat.zip", wrapper="work"))
    assert zipped.name == "cat" and sorted(zipped.files) == sorted(f"work/{m}" for m in classgen.MODULES.values())
    with pytest.raises(SubmissionError, match="outside its folder"):
        Shipped("dan", {"../escape.py": b""}).unpack(tmp_path / "worker-dan")


@pytest.mark.fast
def test_a_student_whose_workers_keep_dying_becomes_an_error_row_graded_again_next_run():
    from distributed import KilledWorker

    class Lost:
        def result(self):
            raise KilledWorker("grade-amy", "tcp://127.0.0.1:1", 3)

    record = outcome(Lost(), Entry("amy", Path("amy"), None, "amy"))
    assert record["error_kind"] == "grader" and "allowed-failures" in record["error"]


@pytest.mark.fast
def test_each_gradebook_row_names_the_isolation_its_grading_had():
    from autograder.report import gradebook

    assert "isolation" in gradebook.columns([])
    assert gradebook.row({"student": "amy", "items": {}, "isolation": "separate-user"}, [], {})["isolation"] == \
        "separate-user"
