"""YAML that remembers where each mapping and key came from, so errors can name the line.

PyYAML's safe loader is used (no tags that build objects); each mapping is a ``Mapping`` that
knows its own line and the line of each key, each sequence a ``Sequence`` with its line.
"""

import yaml

from .errors import PackError


class Mapping(dict):
    """A YAML mapping with ``line`` (1-based) and ``key_lines`` for its keys."""

    line = None
    key_lines = None

    def line_of(self, key):
        return (self.key_lines or {}).get(key, self.line)


class Sequence(list):
    """A YAML sequence with ``line`` (1-based) and ``item_lines``."""

    line = None
    item_lines = None

    def line_of(self, index):
        lines = self.item_lines or []
        return lines[index] if index < len(lines) else self.line


class _Loader(yaml.SafeLoader):
    """The safe loader, building located containers and refusing duplicate keys."""

    def __init__(self, stream, line_offset):
        super().__init__(stream)
        self.line_offset = line_offset

    def _line(self, node):
        return node.start_mark.line + 1 + self.line_offset

    def construct_located_mapping(self, node):
        mapping = Mapping()
        mapping.line = self._line(node)
        mapping.key_lines = {}
        self.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in mapping:
                raise PackError(f"'{key}' is given twice", line=self._line(key_node))
            mapping[key] = self.construct_object(value_node, deep=True)
            mapping.key_lines[key] = self._line(key_node)
        return mapping

    def construct_located_sequence(self, node):
        sequence = Sequence(self.construct_object(child, deep=True) for child in node.value)
        sequence.line = self._line(node)
        sequence.item_lines = [self._line(child) for child in node.value]
        return sequence


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _Loader.construct_located_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _Loader.construct_located_sequence)


def load(text, path, line_offset=0):
    """The YAML document in ``text`` (from ``path``, starting ``line_offset`` lines in)."""
    loader = _Loader(text, line_offset)
    try:
        return loader.get_single_data()
    except PackError as error:
        error.path = path
        raise
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 + line_offset if mark else None
        raise PackError(f"not valid YAML: {error.problem or error}", path, line) from error
    except yaml.YAMLError as error:
        raise PackError(f"not valid YAML: {error}", path) from error
    finally:
        loader.dispose()
