# SPDX-License-Identifier: MIT
"""Reading an OpenAPI 3.0 or 3.1 document: JSON or YAML, JSON pointers and
`$ref` resolution. Every error names the JSON pointer it is about."""
import json
import pathlib


class GenerationError(Exception):
    """A problem in a document or a selection file, with where it is."""

    def __init__(self, pointer, message):
        super().__init__(f"{pointer}: {message}")
        self.pointer = pointer


def load(path):
    """The document at `path` as plain Python data (JSON, or YAML when the
    name ends in .yaml/.yml)."""
    path = pathlib.Path(path)
    text = path.read_text(encoding="utf-8")
    if path.suffix in (".yaml", ".yml"):
        import yaml  # Debian's python3-yaml; only needed for YAML documents
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        return yaml.load(text, Loader=loader)
    return json.loads(text)


def escape(token):
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape(token):
    return token.replace("~1", "/").replace("~0", "~")


def pointer_join(pointer, *tokens):
    return pointer + "".join("/" + escape(t) for t in tokens)


class Document:
    """One document, with `$ref` lookups that fail with a clear message."""

    def __init__(self, data, name):
        self.data = data
        self.name = name
        version = str(data.get("openapi", ""))
        if not (version.startswith("3.0") or version.startswith("3.1")):
            raise GenerationError("#/openapi", f"unsupported OpenAPI version {version!r} "
                                  "(3.0 and 3.1 are)")
        self.version = version

    def lookup(self, pointer):
        if not pointer.startswith("#"):
            raise GenerationError(pointer, "only local references (#/...) are supported")
        node = self.data
        for raw in pointer[1:].split("/")[1:]:
            token = unescape(raw)
            if isinstance(node, dict) and token in node:
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                return None
        return node

    def resolve(self, node, pointer):
        """Follows `$ref`s from `node` (found at `pointer`) to a schema:
        (schema, pointer of the schema, name of the last component it came from)."""
        name = None
        seen = set()
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if ref in seen:
                raise GenerationError(pointer, f"$ref cycle through {ref}")
            seen.add(ref)
            target = self.lookup(ref)
            if target is None:
                raise GenerationError(pointer, f"unknown $ref {ref}")
            if ref.startswith("#/components/schemas/") and ref.count("/") == 3:
                name = unescape(ref.rsplit("/", 1)[1])
            node, pointer = target, ref
        return node, pointer, name

    def operations(self):
        """(path, method, operation, pointer) for every operation, in document order."""
        for path, item in (self.data.get("paths") or {}).items():
            for method in ("get", "put", "post", "delete", "patch", "head", "options"):
                if method in item:
                    yield path, method, item[method], pointer_join("#/paths", path, method)
