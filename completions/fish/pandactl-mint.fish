function __pandactl-mint_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __pandactl-mint_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __pandactl-mint_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __pandactl-mint_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __pandactl-mint_parse_tokens -S
    set -l unparsed_tokens (__pandactl-mint_tokens -pc)
    switch $unparsed_tokens[1]
    case 'pandactl-mint'
        __pandactl-mint_parse_subcommand 0 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        switch $unparsed_tokens[1]
        case 'verifier'
            __pandactl-mint_parse_subcommand 1 'symbol=' 'account=' 'remove' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'policy'
            __pandactl-mint_parse_subcommand 1 'symbol=' 'reward-per-bps=' 'max-reward=' 'cooldown=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'improvement'
            __pandactl-mint_parse_subcommand 1 'symbol=' 'bps=' 'contributor=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'initial'
            __pandactl-mint_parse_subcommand 1 'symbol=' 'score=' 'min-score=' 'min-supply=' 'max-supply=' 'vesting=' 'cliff=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'distribute'
            __pandactl-mint_parse_subcommand 1 'symbol=' 'to=' 'amount=' 'start=' 'cliff=' 'period=' 'early-penalty=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'release'
            __pandactl-mint_parse_subcommand 1 'symbol=' 'early' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'treasury'
            __pandactl-mint_parse_subcommand 1 'symbol=' 'amount=' 'recipients=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'block-reward'
            __pandactl-mint_parse_subcommand 1 'symbol=' 'operator=' 'alpha=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'provenance'
            __pandactl-mint_parse_subcommand 1 'symbol=' 'data-hash=' 'quality=' 'delta=' 'contributor=' 'list' 'owner=' 'transfer=' 'to=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'help'
            __pandactl-mint_parse_subcommand -r 1 
        end
    end
end

function __pandactl-mint_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __pandactl-mint_parse_subcommand -S -a positional_count
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

function __pandactl-mint_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __pandactl-mint_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__pandactl-mint_tokens -p)
    if test -z "$(__pandactl-mint_tokens -t)"
        set -l index (count (__pandactl-mint_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'pandactl-mint' -f
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_positional "pandactl-mint" -eq 1' -fa 'verifier' -d 'Add a verifier of a model, or remove one with --remove (the model\'s owner).'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_positional "pandactl-mint" -eq 1' -fa 'policy' -d 'Set a model\'s improvement reward per bps, maximum reward and cooldown (the model\'s owner).'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_positional "pandactl-mint" -eq 1' -fa 'improvement' -d 'Reward a measured model improvement to its contributor (a verifier).'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_positional "pandactl-mint" -eq 1' -fa 'initial' -d 'Mint a model\'s initial supply from its score to its owner, optionally vested (once, the owner).'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_positional "pandactl-mint" -eq 1' -fa 'distribute' -d 'Grant tokens to an account, minted as they vest and are released (the model\'s owner).'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_positional "pandactl-mint" -eq 1' -fa 'release' -d 'Release the sender\'s vested tokens of a model; with --early, the unvested ones too, less each grant\'s penalty.'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_positional "pandactl-mint" -eq 1' -fa 'treasury' -d 'Mint an amount at once to several recipients by share, within the issuance cap (the model\'s owner).'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_positional "pandactl-mint" -eq 1' -fa 'block-reward' -d 'Reward a model operator alpha x 24h volume x model performance (a verifier; once per 24h per operator).'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_positional "pandactl-mint" -eq 1' -fa 'provenance' -d 'Record a data contribution owned by its contributor (a verifier), list records with --list, or give one away with --transfer.'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_positional "pandactl-mint" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint verifier" symbol' -l 'symbol' -d 'The model token\'s symbol, e.g. FNET.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint verifier" account' -l 'account' -d 'The verifier\'s account.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint verifier" remove' -l 'remove' -d 'Remove the verifier instead.'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint verifier" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint verifier" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint verifier" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint verifier" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint verifier" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint verifier" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint verifier" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint verifier" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint verifier" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint policy" symbol' -l 'symbol' -d 'The model token\'s symbol, e.g. FNET.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint policy" reward-per-bps' -l 'reward-per-bps' -d 'Tokens per basis point (default: supply x bps / 100000).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint policy" max-reward' -l 'max-reward' -d 'Most tokens per improvement (default: 2% of the supply).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint policy" cooldown' -l 'cooldown' -d 'Least time between two improvement rewards (default 24h).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint policy" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint policy" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint policy" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint policy" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint policy" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint policy" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint policy" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint policy" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint policy" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint improvement" symbol' -l 'symbol' -d 'The model token\'s symbol, e.g. FNET.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint improvement" bps' -l 'bps' -d 'The improvement in basis points (at least 100).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint improvement" contributor' -l 'contributor' -d 'Who receives the reward.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint improvement" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint improvement" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint improvement" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint improvement" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint improvement" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint improvement" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint improvement" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint improvement" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint improvement" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint initial" symbol' -l 'symbol' -d 'The model token\'s symbol, e.g. FNET.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint initial" score' -l 'score' -d 'The model\'s score, 0 to 100.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint initial" min-score' -l 'min-score' -d 'Lowest score that mints (default 50).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint initial" min-supply' -l 'min-supply' -d 'Supply at the minimum score (default 1000).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint initial" max-supply' -l 'max-supply' -d 'Supply at a score of 100 (default 1000000).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint initial" vesting' -l 'vesting' -d 'Vest the supply over this period, e.g. 365d.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint initial" cliff' -l 'cliff' -d 'Nothing vests before this, e.g. 90d.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint initial" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint initial" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint initial" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint initial" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint initial" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint initial" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint initial" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint initial" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint initial" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint distribute" symbol' -l 'symbol' -d 'The model token\'s symbol, e.g. FNET.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint distribute" to' -l 'to' -d 'The grant\'s holder.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint distribute" amount' -l 'amount' -d 'Tokens (whole).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint distribute" start' -l 'start' -d 'When vesting starts (RFC 3339, not before now; default now).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint distribute" cliff' -l 'cliff' -d 'Nothing vests before start + cliff (default 0).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint distribute" period' -l 'period' -d 'Everything has vested at start + period, e.g. 365d.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint distribute" early-penalty' -l 'early-penalty' -d 'What an early release keeps back of the unvested tokens (default 50%).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint distribute" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint distribute" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint distribute" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint distribute" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint distribute" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint distribute" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint distribute" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint distribute" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint distribute" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint release" symbol' -l 'symbol' -d 'The model token\'s symbol, e.g. FNET.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint release" early' -l 'early' -d 'Release the unvested tokens too, less each grant\'s early penalty.'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint release" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint release" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint release" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint release" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint release" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint release" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint release" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint release" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint release" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint treasury" symbol' -l 'symbol' -d 'The model token\'s symbol, e.g. FNET.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint treasury" amount' -l 'amount' -d 'Tokens to share out (whole).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint treasury" recipients' -l 'recipients' -d 'Recipients and their shares as a JSON object, e.g. \'{"alice":3,"bob":1}\'.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint treasury" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint treasury" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint treasury" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint treasury" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint treasury" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint treasury" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint treasury" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint treasury" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint treasury" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint block-reward" symbol' -l 'symbol' -d 'The model token\'s symbol, e.g. FNET.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint block-reward" operator' -l 'operator' -d 'The operator rewarded.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint block-reward" alpha' -l 'alpha' -d 'The operator\'s contribution coefficient, 0 to 1.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint block-reward" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint block-reward" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint block-reward" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint block-reward" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint block-reward" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint block-reward" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint block-reward" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint block-reward" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint block-reward" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint provenance" symbol' -l 'symbol' -d 'The model token\'s symbol, e.g. FNET.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint provenance" data-hash' -l 'data-hash' -d 'H(D): the data\'s 32-byte hash, 0x-hex.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint provenance" quality' -l 'quality' -d 'The contribution\'s quality score, 0 to 1.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint provenance" delta' -l 'delta' -d 'The model improvement it brought (decimal).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint provenance" contributor' -l 'contributor' -d 'Who owns the record.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint provenance" list' -l 'list' -d 'List records instead of adding one.'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint provenance" owner' -l 'owner' -d 'With --list, only records this account owns.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint provenance" transfer' -l 'transfer' -d 'Give the record with this nft_id to --to (its owner).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint provenance" to' -l 'to' -d 'The record\'s new owner, with --transfer.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint provenance" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint provenance" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint provenance" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint provenance" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint provenance" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint provenance" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint provenance" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint provenance" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-mint' -n '__pandactl-mint_should_offer_completions_for_flags_or_options "pandactl-mint provenance" h help' -s 'h' -l 'help' -d 'Show help information.'
