#!/usr/bin/env bash
# Provision two GPU nodes with Pulumi (the program folder stack/, plain `pulumi` CLI), export the stack outputs to
# a JSON vars file, then run the Ansible playbook on the nodes found by the barrack.cloud.barrack inventory plugin.
#
#   BARRACK_API_KEY=... ./run.sh http://127.0.0.1:8765/api     # API URL as argument or $BARRACK_API_URL
#   DESTROY=1 ./run.sh ...                                      # afterwards: delete the backups, destroy the stack
#
# Environment: BARRACK_API_KEY (required; a second argument is accepted for the local emulator's test key),
# PULUMI_CONFIG_PASSPHRASE (default: a fixed demo value), PULUMI_BACKEND_URL (default: file://$WORK_DIR/state),
# STACK (default demo), WORK_DIR (default ./build), PYTHON (default: the project's .venv python; it runs the
# program, as PULUMI_PYTHON_CMD), ANSIBLE_PLAYBOOK (default: ansible-playbook beside PYTHON).
# The `pulumi` CLI comes from PATH; without one, the project's scripts/build-pulumi-engine provides it.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
export BARRACK_API_URL="${1:-${BARRACK_API_URL:-}}"
[ -n "$BARRACK_API_URL" ] || { echo "usage: $0 API_URL   (or set BARRACK_API_URL)" >&2; exit 2; }
BARRACK_API_KEY="${2:-${BARRACK_API_KEY:-}}"
[ -n "$BARRACK_API_KEY" ] || { echo "$0: set BARRACK_API_KEY" >&2; exit 2; }
export BARRACK_API_KEY
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE:-pulumi-to-ansible-demo}"
export PULUMI_SKIP_UPDATE_CHECK="${PULUMI_SKIP_UPDATE_CHECK:-true}"

PYTHON="${PYTHON:-}"
if [ -z "$PYTHON" ]; then
  if [ -x "$repo/.venv/bin/python" ]; then PYTHON="$repo/.venv/bin/python"; else PYTHON="$(command -v python3)"; fi
fi
export PULUMI_PYTHON_CMD="${PULUMI_PYTHON_CMD:-$PYTHON}"
ANSIBLE_PLAYBOOK="${ANSIBLE_PLAYBOOK:-$(dirname "$PYTHON")/ansible-playbook}"
[ -x "$ANSIBLE_PLAYBOOK" ] || ANSIBLE_PLAYBOOK="$(command -v ansible-playbook)"
if ! command -v pulumi >/dev/null; then
  PATH="$("$repo/scripts/build-pulumi-engine" | tail -n1):$PATH"
fi
STACK="${STACK:-demo}"
WORK="$(mkdir -p "${WORK_DIR:-$here/build}" && cd "${WORK_DIR:-$here/build}" && pwd)"
if [ -z "${PULUMI_BACKEND_URL:-}" ]; then
  mkdir -p "$WORK/state"
  export PULUMI_BACKEND_URL="file://$WORK/state"
fi
pulumi() { (cd "$here/stack" && command pulumi "$@" --non-interactive --color never); }

echo "==> 1/2 Pulumi: up (stack $STACK, state in $PULUMI_BACKEND_URL)"
pulumi stack select --create "$STACK"
printf '%s' "$BARRACK_API_KEY" | pulumi config set --secret barrack:apiKey
pulumi config set barrack:apiUrl "$BARRACK_API_URL"
pulumi up --yes
pulumi stack output --json > "$WORK/stack-outputs.json"
echo "stack outputs written to $WORK/stack-outputs.json"

echo "==> 2/2 Ansible: playbook.yml on the inventory's pulumi_nodes"
rm -f "$WORK/report.txt"
(cd "$here" && ANSIBLE_PYTHON_INTERPRETER="$PYTHON" "$ANSIBLE_PLAYBOOK" playbook.yml \
  -e "@$WORK/stack-outputs.json" -e "report_file=$WORK/report.txt")
echo "report:"; cat "$WORK/report.txt"

if [ "${DESTROY:-0}" = 1 ]; then
  echo "==> clean up: the backups (Ansible), then the stack (Pulumi)"
  (cd "$here" && ANSIBLE_PYTHON_INTERPRETER="$PYTHON" "$ANSIBLE_PLAYBOOK" playbook.yml \
    -e "@$WORK/stack-outputs.json" -e "report_file=$WORK/report.txt" -e backup_state=absent)
  pulumi destroy --yes
  pulumi stack rm --yes "$STACK"
fi
