# Create the account (any email works; nothing is sent).
curl -sS -X POST "$MOCKEX/trpc/auth.signUp" -H 'Content-Type: application/json' --data @- <<JSON
{"email": "$EMAIL", "password": "$PASSWORD"}
JSON
