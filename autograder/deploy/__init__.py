"""What the grader needs to run on other people's machines (Gradescope)."""
