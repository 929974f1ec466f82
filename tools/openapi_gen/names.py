# SPDX-License-Identifier: MIT
"""C++ names from the document's names: snake_case, keywords avoided."""
import re

CPP_KEYWORDS = frozenset("""
alignas alignof and and_eq asm auto bitand bitor bool break case catch char char8_t char16_t
char32_t class compl concept const consteval constexpr constinit const_cast continue co_await
co_return co_yield decltype default delete do double dynamic_cast else enum explicit export
extern false float for friend goto if inline int long mutable namespace new noexcept not not_eq
nullptr operator or or_eq private protected public register reinterpret_cast requires return
short signed sizeof static static_assert static_cast struct switch template this thread_local
throw true try typedef typeid typename union unsigned using virtual void volatile wchar_t while
xor xor_eq
""".split())

# Names a generated member must not take: they are the model's own members.
RESERVED_MEMBERS = frozenset({"extra", "fields"})


def snake_case(name):
    """`connectionId` -> `connection_id`, `ConnectorResponseV1` ->
    `connector_response_v1`, `HumanResources` -> `human_resources`,
    `ALLOW_ALL` -> `allow_all`, `connect-card` -> `connect_card`."""
    text = re.sub(r"[^0-9A-Za-z]+", "_", str(name))
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", text)
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text)
    text = re.sub(r"_+", "_", text).strip("_").lower()
    return text


def identifier(name, reserved=frozenset()):
    """A valid C++ identifier for `name`: snake_case, never a keyword (a
    trailing underscore is added, as in `delete_`), never starting with a digit."""
    text = snake_case(name)
    if not text:
        text = "value"
    if text[0].isdigit():
        text = "v" + text
    if text in CPP_KEYWORDS or text in reserved:
        text += "_"
    return text
