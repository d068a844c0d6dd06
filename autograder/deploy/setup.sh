#!/usr/bin/env bash
# Gradescope runs this once, as root, while it builds the autograder's image (the network is
# open then, not while grading). It installs bubblewrap for the sandbox, Python 3.11 or newer,
# CPU-only torch (Gradescope's machines have no GPU) and this package with its hidden checks
# and reference solutions, which stay in the image, readable by root only.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
SOURCE="${AUTOGRADER_SOURCE:-/autograder/source}"
VENV="${AUTOGRADER_VENV:-/autograder/venv}"

apt-get update -q
apt-get install -y -q --no-install-recommends bubblewrap libseccomp2 python3 python3-venv python3-pip ca-certificates
PYTHON=python3
if ! python3 -I -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    # Ubuntu 22.04 ships 3.10; its universe has 3.11.
    apt-get install -y -q --no-install-recommends python3.11 python3.11-venv
    PYTHON=python3.11
fi
"$PYTHON" -I -m venv "$VENV"
"$VENV/bin/pip" install -q --upgrade pip
"$VENV/bin/pip" install -q --index-url https://download.pytorch.org/whl/cpu {torch_requirements}
"$VENV/bin/pip" install -q "$SOURCE/package"

# Where the container allows no namespaces (isolation level separate-user), each grading runs
# student code as uids of its own, leased from a range that needs no account. `secure` closes the
# installed hidden checks and solutions, and the package's source here, to every user but root,
# then prints the level grading gets.
"$VENV/bin/autograder" secure "$SOURCE"
# The image grades before any student meets it: the packaged reference at full marks and the
# stubs at zero, through run_autograder, or the build fails here.
"$VENV/bin/python" -I -m autograder.deploy.gradescope_run "$SOURCE"
