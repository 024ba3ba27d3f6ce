# Sourced by the submission benchmarks: what the outbox did with the confirmations. Expects psql_ (postgres.sh).
#   confirmations_queued_twice   prints how many applications had their confirmation queued more than once
#   wait_for_outbox SECONDS      waits until no e-mail is unsent (or SECONDS pass); sets waited, unsent, sent
confirmations_queued_twice() {
  psql_ -d madoguchi -c "SELECT count(*) FROM (SELECT \"IdempotencyKey\" FROM outbox_messages WHERE \"IdempotencyKey\" LIKE 'submitted:%' GROUP BY 1 HAVING count(*) > 1) d"
}
wait_for_outbox() {
  for waited in $(seq 1 "$1"); do
    unsent=$(psql_ -d madoguchi -c "SELECT count(*) FROM outbox_messages WHERE \"Kind\" = 'email' AND \"CompletedAt\" IS NULL")
    [ "$unsent" = 0 ] && break; sleep 1
  done
  sent=$(psql_ -d madoguchi -c "SELECT count(*) FROM outbox_messages WHERE \"Kind\" = 'email' AND \"CompletedAt\" IS NOT NULL")
}
