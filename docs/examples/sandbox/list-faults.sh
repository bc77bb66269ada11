# What is armed, with the uses each fault has left.
curl -sS "$MOCKEX/sandbox/v1/faults"
