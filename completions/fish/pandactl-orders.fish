function __pandactl-orders_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __pandactl-orders_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __pandactl-orders_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __pandactl-orders_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __pandactl-orders_parse_tokens -S
    set -l unparsed_tokens (__pandactl-orders_tokens -pc)
    switch $unparsed_tokens[1]
    case 'pandactl-orders'
        __pandactl-orders_parse_subcommand 0 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        switch $unparsed_tokens[1]
        case 'place'
            __pandactl-orders_parse_subcommand 1 'symbol=' 'side=' 'price=' 'amount=' 'type=' 'tif=' 'max-cost=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'cancel'
            __pandactl-orders_parse_subcommand 1 'order-id=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'book'
            __pandactl-orders_parse_subcommand 1 'symbol=' 'depth=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'orders'
            __pandactl-orders_parse_subcommand 1 'account=' 'symbol=' 'all' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'trades'
            __pandactl-orders_parse_subcommand 1 'symbol=' 'since=' 'limit=' 'venue=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'markets'
            __pandactl-orders_parse_subcommand 1 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'fee'
            __pandactl-orders_parse_subcommand 1 'bps=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'help'
            __pandactl-orders_parse_subcommand -r 1 
        end
    end
end

function __pandactl-orders_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __pandactl-orders_parse_subcommand -S -a positional_count
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

function __pandactl-orders_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __pandactl-orders_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__pandactl-orders_tokens -p)
    if test -z "$(__pandactl-orders_tokens -t)"
        set -l index (count (__pandactl-orders_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'pandactl-orders' -f
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_positional "pandactl-orders" -eq 1' -fa 'place' -d 'Place an order: an \'order\' record, then a \'trade\' record per fill.'
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_positional "pandactl-orders" -eq 1' -fa 'cancel' -d 'Cancel an open order of yours, releasing its escrow.'
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_positional "pandactl-orders" -eq 1' -fa 'book' -d 'Bids and asks by price level (a \'book\' record).'
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_positional "pandactl-orders" -eq 1' -fa 'orders' -d 'An account\'s open orders (\'order\' records); --all for closed ones too.'
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_positional "pandactl-orders" -eq 1' -fa 'trades' -d 'Trade records, oldest first, after journal seq --since.'
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_positional "pandactl-orders" -eq 1' -fa 'markets' -d 'Every model\'s market: category, address, owner, best bid and ask, last price, 24h volume, curve price (the ask).'
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_positional "pandactl-orders" -eq 1' -fa 'fee' -d 'Set the ledger-wide trading fee in basis points (the admin).'
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_positional "pandactl-orders" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders place" symbol' -l 'symbol' -d 'The model token\'s symbol, e.g. FNET.' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders place" side' -l 'side' -d 'buy or sell.' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders place" price' -l 'price' -d 'Limit price, PANDA per token (none: a market order).' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders place" amount' -l 'amount' -d 'Tokens (whole; a cap for a market buy).' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders place" type' -l 'type' -d 'limit or market (default: limit with --price).' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders place" tif' -l 'tif' -d 'gtc (default), ioc, fok or post_only.' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders place" max-cost' -l 'max-cost' -d 'Market buy: the most PANDA to spend, fees included.' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders place" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders place" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders place" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders place" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders place" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders place" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders place" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders place" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders place" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders cancel" order-id' -l 'order-id' -d 'The order.' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders cancel" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders cancel" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders cancel" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders cancel" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders cancel" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders cancel" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders cancel" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders cancel" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders cancel" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders book" symbol' -l 'symbol' -d 'The model token\'s symbol, e.g. FNET.' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders book" depth' -l 'depth' -d 'Levels per side (default 10).' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders book" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders book" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders book" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders book" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders book" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders book" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders book" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders book" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders book" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders orders" account' -l 'account' -d 'The account (default: the sender).' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders orders" symbol' -l 'symbol' -d 'The model token\'s symbol, e.g. FNET.' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders orders" all' -l 'all' -d 'Include filled and cancelled orders.'
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders orders" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders orders" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders orders" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders orders" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders orders" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders orders" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders orders" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders orders" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders orders" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders trades" symbol' -l 'symbol' -d 'The model token\'s symbol, e.g. FNET.' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders trades" since' -l 'since' -d 'Only trades after this journal seq.' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders trades" limit' -l 'limit' -d 'The last N trades.' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders trades" venue' -l 'venue' -d 'book (default), curve or all.' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders trades" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders trades" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders trades" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders trades" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders trades" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders trades" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders trades" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders trades" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders trades" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders markets" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders markets" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders markets" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders markets" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders markets" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders markets" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders markets" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders markets" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders markets" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders fee" bps' -l 'bps' -d 'Basis points, 0 to 1000.' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders fee" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders fee" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders fee" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders fee" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders fee" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders fee" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders fee" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders fee" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-orders' -n '__pandactl-orders_should_offer_completions_for_flags_or_options "pandactl-orders fee" h help' -s 'h' -l 'help' -d 'Show help information.'
