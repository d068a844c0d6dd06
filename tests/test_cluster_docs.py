"""docs/cluster.md's Slurm and Kubernetes set-ups as written, where neither can run: the Slurm
script's SLURMCluster renders the batch script each job runs (dask-jobqueue, installed here for
the test), and the manifests are valid: the DaskCluster against the CRD that dask-kubernetes'
operator installs (every field known, as `kubectl --validate=strict`), the namespace's Pod
Security level and the workers' security context."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from cluster_docs import block, make_certificates

pytestmark = pytest.mark.slow

# The versions docs/cluster.md was tested with.
JOBQUEUE, KUBERNETES = "dask-jobqueue==0.9.0", "dask-kubernetes==2026.3.0"
CRD = "dask_kubernetes/operator/deployment/helm/dask-kubernetes-operator/crds/daskcluster.yaml"


def pip(*args: str) -> None:
    done = subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", "-q", *args],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]


@pytest.fixture(scope="module")
def slurm_script(tmp_path_factory, monkeypatch_module):
    """docs/cluster.md's grade_on_slurm.py, imported with dask-jobqueue beside it and the
    certificates where it reads them."""
    packages = tmp_path_factory.mktemp("jobqueue")
    pip("install", "--no-deps", "--target", str(packages), JOBQUEUE)
    home = tmp_path_factory.mktemp("home")
    (home / ".autograder-tls").mkdir(mode=0o700)
    make_certificates(home / ".autograder-tls")
    monkeypatch_module.setenv("HOME", str(home))
    monkeypatch_module.syspath_prepend(str(packages))
    script: dict = {"__name__": "grade_on_slurm"}
    exec(compile(block("slurm"), "grade_on_slurm.py", "exec"), script)
    return script


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.mark.parametrize("gpu", [False, True], ids=["cpu", "gpu"])
def test_the_slurm_job_script_starts_a_worker_as_the_docs_say(slurm_script, gpu):
    with slurm_script["cluster"](gpu=gpu) as cluster:
        script = cluster.job_script()
        address = cluster.scheduler_address
    assert address.startswith("tls://")
    lines = script.splitlines()
    assert lines[0] == "#!/usr/bin/env bash"
    assert f"#SBATCH -p {'gpu' if gpu else 'cpu'}" in lines and "#SBATCH -A my-course" in lines
    assert "#SBATCH --cpus-per-task=4" in lines and "#SBATCH -t 02:00:00" in lines
    assert any(line.startswith("#SBATCH --mem=") for line in lines)
    assert ("#SBATCH --gres=gpu:1" in lines) == gpu
    assert f"source {sys.prefix}/bin/activate" in lines
    command = next(line for line in lines if "distributed.cli.dask_worker" in line)
    assert f" {address} " in command and f"--nthreads {1 if gpu else 4} " in command
    assert ("--resources GPU=1" in command) == gpu
    tls = Path.home() / ".autograder-tls"
    for option, path in (("--tls-ca-file", "ca.pem"), ("--tls-cert", "worker.pem"), ("--tls-key", "worker.key")):
        assert f"{option} {tls / path}" in command


@pytest.fixture(scope="module")
def operator_schema(tmp_path_factory) -> dict:
    """The DaskCluster CRD's schema, from the operator's own package (only read, never run)."""
    folder = tmp_path_factory.mktemp("dask-kubernetes")
    pip("download", "--no-deps", "--dest", str(folder), KUBERNETES)
    wheel = next(folder.glob("dask_kubernetes-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        crd = yaml.safe_load(zf.read(CRD))
    (version,) = crd["spec"]["versions"]
    assert (crd["spec"]["group"], version["name"]) == ("kubernetes.dask.org", "v1")
    return version["schema"]["openAPIV3Schema"]


def unknown_fields(value, schema: dict, where: str = "") -> list[str]:
    """Fields the schema does not declare, where it declares its fields (strict validation)."""
    found = []
    if isinstance(value, dict) and "properties" in schema:
        for key, item in value.items():
            if key in schema["properties"]:
                found += unknown_fields(item, schema["properties"][key], f"{where}.{key}")
            elif "additionalProperties" not in schema:
                found.append(f"{where}.{key}")
    elif isinstance(value, list) and "items" in schema:
        for number, item in enumerate(value):
            found += unknown_fields(item, schema["items"], f"{where}[{number}]")
    return found


def test_the_daskcluster_manifest_is_valid_for_the_operator(operator_schema):
    import jsonschema

    manifest = yaml.safe_load(block("kubernetes-cluster"))
    assert (manifest["apiVersion"], manifest["kind"]) == ("kubernetes.dask.org/v1", "DaskCluster")
    jsonschema.validate(manifest, operator_schema)
    # Every resource has these beside what its CRD declares.
    implicit = {"apiVersion", "kind", "metadata"}
    body = {k: v for k, v in manifest.items() if k not in implicit}
    assert unknown_fields(body, operator_schema) == []
    misspelt = yaml.safe_load(block("kubernetes-cluster").replace("securityContext:", "securityContex:"))
    assert unknown_fields(misspelt["spec"], operator_schema["properties"]["spec"]) == [
        ".worker.spec.containers[0].securityContex"]


def test_the_workers_run_as_root_without_new_capabilities_and_speak_tls_only():
    manifest = yaml.safe_load(block("kubernetes-cluster"))
    namespace = yaml.safe_load(block("kubernetes-namespace"))
    # baseline admits runAsUser 0 and the runtime's default capabilities; restricted would refuse the pods.
    assert namespace["kind"] == "Namespace" and manifest["metadata"]["namespace"] == namespace["metadata"]["name"]
    assert namespace["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "baseline"
    (scheduler,) = manifest["spec"]["scheduler"]["spec"]["containers"]
    (worker,) = manifest["spec"]["worker"]["spec"]["containers"]
    context = worker["securityContext"]
    assert context["runAsUser"] == 0 and context.get("privileged") is False
    assert "SYS_ADMIN" not in str(context.get("capabilities", {}))
    assert scheduler["args"][:2] == ["dask", "scheduler"] and worker["args"][:2] == ["dask", "worker"]
    assert scheduler["args"][scheduler["args"].index("--protocol") + 1] == "tls"
    assert worker["args"][2].startswith("tls://")
    for container in (scheduler, worker):
        assert {"--tls-ca-file", "--tls-cert", "--tls-key"} <= set(container["args"])
