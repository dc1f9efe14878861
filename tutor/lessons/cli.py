"""``ktutor lessons``: list the lessons (placeholder until the lesson engine lands)."""
