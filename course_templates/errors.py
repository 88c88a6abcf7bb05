"""The one error a pack, a parameter or an archive gives: a message that names the file and line."""

from pathlib import Path


class PackError(Exception):
    """Something an author, translator or admin must fix; ``str()`` reads ``file:line: message``."""

    def __init__(self, message, path=None, line=None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self):
        if self.path is None:
            return self.message
        where = str(self.path) if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


def relative(path):
    """A path as the author sees it: relative to the working directory when it is below it."""
    path = Path(path)
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path
