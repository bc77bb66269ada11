# One request, one fault: no arming needed. For latency: X-Mockex-Fault: latency=1500
curl -sS -i "$MOCKEX/fapi/v1/futures/funds" -H "X-Authentication: $SECRET" -H 'X-Mockex-Fault: maintenance'
