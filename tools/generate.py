#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Generates descriptors, models and resource-group facades from a vendor's
OpenAPI document and the service's selection file (specs/<service>.yaml).

  tools/generate.py                      regenerate every specs/*.yaml
  tools/generate.py --check              fail when a committed header is stale
  tools/generate.py --report             coverage and drift per document
  tools/generate.py specs/fivetran.yaml --document ~/Downloads/openapi.json
                                         a newer document than the selection names

Documents are looked up in --specs (default: ../shared/specs beside the
checkout). Output is deterministic: the same document and selection give the
same bytes. Errors name the JSON pointer they are about.
"""
import argparse
import json
import pathlib
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from openapi_gen.contract import contract_header, drift, snapshot  # noqa: E402
from openapi_gen.document import Document, GenerationError, load  # noqa: E402
from openapi_gen.emit import Emitter  # noqa: E402
from openapi_gen.model import Builder  # noqa: E402
from openapi_gen.selection import Selection  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent


def hand_written_operations(root, sel):
    """Operation names the service's hand-written descriptors already use."""
    out = {}
    service_dir = root / "include" / "plugboard" / sel.service
    output = (root / sel.output).resolve()
    for header in sorted(service_dir.rglob("*.hpp")):
        if output in header.resolve().parents:
            continue
        for m in re.finditer(r'operation\s*=\s*"(\w+)"', header.read_text(encoding="utf-8")):
            out[m.group(1)] = str(header.relative_to(root))
    return out


def generate(selection_path, specs, document=None, root=ROOT, clang_format="clang-format"):
    """{relative path: text} for one selection file, plus the builder."""
    sel = Selection(load(selection_path), selection_path)
    doc_path = pathlib.Path(document) if document else pathlib.Path(specs) / sel.document
    if not doc_path.exists():
        raise GenerationError(sel.pointer("document"), f"no document at {doc_path}")
    doc = Document(load(doc_path), sel.document)
    builder = Builder(doc, sel, hand_written_operations(root, sel)).build()
    files = Emitter(builder, sel, sel.document, clang_format, root).files()
    contract = getattr(sel, "contract", None)
    if contract:
        files[contract["header"]] = contract_header(sel, doc, builder.operations,
                                                    contract["variable"])
    snap = snapshot(doc, builder.operations)
    files[str(pathlib.Path(selection_path).with_suffix(".snapshot.json").relative_to(root))] = \
        json.dumps(snap, indent=1, sort_keys=True) + "\n"
    return sel, doc, builder, files, snap


def report(sel, doc, builder, snap, previous):
    total = sum(1 for _ in doc.operations())
    selected = {(o.method, o.path) for o in builder.operations}
    print(f"{sel.document} ({sel.path.name}): {len(selected)} of {total} operations generated")
    for g in sel.groups:
        ops = [o.name for o in builder.operations if o.group == g]
        print(f"  {g}: {len(ops)} ({', '.join(ops)})")
    print(f"  not selected: {total - len(selected)}")
    changes = drift(previous, snap) if previous is not None else ["  (no earlier snapshot)"]
    print(f"  changed since the last generation: {len(changes) if previous is not None else '?'}")
    for line in changes:
        print(line)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("selections", nargs="*", help="selection files (default: specs/*.yaml)")
    parser.add_argument("--specs", default=str(ROOT.parent / "shared" / "specs"),
                        help="where the vendors' documents are")
    parser.add_argument("--document", help="a document to use instead of the one named")
    parser.add_argument("--check", action="store_true", help="fail on a stale header")
    parser.add_argument("--report", action="store_true", help="print coverage and drift")
    parser.add_argument("--clang-format", default="clang-format")
    args = parser.parse_args(argv)

    selections = [pathlib.Path(s).resolve() for s in args.selections] or \
        sorted((ROOT / "specs").glob("*.yaml"))
    if args.document and len(selections) != 1:
        parser.error("--document needs exactly one selection file")
    stale = []
    for path in selections:
        if args.check and not args.document:
            named = Selection(load(path), path).document
            if not (pathlib.Path(args.specs) / named).exists():
                print(f"generate.py: {named} is not in {args.specs}: {path.name} not checked")
                continue
        try:
            sel, doc, builder, files, snap = generate(path, args.specs, args.document,
                                                      clang_format=args.clang_format)
        except GenerationError as e:
            print(f"generate.py: {path.name}: {e}", file=sys.stderr)
            return 1
        snap_path = ROOT / path.with_suffix(".snapshot.json").relative_to(ROOT)
        previous = json.loads(snap_path.read_text()) if snap_path.exists() else None
        if args.report:
            report(sel, doc, builder, snap, previous)
        expected_dir = ROOT / sel.output
        existing = {str(p.relative_to(ROOT)) for p in expected_dir.glob("*.hpp")} \
            if expected_dir.exists() else set()
        for rel, text in sorted(files.items()):
            target = ROOT / rel
            current = target.read_text(encoding="utf-8") if target.exists() else None
            if current != text:
                if args.check:
                    stale.append(rel)
                elif not args.report:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_text(text, encoding="utf-8")
                    print(f"wrote {rel}")
        for rel in sorted(existing - set(files)):
            if args.check:
                stale.append(f"{rel} (no longer generated)")
            elif not args.report:
                (ROOT / rel).unlink()
                print(f"removed {rel}")
    if stale:
        print("generate.py: stale generated files (run tools/generate.py):\n  " +
              "\n  ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
