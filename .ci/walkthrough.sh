#!/usr/bin/env bash
# The README's webhook walk-through, as processes: `payments sandbox`, the receiver example
# confirming against it, `payments listen --forward-to` the receiver, `payments trigger`.
# Passes when the receiver handled what listen forwarded (a Craftgate refund, a Paywall batch
# of 2,345 payments in three pages). Expects the debug binaries to be built.
set -euo pipefail

bin=target/debug
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
  sleep 1
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# Waits (at most 30 s) until `file` has a line matching `pattern`.
wait_for() {
  local file=$1 pattern=$2
  for _ in $(seq 300); do
    if grep -q "$pattern" "$file" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "timed out waiting for '$pattern' in $file:" >&2
  cat "$file" >&2
  return 1
}

"$bin/payments" sandbox --time-scale 100 >"$work/sandbox.out" 2>"$work/sandbox.err" &
pids+=($!)
wait_for "$work/sandbox.err" "export PAYMENTS_SANDBOX_URL="
PAYMENTS_SANDBOX_URL=$(sed -n 's/^export PAYMENTS_SANDBOX_URL=\([^ ]*\).*/\1/p' "$work/sandbox.err")
export PAYMENTS_SANDBOX_URL

"$bin/examples/receiver" 127.0.0.1:0 >"$work/receiver.out" 2>"$work/receiver.err" &
pids+=($!)
wait_for "$work/receiver.out" "^receiving on "
receiver=$(sed -n 's/^receiving on \([^ ]*\) .*/\1/p' "$work/receiver.out")

"$bin/payments" listen --forward-to "$receiver" >"$work/listen.out" 2>"$work/listen.err" &
pids+=($!)
wait_for "$work/listen.err" "^Ready:"

"$bin/payments" trigger craftgate payment-refunded --payment 1002
"$bin/payments" trigger paywall batch-seeded --size 2345 --batch walkthrough-2345

wait_for "$work/receiver.out" "handled: Craftgate REFUND for refund"
wait_for "$work/receiver.out" "handled: Paywall batch .* (walkthrough-2345): 2345 payments"
wait_for "$work/listen.out" "BULK_CALLBACK 3/3 .* -> 200"
echo "-- listen"
cat "$work/listen.out"
echo "-- receiver"
grep '^handled:' "$work/receiver.out"
test "$(grep -c -- '-> 20[02]' "$work/listen.out")" -eq 4
test "$(grep -c '^handled:' "$work/receiver.out")" -eq 2
