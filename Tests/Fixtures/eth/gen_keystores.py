#!/usr/bin/env python3
"""Cross-check fixtures for pandactl's Web3 Secret Storage v3 keystores.

eth-account (an independent Ethereum library, `pip install eth-account`) is used only here, to make
and to check fixture files; pandactl itself never runs it.

  python3 gen_keystores.py generate     write keystores/*.json and keystores/index.json (eth-account's
                                        Account.encrypt, scrypt and pbkdf2 at small cost parameters)
  python3 gen_keystores.py check DIR    decrypt every keystore listed in DIR/index.json with
                                        eth-account and compare the keys and addresses; DIR is usually
                                        ours/, written by pandactl's tests with PANDACTL_WRITE_FIXTURES=1

index.json: {"keystores": [{"file", "passphrase", "private_key" (hex, no 0x), "address" (EIP-55),
"kdf", "note"}]}. Ends with a line 'N passed, M failed'; exit status 1 when anything failed.
"""
import json
import os
import sys

from eth_account import Account
from eth_utils import keccak

HERE = os.path.dirname(os.path.abspath(__file__))

# (file, passphrase, kdf, cost, note). Costs are small so that the tests stay fast; geth's own
# defaults (scrypt n=262144) only change the work, not the format.
CASES = [
    ("scrypt-n1024.json", "correct horse battery staple", "scrypt", 1024, "scrypt r=8 p=1"),
    ("scrypt-n4096-unicode.json", "p\u00e4ssw\u00f6rd \U0001f43c \u30d1\u30f3\u30c0", "scrypt", 4096,
     "non-ASCII passphrase, taken as its UTF-8 bytes"),
    ("scrypt-n2048-empty-passphrase.json", "", "scrypt", 2048, "empty passphrase"),
    ("pbkdf2-c1000.json", "pbkdf2 fixture", "pbkdf2", 1000, "pbkdf2 hmac-sha256"),
    ("pbkdf2-c1.json", "one round", "pbkdf2", 1, "pbkdf2 with a single iteration"),
]


def fixture_key(i):
    """A fixed private key per fixture, so regenerating changes only salts, ivs and ids."""
    return keccak(text="pandactl keystore fixture %d" % i)


def generate():
    out_dir = os.path.join(HERE, "keystores")
    os.makedirs(out_dir, exist_ok=True)
    entries = []
    for i, (name, passphrase, kdf, cost, note) in enumerate(CASES):
        key = fixture_key(i)
        keystore = Account.encrypt(key, passphrase, kdf=kdf, iterations=cost)
        assert bytes(Account.decrypt(keystore, passphrase)) == key
        with open(os.path.join(out_dir, name), "w", encoding="utf-8") as f:
            json.dump(keystore, f, indent=2)
            f.write("\n")
        entries.append({
            "file": name,
            "passphrase": passphrase,
            "private_key": key.hex(),
            "address": Account.from_key(key).address,
            "kdf": kdf,
            "note": note,
        })
    with open(os.path.join(out_dir, "index.json"), "w", encoding="utf-8") as f:
        json.dump({"generator": "eth-account Account.encrypt (Tests/Fixtures/eth/gen_keystores.py)",
                   "keystores": entries}, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print("wrote %d keystores to %s" % (len(entries), out_dir))


def check(directory):
    with open(os.path.join(directory, "index.json"), encoding="utf-8") as f:
        entries = json.load(f)["keystores"]
    passed = failed = 0
    for e in entries:
        path = os.path.join(directory, e["file"])
        try:
            with open(path, encoding="utf-8") as f:
                keystore = json.load(f)
            key = bytes(Account.decrypt(keystore, e["passphrase"]))
            problems = []
            if key.hex() != e["private_key"].lower().removeprefix("0x"):
                problems.append("key %s, expected %s" % (key.hex(), e["private_key"]))
            address = Account.from_key(key).address
            if address != e["address"]:
                problems.append("key's address %s, index says %s" % (address, e["address"]))
            if "address" in keystore and keystore["address"].lower().removeprefix("0x") != address.lower()[2:]:
                problems.append("keystore's address field %s, key's address %s" % (keystore["address"], address))
            try:
                Account.decrypt(keystore, e["passphrase"] + "x")
                problems.append("a wrong passphrase was accepted")
            except ValueError:
                pass
        except Exception as ex:  # report every file, not just the first failure
            problems = ["%s: %s" % (type(ex).__name__, ex)]
        if problems:
            failed += 1
            print("FAIL %s: %s" % (e["file"], "; ".join(problems)))
        else:
            passed += 1
            print("ok   %s (%s)" % (e["file"], e.get("kdf", "?")))
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 and passed > 0 else 1


def main(argv):
    if len(argv) == 2 and argv[1] == "generate":
        generate()
        return 0
    if len(argv) == 3 and argv[1] == "check":
        return check(argv[2])
    sys.stderr.write(__doc__)
    return 64


if __name__ == "__main__":
    sys.exit(main(sys.argv))
