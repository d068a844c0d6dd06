"""The graded checks: one pytest module per item under public/ and hidden/, run in the trusted
process. They talk to student code only through the `student` fixture (see student.py)."""
