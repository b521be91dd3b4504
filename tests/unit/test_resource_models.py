"""Every resource kind's read model is a `ResourceModel`: it has a string `id` and a `name` (a field or a property),
so front-ends take the client's types instead of `Any`."""

from __future__ import annotations

import pytest

from shared_client import BarrackClient
from shared_client.models.base import ResourceModel

# the smallest object of each kind the API may send: its id, its name, under their wire keys
SENT = {
    "instances": {"instance_id": "BRK-000001D", "vm_name": "w1"},
    "volumes": {"id": 11, "name": "data"},
    "ssh_keys": {"id": 7, "name": "op"},
    "snapshots": {"id": "BRK-000001S", "name": "snap"},
    "images": {"id": 3, "name": "img"},
    "firewalls": {"id": 21, "name": "fw"},
    "scripts": {"id": 5, "name": "boot"},
}


def test_every_named_kind_is_listed() -> None:
    named = {k for k in BarrackClient.kinds() if (spec := BarrackClient.spec_of(k)) is not None and spec.name_field}
    assert named == set(SENT)


@pytest.mark.parametrize("kind", sorted(SENT))
def test_the_read_model_has_a_string_id_and_its_name(kind: str) -> None:
    spec = BarrackClient.spec_of(kind)
    assert spec is not None and issubclass(spec.model, ResourceModel)
    obj = spec.model.model_validate(SENT[kind])
    assert isinstance(obj, ResourceModel)
    name = next(v for k, v in SENT[kind].items() if "id" not in k)
    assert obj.id == str(next(v for k, v in SENT[kind].items() if "id" in k)) and obj.name == name
