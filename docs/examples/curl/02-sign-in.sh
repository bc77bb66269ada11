# Sign in; copy result.data.token into TOKEN.
curl -sS -X POST "$MOCKEX/trpc/auth.signIn" -H 'Content-Type: application/json' --data @- <<JSON
{"email": "$EMAIL", "password": "$PASSWORD"}
JSON
