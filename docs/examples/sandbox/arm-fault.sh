# The next 3 order placements on any asset answer 429 RATE_LIMITED (with Retry-After).
curl -sS -X POST "$MOCKEX/sandbox/v1/faults" -H 'Content-Type: application/json' --data @- <<JSON
{"fault": "rate_limit", "match": {"method": "POST", "path": "/fapi/v1/futures/*/order"}, "times": 3}
JSON
