function __pandactl-train_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __pandactl-train_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __pandactl-train_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __pandactl-train_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __pandactl-train_parse_tokens -S
    set -l unparsed_tokens (__pandactl-train_tokens -pc)
    switch $unparsed_tokens[1]
    case 'pandactl-train'
        __pandactl-train_parse_subcommand 0 'h/help'
        switch $unparsed_tokens[1]
        case 'fit'
            __pandactl-train_parse_subcommand 1 'symbol=' 'algo=' 'alpha=' 'holdout=' 'contributor=' 'skip-bad' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'versions'
            __pandactl-train_parse_subcommand 1 'symbol=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'export'
            __pandactl-train_parse_subcommand 0 'symbol=' 'out=' 'version=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'import'
            __pandactl-train_parse_subcommand 0 'bundle=' 'signer=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'help'
            __pandactl-train_parse_subcommand -r 1 
        end
    end
end

function __pandactl-train_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __pandactl-train_parse_subcommand -S -a positional_count
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

function __pandactl-train_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __pandactl-train_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__pandactl-train_tokens -p)
    if test -z "$(__pandactl-train_tokens -t)"
        set -l index (count (__pandactl-train_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'pandactl-train' -f
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_positional "pandactl-train" -eq 1' -fa 'fit' -d 'Fit a model from rows on stdin and store it as the next version (the default verb).'
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_positional "pandactl-train" -eq 1' -fa 'versions' -d 'List a model\'s versions (\'version\' records).'
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_positional "pandactl-train" -eq 1' -fa 'export' -d 'Write a model version as a signed bundle (the owner\'s --key).'
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_positional "pandactl-train" -eq 1' -fa 'import' -d 'Verify a signed bundle and store its model as the next version (the owner).'
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_positional "pandactl-train" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train fit" symbol' -l 'symbol' -d 'The model token\'s symbol, e.g. FNET.' -rfka ''
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train fit" algo' -l 'algo' -d 'linear (default), ridge or logistic.' -rfka ''
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train fit" alpha' -l 'alpha' -d 'ridge: the penalty (default 1.0).' -rfka ''
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train fit" holdout' -l 'holdout' -d 'Fraction of rows held out for the metrics, 0 to <1 (default 0).' -rfka ''
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train fit" contributor' -l 'contributor' -d 'Who provided the data (default: the sender).' -rfka ''
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train fit" skip-bad' -l 'skip-bad' -d 'Train on the good rows when some are bad (each bad row is still an error record).'
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train fit" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train fit" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train fit" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train fit" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train fit" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train fit" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train fit" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train fit" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train fit" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train versions" symbol' -l 'symbol' -d 'The model token\'s symbol, e.g. FNET.' -rfka ''
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train versions" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train versions" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train versions" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train versions" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train versions" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train versions" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train versions" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train versions" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train versions" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train export" symbol' -l 'symbol' -d 'The model token\'s symbol, e.g. FNET.' -rfka ''
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train export" out' -l 'out' -d 'The bundle file to write (.tar.zst; other names are refused).' -rfka ''
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train export" version' -l 'version' -d 'The version (default: the latest).' -rfka ''
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train export" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train export" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train export" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train export" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train export" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train export" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train export" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train export" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train export" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train import" bundle' -l 'bundle' -d 'The bundle file.' -rfka ''
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train import" signer' -l 'signer' -d 'Also require this signer.' -rfka ''
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train import" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train import" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train import" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train import" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train import" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train import" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train import" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train import" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-train' -n '__pandactl-train_should_offer_completions_for_flags_or_options "pandactl-train import" h help' -s 'h' -l 'help' -d 'Show help information.'
