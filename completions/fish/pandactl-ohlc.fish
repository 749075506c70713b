function __pandactl-ohlc_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __pandactl-ohlc_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __pandactl-ohlc_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __pandactl-ohlc_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __pandactl-ohlc_parse_tokens -S
    set -l unparsed_tokens (__pandactl-ohlc_tokens -pc)
    switch $unparsed_tokens[1]
    case 'pandactl-ohlc'
        __pandactl-ohlc_parse_subcommand 0 'h/help'
        switch $unparsed_tokens[1]
        case 'candles'
            __pandactl-ohlc_parse_subcommand 1 'symbol=' 'interval=' 'from=' 'to=' 'limit=' 'fill' 'venue=' 'format=' 'follow' 'size=' 'ledger=' 'busy-timeout=' 'input=' 'h/help'
        case 'help'
            __pandactl-ohlc_parse_subcommand -r 1 
        end
    end
end

function __pandactl-ohlc_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __pandactl-ohlc_parse_subcommand -S -a positional_count
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

function __pandactl-ohlc_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __pandactl-ohlc_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__pandactl-ohlc_tokens -p)
    if test -z "$(__pandactl-ohlc_tokens -t)"
        set -l index (count (__pandactl-ohlc_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'pandactl-ohlc' -f
complete -c 'pandactl-ohlc' -n '__pandactl-ohlc_should_offer_completions_for_flags_or_options "pandactl-ohlc" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-ohlc' -n '__pandactl-ohlc_should_offer_completions_for_positional "pandactl-ohlc" -eq 1' -fa 'candles' -d 'Candles from trades (the default verb).'
complete -c 'pandactl-ohlc' -n '__pandactl-ohlc_should_offer_completions_for_positional "pandactl-ohlc" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'pandactl-ohlc' -n '__pandactl-ohlc_should_offer_completions_for_flags_or_options "pandactl-ohlc candles" symbol' -l 'symbol' -d 'The model token (required for the ledger and for svg).' -rfka ''
complete -c 'pandactl-ohlc' -n '__pandactl-ohlc_should_offer_completions_for_flags_or_options "pandactl-ohlc candles" interval' -l 'interval' -d 'Candle interval (default 1h).' -rfka ''
complete -c 'pandactl-ohlc' -n '__pandactl-ohlc_should_offer_completions_for_flags_or_options "pandactl-ohlc candles" from' -l 'from' -d 'First open time, RFC 3339 (inclusive).' -rfka ''
complete -c 'pandactl-ohlc' -n '__pandactl-ohlc_should_offer_completions_for_flags_or_options "pandactl-ohlc candles" to' -l 'to' -d 'Last open time bound, RFC 3339 (exclusive).' -rfka ''
complete -c 'pandactl-ohlc' -n '__pandactl-ohlc_should_offer_completions_for_flags_or_options "pandactl-ohlc candles" limit' -l 'limit' -d 'Keep the last N candles.' -rfka ''
complete -c 'pandactl-ohlc' -n '__pandactl-ohlc_should_offer_completions_for_flags_or_options "pandactl-ohlc candles" fill' -l 'fill' -d 'Print empty intervals between trades as filled candles.'
complete -c 'pandactl-ohlc' -n '__pandactl-ohlc_should_offer_completions_for_flags_or_options "pandactl-ohlc candles" venue' -l 'venue' -d 'book, curve or all (default).' -rfka ''
complete -c 'pandactl-ohlc' -n '__pandactl-ohlc_should_offer_completions_for_flags_or_options "pandactl-ohlc candles" format' -l 'format' -d 'jsonl (default), csv, svg or table.' -rfka 'jsonl csv svg table'
complete -c 'pandactl-ohlc' -n '__pandactl-ohlc_should_offer_completions_for_flags_or_options "pandactl-ohlc candles" follow' -l 'follow' -d 'Keep reading and print each candle again as it updates.'
complete -c 'pandactl-ohlc' -n '__pandactl-ohlc_should_offer_completions_for_flags_or_options "pandactl-ohlc candles" size' -l 'size' -d 'svg: width and height in pixels, e.g. 1000x600.' -rfka ''
complete -c 'pandactl-ohlc' -n '__pandactl-ohlc_should_offer_completions_for_flags_or_options "pandactl-ohlc candles" ledger' -l 'ledger' -d 'The ledger: a file, or a postgresql:// URL (default: $PANDA_LEDGER, else ./panda.db).' -rfka ''
complete -c 'pandactl-ohlc' -n '__pandactl-ohlc_should_offer_completions_for_flags_or_options "pandactl-ohlc candles" busy-timeout' -l 'busy-timeout' -d 'How long to wait for another process\'s write transaction, e.g. 10s.' -rfka ''
complete -c 'pandactl-ohlc' -n '__pandactl-ohlc_should_offer_completions_for_flags_or_options "pandactl-ohlc candles" input' -l 'input' -d 'Read trade records from this file instead of the ledger.' -rfka ''
complete -c 'pandactl-ohlc' -n '__pandactl-ohlc_should_offer_completions_for_flags_or_options "pandactl-ohlc candles" h help' -s 'h' -l 'help' -d 'Show help information.'
