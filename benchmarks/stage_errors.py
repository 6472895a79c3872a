"""Raised by a stage whose engine or pipeline code is not installed or not written yet."""


class StageUnavailable(RuntimeError):
    pass
