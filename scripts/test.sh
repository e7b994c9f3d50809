#!/usr/bin/env bash
# Sets everything up and runs all the tests: type check, package metadata,
# API reports, the install check (every publishable package packed and its
# tarball checked), lint, unit and integration tests (SQLite and PostgreSQL)
# in one jest run, and the browser test in Chromium. Stops at the first
# failure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

step() { echo "==> $*" >&2; }

# PostgreSQL: the local server, started when it is not running. The
# PostgreSQL tests fail (they do not skip) when it cannot be reached.
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  step "Starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
  for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-postgresql://postgres@127.0.0.1:5432}"

# Debian's Chromium drives the browser test.
if ! command -v chromium >/dev/null; then
  step "Installing Chromium (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q chromium >/dev/null 2>&1 ||
    { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }
fi

# A full (not incremental) check: the API reports below are made from its
# declarations, and TypeScript orders the members of inferred union types by
# the order it met them, which an incremental build can change.
step "Type check (tsc)"
yarn tsc --incremental false

step "Package metadata (backstage-cli repo fix --publish --check)"
yarn check:repo-fix

step "API reports (unchanged from the committed report*.api.md; regenerate: yarn build:api-reports)"
yarn check:api-reports

step "Install check (pack every publishable package, check the tarballs)"
yarn check:packs

step "Lint"
yarn lint

step "Unit and integration tests (all workspaces, one jest run)"
CI=true yarn test

step "Browser test (Chromium)"
yarn test:e2e

step "All tests passed"
