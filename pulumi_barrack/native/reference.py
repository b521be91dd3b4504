"""The API reference of the native provider, one Markdown page per resource and function, from the schema.

``python -m pulumi_barrack.native.reference sdk/schema.json docs/reference`` (run by ``scripts/gen-sdk``).
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

IMPORT_IDS = {
    "Instance": "the instance id (`instanceId`)",
    "Volume": "the volume id",
    "Firewall": "the firewall id",
    "SshKey": "the SSH key id",
    "StartupScript": "the startup script id",
    "Snapshot": "the snapshot id",
    "CustomImage": "the custom image id",
    "VolumeAttachment": "`<instance id>/<volume id>`",
    "FirewallAttachment": "the firewall id",
    "InstanceSecurityRule": "`<instance id>/<rule id>`",
}
"""What ``pulumi import barrack:index:<Kind> <name> <id>`` takes as the id (the core's ``object_id``)."""


def _type(spec: Mapping[str, Any]) -> str:
    if spec.get("oneOf"):
        return " or ".join(_type(option) for option in spec["oneOf"])
    ref = str(spec.get("$ref", ""))
    if ref == "pulumi.json#/Any":
        return "any"
    if ref:
        name = ref.rsplit(":", 1)[-1]
        return f"[{name}](types.md#{name.lower()})"
    if spec.get("type") == "array":
        return f"list of {_type(spec.get('items') or {})}"
    if spec.get("type") == "object":
        return f"map of {_type(spec.get('additionalProperties') or {})}"
    return str(spec.get("type", "any"))


def _table(props: Mapping[str, Any], required: list[str] | None = None, inputs: bool = False) -> list[str]:
    if not props:
        return ["(none)", ""]
    head = "| Name | Type | Notes | Description |" if inputs else "| Name | Type | Description |"
    rows = [head, "|---|---|---|---|" if inputs else "|---|---|---|"]
    for name, spec in sorted(props.items()):
        text = str(spec.get("description", "")).replace("|", "\\|")
        if inputs:
            marks = (name in (required or []), spec.get("replaceOnChanges"), spec.get("secret"))
            notes = ", ".join(n for n, on in zip(("required", "replaces", "secret"), marks, strict=True) if on)
            rows.append(f"| `{name}` | {_type(spec)} | {notes} | {text} |")
        else:
            rows.append(f"| `{name}` | {_type(spec)}{' (secret)' if spec.get('secret') else ''} | {text} |")
    return [*rows, ""]


def resource_page(token: str, spec: Mapping[str, Any]) -> str:
    name = token.rsplit(":", 1)[-1]
    inputs = spec.get("inputProperties") or {}
    outputs = {k: v for k, v in (spec.get("properties") or {}).items() if k not in inputs}
    lines = [f"# {name}", "", f"`{token}` — {spec.get('description', '')}", "", "## Inputs", ""]
    lines += _table(inputs, list(spec.get("requiredInputs") or []), inputs=True)
    lines += ["## Outputs", "", "Every input, and:", "", *_table(outputs), "## Import", ""]
    lines += [f"The id is {IMPORT_IDS.get(name, 'the object id')}:", "", "```sh"]
    lines += [f"pulumi import {token} <resource name> <id>", "```", ""]
    return "\n".join(lines)


def functions_page(functions: Mapping[str, Any]) -> str:
    lines = ["# Functions", ""]
    for token, spec in sorted(functions.items()):
        name = token.rsplit(":", 1)[-1]
        lines += [f"## {name}", "", f"`{token}` — {spec.get('description', '')}", "", "Arguments:", ""]
        args = spec.get("inputs") or {}
        lines += _table(args.get("properties") or {}, list(args.get("required") or []), inputs=True)
        lines += ["Result:", "", *_table((spec.get("outputs") or {}).get("properties") or {})]
    return "\n".join(lines)


def types_page(types: Mapping[str, Any]) -> str:
    lines = ["# Types", ""]
    for token, spec in sorted(types.items()):
        name = token.rsplit(":", 1)[-1]
        lines += [f"## {name}", "", str(spec.get("description", "")), ""]
        if "enum" in spec:
            rows = [f"| `{e['value']}` | `{e['name']}` |" for e in spec["enum"]]
            lines += ["| Value | Name in the SDKs |", "|---|---|", *rows, ""]
        else:
            lines += _table(spec.get("properties") or {})
    return "\n".join(lines)


def write(schema: Mapping[str, Any], out: Path) -> None:
    """Replace ``out`` with the reference pages."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    index = ["# barrack provider API reference", "", "Generated from the provider schema by `scripts/gen-sdk`.", ""]
    index += ["## Resources", ""]
    for token, spec in sorted(schema["resources"].items()):
        name = token.rsplit(":", 1)[-1]
        (out / f"{name}.md").write_text(resource_page(token, spec))
        index.append(f"- [{name}]({name}.md)")
    index += ["", "## Also", "", "- [Functions](functions.md)", "- [Types](types.md)", ""]
    (out / "functions.md").write_text(functions_page(schema["functions"]))
    (out / "types.md").write_text(types_page(schema["types"]))
    (out / "README.md").write_text("\n".join(index))


if __name__ == "__main__":
    write(json.loads(Path(sys.argv[1]).read_text()), Path(sys.argv[2]))
