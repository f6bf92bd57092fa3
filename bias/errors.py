"""Errors that reach the user as one clear line (the CLI prints them and exits non-zero)."""


class BiasError(Exception):
    """Base class for errors with a message meant for the user."""


class BiasInputError(BiasError):
    """The input cannot be analysed (missing, empty, binary, not UTF-8, too large, malformed)."""


class BiasSetupError(BiasError):
    """The installation is incomplete (base weights missing or failing their hash check, model not found)."""
