"""Setting up: the Python version is checked first, a .venv made by another Python is rebuilt,
and torch comes from PyTorch's CPU index where there is no GPU, from the default index when that
cannot be reached or fails (autograder/install.py, used by tasks.py and the student bundle)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

import pytest

from autograder import install

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"


def pins() -> list[str]:
    dependencies = tomllib.loads(PYPROJECT.read_text())["project"]["dependencies"]
    return [d for d in dependencies if re.match(r"(torch|torchvision)\b", d)]


class Pip:
    """Stands in for subprocess.run: records each pip command, fails those that name an index."""

    def __init__(self, failing: str | None = None):
        self.commands, self.failing = [], failing

    def __call__(self, command):
        self.commands.append(command)
        return subprocess.CompletedProcess(command, 1 if self.failing and self.failing in command else 0)


@pytest.mark.fast
def test_torch_comes_from_the_cpu_index_pinned_as_pyproject_pins_it():
    assert install.torch_pins(PYPROJECT) == pins() and len(pins()) == 2
    (where, cpu), (fallback, default) = install.torch_commands(Path("py"), pins(), cpu_index=True)
    assert where == "PyTorch's CPU index" and fallback == "the default index"
    assert cpu[:4] == ["py", "-m", "pip", "install"] and cpu[cpu.index("--index-url") + 1] == install.CPU_INDEX
    assert cpu[-2:] == pins() and default[-2:] == pins() and "--index-url" not in default
    pip = Pip()
    assert install.install_torch(Path("py"), pins(), gpu=False, run=pip, can_reach=lambda url: True) == where
    assert pip.commands == [cpu]


@pytest.mark.fast
def test_the_default_index_when_the_cpu_index_fails_or_cannot_be_reached(capsys):
    cpu, default = (c for _, c in install.torch_commands(Path("py"), pins(), cpu_index=True))
    failing = Pip(failing=install.CPU_INDEX)
    assert install.install_torch(Path("py"), pins(), False, run=failing, can_reach=lambda url: True) == \
        "the default index"
    assert failing.commands == [cpu, default]
    asked, unreachable = [], Pip()
    assert install.install_torch(Path("py"), pins(), False, run=unreachable,
                                 can_reach=lambda url: asked.append(url) or False) == "the default index"
    assert asked == [install.CPU_INDEX] and unreachable.commands == [default]
    assert "cannot be reached" in capsys.readouterr().out
    with pytest.raises(RuntimeError, match="torch could not be installed"):
        install.install_torch(Path("py"), pins(), False, run=Pip(failing="-q"), can_reach=lambda url: True)


@pytest.mark.fast
def test_a_machine_with_a_gpu_takes_the_default_index_without_asking_the_cpu_index():
    pip = Pip()
    install.install_torch(Path("py"), pins(), gpu=True, run=pip, can_reach=lambda url: pytest.fail("asked"))
    assert pip.commands == [install.torch_commands(Path("py"), pins(), cpu_index=False)[0][1]]


@pytest.mark.fast
def test_an_unreachable_index_is_known_in_seconds():
    import time

    start = time.monotonic()
    assert not install.reachable("http://127.0.0.1:9", timeout=5)
    assert time.monotonic() - start < 10


@pytest.mark.slow
def test_the_bundle_installs_with_the_same_installer():
    from autograder.authoring import bundle

    assert bundle.members(ROOT)["lesson4/install.py"] == (ROOT / "autograder" / "install.py").read_bytes()


def old_python() -> str | None:
    """An interpreter older than 3.11 on this machine, to try the version check with."""
    candidates = [shutil.which(f"python3.{minor}") for minor in (10, 9, 8)]
    if shutil.which("pyenv"):
        listed = subprocess.run(["pyenv", "versions", "--bare"], capture_output=True, text=True).stdout.split()
        # From 3.8: older ones cannot even parse the scripts' `from __future__ import annotations`.
        for version in sorted((v for v in listed if re.fullmatch(r"3\.(8|9|10)\.\d+", v)), reverse=True):
            prefix = subprocess.run(["pyenv", "prefix", version], capture_output=True, text=True).stdout.strip()
            candidates.append(f"{prefix}/bin/python3" if prefix else None)
    for candidate in filter(None, candidates):
        done = subprocess.run([candidate, "-c", "import sys; print(sys.version_info < (3, 11))"],
                              capture_output=True, text=True)
        if done.returncode == 0 and done.stdout.strip() == "True":
            return candidate
    return None


@pytest.mark.fast
def test_the_version_message():
    assert install.version_problem(PYPROJECT, (3, 11, 0)) is None
    message = install.version_problem(PYPROJECT, (3, 10, 13))
    assert message.startswith("Python 3.11 or newer is needed; this is Python 3.10") and "\n" not in message


def newer_than_3_0(source: str) -> list[str]:
    """The syntax in source that Python 2.7 or 3.0 cannot parse, each as 'line N: what'."""
    import io
    import tokenize

    found = []
    tokens = [t for t in tokenize.generate_tokens(io.StringIO(source).readline)
              if t.type not in (tokenize.COMMENT, tokenize.NL)]
    depth, in_def, opened = 0, False, []
    for i, token in enumerate(tokens):
        where, text, before = f"line {token.start[0]}", token.string, tokens[i - 1].string if i else ""
        if token.type == getattr(tokenize, "FSTRING_START", None) or (
                token.type == tokenize.STRING and "f" in text[:text.index(text[-1])].lower()):
            found.append(f"{where}: f-string")
        if text in ("->", ":="):
            found.append(f"{where}: {text}")
        if text in ("nonlocal", "async", "await") and token.type == tokenize.NAME:
            found.append(f"{where}: {text}")
        if text == "from" and before == "yield":
            found.append(f"{where}: yield from")
        if text in ("*", "**") and before in ("[", "{", ",") and opened[-1:] in (["["], ["{"]):
            found.append(f"{where}: unpacking in a display")
        if text == "annotations" and [t.string for t in tokens[max(0, i - 3):i]] == ["from", "__future__", "import"]:
            found.append(f"{where}: from __future__ import annotations")
        if text == ":" and in_def and depth == 1:
            found.append(f"{where}: an annotation")
        if text == ":" and depth == 0 and statement_start(tokens, i) and not in_def:
            found.append(f"{where}: an annotation")
        if text in "([{" and token.type == tokenize.OP:
            depth, opened = depth + 1, opened + [text]
        elif text in ")]}" and token.type == tokenize.OP:
            depth, opened = depth - 1, opened[:-1]
        in_def = (text == "def" or in_def) and not (text == ":" and depth == 0)
    return found


def statement_start(tokens, i: int) -> bool:
    """Whether the ':' at i ends `name:` or `a.b:` at a statement's start (a variable annotation),
    not a compound statement's header."""
    import keyword
    import tokenize

    j = i - 1
    while j >= 0 and (tokens[j].type == tokenize.NAME or tokens[j].string == "."):
        j -= 1
    first = tokens[j + 1] if j + 1 < i else None
    starts = j < 0 or tokens[j].type in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT)
    return starts and first is not None and not keyword.iskeyword(first.string)


@pytest.mark.fast
def test_old_pythons_parse_install_py_and_reach_its_version_check():
    """Python compiles a whole file before running a line of it: one f-string anywhere, and 2.7
    or 3.6 print a SyntaxError instead of the message. Before the check, only modules every
    Python has."""
    source = (ROOT / "autograder" / "install.py").read_text()
    assert newer_than_3_0(source) == []
    prelude = source[:source.index('\nif __name__ == "__main__":')]
    assert set(re.findall(r"(?m)^(?:from|import) (\w+)", prelude)) == {"__future__", "re", "sys"}
    assert "from __future__ import print_function" in prelude  # print(..., flush=True) parses on 2.7
    assert 'print("install.py: " + PROBLEM)' in source.split('if __name__ == "__main__":')[1]


@pytest.mark.fast
def test_the_syntax_check_finds_what_old_pythons_cannot_parse():
    samples = {'x = f"{a}"': "f-string", "def f(a: int): pass": "an annotation", "def f() -> int: pass": "->",
               "n: int = 1": "an annotation", "self.n: int = 1": "an annotation",
               "if (n := 1): pass": ":=", "from __future__ import annotations": "from __future__ import annotations",
               "a = [*b, 1]": "unpacking in a display", "a = {**b}": "unpacking in a display",
               "def g():\n    yield from h()": "yield from", "def g():\n    nonlocal x": "nonlocal"}
    for sample, what in samples.items():
        assert [f.split(": ", 1)[1] for f in newer_than_3_0(sample + "\n")] == [what], sample
    old = "d = {'a': 1}\nf = lambda x: x\nif a:\n    pass\nfor k in d: pass\nf(*a, **d)\nx = d['a'][1:2]\n"
    assert newer_than_3_0(old) == []


def old_pythons() -> list[str]:
    """pyenv's interpreters older than 3.11, where pyenv has any."""
    if not shutil.which("pyenv"):
        return []
    listed = subprocess.run(["pyenv", "versions", "--bare"], capture_output=True, text=True).stdout.split()
    old = [v for v in listed if re.fullmatch(r"(2\.7|3\.(\d|10))\.\d+", v)]
    return [f"{subprocess.run(['pyenv', 'prefix', v], capture_output=True, text=True).stdout.strip()}/bin/python"
            for v in old]


@pytest.mark.fast
def test_every_old_python_at_hand_prints_install_pys_one_line(tmp_path):
    pythons = old_pythons()
    if not pythons:
        pytest.skip("no pyenv Python older than 3.11 on this machine")
    shutil.copy(ROOT / "autograder" / "install.py", tmp_path / "install.py")
    shutil.copy(PYPROJECT, tmp_path / "pyproject.toml")
    for python in pythons:
        done = subprocess.run([python, "install.py"], capture_output=True, text=True, timeout=60, cwd=tmp_path)
        assert (done.returncode, done.stderr) == (2, ""), (python, done.stderr)
        assert done.stdout.startswith("install.py: Python 3.11 or newer is needed") and done.stdout.count("\n") == 1
    assert not (tmp_path / ".venv").exists()


@pytest.mark.slow
def test_an_old_python_is_stopped_at_once_with_one_line(tmp_path):
    """python3.10 tasks.py demo used to resolve for minutes; the bundle's install.py likewise."""
    old = old_python()
    if old is None:
        pytest.skip("no Python older than 3.11 on this machine")
    student = tmp_path / "student"
    student.mkdir()
    shutil.copy(ROOT / "autograder" / "install.py", student / "install.py")
    shutil.copy(PYPROJECT, student / "pyproject.toml")
    for script, prefix in ((ROOT / "tasks.py", "tasks.py: "), (student / "install.py", "install.py: ")):
        done = subprocess.run([old, str(script), "demo" if script.name == "tasks.py" else "--notebook"],
                              capture_output=True, text=True, timeout=60, cwd=tmp_path)
        assert done.returncode == 2 and done.stderr == "", done.stderr
        assert done.stdout.count("\n") == 1 and done.stdout.startswith(prefix + "Python 3.11 or newer is needed")
    assert not (student / ".venv").exists()


@pytest.mark.fast
def test_a_venv_made_by_another_python_is_rebuilt(tmp_path, monkeypatch):
    folder = tmp_path / ".venv"
    venv.create(folder, with_pip=False)
    assert install.made_here(folder)
    config = folder / "pyvenv.cfg"
    config.write_text(re.sub(r"(?m)^version = .*$", "version = 3.10.13", config.read_text()))
    assert not install.made_here(folder) and not install.made_here(tmp_path / "missing")
    made = []
    monkeypatch.setattr(install.venv, "create", lambda path, **options: made.append((path, options)))
    assert install.environment(folder) == folder / "bin" / "python"
    assert made == [(folder, {"clear": True, "with_pip": True})]
