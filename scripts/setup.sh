# Sourced by start.sh and test.sh: a suitable Node, the committed Yarn, and
# the project's dependencies, installed from the lockfile.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ICR_ROOT"
echo "==> Node $(node --version), Yarn $(yarn --version)" >&2
echo "==> Installing dependencies (yarn install --immutable)" >&2
yarn install --immutable
