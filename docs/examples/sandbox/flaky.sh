# One in five requests of this key fails with a 500, reproducibly when the server runs with MOCKEX_SEED.
curl -sS -X POST "$MOCKEX/sandbox/v1/faults" -H 'Content-Type: application/json' --data @- <<JSON
{"fault": "server_error", "match": {"keyPrefix": "$KEY_PREFIX"}, "probability": 0.2}
JSON
