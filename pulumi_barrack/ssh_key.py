"""``SshKey``: an SSH public key, optionally generated (the private key is a secret output)."""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

import pulumi
import pulumi.dynamic
from pulumi.dynamic import CheckFailure, CheckResult, ReadResult

from pulumi_barrack._provider import CrudProvider, Field, model_dict, pick
from pulumi_barrack._resource import COMMON_OUTPUTS, TimeoutsArgs, build_props, with_secret_outputs

SECRET_OUTPUTS = ("private_key",)


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

    kind = "SSH key"
    sub_client = "ssh_keys"
    request_model_name = "SshKeyCreate"
    unique_name = True
    model_inputs = ("name", "public_key")
    fields: ClassVar[dict[str, Field]] = {
        "generate": Field("replace", validate=lambda v: None if isinstance(v, bool) else "must be a boolean"),
    }
    required = ("name",)
    READ_ONLY: ClassVar[tuple[str, ...]] = ("public_key", "fingerprint", "created_at")

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
        from shared_client.models import SshKeyCreate

        if inputs.get("generate") and "public_key" not in inputs:
            public, private = generate_key_pair(str(inputs["name"]))
            inputs["private_key"] = private
            return c.ssh_keys.create(SshKeyCreate(name=inputs["name"], public_key=public))
        return c.ssh_keys.create(SshKeyCreate(**self.request_data(inputs)))

    def server_inputs(self, model: Any) -> dict[str, Any]:
        return pick(model_dict(model), "name", "public_key")

    def read_only(self, model: Any) -> dict[str, Any]:
        return pick(model_dict(model), *self.READ_ONLY)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        result = super().read(id_, props)
        if result.inputs and result.inputs.get("generate") is True:
            result.inputs.pop("public_key", None)  # generated, never an input (check forbids both)
        return result

    def outputs(self, model: Any, given: dict[str, Any]) -> dict[str, Any]:
        outs = super().outputs(model, given)
        outs["private_key"] = given.get("private_key")
        return outs


@dataclasses.dataclass
class SshKeyArgs:
    """Inputs of an :class:`SshKey`; any change replaces the key."""

    name: pulumi.Input[str]
    """No spaces; unique per account."""
    public_key: pulumi.Input[str] | None = None
    """An OpenSSH one-line public key; omit it and set ``generate=True`` to have one generated."""
    generate: pulumi.Input[bool] | None = None
    """Generate an Ed25519 key pair; the private key is the secret output ``private_key``."""
    adopt: pulumi.Input[bool] | None = None
    timeouts: pulumi.Input[TimeoutsArgs] | None = None
    schema_version: pulumi.Input[int] | None = None


class SshKey(pulumi.dynamic.Resource, module="barrack", name="SshKey"):
    """A Barrack SSH key."""

    name: pulumi.Output[str]
    public_key: pulumi.Output[str]
    generate: pulumi.Output[bool | None]
    fingerprint: pulumi.Output[str]
    created_at: pulumi.Output[str]
    private_key: pulumi.Output[str | None]
    """The generated private key (OpenSSH format), a secret; ``None`` unless ``generate=True``."""
    adopt: pulumi.Output[bool | None]
    timeouts: pulumi.Output[dict[str, float] | None]
    schema_version: pulumi.Output[int]

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
        schema_version: pulumi.Input[int] | None = None,
    ) -> None:
        overrides = {
            "name": name,
            "public_key": public_key,
            "generate": generate,
            "adopt": adopt,
            "timeouts": timeouts,
            "schema_version": schema_version,
        }
        outputs = ("name", "public_key", "generate", *SshKeyProvider.READ_ONLY, *SECRET_OUTPUTS, *COMMON_OUTPUTS)
        props = build_props(args, overrides, outputs)
        super().__init__(SshKeyProvider(), resource_name, props, with_secret_outputs(opts, SECRET_OUTPUTS))
