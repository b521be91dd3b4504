"""Layering: a front-end module (pulumi_barrack/*.py, the collection's plugins/**/*.py) holds no knowledge of the
Barrack API. It fails when such a module imports httpx, spells an API path, or defines a status, tier or region
constant; `choices` lists of argument specs may not spell those words either (take them from the client).

Docstrings and the Ansible DOCUMENTATION / EXAMPLES / RETURN strings are text for users and are not checked.
User-facing option words that merely look alike (``stopped``, ``hibernated``, ``present``) are not status words:
status words are matched exactly (case-insensitively) against the client's own sets, never by substring.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from shared_client import contract, rules, specs, vocabulary

ROOT = Path(__file__).resolve().parents[2]
FRONT_ENDS = {
    "pulumi": sorted((ROOT / "pulumi_barrack").glob("*.py")),
    "ansible": sorted((ROOT / "ansible_collections/barrack/cloud/plugins").rglob("*.py")),
}
DOC_NAMES = frozenset({"DOCUMENTATION", "EXAMPLES", "RETURN"})

STATUS_WORDS = frozenset(
    w.lower()
    for w in (
        *vocabulary.INSTANCE_STABLE,
        *vocabulary.INSTANCE_TRANSITIONAL,
        *(w for s in specs.SPECS.values() for w in (*s.ready, *s.busy, *s.failed)),
        *rules.RULE_DONE,
        *specs.ATTACHMENT_DONE,
        "pending",
        "ATTACHING",
        "ATTACHED",
        "DETACHED",
        contract.IP_ASSIGNED,
        contract.IP_UNASSIGNED,
    )
)
TIER_WORDS = frozenset(t.lower() for t in vocabulary.TIERS)
REGION_WORDS = frozenset(r.lower() for r in vocabulary.REGIONS)
WORDS = STATUS_WORDS | TIER_WORDS | REGION_WORDS
_SEGMENTS = sorted({e.path.strip("/").split("/")[0] for e in contract.ENDPOINTS.values()})
PATH_RE = re.compile(r"^/?(?:api/)?(?:" + "|".join(re.escape(s) for s in _SEGMENTS) + r")/")


def _docstring_nodes(tree: ast.AST) -> set[int]:
    """ids of string constants that are documentation: docstrings, bare string statements, DOCUMENTATION & co."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            skip.add(id(node.value))
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id in DOC_NAMES for t in node.targets):
            skip.update(id(n) for n in ast.walk(node.value))
    return skip


def _strings(node: ast.AST, skip: set[int]) -> Iterator[ast.Constant]:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Constant) and isinstance(sub.value, str) and id(sub) not in skip:
            yield sub


USER_WORDS = frozenset(specs.POWER_STATES)  # the client's own power-state words are user-facing option values


def _word(value: str) -> str | None:
    """The Barrack word `value` is (status words in any case, except that the lower-case power-state words
    ``running`` / ``stopped`` / ``hibernated`` are user-facing; ``HIBERNATED`` is still a status word)."""
    text = value.strip()
    if text.lower() not in WORDS or text in USER_WORDS:
        return None
    return text


def violations(source: str, name: str = "<module>") -> list[str]:
    """Every layering problem in `source`, as ``name:line: reason``."""
    tree = ast.parse(source)
    skip = _docstring_nodes(tree)
    out: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "httpx" for a in node.names):
            out.append(f"{name}:{node.lineno}: imports httpx")
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "httpx":
            out.append(f"{name}:{node.lineno}: imports httpx")
    for const in _strings(tree, skip):
        if PATH_RE.match(const.value):
            out.append(f"{name}:{const.lineno}: spells the API path {const.value!r}")
    # constants: module- and class-level assignments whose value holds a status, tier or region word
    scopes: list[ast.AST] = [tree, *(n for n in ast.walk(tree) if isinstance(n, ast.ClassDef))]
    for scope in scopes:
        for stmt in getattr(scope, "body", []):
            if isinstance(stmt, ast.Assign | ast.AnnAssign) and stmt.value is not None:
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                if any(isinstance(t, ast.Name) and t.id in DOC_NAMES for t in targets):
                    continue
                found = sorted({w for c in _strings(stmt.value, skip) if (w := _word(c.value))})
                if found:
                    label = ", ".join(ast.unparse(t) for t in targets)
                    out.append(f"{name}:{stmt.lineno}: constant {label} holds Barrack words {found}")
    # choices lists spelled out in argument specs (keyword choices=... or a "choices" dict key)
    for node in ast.walk(tree):
        values: list[ast.AST] = []
        if isinstance(node, ast.keyword) and node.arg == "choices":
            values.append(node.value)
        if isinstance(node, ast.Dict):
            values += [
                v
                for k, v in zip(node.keys, node.values, strict=True)
                if isinstance(k, ast.Constant) and k.value == "choices"
            ]
        for value in values:
            found = sorted({w for c in _strings(value, skip) if (w := _word(c.value))})
            if found:
                out.append(f"{name}:{value.lineno}: choices spell Barrack words {found}; take them from the client")
    return sorted(set(out))


# ---- the checker itself ------------------------------------------------------------------------------------------

FLAGGED = {
    "import": "import httpx\n",
    "from-import": "from httpx import Client\n",
    "nested-import": "def f():\n    import httpx.\\\n_main\n",
    "path": "def f(c):\n    return c.get('/instances/' + i)\n",
    "f-string-path": "def f(i):\n    return f'/volumes/{i}/resize/'\n",
    "api-prefixed-path": "URL = 'api/ssh-keys/'\n",
    "status-set": "BUSY = frozenset({'creating', 'build', 'pending'})\n",
    "status-table": "POWER = {'started': ('ACTIVE', ('STARTING',))}\n",
    "upper-power-word": "TARGET = {'hibernated': 'HIBERNATED'}\n",
    "class-constant": "class P:\n    ready_status = 'available'\n",
    "tier-table": "ALLOWED = {'legacy': ('ACTIVE', 'SHUTOFF'), 'advanced': ('SHUTOFF',)}\n",
    "region-list": "REGIONS = ['CANADA-1', 'FINLAND-1']\n",
    "choices": "spec = dict(tier=dict(type='str', choices=['legacy', 'advanced']))\n",
    "choices-key": "def f():\n    return {'region': {'choices': ['FINLAND-1']}}\n",
}
CLEAN = {
    "docstring": '"""Waits until the instance is ACTIVE; see /instances/ for details."""\n',
    "documentation": "DOCUMENTATION = r'''\noptions:\n  state:\n    choices: [ACTIVE, legacy]\n'''\n",
    "option-words": "spec = dict(state=dict(choices=['present', 'started', 'stopped', 'hibernated', 'absent']))\n",
    "choices-from-client": (
        "from shared_client import vocabulary\nSPEC = dict(tier=dict(choices=sorted(vocabulary.TIERS)))\n"
    ),
    "message-in-function": "def f(s):\n    raise ValueError(f'instance is {s}, not ACTIVE')\n",
    "sub-client-name": "KIND = 'volumes'\nLABELS = {'ssh_keys': 'SSH key'}\n",
    "user-agent": "USER_AGENT = 'barrack-ansible/0.1.0'\n",
    "word-inside-text": "HINT = 'stop the instance first (it must be SHUTOFF)'\n",
}


@pytest.mark.parametrize("case", list(FLAGGED))
def test_checker_flags(case: str) -> None:
    assert violations(FLAGGED[case]), case


@pytest.mark.parametrize("case", list(CLEAN))
def test_checker_passes_legitimate_code(case: str) -> None:
    assert violations(CLEAN[case]) == [], case


def test_front_ends_are_found() -> None:
    assert FRONT_ENDS["pulumi"] and FRONT_ENDS["ansible"]


# ---- the front-ends ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("front_end", list(FRONT_ENDS))
def test_front_end_holds_no_barrack_knowledge(front_end: str) -> None:
    """Fails until the front-ends call the client's workflows and specs instead of their own copies (issue 7)."""
    problems = [
        v
        for path in FRONT_ENDS[front_end]
        for v in violations(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert problems == [], "\n".join(problems)


# ---- wire keys and model names (issue 13) -------------------------------------------------------------------------


def _wire_keys() -> frozenset[str]:
    """Response keys the client renames for the front-ends (``vm_name`` is the ``name`` of an instance,
    ``specs.gpu_type`` its ``gpu_model``, ``ip_address`` / ``ip_status`` its ``public_ip``): taken from every spec's
    ``wire_names``, without the words that are also request fields, sub-client kinds or option names."""
    segments = {
        seg
        for kind in specs.SPECS
        for path in specs.SPECS[kind].wire_names.values()
        for seg in re.split(r"[.\[\]?]+", path)
        if seg
    }
    fields = {f for kind in specs.SPECS for f in specs.SPECS[kind].create_model.model_fields}
    return frozenset((segments | {contract.IP_STATUS}) - fields - set(specs.SPECS) - {"id", "name"})


WIRE_KEYS = _wire_keys()
FRONT_END_CLASSES = frozenset(  # a Pulumi resource may share its kind's model name (``Instance``): its own class
    node.name
    for paths in FRONT_ENDS.values()
    for path in paths
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
    if isinstance(node, ast.ClassDef)
)
MODEL_NAMES = (
    frozenset(
        n for kind in specs.SPECS for n in (specs.SPECS[kind].model.__name__, specs.SPECS[kind].create_model.__name__)
    )
    - FRONT_END_CLASSES
)


def _declared_names(tree: ast.AST) -> set[int]:
    """ids of the string arguments of ``pulumi.property("x")`` (an output type's declared field name)."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None)) == "property":
            out.update(id(a) for a in node.args)
    return out


def wire_violations(source: str, name: str = "<module>") -> list[str]:
    """Strings in `source` that spell a renamed response key or a kind's model name (docs excepted)."""
    tree = ast.parse(source)
    skip = _docstring_nodes(tree) | _declared_names(tree)
    out = []
    for const in _strings(tree, skip):
        parts = set(re.split(r"[.\[\]?]+", const.value))
        if parts & WIRE_KEYS:
            out.append(f"{name}:{const.lineno}: spells the response key {const.value!r}; use the client's model")
        if const.value in MODEL_NAMES:
            out.append(f"{name}:{const.lineno}: names the model {const.value!r} as a string; use the spec")
    return sorted(set(out))


WIRE_FLAGGED = {
    "vm-name": "def f(d):\n    return d.get('vm_name')\n",
    "nested": "def f(d):\n    return (d.get('specs') or {}).get('gpu_type')\n",
    "dotted": "KEY = 'specs.gpu_type'\n",
    "ip-status": "READ = ('status', 'ip_status')\n",
    "model-name": "class P:\n    request_model_name = 'ScriptCreate'\n",
}
WIRE_CLEAN = {
    "docstring": '"""The name is ``vm_name`` on the wire."""\n',
    "attribute": "def f(i):\n    return i.name, i.current_values()['gpu_model']\n",
    "output-type": "class S:\n    gpu_type: str = pulumi.property('gpu_type')\n",
    "option-names": "OPTIONS = ('volumes', 'firewalls', 'ssh_keys', 'public_ip')\n",
}


def test_wire_keys_come_from_the_specs() -> None:
    assert {"vm_name", "gpu_type", "ip_status", "specs"} <= WIRE_KEYS
    assert {"InstanceCreate", "ScriptCreate", "Script"} <= MODEL_NAMES


@pytest.mark.parametrize("case", list(WIRE_FLAGGED))
def test_wire_checker_flags(case: str) -> None:
    assert wire_violations(WIRE_FLAGGED[case]), case


@pytest.mark.parametrize("case", list(WIRE_CLEAN))
def test_wire_checker_passes_legitimate_code(case: str) -> None:
    assert wire_violations(WIRE_CLEAN[case]) == [], case


@pytest.mark.parametrize("front_end", list(FRONT_ENDS))
def test_front_end_spells_no_wire_key_or_model_name(front_end: str) -> None:
    problems = [
        v
        for path in FRONT_ENDS[front_end]
        for v in wire_violations(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert problems == [], "\n".join(problems)
