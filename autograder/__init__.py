"""Auto-grader for the lesson 'train a digit classifier from scratch'."""
