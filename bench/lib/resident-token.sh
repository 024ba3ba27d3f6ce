# Sourced by the submission benchmarks once Madoguchi runs in demo mode at $base: the demo resident signs in and makes
# an API token on the account page, as a resident would. Defines BENCH_TOKEN. Expects: work, base.
jar=$work/cookies
token_of() { grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }
af=$(curl -s -c "$jar" -b "$jar" "$base/signin" | token_of)
curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "__RequestVerificationToken=$af" \
  --data-urlencode "Input.Email=resident@demo.madoguchi.example" --data-urlencode "Input.Password=Tachineputa-demo-2026" \
  "$base/signin"
af=$(curl -s -c "$jar" -b "$jar" "$base/account/api-tokens" | token_of)
export BENCH_TOKEN=$(curl -s -c "$jar" -b "$jar" --data-urlencode "__RequestVerificationToken=$af" \
  --data-urlencode "Input.Label=bench" --data-urlencode "Input.Days=30" \
  "$base/account/api-tokens?handler=create" | grep -o 'value="mdg_[^"]*"' | sed 's/value="//; s/"$//')
[ -n "$BENCH_TOKEN" ] || { echo "could not make an API token" >&2; cat "$work/server.log" >&2; exit 1; }
