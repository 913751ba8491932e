"""Fixture records: a parsed YAML mapping that remembers its file and reports problems.

Problems are collected, not raised one by one, so that `load_kb` can name every broken record
of every file in one run ("file: record: problem").
"""

import yaml

from bases.text import check_text


class FixtureError(Exception):
    """One or more fixture problems; `problems` lists them as readable lines."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class Record:
    """A mapping read from a fixture, which remembers where it came from and which keys
    were used, so that missing, mistyped and unknown keys are all reported."""

    def __init__(self, data, file, label, problems):
        self.file, self.label, self.problems = file, label, problems
        self.used = set()
        self.data = data if isinstance(data, dict) else {}
        if not isinstance(data, dict):
            self.problem(f"expected a mapping, found {type(data).__name__}")

    @property
    def where(self):
        return f"{self.file}: {self.label}" if self.label else self.file

    def problem(self, message):
        self.problems.append(f"{self.where}: {message}")

    def get(self, key, kind=str, required=True, default=None):
        self.used.add(key)
        if key not in self.data or self.data[key] is None:
            if required:
                self.problem(f"'{key}' is missing")
            return default
        value = self.data[key]
        if kind is int and isinstance(value, bool) or not isinstance(value, kind):
            self.problem(f"'{key}' should be {kind.__name__}, not {type(value).__name__}")
            return default
        if kind is str:
            check_text(self, key, value)
        return value

    def text(self, key, required=True):
        return self.get(key, str, required, "")

    def children(self, key, required=True):
        """The records of a list of mappings under `key`."""
        items = self.get(key, list, required, [])
        return [
            Record(item, self.file, f"{self.label} {key}[{i}]".strip(), self.problems)
            for i, item in enumerate(items)
        ]

    def strings(self, key, required=True):
        items = self.get(key, list, required, [])
        bad = [item for item in items if not isinstance(item, str)]
        if bad:
            self.problem(f"'{key}' should list strings, found {bad[0]!r}")
        return [item for item in items if isinstance(item, str)]

    def finish(self):
        unknown = sorted(str(key) for key in set(self.data) - self.used)
        if unknown:
            self.problem(f"unknown key(s): {', '.join(unknown)}")


class StrictLoader(yaml.SafeLoader):
    """YAML's safe loader, refusing a key given twice in one mapping (plain YAML keeps the
    last one silently, so an edit could vanish)."""

    def construct_mapping(self, node, deep=False):
        keys = [self.construct_object(key, deep=deep) for key, _ in node.value]
        for index, key in enumerate(keys):
            if key in keys[:index]:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} is given twice", node.value[index][0].start_mark
                )
        return super().construct_mapping(node, deep=deep)


def load_yaml(path, base, problems):
    """(name, data) of a YAML file; data is None, with a problem recorded, if unusable."""
    name = str(path.relative_to(base))
    try:
        with path.open(encoding="utf-8") as stream:
            data = yaml.load(stream, Loader=StrictLoader)  # StrictLoader is a SafeLoader
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        problems.append(f"{name}: cannot be read: {error}")
        return name, None
    if data is None:
        problems.append(f"{name}: is empty")
    return name, data
