# SPDX-License-Identifier: MIT
"""From the selected operations of a document to what the C++ headers need:
structs, enums and variants (models), and descriptors (operations). Nothing
here writes C++ text; emit.py does."""
from dataclasses import dataclass, field as dc_field
import fnmatch

from .document import GenerationError, pointer_join
from .names import identifier, snake_case, RESERVED_MEMBERS


@dataclass
class CppType:
    text: str                       # e.g. "std::vector<connection>"
    deps: frozenset = frozenset()   # model names it uses
    kind: str = "scalar"            # scalar, string, json, model, enum, vector, map, variant
    item: "CppType" = None          # element type of a vector or map

    @property
    def nullable(self):
        return self.kind == "json"


@dataclass
class Field:
    wire: str
    member: str
    type: CppType
    required: bool
    default: object = None


@dataclass
class Struct:
    name: str
    pointer: str
    fields: list
    note: str = ""                  # one generated line, e.g. about a discriminator
    groups: set = dc_field(default_factory=set)
    header: str = ""                # a header of its own (typed variants), else ""
    base: str = ""                  # typed variants: the discriminated model
    discriminator: tuple = ()       # typed variants: (property, value)

    @property
    def deps(self):
        out = set()
        for f in self.fields:
            out |= f.type.deps
        return out


@dataclass
class Enum:
    name: str
    pointer: str
    values: list                    # (member, wire)
    groups: set = dc_field(default_factory=set)
    header: str = ""
    deps = frozenset()


@dataclass
class Variant:
    name: str
    pointer: str
    alternatives: list              # CppType
    groups: set = dc_field(default_factory=set)
    header: str = ""

    @property
    def deps(self):
        out = set()
        for a in self.alternatives:
            out |= a.deps
        return out


@dataclass
class Param:
    kind: str                       # path, query, header
    wire: str
    member: str
    type: CppType                   # as declared in the descriptor
    required: bool
    minimum: object = None
    maximum: object = None


@dataclass
class Operation:
    name: str
    operation_id: str
    method: str
    path: str                       # as in the document
    cpp_path: str                   # placeholders renamed to the members
    pointer: str
    group: str
    params: list
    body: CppType = None            # None: no body
    body_required: bool = False
    multipart_fields: list = None   # wire names of a multipart body's parts
    result: CppType = None
    text_result: bool = False
    page_item: CppType = None       # set for cursor-paged lists
    cursor_param: str = ""
    summary: str = ""
    budget_class: str = ""
    budget_switch: object = None    # (member, required, when absent): the body decides the class
    idempotent: object = None       # None: the verb decides
    accept: str = None              # when the document's differs from the defaults
    body_checks: list = None        # required string members of the body model
    redirect: bool = False          # answers only with a redirect (3xx)
    uses_auth: bool = True          # false for `security: []` (e.g. an OAuth callback)


SCALARS = {
    ("string", None): ("std::string", "string"),
    ("boolean", None): ("bool", "scalar"),
    ("integer", "int32"): ("int", "scalar"),
    ("integer", "int64"): ("std::int64_t", "scalar"),
    ("integer", None): ("std::int64_t", "scalar"),
    ("number", None): ("double", "scalar"),
}
JSON = CppType("json", kind="json")
SUPPORTED_MEDIA = ("application/json", "multipart/form-data")


def schema_types(schema):
    """(type, nullable) from 3.0's `type` + `nullable` or 3.1's type arrays."""
    t = schema.get("type")
    nullable = bool(schema.get("nullable"))
    if isinstance(t, list):
        rest = [x for x in t if x != "null"]
        nullable = nullable or len(rest) != len(t)
        t = rest[0] if len(rest) == 1 else (None if not rest else tuple(rest))
    return t, nullable


class Builder:
    def __init__(self, doc, selection, taken_operations=()):
        self.doc = doc
        self.sel = selection
        self.models = {}            # C++ name -> Struct | Enum | Variant
        self.by_pointer = {}        # schema pointer -> C++ name
        self.taken = dict(taken_operations)  # name -> where it is already used
        self.operations = []
        self.current_group = None

    # ---- operations -------------------------------------------------------

    def build(self):
        selected = 0
        for path, method, op, pointer in self.doc.operations():
            group = self.sel.group_of(path, method)
            if group is None:
                continue
            selected += 1
            self.current_group = group
            self.operations.append(self.operation(path, method, op, pointer, group))
        for name, group_pattern in self.sel.unmatched_patterns(self.doc):
            raise GenerationError(self.sel.pointer(f"groups/{name}"),
                                  f"path pattern {group_pattern!r} matches no operation")
        self.assign_headers()
        for pointer, values in self.sel.variants.items():
            for value in values:
                self.typed_variant(pointer, value)
        return self

    def operation(self, path, method, op, pointer, group):
        op_id = op.get("operationId")
        key = f"{method} {path}"
        name = self.sel.names.get(op_id) or self.sel.names.get(key)
        if not name:
            if not op_id:
                raise GenerationError(pointer, "the operation has no operationId: name it in "
                                      f"the selection file's `names` as {key!r}")
            name = identifier(op_id)
        if name in self.taken:
            raise GenerationError(pointer, f"operation name {name!r} is already used by "
                                  f"{self.taken[name]}; choose another in the selection "
                                  "file's `names`")
        self.taken[name] = pointer
        item = self.doc.data["paths"][path]
        params = []
        seen = {}
        accept = None
        raw = list(item.get("parameters") or []) + list(op.get("parameters") or [])
        for i, p in enumerate(raw):
            p_ptr = pointer_join(pointer, "parameters", i)
            p, p_ptr, _ = self.doc.resolve(p, p_ptr)
            seen[(p.get("in"), p.get("name"))] = (p, p_ptr)   # operation level wins
        for (where, wire), (p, p_ptr) in seen.items():
            if where == "cookie":
                raise GenerationError(p_ptr, "cookie parameters are not supported")
            if where == "header" and wire.lower() in self.sel.skip_headers:
                if wire.lower() == "accept":
                    schema = self.doc.resolve(p.get("schema") or {}, p_ptr)[0]
                    accept = schema.get("default")
                continue
            params.append(self.parameter(name, where, wire, p, p_ptr))
        order = {"path": 0, "query": 1, "header": 2}
        params.sort(key=lambda x: order[x.kind])
        members = {}
        for prm in params:
            if prm.member in members:
                raise GenerationError(pointer, f"parameters {members[prm.member]!r} and "
                                      f"{prm.wire!r} both become the member {prm.member!r}")
            members[prm.member] = prm.wire
        cpp_path = path
        for prm in params:
            if prm.kind == "path":
                cpp_path = cpp_path.replace("{" + prm.wire + "}", "{" + prm.member + "}")
        o = Operation(name=name, operation_id=op_id or "", method=method, path=path,
                      cpp_path=cpp_path, pointer=pointer, group=group, params=params)
        self.request_body(o, op, pointer)
        self.response(o, op, pointer)
        o.summary = self.summary(o)
        o.accept = accept if accept and accept != self.sel.defaults.get("accept") else None
        self.budget_class(o, pointer)
        o.idempotent = self.sel.idempotent.get(name)
        o.uses_auth = op.get("security") != []
        return o

    def budget_class(self, o, pointer):
        """A class name, or {class, when, absent}: the class only when the
        body's boolean `when` is true (`absent`: its value when left out)."""
        spec = self.sel.budget_classes.get(o.name, "")
        if isinstance(spec, str):
            o.budget_class = spec
            return
        model = self.models.get(o.body.text) if o.body is not None else None
        fields = model.fields if isinstance(model, Struct) else []
        field = next((f for f in fields if f.wire == spec.get("when")), None)
        if field is None or field.type.text != "bool" or not spec.get("class"):
            raise GenerationError(pointer, f"budget class {spec!r}: the body has no boolean "
                                  f"{spec.get('when')!r}, or no class is named")
        o.budget_class = spec["class"]
        o.budget_switch = (field.member, field.required, bool(spec.get("absent", False)))

    def parameter(self, op_name, where, wire, p, p_ptr):
        if where not in ("path", "query", "header"):
            raise GenerationError(p_ptr, f"parameter location {where!r} is not supported")
        schema = p.get("schema")
        if schema is None:
            raise GenerationError(p_ptr, "a parameter needs a schema (content is not supported)")
        schema, s_ptr, _ = self.doc.resolve(schema, pointer_join(p_ptr, "schema"))
        override = self.sel.parameter_overrides.get(f"{op_name}.{wire}", {})
        required = bool(p.get("required")) or where == "path"
        t, _ = schema_types(schema)
        if t == "array":
            item, _ = schema_types(self.doc.resolve(schema.get("items", {}), s_ptr)[0])
            if item not in ("string", "integer"):
                raise GenerationError(s_ptr, "array parameters must hold strings or integers")
            base = self.scalar(self.doc.resolve(schema["items"], s_ptr)[0], s_ptr)
            cpp = CppType(f"std::vector<{base.text}>", kind="vector", item=base)
        elif t in ("string", "integer", "number", "boolean"):
            cpp = self.scalar(schema, s_ptr)
            if where == "path" and t not in ("string", "integer"):
                raise GenerationError(s_ptr, "path parameters must be strings or integers")
            if not required:
                cpp = CppType(f"std::optional<{cpp.text}>", kind="optional", item=cpp)
        else:
            raise GenerationError(s_ptr, f"parameter type {t!r} is not supported")
        return Param(kind=where, wire=wire, member=identifier(wire), type=cpp,
                     required=required,
                     minimum=override.get("minimum", schema.get("minimum")),
                     maximum=override.get("maximum", schema.get("maximum")))

    def scalar(self, schema, pointer):
        t, _ = schema_types(schema)
        fmt = schema.get("format") if t == "integer" else None
        if fmt not in (None, "int32", "int64"):
            fmt = None
        entry = SCALARS.get((t, fmt)) or SCALARS.get((t, None))
        if entry is None:
            raise GenerationError(pointer, f"type {t!r} is not a scalar")
        return CppType(entry[0], kind=entry[1])

    def request_body(self, o, op, pointer):
        body = op.get("requestBody")
        if body is None:
            return
        b_ptr = pointer_join(pointer, "requestBody")
        body, b_ptr, _ = self.doc.resolve(body, b_ptr)
        content = body.get("content") or {}
        media = [m for m in content if m.split(";")[0].strip() in SUPPORTED_MEDIA]
        if not media:
            raise GenerationError(pointer_join(b_ptr, "content"),
                                  f"no supported media type in {sorted(content)} "
                                  f"(supported: {', '.join(SUPPORTED_MEDIA)})")
        chosen = media[0]
        c_ptr = pointer_join(b_ptr, "content", chosen)
        schema = content[chosen].get("schema") or {}
        o.body_required = bool(body.get("required"))
        if chosen.startswith("multipart/"):
            resolved, _, _ = self.doc.resolve(schema, pointer_join(c_ptr, "schema"))
            o.multipart_fields = sorted((resolved.get("properties") or {}).keys())
            o.body = CppType("std::vector<multipart_part>", kind="multipart")
            return
        o.body = self.type_of(schema, pointer_join(c_ptr, "schema"), o.name + "_request")
        model = self.models.get(o.body.text) if o.body.kind == "model" else None
        if isinstance(model, Struct):
            o.body_checks = [f for f in model.fields if f.required and f.type.kind == "string"]

    def response(self, o, op, pointer):
        responses = op.get("responses") or {}
        codes = sorted(c for c in responses if str(c).startswith("2"))
        if not codes and any(str(c).startswith("3") for c in responses):
            # Only a redirect (an OAuth callback): the answer is where it
            # points, plugboard::redirect (status and Location); the client
            # takes the 3xx as the answer and does not follow it.
            o.result = CppType("plugboard::redirect", kind="scalar")
            o.redirect = True
            return
        if not codes:
            raise GenerationError(pointer_join(pointer, "responses"), "no 2xx response")
        empty = [c for c in codes if not (self.doc.resolve(
            responses[c], pointer_join(pointer, "responses", c))[0].get("content"))]
        for code in codes:
            r_ptr = pointer_join(pointer, "responses", code)
            resp, r_ptr, _ = self.doc.resolve(responses[code], r_ptr)
            content = resp.get("content") or {}
            if not content:
                continue
            if "application/json" in content or any(m.endswith("+json") for m in content):
                media = "application/json" if "application/json" in content else \
                    next(m for m in content if m.endswith("+json"))
                s_ptr = pointer_join(r_ptr, "content", media, "schema")
                schema = content[media].get("schema") or {}
                o.result = self.envelope_type(o, schema, s_ptr)
                if empty:  # another success answers without a body
                    o.result = CppType(f"std::optional<{o.result.text}>", o.result.deps,
                                       "optional", o.result)
                return
            # A text or binary answer is its bytes, unparsed.
            if "text/plain" in content or "application/octet-stream" in content:
                o.result = CppType("std::string", kind="string")
                o.text_result = True
                return
            raise GenerationError(pointer_join(r_ptr, "content"),
                                  f"unsupported response media type {sorted(content)}")
        o.result = CppType("no_content", kind="scalar")

    def envelope_type(self, o, schema, pointer):
        """The service's envelope (selection `envelope`) around the data type,
        or the plain type when the service has none."""
        env = self.sel.envelope
        resolved, r_ptr, name = self.doc.resolve(schema, pointer)
        if self.sel.overrides.get(pointer, {}).get("enveloped"):
            if not env:
                raise GenerationError(pointer, "override enveloped: the selection has no envelope")
            inner = (self.named(resolved, r_ptr, name) if name else
                     self.anonymous(resolved, r_ptr, o.name + "_data"))
            return CppType(f"{env['type']}<{inner.text}>", inner.deps, "model")
        props = resolved.get("properties") or {}
        if env and name is None and props and set(props) <= set(env["properties"]) \
                and env["marker"] in props:
            data = props.get(env["data"])
            if data is None:
                return CppType(env["no_data"], kind="model")
            d_ptr = pointer_join(r_ptr, "properties", env["data"])
            page = env.get("page")
            d_res, _, d_name = self.doc.resolve(data, d_ptr)
            d_props = d_res.get("properties") or {}
            if page and d_name is None and page["items"] in d_props \
                    and set(d_props) <= {page["items"], page["cursor"]}:
                items_ptr = pointer_join(d_ptr, "properties", page["items"])
                items_schema, items_ptr, _ = self.doc.resolve(d_props[page["items"]], items_ptr)
                item = self.type_of(items_schema.get("items", {}),
                                    pointer_join(items_ptr, "items"), o.name + "_item")
                o.page_item = item
                o.cursor_param = page["cursor_param"]
                inner = CppType(f"{page['type']}<{item.text}>", item.deps, "model")
            else:
                inner = self.type_of(data, d_ptr, o.name + "_data")
            return CppType(f"{env['type']}<{inner.text}>", inner.deps, "model")
        return self.type_of(schema, pointer, o.name + "_response")

    def summary(self, o):
        """One line written by rule, never the document's prose."""
        words = snake_case(o.name).replace("_", " ")
        return f"{o.method.upper()} {o.path} ({words})"

    # ---- schemas ----------------------------------------------------------

    def type_of(self, schema, pointer, context, short=None):
        """The C++ type of `schema` at `pointer`; `context` names an inline
        struct that has to be created, `short` an inline enum when no other
        enum of that name has other values."""
        override = self.sel.overrides.get(pointer)
        if override:
            return self.overridden(schema, pointer, context, override)
        if isinstance(schema, dict) and "$ref" in schema and len(schema) == 1:
            target, t_ptr, name = self.doc.resolve(schema, pointer)
            if name is None:
                return self.type_of(target, t_ptr, context)
            return self.named(target, t_ptr, name)
        schema, pointer, name = self.doc.resolve(schema, pointer)
        if name is not None:
            return self.named(schema, pointer, name)
        return self.anonymous(schema, pointer, context, short)

    def overridden(self, schema, pointer, context, override):
        if override.get("type") == "json":
            return JSON
        if "name" in override:  # an inline schema's C++ name, when the context's collides
            resolved, r_ptr, _ = self.doc.resolve(schema, pointer)
            if r_ptr in self.by_pointer:
                return self.reference(self.by_pointer[r_ptr])
            return self.define(resolved, r_ptr, identifier(override["name"]))
        if "map_of_property" in override:
            prop = override["map_of_property"]
            resolved, r_ptr, _ = self.doc.resolve(schema, pointer)
            inner = (resolved.get("properties") or {}).get(prop)
            if inner is None:
                raise GenerationError(pointer, f"override map_of_property: no property {prop!r}")
            value = self.type_of(inner, pointer_join(r_ptr, "properties", prop), context)
            return CppType(f"std::map<std::string, {value.text}>", value.deps, "map", value)
        raise GenerationError(pointer, f"unknown override {sorted(override)}")

    def named(self, schema, pointer, component):
        if pointer in self.by_pointer:
            name = self.by_pointer[pointer]
            self.models[name].groups.add(self.current_group)
            return self.reference(name)
        cpp = self.sel.model_names.get(component) or identifier(component)
        return self.define(schema, pointer, cpp)

    def reference(self, name):
        model = self.models[name]
        if isinstance(model, Enum):
            return CppType(f"open_enum<{name}>", frozenset({name}), "enum")
        return CppType(name, frozenset({name}), "model")

    def define(self, schema, pointer, cpp):
        """Creates the model for `schema` named `cpp` (or reuses an equal enum)."""
        shape = self.shape(schema, pointer)
        if shape is not None:  # not a struct/enum/variant: an alias is not needed
            return shape
        if cpp in self.models:
            existing = self.models[cpp]
            raise GenerationError(pointer, f"C++ name {cpp!r} is also the name of "
                                  f"{existing.pointer}; rename one in the selection file's "
                                  "`models`")
        self.by_pointer[pointer] = cpp
        t, _ = schema_types(schema)
        if "enum" in schema or "const" in schema:
            values = schema.get("enum") or [schema.get("const")]
            members = {}
            out = []
            for i, v in enumerate(values):
                if v is None:
                    continue
                member = identifier(v)
                if member in members and members[member] != v:
                    raise GenerationError(pointer_join(pointer, "enum", i),
                                          f"enum values {members[member]!r} and {v!r} both "
                                          f"become {member!r}")
                members[member] = v
                out.append((member, v))
            self.models[cpp] = Enum(cpp, pointer, out, {self.current_group})
            return self.reference(cpp)
        for key in ("oneOf", "anyOf"):
            if key in schema:
                return self.union(schema, pointer, cpp, key)
        self.models[cpp] = Struct(cpp, pointer, [], groups={self.current_group})
        self.fill_struct(self.models[cpp], schema, pointer)
        return self.reference(cpp)

    def shape(self, schema, pointer):
        """The type of a schema that needs no model of its own (scalars,
        arrays, maps, free-form objects, single-part allOf), else None."""
        if not isinstance(schema, dict):
            raise GenerationError(pointer, "a schema must be an object")
        t, _ = schema_types(schema)
        if isinstance(t, tuple):
            raise GenerationError(pointer, f"a value of several types {list(t)} is not "
                                  "supported; use oneOf")
        if "enum" in schema or "const" in schema:
            if t in (None, "string") and all(isinstance(v, str) or v is None
                                             for v in schema.get("enum") or [schema.get("const")]):
                return None
            return self.scalar(schema, pointer) if t in ("integer", "number", "boolean") else JSON
        if "allOf" in schema:
            parts = schema["allOf"]
            own = {k for k in schema if k not in ("allOf", "description", "example", "title",
                                                   "nullable", "default", "readOnly",
                                                   "writeOnly", "deprecated", "examples")}
            if len(parts) == 1 and not own:
                return self.type_of(parts[0], pointer_join(pointer, "allOf", 0),
                                    self.context_name(pointer))
            return None
        if "oneOf" in schema or "anyOf" in schema:
            return None
        if t in ("string", "integer", "number", "boolean"):
            return self.scalar(schema, pointer)
        if t == "array":
            if "items" not in schema:
                return CppType("std::vector<json>", kind="vector", item=JSON)
            item = self.type_of(schema["items"], pointer_join(pointer, "items"),
                                self.context_name(pointer) + "_item")
            return CppType(f"std::vector<{item.text}>", item.deps, "vector", item)
        if t in ("object", None):
            props = schema.get("properties")
            extra = schema.get("additionalProperties")
            if props:
                return None
            if isinstance(extra, dict) and extra:
                value = self.type_of(extra, pointer_join(pointer, "additionalProperties"),
                                     self.context_name(pointer) + "_value")
                return CppType(f"std::map<std::string, {value.text}>", value.deps, "map", value)
            return JSON
        raise GenerationError(pointer, f"unsupported schema type {t!r}")

    def context_name(self, pointer):
        return self.by_pointer.get(pointer) or snake_case(pointer.rsplit("/", 1)[-1]) or "value"

    def anonymous(self, schema, pointer, context, short=None):
        if pointer in self.by_pointer:  # reached again, e.g. through an allOf
            name = self.by_pointer[pointer]
            self.models[name].groups.add(self.current_group)
            return self.reference(name)
        shape = self.shape(schema, pointer)
        if shape is not None:
            return shape
        if short and "enum" in schema:
            name = identifier(short)
            existing = self.models.get(name)
            if existing is None:
                return self.define(schema, pointer, name)
            if isinstance(existing, Enum) and \
                    [w for _, w in existing.values] == [v for v in schema["enum"] if v is not None]:
                existing.groups.add(self.current_group)
                self.by_pointer[pointer] = name
                return self.reference(name)
        return self.define(schema, pointer, identifier(context))

    def union(self, schema, pointer, cpp, key):
        alternatives = schema[key]
        if "discriminator" in schema and len(alternatives) > self.sel.variant_limit:
            raise GenerationError(pointer, f"a {key} of {len(alternatives)} variants: give the "
                                  "base schema typed fields instead")
        self.models[cpp] = Variant(cpp, pointer, [], {self.current_group})
        out = []
        for i, alt in enumerate(alternatives):
            out.append(self.type_of(alt, pointer_join(pointer, key, i), f"{cpp}_{i}"))
        if len(out) > self.sel.variant_limit:
            raise GenerationError(pointer, f"a {key} of {len(out)} variants is more than "
                                  f"{self.sel.variant_limit}: name it in `overrides` as json")
        texts = [a.text for a in out]
        if len(set(texts)) != len(texts):
            raise GenerationError(pointer, f"{key} alternatives repeat a C++ type: {texts}")
        self.models[cpp].alternatives = out
        return self.reference(cpp)

    def merged(self, schema, pointer):
        """(properties as [(name, schema, pointer)], required) of a schema,
        allOf parts merged in order."""
        props, required = [], set(schema.get("required") or [])
        for i, part in enumerate(schema.get("allOf") or []):
            part_ptr = pointer_join(pointer, "allOf", i)
            resolved, r_ptr, _ = self.doc.resolve(part, part_ptr)
            if "oneOf" in resolved or "anyOf" in resolved:
                raise GenerationError(r_ptr, "oneOf/anyOf inside allOf is not supported")
            p, r = self.merged(resolved, r_ptr)
            props.extend(p)
            required |= r
        for name, prop in (schema.get("properties") or {}).items():
            props.append((name, prop, pointer_join(pointer, "properties", name)))
        by_name = {}
        for name, prop, p_ptr in props:
            if name in by_name:   # a later part refines an earlier one
                prop, p_ptr = self.refined(by_name[name][1], by_name[name][2], prop, p_ptr)
            by_name[name] = (name, prop, p_ptr)
        return list(by_name.values()), required

    def refined(self, first, first_ptr, second, second_ptr):
        """Two allOf parts declare the same property: objects are merged
        (properties and required of both), anything else is the later one."""
        a, a_ptr, _ = self.doc.resolve(first, first_ptr)
        b, b_ptr, _ = self.doc.resolve(second, second_ptr)
        if a.get("properties") and b.get("properties"):
            merged = {"type": "object",
                      "properties": {**a["properties"], **b["properties"]},
                      "required": sorted(set(a.get("required") or []) |
                                         set(b.get("required") or []))}
            return merged, f"{a_ptr}+{b_ptr}"
        return second, second_ptr

    def fill_struct(self, struct, schema, pointer):
        props, required = self.merged(schema, pointer)
        members = {}
        disc = schema.get("discriminator")
        if disc and len(disc.get("mapping") or {}) > self.sel.variant_limit:
            typed = self.sel.variants.get(pointer, [])
            struct.note = (f"Discriminated on `{disc.get('propertyName')}` with "
                           f"{len(disc['mapping'])} variants: the shared fields are typed, "
                           "the rest stays in `extra`" +
                           (f"; typed: {', '.join(typed)}." if typed else "."))
        for wire, prop, p_ptr in props:
            member = identifier(wire, RESERVED_MEMBERS)
            if member in members:
                raise GenerationError(p_ptr, f"properties {members[member]!r} and {wire!r} "
                                      f"both become the member {member!r}")
            members[member] = wire
            t = self.type_of(prop, p_ptr, f"{struct.name}_{snake_case(wire)}", wire)
            resolved = self.doc.resolve(prop, p_ptr)[0]
            _, nullable = schema_types(resolved)
            struct.fields.append(Field(wire, member, t, wire in required and not nullable,
                                       resolved.get("default")))

    def typed_variant(self, base_pointer, value):
        """The variant `value` of a large discriminated schema as a struct of
        its own, in a header of its own, with conversions to and from the base."""
        where = self.sel.pointer(f"variants/{base_pointer}")
        base_name = self.by_pointer.get(base_pointer)
        if base_name is None:
            raise GenerationError(where, "no selected operation uses this schema")
        base = self.doc.lookup(base_pointer)
        disc = base.get("discriminator") or {}
        target = (disc.get("mapping") or {}).get(value)
        if target is None:
            raise GenerationError(where, f"{value!r} is not a value of the discriminator "
                                  f"`{disc.get('propertyName')}`")
        name = f"{base_name}_{identifier(value)}"
        if name in self.models:
            raise GenerationError(where, f"C++ name {name!r} is already used")
        schema, t_ptr, _ = self.doc.resolve({"$ref": target}, where)
        self.current_group = f"variant:{name}"
        struct = Struct(name, t_ptr, [], groups={self.current_group}, header=name)
        struct.base = base_name
        struct.discriminator = (disc.get("propertyName"), value)
        self.models[name] = struct
        self.by_pointer[t_ptr] = name
        # The base's discriminator note is about the base, not this variant.
        self.fill_struct(struct, {k: v for k, v in schema.items() if k != "discriminator"}, t_ptr)
        for model in self.models.values():
            if model.groups == {self.current_group}:
                model.header = name

    # ---- headers ----------------------------------------------------------

    def assign_headers(self):
        """Each model goes with the one group that uses it, or to the common
        header when several do; groups reach models through their deps."""
        changed = True
        while changed:  # a model used by a group's model belongs to that group too
            changed = False
            for model in list(self.models.values()):
                for dep in getattr(model, "deps", ()):
                    target = self.models[dep]
                    before = len(target.groups)
                    target.groups |= model.groups
                    changed |= len(target.groups) != before
        for model in self.models.values():
            if not model.header:
                model.header = next(iter(model.groups)) if len(model.groups) == 1 else "common"


def select_paths(patterns, path):
    return any(fnmatch.fnmatchcase(path, p) for p in patterns)
