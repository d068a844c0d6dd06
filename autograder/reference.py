"""Where the reference solutions live. Trusted side only: never staged into the sandbox."""

from pathlib import Path

SOLUTIONS = Path(__file__).resolve().parents[1] / "solutions"
