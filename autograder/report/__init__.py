"""Writers that turn a grading report (plain data) into what people and systems read."""
