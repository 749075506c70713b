function __pandactl_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __pandactl_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __pandactl_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __pandactl_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __pandactl_parse_tokens -S
    set -l unparsed_tokens (__pandactl_tokens -pc)
    switch $unparsed_tokens[1]
    case 'pandactl'
        __pandactl_parse_subcommand 0 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        switch $unparsed_tokens[1]
        case 'init'
            __pandactl_parse_subcommand 0 'ledger=' 'busy-timeout=' 'auth=' 'admin=' 'admin-key=' 'passphrase-file=' 'chain-id=' 'format=' 'h/help'
        case 'fund'
            __pandactl_parse_subcommand 1 'to=' 'amount=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'transfer'
            __pandactl_parse_subcommand 1 'to=' 'amount=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'balance'
            __pandactl_parse_subcommand 1 'account=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'accounts'
            __pandactl_parse_subcommand 1 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'log'
            __pandactl_parse_subcommand 0 'since=' 'limit=' 'op=+' 'follow' 'ledger=' 'busy-timeout=' 'format=' 'h/help'
        case 'audit'
            __pandactl_parse_subcommand 0 'ledger=' 'busy-timeout=' 'incremental' 'checkpoint' 'h/help'
        case 'stats'
            __pandactl_parse_subcommand 1 'symbol=' 'since=' 'until=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'backup'
            __pandactl_parse_subcommand 1 'ledger=' 'busy-timeout=' 'h/help'
        case 'restore'
            __pandactl_parse_subcommand 1 'ledger=' 'busy-timeout=' 'force' 'h/help'
        case 'copy'
            __pandactl_parse_subcommand 0 'ledger=' 'busy-timeout=' 'to=' 'h/help'
        case 'version'
            __pandactl_parse_subcommand 0 'h/help'
        case 'void'
            __pandactl_parse_subcommand 1 'nonce=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'help'
            __pandactl_parse_subcommand -r 1 
        end
    end
end

function __pandactl_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __pandactl_parse_subcommand -S -a positional_count
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

function __pandactl_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __pandactl_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__pandactl_tokens -p)
    if test -z "$(__pandactl_tokens -t)"
        set -l index (count (__pandactl_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'pandactl' -f
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_positional "pandactl" -eq 1' -fa 'init' -d 'Create a new ledger (never overwrites an existing file).'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_positional "pandactl" -eq 1' -fa 'fund' -d 'Issue PANDA to an account (admin only).'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_positional "pandactl" -eq 1' -fa 'transfer' -d 'Move PANDA from the sender to another account.'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_positional "pandactl" -eq 1' -fa 'balance' -d 'Show an account\'s PANDA, tokens, locked tokens and owed dividends.'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_positional "pandactl" -eq 1' -fa 'accounts' -d 'List accounts and their PANDA, one \'account\' record each.'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_positional "pandactl" -eq 1' -fa 'log' -d 'Print the journal as \'entry\' records; with --follow, keep printing new entries as they commit.'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_positional "pandactl" -eq 1' -fa 'audit' -d 'Verify the journal\'s hash chain, replay it, and check every ledger invariant.'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_positional "pandactl" -eq 1' -fa 'stats' -d 'Monitoring figures: supply, flows and performance, per model and overall (\'stats\' records).'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_positional "pandactl" -eq 1' -fa 'backup' -d 'Write an online backup of the ledger to a compressed, checksummed archive.'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_positional "pandactl" -eq 1' -fa 'restore' -d 'Restore a ledger from a backup archive (checked and audited first).'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_positional "pandactl" -eq 1' -fa 'copy' -d 'Copy the ledger to another location or engine (SQLite file or PostgreSQL database), then check the copy.'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_positional "pandactl" -eq 1' -fa 'version' -d 'Print versions of pandactl, its ledger schema and C libraries.'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_positional "pandactl" -eq 1' -fa 'void' -d 'Void an unused nonce of the sender, so that no request signed with it can ever apply.'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_positional "pandactl" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl init" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl init" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl init" auth' -l 'auth' -d 'open or signed (default: signed).' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl init" admin' -l 'admin' -d 'The admin account: a 0x address, or a name on open ledgers (default on open ledgers: admin).' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl init" admin-key' -l 'admin-key' -d 'Take the admin address from this key file.' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl init" passphrase-file' -l 'passphrase-file' -d 'Passphrase of an encrypted --admin-key (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl init" chain-id' -l 'chain-id' -d 'The chain id requests must carry (default: random).' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl init" format' -l 'format' -d 'Output format: jsonl or table.' -rfka 'jsonl table'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl init" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl fund" to' -l 'to' -d 'The account to fund.' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl fund" amount' -l 'amount' -d 'PANDA to issue, e.g. 100 or 0.25.' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl fund" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl fund" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl fund" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl fund" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl fund" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl fund" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl fund" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl fund" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl fund" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl transfer" to' -l 'to' -d 'The recipient.' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl transfer" amount' -l 'amount' -d 'PANDA to move, e.g. 5.25.' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl transfer" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl transfer" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl transfer" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl transfer" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl transfer" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl transfer" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl transfer" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl transfer" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl transfer" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl balance" account' -l 'account' -d 'The account (default: the sender).' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl balance" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl balance" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl balance" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl balance" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl balance" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl balance" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl balance" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl balance" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl balance" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl accounts" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl accounts" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl accounts" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl accounts" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl accounts" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl accounts" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl accounts" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl accounts" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl accounts" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl log" since' -l 'since' -d 'Only entries after this sequence number.' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl log" limit' -l 'limit' -d 'At most this many entries.' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl log"' -l 'op' -d 'Only entries of this operation (repeatable), e.g. buy or curve.buy.' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl log" follow' -l 'follow' -d 'Keep running and print new entries as they commit (like tail -f).'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl log" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl log" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl log" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl log" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl audit" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl audit" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl audit" incremental' -l 'incremental' -d 'Verify only the journal entries since the last checkpoint, then record a new checkpoint.'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl audit" checkpoint' -l 'checkpoint' -d 'After a clean audit, record a checkpoint (implied by --incremental).'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl audit" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl stats" symbol' -l 'symbol' -d 'One model only.' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl stats" since' -l 'since' -d 'Start of the range: RFC 3339, or a duration before now such as 7d.' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl stats" until' -l 'until' -d 'End of the range (exclusive; default now).' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl stats" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl stats" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl stats" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl stats" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl stats" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl stats" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl stats" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl stats" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl stats" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl backup" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl backup" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl backup" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl restore" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl restore" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl restore" force' -l 'force' -d 'Replace an existing ledger.'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl restore" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl copy" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl copy" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl copy" to' -l 'to' -d 'Where the copy goes: a new file or an empty PostgreSQL database.' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl copy" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl version" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl void" nonce' -l 'nonce' -d 'The nonce to void (0 to 2^53-1).' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl void" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl void" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl void" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl void" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl void" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl void" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl void" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl void" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl' -n '__pandactl_should_offer_completions_for_flags_or_options "pandactl void" h help' -s 'h' -l 'help' -d 'Show help information.'
