"""Bad input gets a clear message and costs nothing else: zips, encodings, unrelated files,
and (property-based) any mangling of a valid module."""

import shutil
import subprocess
import sys
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pytest

from conftest import SOLUTIONS, run_grade

Q01 = (SOLUTIONS / "q01_accuracy_loss.py").read_bytes()
Q07 = (SOLUTIONS / "q07_zip_pairs.py").read_bytes()


def grade_cli(path, *extra):
    return subprocess.run([sys.executable, "-P", "-m", "autograder", "grade", str(path), *extra],
                          capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_a_zip_with_a_wrapping_folder_is_graded(tmp_path):
    archive = tmp_path / "sub.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("alice-lesson4/q01_accuracy_loss.py", Q01)
        zf.writestr("alice-lesson4/notes.txt", "not code")
    report = run_grade(archive, "--items", "q01")
    assert report["score"] == report["max_score"] > 0


@pytest.mark.slow
def test_zip_members_outside_the_folder_or_links_are_skipped_and_said(tmp_path):
    archive = tmp_path / "sub.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("q01_accuracy_loss.py", Q01)
        zf.writestr("../../escape.py", "print('escaped')")
        zf.writestr("/etc/evil.py", "x = 1")
        link = zipfile.ZipInfo("q07_zip_pairs.py")
        link.external_attr = (0o120777 << 16)
        zf.writestr(link, "/etc/passwd")
    result = grade_cli(archive, "--items", "q01,q07")
    assert result.returncode == 0, result.stderr
    assert "points outside the submission" in result.stderr
    assert "q07_zip_pairs.py is a symbolic link: submit the file itself" in result.stderr
    assert not (tmp_path.parent / "escape.py").exists()
    assert "total: 6/" in result.stdout  # q01 full marks; q07 arrived as a link and is missing


@pytest.mark.fast
def test_a_zip_bomb_is_refused_in_one_line(tmp_path):
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("q01_accuracy_loss.py", b"#" * (40 << 20))
    result = grade_cli(archive)
    assert result.returncode == 2 and "zip bomb" in result.stderr
    assert result.stderr.strip().count("\n") == 0


@pytest.mark.fast
def test_a_file_that_is_not_a_zip_is_refused(tmp_path):
    fake = tmp_path / "sub.zip"
    fake.write_text("hello")
    result = grade_cli(fake)
    assert result.returncode == 2 and "not a readable zip" in result.stderr


@pytest.mark.slow
def test_encodings_bom_is_fine_and_latin1_costs_its_item_only(tmp_path):
    (tmp_path / "q01_accuracy_loss.py").write_bytes(b"\xef\xbb\xbf" + Q01)
    (tmp_path / "q07_zip_pairs.py").write_bytes(Q07.replace(b'"""', b'"""\xe9', 1))
    report = run_grade(tmp_path, "--items", "q01,q07")
    assert report["items"]["q01"]["score"] == report["items"]["q01"]["max_score"]
    q07 = report["items"]["q07"]
    assert q07["score"] == 0 and "UTF-8" in q07["checks"][0]["message"]


@pytest.mark.slow
def test_a_folder_of_unrelated_files_scores_zero_with_reasons(tmp_path):
    (tmp_path / "notes.md").write_text("# my notes")
    (tmp_path / "helper.py").write_text("x = 1\n")
    report = run_grade(tmp_path, "--items", "q01,q07")
    assert report["score"] == 0
    assert all("missing from the submission" in c["message"]
               for item in report["items"].values() for c in item["checks"])


@pytest.mark.slow
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(0, len(Q01)), junk=st.binary(max_size=40))
def test_any_mangled_module_still_gets_a_report(tmp_path, cut, junk):
    folder = tmp_path / f"case-{cut}-{len(junk)}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    (folder / "q01_accuracy_loss.py").write_bytes(Q01[:cut] + junk + Q01[cut:])
    report = run_grade(folder, "--items", "q01")
    for check in report["items"]["q01"]["checks"]:
        assert "internal error" not in check["message"] and "Traceback" not in check["message"]
