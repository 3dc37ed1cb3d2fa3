#!/usr/bin/env python3
"""Where the client's WASM code goes: sizes of function bodies in an
unoptimised release WASM, grouped by the crate that defines each function and
by the first `bounty::` path named anywhere in its symbol, so a generic
framework function instantiated for one of our types (a serde_json
deserialiser, a resource's signal) counts for that type.

Build with v0 symbol mangling (it names generic arguments; the default does
not), then walk the file cargo wrote before wasm-bindgen and wasm-opt:

    RUSTFLAGS="-C symbol-mangling-version=v0" cargo leptos build --release --frontend-only
    scripts/wasm_breakdown.py target/front/wasm32-unknown-unknown/wasm-release/bounty.wasm [depth] [prefix]

depth: how many path segments after `bounty::` to group by (default 3).
prefix: also list the defining crates of the functions grouped under it.
Python's standard library only; twiggy reports by function, not by the type
an instantiation is for, which is the question here.
"""
import collections
import re
import sys


def leb128(data, at):
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def skip_limits(data, at):
    flags = data[at]
    _, at = leb128(data, at + 1)
    if flags & 1:
        _, at = leb128(data, at)
    return at


def read_functions(data):
    """Body sizes of defined functions, and the name of every function index."""
    at, imported, bodies, names = 8, 0, [], {}
    while at < len(data):
        section = data[at]
        size, at = leb128(data, at + 1)
        end = at + size
        if section == 2:  # imports: function imports shift the indexes
            count, j = leb128(data, at)
            for _ in range(count):
                for _ in range(2):  # module and field names
                    length, j = leb128(data, j)
                    j += length
                kind = data[j]
                j += 1
                if kind == 0:
                    _, j = leb128(data, j)
                    imported += 1
                elif kind == 1:  # table: element type, then limits
                    j = skip_limits(data, j + 1)
                elif kind == 2:
                    j = skip_limits(data, j)
                elif kind == 3:  # global: type and mutability
                    j += 2
        elif section == 10:  # code
            count, j = leb128(data, at)
            for _ in range(count):
                length, j = leb128(data, j)
                bodies.append(length)
                j += length
        elif section == 0:
            length, j = leb128(data, at)
            if data[j : j + length] == b"name":
                j += length
                while j < end:
                    kind = data[j]
                    length, j = leb128(data, j + 1)
                    if kind == 1:  # function names
                        count, k = leb128(data, j)
                        for _ in range(count):
                            index, k = leb128(data, k)
                            size_, k = leb128(data, k)
                            names[index] = data[k : k + size_].decode("utf-8", "replace")
                            k += size_
                    j += length
        at = end
    return imported, bodies, names


def identifiers_after(symbol, at):
    """The v0 identifiers (`<len><ident>`, maybe with a disambiguator) from `at` on."""
    found = []
    while at < len(symbol):
        match = re.match(r"(?:s[0-9A-Za-z]*_)?(\d+)_?", symbol[at:])
        if not match:
            break
        length, start = int(match.group(1)), at + match.end()
        if length == 0 or start + length > len(symbol):
            break
        found.append(symbol[start : start + length])
        at = start + length
    return found


def defining_crate(symbol):
    if symbol.startswith("_R"):
        match = re.search(r"C(?:s[0-9A-Za-z]*_)?(\d+)", symbol)
        if match:
            return symbol[match.end() : match.end() + int(match.group(1))]
    if symbol.startswith("_ZN"):
        match = re.match(r"_ZN(\d+)", symbol)
        return symbol[match.end() : match.end() + int(match.group(1))]
    return symbol.split("::")[0][:40]


def our_path(symbol, depth):
    at = symbol.find("6bounty")
    if at < 0:
        return None
    # A bare `bounty` is the instantiating-crate suffix: generic code that
    # names none of our types.
    return "::".join(["bounty"] + identifiers_after(symbol, at + 7)[:depth])


def main():
    path = sys.argv[1]
    depth = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    prefix = sys.argv[3] if len(sys.argv) > 3 else None
    imported, bodies, names = read_functions(open(path, "rb").read())
    by_crate, by_path, under_prefix = (collections.Counter() for _ in range(3))
    for offset, size in enumerate(bodies):
        symbol = names.get(imported + offset, "?")
        by_crate[defining_crate(symbol)] += size
        ours = our_path(symbol, depth)
        if ours:
            by_path[ours] += size
            if prefix and ours.startswith(prefix):
                under_prefix[defining_crate(symbol)] += size
    print(f"{sum(bodies)} B of code in {len(bodies)} functions")
    print("-- by defining crate")
    for name, size in by_crate.most_common(25):
        print(f"{size:9d}  {name}")
    print("-- by the first bounty:: path in the symbol")
    for name, size in by_path.most_common(50):
        print(f"{size:9d}  {name}")
    if prefix:
        print(f"-- defining crates of the functions under {prefix}")
        for name, size in under_prefix.most_common(15):
            print(f"{size:9d}  {name}")


if __name__ == "__main__":
    main()
