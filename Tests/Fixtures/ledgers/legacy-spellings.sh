# How Tests/Fixtures/ledgers/legacy-spellings.db was made: the programs of commit b1b9fdc (schema 6), an
# open ledger, with spellings those programs accepted and the conventions of DESIGN §8 now refuse as new
# input (amount strings with an exponent, a sign, a bare point, leading zeros; a 0x-prefixed name; a
# transfer to the zero address; a model name with an escape character).
B=${B:-.build/debug}; L=${L:-legacy-spellings.db}
$B/pandactl init --auth open --ledger $L --chain-id legacy
$B/pandactl fund --ledger $L --to alice --amount 1e3
$B/pandactl fund --ledger $L --to 0xabc --amount +5
$B/pandactl transfer --ledger $L --from alice --to bob --amount .5
$B/pandactl transfer --ledger $L --from alice --to 0x0000000000000000000000000000000000000000 --amount 007
$B/pandactl-curve create --ledger $L --from alice --symbol ESC --name "$(printf 'A\033[31mB')"
$B/pandactl-curve buy --ledger $L --from alice --symbol ESC --amount 1e1
sqlite3 $L "PRAGMA wal_checkpoint(TRUNCATE);"
