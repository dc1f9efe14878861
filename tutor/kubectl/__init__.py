"""A kubectl console on the simulated cluster (Textual-free).

``Console`` answers command lines the way kubectl 1.34 does (get, describe, exec with
network tools, expose, label, annotate, port-forward, explain); ``ktutor kubectl`` runs it
from the shell. Import from the submodules (``tutor.kubectl.console``) to keep imports
cheap.
"""
