function __pandactl-predict_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __pandactl-predict_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __pandactl-predict_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __pandactl-predict_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __pandactl-predict_parse_tokens -S
    set -l unparsed_tokens (__pandactl-predict_tokens -pc)
    switch $unparsed_tokens[1]
    case 'pandactl-predict'
        __pandactl-predict_parse_subcommand 0 'h/help'
        switch $unparsed_tokens[1]
        case 'run'
            __pandactl-predict_parse_subcommand 1 'symbol=' 'features=' 'fee=' 'precision=' 'bundle=' 'receipts=' 'signer=' 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'settle'
            __pandactl-predict_parse_subcommand 1 'ledger=' 'busy-timeout=' 'key=' 'passphrase-file=' 'from=' 'input=' 'fail-fast' 'format=' 'h/help'
        case 'help'
            __pandactl-predict_parse_subcommand -r 1 
        end
    end
end

function __pandactl-predict_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __pandactl-predict_parse_subcommand -S -a positional_count
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

function __pandactl-predict_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __pandactl-predict_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__pandactl-predict_tokens -p)
    if test -z "$(__pandactl-predict_tokens -t)"
        set -l index (count (__pandactl-predict_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'pandactl-predict' -f
complete -c 'pandactl-predict' -n '__pandactl-predict_should_offer_completions_for_flags_or_options "pandactl-predict" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-predict' -n '__pandactl-predict_should_offer_completions_for_positional "pandactl-predict" -eq 1' -fa 'run' -d 'Predict for rows on stdin (or --features), paying the fee per line (the default verb).'
complete -c 'pandactl-predict' -n '__pandactl-predict_should_offer_completions_for_positional "pandactl-predict" -eq 1' -fa 'settle' -d 'Apply an edge device\'s signed usage receipts (from stdin or --input), each exactly once.'
complete -c 'pandactl-predict' -n '__pandactl-predict_should_offer_completions_for_positional "pandactl-predict" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'pandactl-predict' -n '__pandactl-predict_should_offer_completions_for_flags_or_options "pandactl-predict run" symbol' -l 'symbol' -d 'The model token\'s symbol, e.g. FNET.' -rfka ''
complete -c 'pandactl-predict' -n '__pandactl-predict_should_offer_completions_for_flags_or_options "pandactl-predict run" features' -l 'features' -d 'One row (or a list of rows) as JSON, instead of stdin.' -rfka ''
complete -c 'pandactl-predict' -n '__pandactl-predict_should_offer_completions_for_flags_or_options "pandactl-predict run" fee' -l 'fee' -d 'Fee per line, PANDA (default: inference_fee x rows).' -rfka ''
complete -c 'pandactl-predict' -n '__pandactl-predict_should_offer_completions_for_flags_or_options "pandactl-predict run" precision' -l 'precision' -d 'Decimals of predictions (default 4).' -rfka ''
complete -c 'pandactl-predict' -n '__pandactl-predict_should_offer_completions_for_flags_or_options "pandactl-predict run" bundle' -l 'bundle' -d 'Serve this verified bundle with no ledger (edge mode).' -rfka ''
complete -c 'pandactl-predict' -n '__pandactl-predict_should_offer_completions_for_flags_or_options "pandactl-predict run" receipts' -l 'receipts' -d 'Edge mode: append signed usage receipts here (needs --key).' -rfka ''
complete -c 'pandactl-predict' -n '__pandactl-predict_should_offer_completions_for_flags_or_options "pandactl-predict run" signer' -l 'signer' -d 'Edge mode: require the bundle to be signed by this address.' -rfka ''
complete -c 'pandactl-predict' -n '__pandactl-predict_should_offer_completions_for_flags_or_options "pandactl-predict run" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-predict' -n '__pandactl-predict_should_offer_completions_for_flags_or_options "pandactl-predict run" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-predict' -n '__pandactl-predict_should_offer_completions_for_flags_or_options "pandactl-predict run" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-predict' -n '__pandactl-predict_should_offer_completions_for_flags_or_options "pandactl-predict run" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-predict' -n '__pandactl-predict_should_offer_completions_for_flags_or_options "pandactl-predict run" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-predict' -n '__pandactl-predict_should_offer_completions_for_flags_or_options "pandactl-predict run" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-predict' -n '__pandactl-predict_should_offer_completions_for_flags_or_options "pandactl-predict run" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-predict' -n '__pandactl-predict_should_offer_completions_for_flags_or_options "pandactl-predict run" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-predict' -n '__pandactl-predict_should_offer_completions_for_flags_or_options "pandactl-predict run" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-predict' -n '__pandactl-predict_should_offer_completions_for_flags_or_options "pandactl-predict settle" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-predict' -n '__pandactl-predict_should_offer_completions_for_flags_or_options "pandactl-predict settle" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-predict' -n '__pandactl-predict_should_offer_completions_for_flags_or_options "pandactl-predict settle" key' -l 'key' -d 'Sign requests with this key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-predict' -n '__pandactl-predict_should_offer_completions_for_flags_or_options "pandactl-predict settle" passphrase-file' -l 'passphrase-file' -d 'Read the keystore passphrase from this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-predict' -n '__pandactl-predict_should_offer_completions_for_flags_or_options "pandactl-predict settle" from' -l 'from' -d 'Default \'from\' account for requests on an open ledger.' -rfka ''
complete -c 'pandactl-predict' -n '__pandactl-predict_should_offer_completions_for_flags_or_options "pandactl-predict settle" input' -l 'input' -d 'Read JSON-line requests from this file instead of stdin.' -rfka ''
complete -c 'pandactl-predict' -n '__pandactl-predict_should_offer_completions_for_flags_or_options "pandactl-predict settle" fail-fast' -l 'fail-fast' -d 'Stop at the first rejected line (what was applied before it stays applied).'
complete -c 'pandactl-predict' -n '__pandactl-predict_should_offer_completions_for_flags_or_options "pandactl-predict settle" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-predict' -n '__pandactl-predict_should_offer_completions_for_flags_or_options "pandactl-predict settle" h help' -s 'h' -l 'help' -d 'Show help information.'
