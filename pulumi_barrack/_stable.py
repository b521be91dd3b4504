"""Stable auto-names for Pulumi resources (issue: a killed ``pulumi up`` must not leave duplicates).

An auto-named resource is named ``<resource name>-<7 chars>``: the shared client's ``stable_name`` of the
resource's identity (in effect its URN) and its replace-forcing inputs, keyed by the API key. So:

- a re-run after an interrupted ``up`` computes the same name and meets the first run's object (409). It is adopted,
  with a warning, only when it provably is this resource's (a name only this API key computes for this stack, URN
  and inputs; matching create-only fields), else the create fails naming it;
- a replacement (a replace-forcing input changed) gets another name, so create-before-delete still works;
- a replacement that would get the old name again (``up --replace``, ``replace_on_changes``, a refused update)
  asks for delete-first. The engine ignores that for a forced replace, which then adopts the object it replaces:
  the process remembers what its creates adopted, and the delete of the replaced object keeps it.

Names made before this scheme (random) are kept; existing resources are never renamed.
"""

from __future__ import annotations

import sys
import threading
from typing import TYPE_CHECKING, Any

import pulumi

from pulumi_barrack._values import is_unknown

if TYPE_CHECKING:
    from pulumi_barrack._provider import BarrackProvider
    from shared_client.waiting import Deadline


_adopted: set[tuple[str, str]] = set()
_adopted_lock = threading.Lock()


def remember_adopted(kind: str, rid: str) -> None:
    """Note that a create of this process adopted (kind, id) (see :func:`adopted_here`)."""
    with _adopted_lock:
        _adopted.add((kind, rid))


def adopted_here(kind: str, rid: str) -> bool:
    """Whether a create of this provider process adopted the object (kind, id): a delete of it in the same run is
    the replaced side of a forced replace that adopted its own object, and must keep it."""
    with _adopted_lock:
        return (kind, rid) in _adopted


def resource_identity(type_name: str, resource_name: str, opts: pulumi.ResourceOptions | None) -> pulumi.Input[str]:
    """What identifies a resource across runs (program side): organization, project, stack, the parent's URN (or
    none), the type and the resource name."""
    try:
        org = pulumi.get_organization()
    except Exception:  # older engines: no organization
        org = ""
    head = f"{org}/{pulumi.get_project()}/{pulumi.get_stack()}"
    parent = opts.parent if opts is not None else None
    if parent is None:
        return f"{head}//{type_name}::{resource_name}"
    return parent.urn.apply(lambda urn: f"{head}/{urn}/{type_name}::{resource_name}")


def _replace_values(provider: BarrackProvider, inputs: dict[str, Any]) -> dict[str, Any]:
    from pulumi_barrack._provider import COMMON_FIELDS

    keys = [k for k in provider.input_names() if k != "name" and k not in COMMON_FIELDS]
    return {k: inputs[k] for k in sorted(keys) if k in inputs and provider.mode(k) == "replace"}


def stable_auto_name(provider: BarrackProvider, inputs: dict[str, Any]) -> str | None:
    """The resource's stable auto-name; None while an input it is made of is unknown (preview)."""
    from pulumi_barrack import _credentials
    from pulumi_barrack._provider import AUTO_NAME, AUTO_NAME_KEY
    from shared_client import errors
    from shared_client.auto_names import stable_name

    identity, prefix = inputs.get(AUTO_NAME_KEY), inputs.get(AUTO_NAME)
    values = _replace_values(provider, inputs)
    if not isinstance(identity, str) or not isinstance(prefix, str) or is_unknown(values):
        return None
    try:
        sign = _credentials.client().keyed_digest
    except errors.ConfigurationError:
        return None  # no API key yet: nothing can be created either
    return stable_name(prefix, identity, values, sign=sign)


def adopt_interrupted(
    provider: BarrackProvider, c: Any, inputs: dict[str, Any], dl: Deadline
) -> tuple[str, Any] | None:
    """After a 409 on a stable auto-name: (id, settled model) of the object an interrupted run of this stack made
    (create-only fields must match, else `BarrackProviderError` naming it); None when the name is not this
    resource's stable auto-name or the object is gone."""
    name = inputs.get("name")
    if not isinstance(name, str) or name != stable_auto_name(provider, inputs):
        return None
    existing = provider.find_existing(c, inputs)
    if existing is None:
        return None
    rid = provider.object_id(existing, inputs)
    model = provider.adopt_existing(c, rid, existing, inputs)
    model = provider.settle(c, rid, model, inputs, dl)
    remember_adopted(provider.label(), rid)
    print(
        f"warning: {provider.label()} {name!r} (id {rid}) already existed with this resource's stable auto-name "
        "(made by an interrupted `pulumi up` of this stack, or the object a forced replace of this resource "
        "replaces): it is tracked (adopted), not created twice",
        file=sys.stderr,
        flush=True,
    )
    return rid, model
