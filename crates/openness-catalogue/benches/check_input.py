#!/usr/bin/env python3
"""Writes a directory of records for measuring `openness check` at its byte budget.

The records are copies of the reviewed ones (`data/models/*.yaml`) under new ids
(`<id>-copy<N>`), written until the directory holds `--bytes` bytes (default: just under
the 64 MiB a command may read), so that `check` reads everything and keeps every
diagnostic the copies carry.

    python3 crates/openness-catalogue/benches/check_input.py /tmp/check-64m
    /usr/bin/time -v target/release/openness check /tmp/check-64m > /dev/null 2> /tmp/err
"""

import argparse
import pathlib

MODELS = pathlib.Path(__file__).resolve().parents[3] / "data" / "models"
COMMAND_BUDGET_BYTES = 64 * 1024 * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=pathlib.Path, help="directory to write (created)")
    parser.add_argument(
        "--bytes",
        type=int,
        default=COMMAND_BUDGET_BYTES - 64 * 1024,
        help="total size of the records written",
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    texts = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(MODELS.glob("*.yaml"))]
    written = 0
    n = 0
    while True:
        ident, text = texts[n % len(texts)]
        copy = f"{ident}-copy{n}"
        body = text.replace(f"id: {ident}\n", f"id: {copy}\n", 1).encode("utf-8")
        if written + len(body) > args.bytes:
            break
        (args.out / f"{copy}.yaml").write_bytes(body)
        written += len(body)
        n += 1
    print(f"{n} records, {written} bytes in {args.out}")


if __name__ == "__main__":
    main()
