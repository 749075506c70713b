function __pandactl-burn_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __pandactl-burn_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __pandactl-burn_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __pandactl-burn_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __pandactl-burn_parse_tokens -S
    set -l unparsed_tokens (__pandactl-burn_tokens -pc)
    switch $unparsed_tokens[1]
    case 'pandactl-burn'
        __pandactl-burn_parse_subcommand 0 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        switch $unparsed_tokens[1]
        case 'access'
            __pandactl-burn_parse_subcommand 1 'symbol=' 'requests=' 'holder=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'redeem'
            __pandactl-burn_parse_subcommand 1 'symbol=' 'amount=' 'min-payout=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'rate'
            __pandactl-burn_parse_subcommand 1 'symbol=' 'account=' 'tokens-per-request=' 'remove' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'set'
            __pandactl-burn_parse_subcommand 1 'symbol=' 'redeem-minimum=' 'redeem-cooldown=' 'discounts=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'help'
            __pandactl-burn_parse_subcommand -r 1 
        end
    end
end

function __pandactl-burn_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __pandactl-burn_parse_subcommand -S -a positional_count
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

function __pandactl-burn_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __pandactl-burn_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__pandactl-burn_tokens -p)
    if test -z "$(__pandactl-burn_tokens -t)"
        set -l index (count (__pandactl-burn_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'pandactl-burn' -f
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_positional "pandactl-burn" -eq 1' -fa 'access' -d 'Burn tokens to pay for model requests; with --holder, a gateway burns the holder\'s tokens within its allowance.'
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_positional "pandactl-burn" -eq 1' -fa 'redeem' -d 'Burn tokens for PANDA from the reserve at the curve\'s sell price.'
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_positional "pandactl-burn" -eq 1' -fa 'rate' -d 'Set or remove an account\'s negotiated tokens per request (the model\'s owner).'
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_positional "pandactl-burn" -eq 1' -fa 'set' -d 'Set a model\'s redemption minimum and cooldown and its access discount tiers (the model\'s owner).'
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_positional "pandactl-burn" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn access" symbol' -l 'symbol' -d 'The model token\'s symbol, e.g. FNET.' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn access" requests' -l 'requests' -d 'Requests paid for (default 1).' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn access" holder' -l 'holder' -d 'Burn this account\'s tokens, within the allowance it gave the sender.' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn access" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn access" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn access" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn access" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn access" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn access" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn access" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn access" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn access" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn redeem" symbol' -l 'symbol' -d 'The model token\'s symbol, e.g. FNET.' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn redeem" amount' -l 'amount' -d 'Tokens (whole, at least 1).' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn redeem" min-payout' -l 'min-payout' -d 'Refuse if the payout is lower (PANDA).' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn redeem" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn redeem" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn redeem" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn redeem" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn redeem" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn redeem" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn redeem" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn redeem" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn redeem" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn rate" symbol' -l 'symbol' -d 'The model token\'s symbol, e.g. FNET.' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn rate" account' -l 'account' -d 'The account the rate is for.' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn rate" tokens-per-request' -l 'tokens-per-request' -d 'Tokens burned per request, decimal.' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn rate" remove' -l 'remove' -d 'Remove the negotiated rate (back to 1 token per request).'
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn rate" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn rate" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn rate" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn rate" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn rate" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn rate" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn rate" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn rate" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn rate" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn set" symbol' -l 'symbol' -d 'The model token\'s symbol, e.g. FNET.' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn set" redeem-minimum' -l 'redeem-minimum' -d 'Least tokens per redemption (default 1).' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn set" redeem-cooldown' -l 'redeem-cooldown' -d 'Least time between an account\'s redemptions (default 1h).' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn set" discounts' -l 'discounts' -d 'Discount tiers as a JSON object, e.g. \'{"10":"5%","100":"10%"}\'.' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn set" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn set" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn set" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn set" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn set" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn set" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn set" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn set" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-burn' -n '__pandactl-burn_should_offer_completions_for_flags_or_options "pandactl-burn set" h help' -s 'h' -l 'help' -d 'Show help information.'
