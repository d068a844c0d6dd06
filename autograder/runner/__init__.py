"""The trusted side of the sandbox: starts workers, sends them work, reads back plain data."""
