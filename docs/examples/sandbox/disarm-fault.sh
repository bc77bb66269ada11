# Disarm one fault by the id POST /faults answered (DELETE /faults disarms them all).
curl -sS -X DELETE "$MOCKEX/sandbox/v1/faults/$FAULT_ID"
