function __pandactl-sign_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __pandactl-sign_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __pandactl-sign_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __pandactl-sign_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __pandactl-sign_parse_tokens -S
    set -l unparsed_tokens (__pandactl-sign_tokens -pc)
    switch $unparsed_tokens[1]
    case 'pandactl-sign'
        __pandactl-sign_parse_subcommand 0 'h/help'
        switch $unparsed_tokens[1]
        case 'keygen'
            __pandactl-sign_parse_subcommand 0 'out=' 'passphrase-file=' 'light' 'plain' 'h/help'
        case 'address'
            __pandactl-sign_parse_subcommand 0 'key=' 'passphrase-file=' 'h/help'
        case 'sign'
            __pandactl-sign_parse_subcommand 1 'key=' 'passphrase-file=' 'chain-id=' 'ledger=' 'hash=' 'message=' 'file=' 'scheme=' 'ttl=' 'input=' 'format=' 'h/help'
        case 'verify'
            __pandactl-sign_parse_subcommand 1 'chain-id=' 'scheme=' 'message=' 'hash=' 'file=' 'signature=' 'address=' 'pubkey=' 'jobs=' 'input=' 'format=' 'h/help'
        case 'recover'
            __pandactl-sign_parse_subcommand 1 'message=' 'hash=' 'signature=' 'input=' 'format=' 'h/help'
        case 'help'
            __pandactl-sign_parse_subcommand -r 1 
        end
    end
end

function __pandactl-sign_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __pandactl-sign_parse_subcommand -S -a positional_count
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

function __pandactl-sign_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __pandactl-sign_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__pandactl-sign_tokens -p)
    if test -z "$(__pandactl-sign_tokens -t)"
        set -l index (count (__pandactl-sign_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'pandactl-sign' -f
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_flags_or_options "pandactl-sign" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_positional "pandactl-sign" -eq 1' -fa 'keygen' -d 'Create a key file: a v3 keystore when a passphrase is given, else plain hex (mode 0600).'
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_positional "pandactl-sign" -eq 1' -fa 'address' -d 'Print a key\'s address and public key.'
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_positional "pandactl-sign" -eq 1' -fa 'sign' -d 'Sign requests on stdin (a pipeline stage), or a message, a raw hash or a file.'
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_positional "pandactl-sign" -eq 1' -fa 'verify' -d 'Verify signatures: signed requests on stdin, or a message, hash or file given by flags.'
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_positional "pandactl-sign" -eq 1' -fa 'recover' -d 'Recover the signer of each signed request on stdin, or of a message or hash.'
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_positional "pandactl-sign" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_flags_or_options "pandactl-sign keygen" out' -l 'out' -d 'The key file to create.' -rfka ''
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_flags_or_options "pandactl-sign keygen" passphrase-file' -l 'passphrase-file' -d 'Encrypt with the passphrase in this file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_flags_or_options "pandactl-sign keygen" light' -l 'light' -d 'Lighter scrypt parameters (N=4096, p=6, as geth --lightkdf): faster to open, weaker against guessing.'
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_flags_or_options "pandactl-sign keygen" plain' -l 'plain' -d 'Write a plain hex key even when $PANDA_PASSPHRASE is set.'
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_flags_or_options "pandactl-sign keygen" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_flags_or_options "pandactl-sign address" key' -l 'key' -d 'The key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_flags_or_options "pandactl-sign address" passphrase-file' -l 'passphrase-file' -d 'Keystore passphrase file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_flags_or_options "pandactl-sign address" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_flags_or_options "pandactl-sign sign" key' -l 'key' -d 'The key file (default: $PANDA_KEY).' -rfka ''
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_flags_or_options "pandactl-sign sign" passphrase-file' -l 'passphrase-file' -d 'Keystore passphrase file (default: $PANDA_PASSPHRASE).' -rfka ''
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_flags_or_options "pandactl-sign sign" chain-id' -l 'chain-id' -d 'The chain id to put in requests.' -rfka ''
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_flags_or_options "pandactl-sign sign" ledger' -l 'ledger' -d 'Take the chain id from this ledger.' -rfka ''
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_flags_or_options "pandactl-sign sign" hash' -l 'hash' -d 'Sign this raw 32-byte hash (0x hex).' -rfka ''
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_flags_or_options "pandactl-sign sign" message' -l 'message' -d 'Sign this message text.' -rfka ''
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_flags_or_options "pandactl-sign sign" file' -l 'file' -d 'Make a detached signature of this file.' -rfka ''
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_flags_or_options "pandactl-sign sign" scheme' -l 'scheme' -d 'eth (default) or cosmos.' -rfka 'eth cosmos'
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_flags_or_options "pandactl-sign sign" ttl' -l 'ttl' -d 'Requests expire this long after signing (\'expires\'), e.g. 10m or 24h.' -rfka ''
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_flags_or_options "pandactl-sign sign" input' -l 'input' -d 'Read JSON lines from this file instead of stdin.' -rfka ''
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_flags_or_options "pandactl-sign sign" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_flags_or_options "pandactl-sign sign" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_flags_or_options "pandactl-sign verify" chain-id' -l 'chain-id' -d 'Also require this chain id.' -rfka ''
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_flags_or_options "pandactl-sign verify" scheme' -l 'scheme' -d 'eth (default) or cosmos.' -rfka 'eth cosmos'
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_flags_or_options "pandactl-sign verify" message' -l 'message' -d 'The signed message text.' -rfka ''
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_flags_or_options "pandactl-sign verify" hash' -l 'hash' -d 'The signed 32-byte hash (0x hex).' -rfka ''
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_flags_or_options "pandactl-sign verify" file' -l 'file' -d 'The signed file (detached signature).' -rfka ''
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_flags_or_options "pandactl-sign verify" signature' -l 'signature' -d 'The signature: 0x hex (eth) or base64 (cosmos).' -rfka ''
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_flags_or_options "pandactl-sign verify" address' -l 'address' -d 'The expected signer address (eth).' -rfka ''
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_flags_or_options "pandactl-sign verify" pubkey' -l 'pubkey' -d 'The signer\'s compressed public key, base64 (cosmos).' -rfka ''
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_flags_or_options "pandactl-sign verify" jobs' -l 'jobs' -d 'Verify on this many threads (default: 1; output stays in input order).' -rfka ''
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_flags_or_options "pandactl-sign verify" input' -l 'input' -d 'Read JSON lines from this file instead of stdin.' -rfka ''
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_flags_or_options "pandactl-sign verify" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_flags_or_options "pandactl-sign verify" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_flags_or_options "pandactl-sign recover" message' -l 'message' -d 'The signed message text.' -rfka ''
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_flags_or_options "pandactl-sign recover" hash' -l 'hash' -d 'The signed 32-byte hash (0x hex).' -rfka ''
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_flags_or_options "pandactl-sign recover" signature' -l 'signature' -d 'The signature (0x hex).' -rfka ''
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_flags_or_options "pandactl-sign recover" input' -l 'input' -d 'Read JSON lines from this file instead of stdin.' -rfka ''
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_flags_or_options "pandactl-sign recover" format' -l 'format' -d 'Output format: jsonl (default) or table.' -rfka 'jsonl table'
complete -c 'pandactl-sign' -n '__pandactl-sign_should_offer_completions_for_flags_or_options "pandactl-sign recover" h help' -s 'h' -l 'help' -d 'Show help information.'
