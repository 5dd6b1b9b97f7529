#!/usr/bin/env bash
# npm audit of the production dependencies: fails on a high or critical
# advisory. Where the registry serves no advisory endpoint (a mirror answers
# 405), it says so and passes: that is an unchecked step, not a clean bill.
set -uo pipefail
out="$(mktemp)"
timeout 5m npm audit --omit=dev --audit-level=high --json >"$out" 2>/dev/null
status=$?
if [ "$status" -eq 0 ]; then echo "npm audit: no high or critical advisory"; exit 0; fi
if grep -q '"uri": ".*/-/npm/v1/security/advisories/bulk"' "$out" && grep -q '405 Method Not Allowed' "$out"; then
  echo "WARNING: npm audit not checked: this registry has no advisory endpoint (405)"
  exit 0
fi
cat "$out"
echo "ERROR: npm audit found a high or critical advisory in a production dependency (or failed: exit $status)" >&2
exit 1
