# SPDX-License-Identifier: MIT
"""The selection file of one service (specs/<service>.yaml): which
operations of which document become which resource groups, and the few
choices a document cannot make (C++ names, envelope, overrides)."""
import fnmatch
import pathlib

from .document import GenerationError

KNOWN_KEYS = {
    "document", "service", "namespace", "output", "includes", "defaults", "skip_header_parameters",
    "envelope", "groups", "names", "models", "overrides", "parameters", "budget_classes",
    "idempotent", "variant_limit", "walk", "contract", "variants",
}


class Selection:
    def __init__(self, data, path):
        self.path = pathlib.Path(path)
        if not isinstance(data, dict):
            raise GenerationError(self.pointer(""), "a selection file is a mapping")
        unknown = sorted(set(data) - KNOWN_KEYS)
        if unknown:
            raise GenerationError(self.pointer(""), f"unknown keys {unknown}")
        for key in ("document", "service", "namespace", "output", "groups"):
            if key not in data:
                raise GenerationError(self.pointer(""), f"missing key {key!r}")
        self.document = data["document"]
        self.service = data["service"]
        self.namespace = data["namespace"]
        self.output = data["output"]
        self.includes = list(data.get("includes") or [])
        self.defaults = dict(data.get("defaults") or {})
        self.skip_headers = {h.lower() for h in data.get("skip_header_parameters") or []}
        self.envelope = data.get("envelope")
        self.groups = {}
        for name, spec in data["groups"].items():
            if not isinstance(spec, dict) or not spec.get("paths"):
                raise GenerationError(self.pointer(f"groups/{name}"), "a group needs `paths`")
            self.groups[name] = spec
        self.names = dict(data.get("names") or {})
        self.model_names = dict(data.get("models") or {})
        self.overrides = dict(data.get("overrides") or {})
        self.parameter_overrides = dict(data.get("parameters") or {})
        self.budget_classes = dict(data.get("budget_classes") or {})
        self.idempotent = dict(data.get("idempotent") or {})
        self.variant_limit = int(data.get("variant_limit", 8))
        self.walk = data.get("walk")
        self.contract = data.get("contract")
        # base schema pointer -> the discriminator values typed in headers of their own
        self.variants = {k: list(v) for k, v in (data.get("variants") or {}).items()}

    def pointer(self, where):
        return f"{self.path.name}#/{where}".rstrip("/")

    def group_of(self, path, method):
        for name, spec in self.groups.items():
            if any(fnmatch.fnmatchcase(path, p) for p in spec["paths"]):
                excluded = spec.get("exclude") or []
                if f"{method} {path}" in excluded:
                    return None
                return name
        return None

    def unmatched_patterns(self, doc):
        paths = list((doc.data.get("paths") or {}).keys())
        for name, spec in self.groups.items():
            for pattern in spec["paths"]:
                if not any(fnmatch.fnmatchcase(p, pattern) for p in paths):
                    yield name, pattern
