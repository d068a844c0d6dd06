"""Code that runs inside the sandbox, next to the student's code.

Nothing here decides a grade: the worker only runs student functions and returns plain
observations. It must not import anything from the trusted side (checks, solutions, reports).
"""
