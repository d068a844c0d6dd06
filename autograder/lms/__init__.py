"""The class's grades on their way to the LMS: pushed to Canvas through its REST API
(canvas_push), or written in the gradebook-import CSV layouts of Canvas and Moodle (layouts)."""
