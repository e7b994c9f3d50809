#!/usr/bin/env bash
# Sets everything up and starts the product: Backstage (frontend on :3000,
# backend on :7007) with the incoming-call plugins, SQLite under .data/,
# guest sign-in as an example user, and the example organisation.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
echo "==> Starting Backstage: open http://localhost:3000 (sign in as guest)" >&2
exec yarn dev "$@"
