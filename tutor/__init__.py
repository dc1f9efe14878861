"""ktutor: a bilingual (Korean/English) terminal tutor for Kubernetes networking."""

__version__ = "0.1.0"
