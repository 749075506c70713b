// Curves — the pure economics of DESIGN §4 ("Bonding curves", "Dividends"): no I/O, no SQLite, no
// command line. Everything is a value the ledger loads from its rows, calls, and stores back as text.
//
// ## What the ledger persists
//
// Per model (curve):
//   curve_type TEXT, curve fields TEXT        Curve.kind.rawValue, Curve.fields (canonical decimal text,
//                                              max_supply included when set) → Curve(type:fields:)
//   supply INTEGER                             CurveState.supply (tokens, Int64)
//   reserve TEXT                               CurveState.reserveText (base units)
//   ratio TEXT                                 CurveState.ratioText (v/S on a 10⁻³⁶ grid; "1" until an
//                                              off-curve mint or burn)
//   multiplier TEXT                            CurveState.multiplierText (M(t), exact decimal; "1")
//   max_move TEXT, window TEXT (optional)      RateLimit.maxMoveText / windowText → RateLimit(maxMove:window:)
// Per model (dividends):
//   per_token TEXT, pending TEXT, revenue TEXT, claimed TEXT     DividendPool.*Text
// Per (model, account):
//   checkpoint TEXT, owed TEXT                 DividendAccount.checkpointText / owedText
//
// ## The calls, per request
//
//   quote   let t = try ModelCurve(curve: c, state: s).quoteBuy(n)   (or quoteSell)
//           → t.value (cost / payout), t.priceBefore, t.priceAfter
//   buy     var m = ModelCurve(curve: c, state: s)
//           let t = try m.quoteBuy(n); try t.check(limit: maxCost)             // slippage
//           try limit?.check(opening: open, before: t.priceBefore, after: t.priceAfter)  // rate_limited
//           (ledger: insufficient_funds if the buyer's PANDA < t.value)
//           pool.settle(&buyer, balance: buyerTokensBefore)
//           store t.after; move t.value PANDA buyer → reserve; add n tokens
//   sell    the same with quoteSell / min_payout; the ledger first checks the seller holds n
//           (insufficient_tokens); selling the whole supply pays exactly the reserve
//   transfer pool.settle(&from, …); pool.settle(&to, …); then move tokens
//   mint/burn off the curve (other programs): settle the account, then m.mintOffCurve(n) /
//           m.burnOffCurve(n), store m.state
//   price   try m.spotPrice()            stats: Momentum.momentum(history:now:)
//   metrics let sm = try SuccessMetrics(accuracy:adoption:improvement:growth:); try m.setMultiplier(sm.multiplier)
//   table   try m.table(from:to:steps:)  (a bare curve: ModelCurve(curve: c) — a fresh state)
//   predict let c = try pool.credit(fee: fee, supply: s.supply); pay c.toOwner to the owner
//   claim   let paid = try pool.claim(&account, balance: tokens)      // nothing_to_claim
//   audit   m.checkReserve().ok (R ≥ F(v)); Σ owed + pool.claimed + pool.pending == pool.revenue;
//           pool.pending ≥ Σ pool.accrued(account, balance:)
//
// ## Rounding, in one place
//
// - A cost rounds up, a payout down, once per trade, to the base unit (exact rational arithmetic for
//   quadratic and linear curves; Double plus a 1e-11 relative margin for exponential and sigmoid).
//   The difference (dust) stays in the reserve: Σ costs − Σ payouts = reserve, exactly.
// - Selling the whole supply pays the whole reserve, dust included, and resets ratio to 1.
// - v/S changes only on off-curve mints and burns (and a sigmoid's M change), rounded down on a
//   10⁻³⁶ grid, so v never grows by rounding: R ≥ F(v) holds exactly for polynomial curves.
// - Spot prices, table prices and momentum round down (they are reported, never paid).
// - Dividends: each credit adds ⌊fee·10³⁶/S⌋ to the per-token counter; each settlement pays
//   ⌊balance·Δcounter/10³⁶⌋; what is left over stays in `pending` as dust.
