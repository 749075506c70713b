function __pandactl-curve_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __pandactl-curve_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __pandactl-curve_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __pandactl-curve_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __pandactl-curve_parse_tokens -S
    set -l unparsed_tokens (__pandactl-curve_tokens -pc)
    switch $unparsed_tokens[1]
    case 'pandactl-curve'
        __pandactl-curve_parse_subcommand 0 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        switch $unparsed_tokens[1]
        case 'create'
            __pandactl-curve_parse_subcommand 1 'symbol=' 'name=' 'category=' 'description=' 'curve=' 'scale=' 'a=' 'b=' 'p0=' 'k=' 'alpha=' 's0=' 'max-supply=' 'inference-fee=' 'max-move=' 'window=' 'max-emission=' 'weights=' 'reward-per-bps=' 'max-reward=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'set'
            __pandactl-curve_parse_subcommand 1 'symbol=' 'inference-fee=' 'max-move=' 'window=' 'weights=' 'max-emission=' 'reward-per-bps=' 'max-reward=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'seed'
            __pandactl-curve_parse_subcommand 1 'symbol=' 'amount=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'quote'
            __pandactl-curve_parse_subcommand 1 'symbol=' 'side=' 'amount=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'buy'
            __pandactl-curve_parse_subcommand 1 'symbol=' 'amount=' 'max-cost=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'sell'
            __pandactl-curve_parse_subcommand 1 'symbol=' 'amount=' 'min-payout=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'price'
            __pandactl-curve_parse_subcommand 1 'symbol=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'stats'
            __pandactl-curve_parse_subcommand 1 'symbol=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'list'
            __pandactl-curve_parse_subcommand 1 'category=' 'owner=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'transfer'
            __pandactl-curve_parse_subcommand 1 'symbol=' 'to=' 'amount=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'approve'
            __pandactl-curve_parse_subcommand 1 'symbol=' 'spender=' 'amount=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'allowance'
            __pandactl-curve_parse_subcommand 1 'symbol=' 'owner=' 'spender=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'transfer-from'
            __pandactl-curve_parse_subcommand 1 'symbol=' 'owner=' 'to=' 'amount=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'claim'
            __pandactl-curve_parse_subcommand 1 'symbol=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'metrics'
            __pandactl-curve_parse_subcommand 1 'symbol=' 'accuracy=' 'adoption=' 'improvement=' 'growth=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'table'
            __pandactl-curve_parse_subcommand 1 'symbol=' 'start=' 'end=' 'steps=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'help'
            __pandactl-curve_parse_subcommand -r 1 
        end
    end
end

function __pandactl-curve_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __pandactl-curve_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __pandactl-curve_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __pandactl-curve_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__pandactl-curve_tokens -p)
    if test -z "$(__pandactl-curve_tokens -t)"
        set -l index (count (__pandactl-curve_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'pandactl-curve' -f
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_positional "pandactl-curve" -eq 1' -fa 'create' -d 'Create a model token on a bonding curve; the sender owns it.'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_positional "pandactl-curve" -eq 1' -fa 'set' -d 'Change the model\'s settings (its owner): inference fee, rate limit, metric weights, issuance cap, reward settings.'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_positional "pandactl-curve" -eq 1' -fa 'seed' -d 'Put PANDA into the reserve, issuing no tokens, so that supply minted off the curve is backed (the owner).'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_positional "pandactl-curve" -eq 1' -fa 'quote' -d 'Price a buy or a sell without trading: cost or payout, prices before and after (the ask), ask and bid now and after.'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_positional "pandactl-curve" -eq 1' -fa 'buy' -d 'Buy tokens from the curve, paying at most --max-cost PANDA.'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_positional "pandactl-curve" -eq 1' -fa 'sell' -d 'Sell tokens to the curve for at least --min-payout PANDA.'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_positional "pandactl-curve" -eq 1' -fa 'price' -d 'The spot price per token: the ask M(t)*p(v)*v/S, with the bid p(v)*v/S (1/scale at zero supply on the seed\'s curve).'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_positional "pandactl-curve" -eq 1' -fa 'stats' -d 'The model\'s statistics: the seed\'s get_stats fields plus reserve, momentum (per hour), ask and bid, multiplier, metrics as used, and every setting.'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_positional "pandactl-curve" -eq 1' -fa 'list' -d 'List the model tokens: one \'model\' record each (symbol, name, category, address, owner, price, bid, supply).'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_positional "pandactl-curve" -eq 1' -fa 'transfer' -d 'Move tokens to another account (dividends already earned stay with the sender).'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_positional "pandactl-curve" -eq 1' -fa 'approve' -d 'Let a spender move up to an amount of the sender\'s tokens (sets the allowance; 0 withdraws it).'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_positional "pandactl-curve" -eq 1' -fa 'allowance' -d 'What a spender may still move of an owner\'s tokens (allowance; spendable: what the owner holds free of it).'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_positional "pandactl-curve" -eq 1' -fa 'transfer-from' -d 'Move an owner\'s tokens to an account, within the allowance the owner gave the sender.'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_positional "pandactl-curve" -eq 1' -fa 'claim' -d 'Claim the dividends owed to the sender, in PANDA (nothing_to_claim when none).'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_positional "pandactl-curve" -eq 1' -fa 'metrics' -d 'Set success metrics (a verifier, or the owner): M(t) = 1 + sum of w_i*m_i, which scales what buyers pay on every curve.'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_positional "pandactl-curve" -eq 1' -fa 'table' -d 'Price and reserve along the curve: one \'point\' record per step (supply, price = ask, ask, bid, reserve), for plotting.'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_positional "pandactl-curve" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve create" symbol' -l 'symbol' -d 'The model token\'s symbol, e.g. FNET.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve create" name' -l 'name' -d 'The model\'s name.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve create" category' -l 'category' -d 'Category (default ML).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve create" description' -l 'description' -d 'Description.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve create" curve' -l 'curve' -d 'Curve type: quadratic (default), linear, exponential or sigmoid; or a JSON object.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve create" scale' -l 'scale' -d 'quadratic: p = x^2/scale.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve create" a' -l 'a' -d 'linear: p = a + b*x.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve create" b' -l 'b' -d 'linear: p = a + b*x.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve create" p0' -l 'p0' -d 'exponential and sigmoid: base price.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve create" k' -l 'k' -d 'exponential: growth rate.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve create" alpha' -l 'alpha' -d 'sigmoid: steepness.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve create" s0' -l 's0' -d 'sigmoid: midpoint supply.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve create" max-supply' -l 'max-supply' -d 'Most tokens that may exist.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve create" inference-fee' -l 'inference-fee' -d 'Minimum fee per prediction row, PANDA (default 0.01).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve create" max-move' -l 'max-move' -d 'Rate limit: the most the price may move in a window, e.g. 50%.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve create" window' -l 'window' -d 'Rate limit window, e.g. 24h.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve create" max-emission' -l 'max-emission' -d 'Issuance cap: the most tokens issued off the curve per 365 days, as a share of the measured supply (default 10%).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve create" weights' -l 'weights' -d 'Metric weights of M(t): accuracy=0.5,adoption=0.25 or a JSON object (default 0.25 each).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve create" reward-per-bps' -l 'reward-per-bps' -d 'Improvement reward per bps, tokens (default: a share of supply).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve create" max-reward' -l 'max-reward' -d 'Largest improvement reward, tokens.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve create" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve create" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve create" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve create" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve create" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve create" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve create" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve create" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve create" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve set" symbol' -l 'symbol' -d 'The model token\'s symbol, e.g. FNET.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve set" inference-fee' -l 'inference-fee' -d 'Minimum fee per prediction row, PANDA.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve set" max-move' -l 'max-move' -d 'Rate limit: the most the price may move in a window, e.g. 50%; none removes it.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve set" window' -l 'window' -d 'Rate limit window, e.g. 24h.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve set" weights' -l 'weights' -d 'Metric weights: accuracy=0.5,adoption=0.25 or a JSON object.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve set" max-emission' -l 'max-emission' -d 'Issuance cap per 365 days, e.g. 5%.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve set" reward-per-bps' -l 'reward-per-bps' -d 'Improvement reward per bps, tokens.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve set" max-reward' -l 'max-reward' -d 'Largest improvement reward, tokens.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve set" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve set" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve set" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve set" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve set" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve set" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve set" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve set" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve set" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve seed" symbol' -l 'symbol' -d 'The model token\'s symbol, e.g. FNET.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve seed" amount' -l 'amount' -d 'PANDA to put into the reserve.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve seed" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve seed" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve seed" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve seed" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve seed" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve seed" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve seed" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve seed" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve seed" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve quote" symbol' -l 'symbol' -d 'The model token\'s symbol, e.g. FNET.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve quote" side' -l 'side' -d 'buy (default) or sell.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve quote" amount' -l 'amount' -d 'Tokens (whole).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve quote" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve quote" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve quote" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve quote" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve quote" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve quote" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve quote" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve quote" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve quote" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve buy" symbol' -l 'symbol' -d 'The model token\'s symbol, e.g. FNET.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve buy" amount' -l 'amount' -d 'Tokens (whole).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve buy" max-cost' -l 'max-cost' -d 'Refuse if the cost is higher (PANDA).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve buy" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve buy" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve buy" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve buy" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve buy" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve buy" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve buy" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve buy" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve buy" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve sell" symbol' -l 'symbol' -d 'The model token\'s symbol, e.g. FNET.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve sell" amount' -l 'amount' -d 'Tokens (whole).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve sell" min-payout' -l 'min-payout' -d 'Refuse if the payout is lower (PANDA).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve sell" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve sell" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve sell" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve sell" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve sell" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve sell" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve sell" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve sell" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve sell" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve price" symbol' -l 'symbol' -d 'The model token\'s symbol, e.g. FNET.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve price" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve price" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve price" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve price" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve price" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve price" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve price" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve price" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve price" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve stats" symbol' -l 'symbol' -d 'The model token\'s symbol, e.g. FNET.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve stats" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve stats" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve stats" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve stats" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve stats" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve stats" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve stats" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve stats" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve stats" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve list" category' -l 'category' -d 'Only models of this category.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve list" owner' -l 'owner' -d 'Only models of this owner.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve list" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve list" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve list" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve list" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve list" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve list" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve list" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve list" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve transfer" symbol' -l 'symbol' -d 'The model token\'s symbol, e.g. FNET.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve transfer" to' -l 'to' -d 'The recipient.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve transfer" amount' -l 'amount' -d 'Tokens (whole).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve transfer" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve transfer" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve transfer" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve transfer" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve transfer" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve transfer" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve transfer" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve transfer" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve transfer" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve approve" symbol' -l 'symbol' -d 'The model token\'s symbol, e.g. FNET.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve approve" spender' -l 'spender' -d 'Who may spend the tokens.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve approve" amount' -l 'amount' -d 'Tokens (whole; 0 withdraws the allowance).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve approve" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve approve" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve approve" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve approve" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve approve" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve approve" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve approve" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve approve" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve approve" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve allowance" symbol' -l 'symbol' -d 'The model token\'s symbol, e.g. FNET.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve allowance" owner' -l 'owner' -d 'The owner of the tokens (default: the sender).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve allowance" spender' -l 'spender' -d 'The spender (default: the sender).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve allowance" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve allowance" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve allowance" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve allowance" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve allowance" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve allowance" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve allowance" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve allowance" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve allowance" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve transfer-from" symbol' -l 'symbol' -d 'The model token\'s symbol, e.g. FNET.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve transfer-from" owner' -l 'owner' -d 'Whose tokens move.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve transfer-from" to' -l 'to' -d 'The recipient.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve transfer-from" amount' -l 'amount' -d 'Tokens (whole).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve transfer-from" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve transfer-from" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve transfer-from" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve transfer-from" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve transfer-from" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve transfer-from" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve transfer-from" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve transfer-from" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve transfer-from" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve claim" symbol' -l 'symbol' -d 'The model token\'s symbol, e.g. FNET.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve claim" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve claim" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve claim" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve claim" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve claim" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve claim" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve claim" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve claim" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve claim" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve metrics" symbol' -l 'symbol' -d 'The model token\'s symbol, e.g. FNET.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve metrics" accuracy' -l 'accuracy' -d 'Model accuracy as a fraction.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve metrics" adoption' -l 'adoption' -d 'Adoption, 0..1.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve metrics" improvement' -l 'improvement' -d 'Improvement, 0.8..1.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve metrics" growth' -l 'growth' -d 'Growth, 0..1.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve metrics" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve metrics" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve metrics" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve metrics" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve metrics" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve metrics" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve metrics" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve metrics" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve metrics" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve table" symbol' -l 'symbol' -d 'The model token\'s symbol, e.g. FNET.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve table" start' -l 'start' -d 'First supply (default 0).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve table" end' -l 'end' -d 'Last supply (default start + 1000, or max_supply).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve table" steps' -l 'steps' -d 'Number of steps (default 10).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve table" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve table" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve table" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve table" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve table" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve table" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve table" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve table" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-curve' -n '__pandactl-curve_should_offer_completions_for_flags_or_options "pandactl-curve table" h help' -s 'h' -l 'help' -d 'Show help information.'
