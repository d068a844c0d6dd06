"""The tool's RSA key pair for LTI 1.3: the private half signs the assertion that asks the LMS
for an access token (lms/lti_client.py), the public half is registered in the LMS, as a PEM
public key (Moodle) or a JSON Web Key (Canvas). `autograder lti key PATH` writes one."""

from __future__ import annotations

import json
import os
from pathlib import Path

from autograder.exits import ExitError

KEY_BITS = 2048  # what Moodle and Canvas take; RS256 needs at least 2048


def load_private(path: Path):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ExitError(f"{path}: {exc.strerror or exc}: write a key with `autograder lti key {path}` and "
                        "register its public half in the LMS") from exc
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise ExitError(f"{path}: not an unencrypted PEM private key ({exc})") from exc
    if not isinstance(key, rsa.RSAPrivateKey) or key.key_size < KEY_BITS:
        raise ExitError(f"{path}: LTI 1.3 signs with RS256: the key must be RSA of {KEY_BITS} bits or more")
    return key


def public_pem(key) -> str:
    from cryptography.hazmat.primitives import serialization

    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def public_jwk(key, key_id: str) -> str:
    from jwt.algorithms import RSAAlgorithm

    jwk = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
    return json.dumps({**jwk, "alg": "RS256", "use": "sig", "kid": key_id})


def write_new(path: Path):
    """A new private key at path (readable by its owner only); never over an existing file."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as exc:
        raise ExitError(f"{path} exists: a new key would undo the LMS's registration of the old one; "
                        "give another path") from exc
    except OSError as exc:
        raise ExitError(f"{path}: {exc.strerror or exc}") from exc
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    return key
