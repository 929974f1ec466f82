# SPDX-License-Identifier: MIT
"""The service registry as the headers spell it, for the Python checks.

Reads include/plugboard/services.hpp (the `service_list<...>`), each
service's traits.hpp (mount prefix, base path, variables, the descriptors of
its resource groups) and the descriptors' own structs (operation, summary).
The checks compare the programs with this, never with the programs' own
output, so a program that drops a service or an operation is caught.
"""
import functools
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
_STRING = r"\"((?:[^\"\\]|\\.)*)\""


class RegistryError(Exception):
    """The headers do not have the shape this module reads (fail loudly, never guess)."""


def _include(root):
    return pathlib.Path(root or ROOT) / "include" / "plugboard"


def _strings(literals):
    """The concatenation of adjacent C++ string literals ("a" "b")."""
    return "".join(re.findall(_STRING, literals))


@functools.lru_cache(maxsize=None)
def services(root=None):
    """The service names of the registry, in its order."""
    text = (_include(root) / "services.hpp").read_text()
    found = re.search(r"service_list<([^>]*)>", text)
    if not found:
        raise RegistryError("services.hpp has no service_list<...>")
    names = re.findall(r"(\w+)::service\b", found.group(1))
    if not names:
        raise RegistryError(f"no services in {found.group(0)!r}")
    return tuple(names)


class Descriptor:
    def __init__(self, struct, operation, summary, group):
        self.struct = struct        # the C++ struct name (delete_)
        self.operation = operation  # its declared operation name (delete)
        self.summary = summary
        self.group = group          # the resource group it is listed in

    def __repr__(self):
        return f"Descriptor({self.group}::{self.struct}, {self.operation!r})"


class Service:
    def __init__(self, name, fields, credentials, descriptors):
        self.name = name
        self.sandbox_prefix = fields["sandbox_prefix"]
        self.sandbox_base_path = fields["sandbox_base_path"]
        self.base_url_variable = fields["base_url_variable"]
        self.credentials = credentials  # [(variable, required)]
        self.descriptors = descriptors  # [Descriptor], registry order

    @property
    def operations(self):
        return [d.operation for d in self.descriptors]


def _endpoint_lists(folder):
    """{alias: its type_list's text} for `using NAME_endpoints = type_list<...>;`
    in a service folder's headers (the generated groups)."""
    found = {}
    for header in sorted(folder.rglob("*.hpp")):
        for match in re.finditer(r"using (\w+_endpoints)\s*=\s*type_list<([^>]*)>;",
                                 header.read_text()):
            found[match.group(1)] = match.group(2)
    return found


def _descriptor_structs(folder):
    """{struct name: (operation, summary)} over every header of a service folder
    (endpoints.hpp, and generated/ when there is one)."""
    found = {}
    for header in sorted(folder.rglob("*.hpp")):
        text = header.read_text()
        for match in re.finditer(r"^struct (\w+) \{\n(.*?)^\};", text, re.S | re.M):
            body = match.group(2)
            summary = re.search(r"summary\s*=\s*((?:" + _STRING + r"\s*)+);", body)
            operation = re.search(r"operation\s*=\s*" + _STRING + ";", body)
            if summary and operation:
                found[match.group(1)] = (operation.group(1), _strings(summary.group(1)))
    return found


@functools.lru_cache(maxsize=None)
def service(name, root=None):
    folder = _include(root) / name
    text = (folder / "traits.hpp").read_text()
    fields = {}
    for key in ("sandbox_prefix", "sandbox_base_path", "base_url_variable"):
        found = re.search(r"\b" + key + r"\s*=\s*" + _STRING + ";", text)
        if not found:
            raise RegistryError(f"{name}/traits.hpp: no string literal for {key}")
        fields[key] = found.group(1)
    credentials = [(variable, required == "true") for variable, required in re.findall(
        r"\{\s*\"(\w+)\",\s*" + _STRING.replace("(", "(?:", 1) + r",\s*(true|false)\s*\}", text)]

    structs = _descriptor_structs(folder)
    aliases = _endpoint_lists(folder)
    descriptors = []
    # Each resource group: struct NAME { ... using endpoints = type_list<endpoints::a, ...>; };
    # or, for a generated group, `using endpoints = api::NAME_endpoints;` (a type_list alias of
    # the group's generated header).
    for group in re.finditer(r"struct (\w+) \{\s*static constexpr std::string_view name = "
                             r"\"\w+\";\s*using endpoints\s*=\s*"
                             r"(?:type_list<([^>]*)>|[\w:]*?(\w+_endpoints));", text):
        listed = group.group(2)
        if listed is None:
            if group.group(3) not in aliases:
                raise RegistryError(f"{name}: group {group.group(1)} names {group.group(3)}, "
                                    "which no header defines as a type_list")
            listed = aliases[group.group(3)]
        for struct in re.findall(r"endpoints::(\w+)", listed):
            if struct not in structs:
                raise RegistryError(f"{name}: descriptor {struct} (group {group.group(1)}) has no "
                                    "struct with an operation and a summary under "
                                    f"include/plugboard/{name}/")
            operation, summary = structs[struct]
            descriptors.append(Descriptor(struct, operation, summary, group.group(1)))
    if not descriptors:
        raise RegistryError(f"{name}/traits.hpp: no resource group lists a descriptor")
    return Service(name, fields, credentials, descriptors)


def all_services(root=None):
    return [service(name, root) for name in services(root)]


def operation_count(root=None):
    """How many descriptors the registered services have, all together."""
    return sum(len(s.descriptors) for s in all_services(root))


if __name__ == "__main__":
    # A look at what the checks read: tests/support/registry.py
    for s in all_services():
        print(s.name, s.sandbox_base_path, s.base_url_variable, s.credentials)
        for d in s.descriptors:
            print(f"  {d.group:22} {d.operation:26} {d.summary}")
    print(operation_count(), "operations")
