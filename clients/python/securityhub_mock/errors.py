"""The errors the helpers raise; each message names its cause and what to do about it."""


class MockError(Exception):
    """Base of every securityhub-mock helper error."""


class BinaryNotFound(MockError):
    """No server binary where it was looked for."""


class StartError(MockError):
    """The server did not come up: it exited at start (a port in use, a bad flag, a fixture it
    could not load, a locked database) or did not report its port in time."""


class FixtureError(MockError):
    """A fixture could not be found, read, or loaded (the server refused it)."""


class ControlError(MockError):
    """The control API refused a call: `status` and `code` as the server answered."""

    def __init__(self, message, status=None, code=None):
        super().__init__(message)
        self.status = status
        self.code = code
