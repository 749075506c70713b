# How Tests/Fixtures/ledgers/schema9-sigmoid.db was made: the programs of commit 0740667 (schema 9, M(t)
# scaling the sigmoid's price only), an open ledger with a sigmoid and a quadratic model traded before and
# after their success metrics were set, and a quadratic model whose initial supply was backed with a seed.
B=${B:-.build/debug}; L=${L:-schema9-sigmoid.db}
$B/pandactl init --auth open --ledger $L --chain-id schema9
for a in owner alice bob; do $B/pandactl fund --ledger $L --to $a --amount 100000; done
$B/pandactl-curve create --ledger $L --from owner --symbol SIG --curve sigmoid --p0 2 --alpha 0.0005 --s0 3000
$B/pandactl-curve create --ledger $L --from owner --symbol FNET
$B/pandactl-curve buy --ledger $L --from alice --symbol SIG --amount 2000
$B/pandactl-curve buy --ledger $L --from alice --symbol FNET --amount 1000
$B/pandactl-curve metrics --ledger $L --from owner --symbol SIG --accuracy 0.9 --adoption 0.5
$B/pandactl-curve metrics --ledger $L --from owner --symbol FNET --accuracy 0.9 --adoption 0.5
$B/pandactl-curve buy --ledger $L --from bob --symbol SIG --amount 500
$B/pandactl-curve buy --ledger $L --from bob --symbol FNET --amount 100
$B/pandactl-curve sell --ledger $L --from alice --symbol SIG --amount 300
$B/pandactl-curve metrics --ledger $L --from owner --symbol SIG --growth 1
$B/pandactl-curve buy --ledger $L --from bob --symbol SIG --amount 100
$B/pandactl-curve create --ledger $L --from owner --symbol SEED
$B/pandactl-mint initial --ledger $L --from owner --symbol SEED --score 60
$B/pandactl-curve seed --ledger $L --from owner --symbol SEED --amount 7.77
$B/pandactl-curve buy --ledger $L --from alice --symbol SEED --amount 100
$B/pandactl-curve seed --ledger $L --from owner --symbol SEED --amount 1.234567
sqlite3 $L "PRAGMA wal_checkpoint(TRUNCATE);"
