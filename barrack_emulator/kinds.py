"""Resource kinds. Each ``routes/<kind>.py`` declares its kind once, as ``KIND = Kind(...)``; the app, the store and
the admin API find the kinds (and every router) by importing the modules of `barrack_emulator.routes`."""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter

if TYPE_CHECKING:
    from barrack_emulator.state import Store

Resource = dict[str, Any]


@dataclass(frozen=True)
class Kind:
    """One resource kind. Its list, get and delete routes come from `routes.common.crud_router` where its router
    has none of its own."""

    name: str  # the store's collection, the list key and the admin API's name ("ssh_keys")
    label: str  # in messages ("SSH key")
    router: APIRouter
    first_id: int  # the id counter starts here
    seed: Callable[[Store, str, dict[str, Any]], Resource]  # one resource in its final status (admin seed)
    aliases: tuple[str, ...] = ()  # more admin names (singular and "-" forms are accepted anyway)
    make_id: Callable[[int], str] = str
    id_field: str = "id"
    name_field: str = "name"
    rate: Callable[[Resource, str], float] | None = None  # hourly rate in a currency, for a billed kind
    regional: bool = False  # the list filters on ?region=
    list_tier: str | None = None  # the ``tier`` beside the list
    page_size_param: str = "page_size"
    view: Callable[[Store, Resource], dict[str, Any]] | None = None  # the API view (default: public fields)
    creating: str | None = None  # a delete in this status is refused: still being created
    check_delete: Callable[[Store, Resource], None] | None = None  # more delete preconditions (raise ApiError)

    @property
    def noun(self) -> str:
        """The label inside a sentence: "custom image", "SSH key"."""
        return self.label if self.label[1].isupper() else self.label.lower()

    def seeded_or_new(self, store: Store, attrs: dict[str, Any], key: str, prefix: str) -> Resource:
        """The resource of this kind `attrs[key]` names, else a new seeded one (`<prefix>-<n>`): a seed's parent."""
        found = store.get(self.name, attrs[key]) if key in attrs else None
        return found if found is not None else self.seed(store, f"{prefix}-{store.counters[self.name] + 1}", {})

    def names(self) -> set[str]:
        """Every name the admin API accepts for the kind."""
        names = {self.name, self.name[:-1], *self.aliases}
        return names | {n.replace("_", "-") for n in names}


@functools.cache
def route_modules() -> tuple[ModuleType, ...]:
    """The modules of `barrack_emulator.routes` that have a ``router``, by name."""
    from barrack_emulator import routes

    found = (importlib.import_module(f"{routes.__name__}.{m.name}") for m in pkgutil.iter_modules(routes.__path__))
    return tuple(m for m in found if isinstance(getattr(m, "router", None), APIRouter))


@functools.cache
def all_kinds() -> Mapping[str, Kind]:
    """Every declared kind by name."""
    return {k.name: k for m in route_modules() if isinstance(k := getattr(m, "KIND", None), Kind)}


def kind_named(name: str) -> Kind:
    """The kind the admin API calls `name`; KeyError when none."""
    found = [k for k in all_kinds().values() if name in k.names()]
    if not found:
        raise KeyError(name)
    return found[0]
