# How Tests/Fixtures/ledgers/schema6.db was made: the programs of commit b1b9fdc (schema 6), an open ledger.
B=${B:-.build/debug}; L=${L:-schema6.db}
$B/pandactl init --auth open --ledger $L --chain-id schema6
for a in owner alice bob team carol; do $B/pandactl fund --ledger $L --to $a --amount 100000; done
$B/pandactl-curve create --ledger $L --from owner --symbol FNET --name FraudNet
$B/pandactl-mint verifier --ledger $L --from owner --symbol FNET --account ver
$B/pandactl-mint initial --ledger $L --from owner --symbol FNET --score 60 --vesting 100d --cliff 0s
$B/pandactl-curve buy --ledger $L --from alice --symbol FNET --amount 1000
$B/pandactl-mint distribute --ledger $L --from owner --symbol FNET --to team --amount 500 --start 2000-01-01T00:00:00Z --cliff 0s --period 10d
$B/pandactl-mint release --ledger $L --from team --symbol FNET
$B/pandactl-mint distribute --ledger $L --from owner --symbol FNET --to team --amount 300 --period 400d
$B/pandactl-mint policy --ledger $L --from owner --symbol FNET --cooldown 1h
echo '{"op":"improvement","from":"ver","symbol":"FNET","bps":150,"contributor":"carol","ts":"2020-01-01T00:00:00Z"}' | $B/pandactl-mint improvement --ledger $L -
echo '{"type":"trained","symbol":"FNET","version":7,"model_hash":"0xdead","improvement_bps":300,"contributor":"carol"}' | $B/pandactl-mint improvement --ledger $L --from ver -
$B/pandactl-curve buy --ledger $L --from bob --symbol FNET --amount 200
sqlite3 $L "PRAGMA wal_checkpoint(TRUNCATE);"
