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

# Where the container allows no namespaces, the sandbox runs student code as this user
# (isolation level separate-user). `secure` closes the installed hidden checks and solutions,
# and the package's source here, to every user but root, then prints the level grading gets.
id -u autograder-sandbox >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin autograder-sandbox
"$VENV/bin/autograder" secure "$SOURCE"
