"""Errors the reviewer must act on; messages are Chinese and say what to fix."""


class ConfigError(Exception):
    """A problem in the workspace or command line (exit code 2)."""
