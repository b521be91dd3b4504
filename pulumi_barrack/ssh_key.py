"""``SshKey``: an SSH public key, optionally generated (the private key is a secret output)."""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

import pulumi
from pulumi.dynamic import CheckFailure, CheckResult, ReadResult

from pulumi_barrack._provider import CrudProvider, Field, is_bool
from pulumi_barrack._resource import BarrackResource, TimeoutsArgs
from shared_client.resources.ssh_keys import SPEC as SSH_KEYS


def generate_key_pair(comment: str) -> tuple[str, str]:
    """A new Ed25519 key pair as (OpenSSH public key line, OpenSSH private key PEM)."""
    try:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError("generate=True needs the 'cryptography' package (pip install cryptography)") from exc
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, serialization.NoEncryption()
    ).decode()
    public = key.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    return f"{public.decode()} {comment}".strip(), private


class SshKeyProvider(CrudProvider):
    """Dynamic provider for SSH keys (no in-place changes)."""

    spec = SSH_KEYS
    fields: ClassVar[dict[str, Field]] = {"generate": Field("replace", validate=is_bool)}
    required = ("name",)
    read_only_keys = ("public_key", "fingerprint", "created_at")
    kept_outputs = ("private_key",)

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        result = super().check(olds, news)
        inputs = result.inputs
        generating = inputs.get("generate") is True
        has_key = "public_key" in inputs
        failures = [f for f in result.failures if not (generating and not has_key and f.property == "public_key")]
        if not has_key and not generating and not any(f.property == "public_key" for f in failures):
            failures.append(CheckFailure("public_key", "set public_key or generate=True"))
        if has_key and generating:
            failures.append(CheckFailure("generate", "generate=True cannot be combined with public_key"))
        return CheckResult(inputs, failures)

    def create_object(self, c: Any, inputs: dict[str, Any]) -> Any:
        if inputs.get("generate") and "public_key" not in inputs:
            public, inputs["private_key"] = generate_key_pair(str(inputs["name"]))
            return c.ssh_keys.create(name=inputs["name"], public_key=public)
        return super().create_object(c, inputs)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        result = super().read(id_, props)
        if result.inputs and result.inputs.get("generate") is True:
            result.inputs.pop("public_key", None)  # generated, never an input (check forbids both)
        return result


@dataclasses.dataclass
class SshKeyArgs:
    """Inputs of an :class:`SshKey` (each one is described on :class:`SshKey`)."""

    name: pulumi.Input[str] | None = None
    public_key: pulumi.Input[str] | None = None
    generate: pulumi.Input[bool] | None = None
    adopt: pulumi.Input[bool] | None = None
    timeouts: pulumi.Input[TimeoutsArgs] | None = None


class SshKey(BarrackResource, module="barrack", name="SshKey"):
    """A Barrack SSH key."""

    provider_class = SshKeyProvider
    secret_outputs = ("private_key",)
    name: pulumi.Output[str]
    public_key: pulumi.Output[str]
    generate: pulumi.Output[bool | None]
    fingerprint: pulumi.Output[str]
    created_at: pulumi.Output[str]
    private_key: pulumi.Output[str | None]
    """The generated private key (OpenSSH format), a secret; ``None`` unless ``generate=True``."""

    def __init__(
        self,
        resource_name: str,
        args: SshKeyArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        name: pulumi.Input[str] | None = None,
        public_key: pulumi.Input[str] | None = None,
        generate: pulumi.Input[bool] | None = None,
        adopt: pulumi.Input[bool] | None = None,
        timeouts: pulumi.Input[TimeoutsArgs] | None = None,
    ) -> None:
        """An SSH key. ``name``, ``public_key`` and ``generate`` replace the key when changed (create-before-delete
        when auto-named; an explicit ``name`` deletes the old key first).

        :param resource_name: the Pulumi resource name.
        :param args: the inputs as an :class:`SshKeyArgs` (keyword inputs win over it).
        :param opts: resource options.
        :param name: 1-50 letters, digits, ``-``, ``_``, ``.`` (no spaces), unique per account; default
            ``<resource_name>-<7 chars>`` (a stable auto-name, see docs/pulumi.md).
        :param public_key: an OpenSSH one-line public key (the comment is ignored when comparing); or use ``generate``.
        :param generate: generate an Ed25519 key pair; the private key is the secret output ``private_key``, kept
            in the stack's state (also across in-place updates).
        :param adopt: take over an existing key with this name instead of creating one.
        :param timeouts: seconds create/delete may wait (:class:`TimeoutsArgs`).
        """
        self._setup(resource_name, args, opts, locals())
