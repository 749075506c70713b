#!/usr/bin/env python3
"""Cross-check pandactl's request signatures against eth-account, an independent Ethereum library.

A request is signed as an EIP-191 personal message over its RFC 8785 canonical text without "sig"
(DESIGN.md section 3). eth-account (with the rfc8785 package for canonicalization) is used only to
make and check fixture files; nothing here is part of pandactl.

    pip install eth-account rfc8785

    python3 gen_signatures.py generate [OUT]   write signed_requests.jsonl (default next to this file):
                                               each line a request text signed by eth-account, with
                                               its key, signer, canonical text and signature
    python3 gen_signatures.py numbers [OUT]    write jcs_numbers.txt: "hex-ieee754,text" lines, the text
                                               from node's Number.prototype.toString (RFC 8785 §3.2.2.3)
    python3 gen_signatures.py check FILE...    verify JSONL produced by pandactl with eth-account:
                                               lines {"canonical", "sig", "address"} (ours_signed.jsonl),
                                               or signed requests as `pandactl-sign sign` writes them
                                               (the signer must be "from")

RFC 6979 makes signatures deterministic, so pandactl must reproduce every "sig" byte for byte.
"""
import hashlib
import json
import os
import random
import struct
import subprocess
import sys

import rfc8785
from eth_account import Account
from eth_account.messages import encode_defunct

HERE = os.path.dirname(os.path.abspath(__file__))

# Test keys only: the secp256k1 scalars 1 and n-1, the first two well-known development-node
# accounts, and two keys derived from fixed labels.
KEYS = [
    "0x" + (1).to_bytes(32, "big").hex(),
    "0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140",
    "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
    "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
    "0x" + hashlib.sha256(b"pandactl fixture key A").hexdigest(),
    "0x" + hashlib.sha256(b"pandactl fixture key B").hexdigest(),
]

CHAIN = "panda-fixture-7f3a"

# Request bodies as raw JSON text (member order, spacing and number spellings deliberately not
# canonical). FROM and NONCE are filled per key.
TEMPLATES = [
    '{"op": "transfer", "to": "0x2B5AD5c4795c026514f8317c7a215E218DcCD6cF", "amount": "12.5",'
    ' "from": FROM, "nonce": NONCE, "chain": CHAIN}',
    '{"chain": CHAIN, "nonce": NONCE, "from": FROM, "op": "buy", "model": "house-prices",'
    ' "amount": 3, "max_cost": "100.000000000000000001"}',
    '{"op":"predict","model":"iris","rows":[[5.10,3.5,1.4,0.2],[6.2e0,2.9,4.3,1.3]],'
    '"fee":1.50,"id":{"batch":7,"tags":["a","b"],"ok":true,"none":null},'
    '"from":FROM,"nonce":NONCE,"chain":CHAIN}',
    '{"op": "fund", "to": "0x6813Eb9362372EEF6200f3b1dbC3f819671cBA69", "amount": 1E3,'
    ' "memo": "caf\\u00e9 \\u20ac \\ud83d\\ude02 tab\\there \\"quoted\\" back\\\\slash \\u0007 </script>",'
    ' "from": FROM, "nonce": NONCE, "chain": CHAIN}',
    '{"\\u20ac": "Euro Sign", "1": "One", "\\u0080": "Control\\u007f", "\\ud83d\\ude02": "Smiley",'
    ' "\\u00f6": "o umlaut", "\\ufb33": "Hebrew Letter Dalet With Dagesh", "</script>": "Browser Challenge",'
    ' "op": "note", "from": FROM, "nonce": NONCE, "chain": CHAIN}',
    '{"op": "set_params", "model": "m", "params": {"alpha": 0.000001, "tiny": 1e-7, "big": 1e21,'
    ' "huge": 1.7976931348623157e308, "neg": -0.0, "third": 333333333.3333333, "max_int": 9007199254740991},'
    ' "from": FROM, "nonce": NONCE, "chain": CHAIN}',
]


def canonical_text(request):
    body = {k: v for k, v in request.items() if k != "sig"}
    return rfc8785.dumps(body).decode("utf-8")


def generate(out_path):
    lines = []
    for ki, key in enumerate(KEYS):
        account = Account.from_key(key)
        for ti, template in enumerate(TEMPLATES):
            nonce = ki * 1000 + ti if ti != 1 else 9007199254740991 - ki
            text = (
                template.replace("FROM", json.dumps(account.address.lower() if ti == 2 else account.address))
                .replace("NONCE", str(nonce))
                .replace("CHAIN", json.dumps(CHAIN))
            )
            request = json.loads(text)
            canonical = canonical_text(request)
            signed = Account.sign_message(encode_defunct(text=canonical), key)
            sig = "0x" + bytes(signed.signature).hex()
            assert Account.recover_message(encode_defunct(text=canonical), signature=sig) == account.address
            # The request as sent: the original text with "sig" appended before the closing brace.
            request_text = text.rstrip()[:-1].rstrip() + ', "sig": "' + sig + '"}'
            lines.append(json.dumps({
                "key": key,
                "address": account.address,
                "request": request_text,
                "canonical": canonical,
                "sig": sig,
            }, ensure_ascii=False))
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {len(lines)} signed requests to {out_path}")


def numbers(out_path):
    """Doubles whose ECMAScript text is taken from node: edge cases, then seeded random bit patterns."""
    rng = random.Random(8785)
    bits = [0x0000000000000001, 0x000FFFFFFFFFFFFF, 0x0010000000000000, 0x7FEFFFFFFFFFFFFF, 0x3FF0000000000000,
            0x3FB999999999999A, 0x4340000000000000, 0x4340000000000001, 0x444B1AE4D6E2EF50, 0x3EB0C6F7A0B5ED8D]
    for e in range(-30, 30):  # powers of ten around the fixed/exponential switches
        bits.append(struct.unpack(">Q", struct.pack(">d", float(f"1e{e}")))[0])
        bits.append(struct.unpack(">Q", struct.pack(">d", float(f"1.2345e{e}")))[0])
    while len(bits) < 3000:
        kind = rng.random()
        if kind < 0.5:
            b = rng.getrandbits(64)  # any double
        elif kind < 0.8:
            b = struct.unpack(">Q", struct.pack(">d", rng.uniform(-1e6, 1e6)))[0]
        else:
            b = struct.unpack(">Q", struct.pack(">d", rng.randint(-2**60, 2**60) / 10 ** rng.randint(0, 25)))[0]
        if (b >> 52) & 0x7FF == 0x7FF:
            continue  # NaN and infinities have no JSON form
        bits.append(b)
    hexes = [f"{b:016x}" for b in bits]
    script = (
        "const lines = require('fs').readFileSync(0, 'utf8').trim().split('\\n');"
        "const view = new DataView(new ArrayBuffer(8));"
        "console.log(lines.map(h => { view.setBigUint64(0, BigInt('0x' + h)); return h + ',' + String(view.getFloat64(0)); }).join('\\n'));"
    )
    result = subprocess.run(["node", "-e", script], input="\n".join(hexes), capture_output=True, text=True, check=True)
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(result.stdout)
    print(f"wrote {len(hexes)} numbers to {out_path}")


def check(paths):
    passed = failed = 0
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                if not line.strip():
                    continue
                record = json.loads(line)
                if "canonical" in record:
                    canonical, sig, expected = record["canonical"], record["sig"], record["address"]
                    if "request" in record:
                        request = json.loads(record["request"]) if isinstance(record["request"], str) else record["request"]
                        if canonical_text(request) != canonical:
                            print(f"{path}:{number}: canonical text differs from rfc8785's")
                            failed += 1
                            continue
                else:
                    canonical, sig, expected = canonical_text(record), record["sig"], record["from"]
                signer = Account.recover_message(encode_defunct(text=canonical), signature=sig)
                if signer.lower() == expected.lower():
                    passed += 1
                else:
                    print(f"{path}:{number}: eth-account recovers {signer}, expected {expected}")
                    failed += 1
    print(f"{passed} passed, {failed} failed")
    return failed == 0


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else "generate"
    if mode == "generate":
        generate(sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "signed_requests.jsonl"))
    elif mode == "numbers":
        numbers(sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "jcs_numbers.txt"))
    elif mode == "check" and len(sys.argv) > 2:
        sys.exit(0 if check(sys.argv[2:]) else 1)
    else:
        print(__doc__)
        sys.exit(64)
