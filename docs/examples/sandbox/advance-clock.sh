# Jump 91 days ahead: keys created today are now expired (401 KEY_EXPIRED).
curl -sS -w '\n' -X POST "$MOCKEX/sandbox/v1/clock/advance" -H 'Content-Type: application/json' -d '{"seconds": 7862400}'
curl -sS "$MOCKEX/sandbox/v1/clock"
