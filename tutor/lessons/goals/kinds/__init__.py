"""The goal kinds: one module per kind (or per family of kinds), each registering its
classes with :func:`tutor.lessons.goals.base.register`. Every module of this package is
imported when the registry is first used, so a new kind needs no edit elsewhere (but
its row in ``docs/goals.md``)."""
