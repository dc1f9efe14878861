"""Lessons: the file format, loading, translation of lesson text, extraction for babel.

Textual-free. A lesson is a YAML file in ``lessons/`` (data, never code); see
``tutor.lessons.model`` for the format.
"""
