function __pandactl-index_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __pandactl-index_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __pandactl-index_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __pandactl-index_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __pandactl-index_parse_tokens -S
    set -l unparsed_tokens (__pandactl-index_tokens -pc)
    switch $unparsed_tokens[1]
    case 'pandactl-index'
        __pandactl-index_parse_subcommand 0 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        switch $unparsed_tokens[1]
        case 'create'
            __pandactl-index_parse_subcommand 1 'name=' 'weights=' 'weight-by=' 'members=' 'category=' 'period=' 'trading-fee-bps=' 'creation-fee-bps=' 'rebalance-fee-bps=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'set'
            __pandactl-index_parse_subcommand 1 'name=' 'period=' 'trading-fee-bps=' 'creation-fee-bps=' 'rebalance-fee-bps=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'buy'
            __pandactl-index_parse_subcommand 1 'name=' 'shares=' 'max-cost=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'sell'
            __pandactl-index_parse_subcommand 1 'name=' 'shares=' 'min-payout=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'nav'
            __pandactl-index_parse_subcommand 1 'name=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'portfolio'
            __pandactl-index_parse_subcommand 1 'name=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'rebalance'
            __pandactl-index_parse_subcommand 1 'name=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'help'
            __pandactl-index_parse_subcommand -r 1 
        end
    end
end

function __pandactl-index_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __pandactl-index_parse_subcommand -S -a positional_count
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

function __pandactl-index_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __pandactl-index_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__pandactl-index_tokens -p)
    if test -z "$(__pandactl-index_tokens -t)"
        set -l index (count (__pandactl-index_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'pandactl-index' -f
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_positional "pandactl-index" -eq 1' -fa 'create' -d 'Create an index fund; the sender manages it.'
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_positional "pandactl-index" -eq 1' -fa 'set' -d 'Change the fund\'s fees and rebalancing period (its manager; journaled).'
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_positional "pandactl-index" -eq 1' -fa 'buy' -d 'Buy shares, paying at most --max-cost PANDA (curve costs plus the creation fee).'
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_positional "pandactl-index" -eq 1' -fa 'sell' -d 'Sell shares for at least --min-payout PANDA (after the trading fee).'
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_positional "pandactl-index" -eq 1' -fa 'nav' -d 'Net asset value, NAV per share, basket price, holdings and cash.'
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_positional "pandactl-index" -eq 1' -fa 'portfolio' -d 'The fund\'s holdings: a \'holding\' record per member (and its cash) with value and weight.'
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_positional "pandactl-index" -eq 1' -fa 'rebalance' -d 'Trade back to the target weights once the period has passed (the manager).'
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_positional "pandactl-index" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index create" name' -l 'name' -d 'The fund\'s name.' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index create" weights' -l 'weights' -d 'Fixed weights as a JSON object, e.g. \'{"FNET":0.6,"VISN":0.4}\'.' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index create" weight-by' -l 'weight-by' -d 'market_cap or accuracy (with --members).' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index create" members' -l 'members' -d 'Members for --weight-by, comma-separated symbols.' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index create" category' -l 'category' -d 'Members for --weight-by: every model of this category.' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index create" period' -l 'period' -d 'Least time between rebalances (default 7d).' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index create" trading-fee-bps' -l 'trading-fee-bps' -d 'Fee on sells (default 30).' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index create" creation-fee-bps' -l 'creation-fee-bps' -d 'Fee on buys (default 10).' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index create" rebalance-fee-bps' -l 'rebalance-fee-bps' -d 'Fee per rebalance, of NAV (default 10).' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index create" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index create" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index create" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index create" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index create" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index create" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index create" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index create" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index create" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index set" name' -l 'name' -d 'The fund\'s name.' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index set" period' -l 'period' -d 'Least time between rebalances.' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index set" trading-fee-bps' -l 'trading-fee-bps' -d 'Fee on sells.' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index set" creation-fee-bps' -l 'creation-fee-bps' -d 'Fee on buys.' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index set" rebalance-fee-bps' -l 'rebalance-fee-bps' -d 'Fee per rebalance, of NAV.' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index set" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index set" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index set" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index set" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index set" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index set" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index set" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index set" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index set" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index buy" name' -l 'name' -d 'The fund\'s name.' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index buy" shares' -l 'shares' -d 'Shares (whole).' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index buy" max-cost' -l 'max-cost' -d 'Refuse if the cost is higher (PANDA).' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index buy" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index buy" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index buy" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index buy" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index buy" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index buy" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index buy" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index buy" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index buy" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index sell" name' -l 'name' -d 'The fund\'s name.' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index sell" shares' -l 'shares' -d 'Shares (whole).' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index sell" min-payout' -l 'min-payout' -d 'Refuse if the payout is lower (PANDA).' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index sell" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index sell" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index sell" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index sell" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index sell" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index sell" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index sell" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index sell" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index sell" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index nav" name' -l 'name' -d 'The fund\'s name.' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index nav" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index nav" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index nav" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index nav" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index nav" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index nav" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index nav" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index nav" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index nav" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index portfolio" name' -l 'name' -d 'The fund\'s name.' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index portfolio" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index portfolio" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index portfolio" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index portfolio" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index portfolio" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index portfolio" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index portfolio" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index portfolio" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index portfolio" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index rebalance" name' -l 'name' -d 'The fund\'s name.' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index rebalance" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index rebalance" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index rebalance" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index rebalance" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index rebalance" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index rebalance" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index rebalance" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index rebalance" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-index' -n '__pandactl-index_should_offer_completions_for_flags_or_options "pandactl-index rebalance" h help' -s 'h' -l 'help' -d 'Show help information.'
