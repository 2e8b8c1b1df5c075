#!/usr/bin/env bash
# Validates deploy/kubernetes.yaml offline against Kubernetes' own OpenAPI schemas, strictly
# (unknown fields are errors), with kubernetes-validate from PyPI in deploy/.venv (gitignored).
#
#   deploy/validate.sh
set -euo pipefail
cd "$(dirname "$0")"

# kubernetes-validate ships the schemas of every Kubernetes release it knows; pinned, so that a
# new release of it cannot change the verdict unannounced.
VALIDATOR_VERSION=1.37.0
# The oldest Kubernetes the manifest is for (preStop `sleep` is on by default from 1.30), and the
# newest the validator knows.
KUBERNETES_VERSIONS=(1.30.0 1.37.0)

if [[ ! -x .venv/bin/kubernetes-validate ]]; then
    python3 -m venv .venv
    .venv/bin/pip install --quiet "kubernetes-validate==$VALIDATOR_VERSION"
fi

for version in "${KUBERNETES_VERSIONS[@]}"; do
    .venv/bin/kubernetes-validate --strict -k "$version" kubernetes.yaml
done
