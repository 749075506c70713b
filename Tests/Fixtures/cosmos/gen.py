#!/usr/bin/env python3
"""Cosmos-style secp256k1 signatures from python-ecdsa, an independent pure-Python implementation.

Cosmos SDK (tendermint/crypto secp256k1) signs the SHA-256 digest of the sign bytes with RFC 6979,
writes the signature as 64 bytes r||s with low S, and the public key as 33 compressed bytes, both
base64 as the SDK prints them. python-ecdsa is used only to make and check these fixture files.

    pip install ecdsa

    python3 gen.py generate [OUT]   write signatures.jsonl (default next to this file); lines with
                                    "valid": false are variants pandactl must refuse
    python3 gen.py check FILE...    verify JSONL written by pandactl (ours_signed.jsonl): each line
                                    {"message", "pub_key": {"key"}, "signature"} must verify here
"""
import base64
import hashlib
import json
import os
import sys

from ecdsa import BadSignatureError, SECP256k1, SigningKey, VerifyingKey
from ecdsa.util import sigdecode_string, sigencode_string, sigencode_string_canonize

HERE = os.path.dirname(os.path.abspath(__file__))
N = SECP256k1.order
PUBKEY_TYPE = "/cosmos.crypto.secp256k1.PubKey"

# Test keys only.
KEYS = [
    (1).to_bytes(32, "big"),
    hashlib.sha256(b"pandactl cosmos fixture key A").digest(),
    hashlib.sha256(b"pandactl cosmos fixture key B").digest(),
]

MESSAGES = [
    "",
    "hello",
    '{"account_number":"108","chain_id":"cosmoshub-4","fee":{"amount":[{"amount":"4000","denom":"uatom"}],'
    '"gas":"200000"},"memo":"","msgs":[{"type":"cosmos-sdk/MsgSend","value":{"amount":[{"amount":"10",'
    '"denom":"uatom"}],"from_address":"cosmos1x","to_address":"cosmos1y"}}],"sequence":"4"}',
    "model bundle sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
]


def b64(data):
    return base64.b64encode(data).decode("ascii")


def record(message, pub33, sig64, valid, why):
    return json.dumps({
        "message": message,
        "pub_key": {"@type": PUBKEY_TYPE, "key": b64(pub33)},
        "signature": b64(sig64),
        "valid": valid,
        "why": why,
    }, ensure_ascii=False)


def generate(out_path):
    lines = []
    for key in KEYS:
        sk = SigningKey.from_string(key, curve=SECP256k1, hashfunc=hashlib.sha256)
        pub33 = sk.get_verifying_key().to_string("compressed")
        for message in MESSAGES:
            data = message.encode("utf-8")
            sig = sk.sign_deterministic(data, hashfunc=hashlib.sha256, sigencode=sigencode_string_canonize)
            r, s = sigdecode_string(sig, N)
            assert s <= N // 2
            lines.append(record(message, pub33, sig, True, "signed by python-ecdsa (RFC 6979, low-S)"))
            high = sigencode_string(r, N - s, N)
            lines.append(record(message, pub33, high, False, "the same signature with s' = n - s (high-S)"))
            lines.append(record(message + "!", pub33, sig, False, "the message was changed"))
        other = SigningKey.from_string(hashlib.sha256(key).digest(), curve=SECP256k1).get_verifying_key()
        sig = sk.sign_deterministic(b"hello", hashfunc=hashlib.sha256, sigencode=sigencode_string_canonize)
        lines.append(record("hello", other.to_string("compressed"), sig, False, "another key's public key"))
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {len(lines)} records to {out_path}")


def check(paths):
    passed = failed = 0
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                if not line.strip():
                    continue
                rec = json.loads(line)
                pub = VerifyingKey.from_string(base64.b64decode(rec["pub_key"]["key"]), curve=SECP256k1)
                sig = base64.b64decode(rec["signature"])
                r, s = sigdecode_string(sig, N)
                try:
                    ok = s <= N // 2 and pub.verify(sig, rec["message"].encode("utf-8"), hashfunc=hashlib.sha256,
                                                   sigdecode=sigdecode_string)
                except BadSignatureError:
                    ok = False
                if ok == rec.get("valid", True):
                    passed += 1
                else:
                    print(f"{path}:{number}: python-ecdsa says {'valid' if ok else 'invalid'}")
                    failed += 1
    print(f"{passed} passed, {failed} failed")
    return failed == 0


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else "generate"
    if mode == "generate":
        generate(sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "signatures.jsonl"))
    elif mode == "check" and len(sys.argv) > 2:
        sys.exit(0 if check(sys.argv[2:]) else 1)
    else:
        print(__doc__)
        sys.exit(64)
