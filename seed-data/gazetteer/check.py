#!/usr/bin/env python3
"""Check the actor gazetteer in this folder against the rules of FORMAT.md.

Usage: python3 check.py [FOLDER] [--stats]

Loads every *.toml in FOLDER (default: the folder of this script), in name
order, and checks:
  - each file parses and holds only a list of [[actor]] tables;
  - each actor has key, name, kind; no unknown fields; field types are right;
  - keys are lowercase slugs, unique across all files;
  - kind is one of person | state | organization | group | unknown;
  - country, when given, is three uppercase letters; a state has one, and a
    state's key is its country code in lowercase;
  - demonyms appear only on states;
  - names, aliases and demonyms are non-empty, trimmed, written with proper
    case (at least one capital letter), not repeated within an actor, and
    no surface form (name, formal name, alias or demonym; compared ignoring
    case and a leading "the") belongs to two actors;
  - every affiliation has `of` naming an existing key (not the actor itself)
    and a non-empty `role`; `from`/`to` are valid ISO dates with from <= to.
Prints one line per violation ("file: key: message") and exits 1 if any.
With --stats, also prints counts per file and per kind.
"""
from __future__ import annotations

import datetime as dt
import re
import sys
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

KINDS = {"person", "state", "organization", "group", "unknown"}
ACTOR_FIELDS = {"key", "name", "kind", "country", "formal_name", "aliases",
                "demonyms", "description", "affiliation"}
AFF_FIELDS = {"of", "role", "from", "to"}
KEY_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COUNTRY_RE = re.compile(r"^[A-Z]{3}$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def norm(s: str) -> str:
    """The form under which two surface strings are considered the same."""
    s = " ".join(s.split()).casefold()
    s = s.replace("\u2019", "'")
    if s.startswith("the "):
        s = s[4:]
    return s


def parse_date(v):
    if isinstance(v, dt.datetime):
        return None
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str) and DATE_RE.match(v):
        try:
            return dt.date.fromisoformat(v)
        except ValueError:
            return None
    return None


def main(argv: list[str]) -> int:
    stats = "--stats" in argv
    args = [a for a in argv if not a.startswith("--")]
    folder = Path(args[0]) if args else Path(__file__).resolve().parent
    files = sorted(folder.glob("*.toml"))
    errors: list[str] = []

    def err(file: str, key: str, msg: str) -> None:
        errors.append(f"{file}: {key}: {msg}")

    actors = []  # (file, actor dict)
    for path in files:
        try:
            with open(path, "rb") as f:
                data = tomllib.load(f)
        except tomllib.TOMLDecodeError as e:
            err(path.name, "-", f"TOML parse error: {e}")
            continue
        for top in data:
            if top != "actor":
                err(path.name, "-", f"unexpected top-level key {top!r}")
        lst = data.get("actor", [])
        if not isinstance(lst, list):
            err(path.name, "-", "`actor` must be an array of tables ([[actor]])")
            continue
        for a in lst:
            actors.append((path.name, a))

    # keys
    key_file: dict[str, str] = {}
    for file, a in actors:
        key = a.get("key")
        if not isinstance(key, str) or not key:
            err(file, repr(a.get("name")), "missing key")
            continue
        if not KEY_RE.match(key):
            err(file, key, "key must be a lowercase slug (a-z, 0-9, '-')")
        if key in key_file:
            err(file, key, f"duplicate key (also in {key_file[key]})")
        else:
            key_file[key] = file

    surface_owner: dict[str, tuple[str, str, str]] = {}  # norm -> (file, key, form)
    for file, a in actors:
        key = a.get("key", "?")
        for field in a:
            if field not in ACTOR_FIELDS:
                err(file, key, f"unknown field {field!r}")
        name = a.get("name")
        if not isinstance(name, str) or not name.strip():
            err(file, key, "missing name")
            name = None
        kind = a.get("kind")
        if kind not in KINDS:
            err(file, key, f"invalid kind {kind!r}")
        country = a.get("country")
        if country is not None and (not isinstance(country, str) or not COUNTRY_RE.match(country)):
            err(file, key, f"country {country!r} is not 3 uppercase letters")
        if kind == "state":
            if country is None:
                err(file, key, "a state needs a country")
            elif isinstance(country, str) and key != country.lower():
                err(file, key, f"a state's key must be its country code in lowercase ({country.lower()})")
        for opt in ("formal_name", "description"):
            if opt in a and (not isinstance(a[opt], str) or not a[opt].strip()):
                err(file, key, f"{opt} must be a non-empty string")
        aliases = a.get("aliases", [])
        demonyms = a.get("demonyms", [])
        if not isinstance(aliases, list) or not all(isinstance(x, str) for x in aliases):
            err(file, key, "aliases must be a list of strings")
            aliases = []
        if not isinstance(demonyms, list) or not all(isinstance(x, str) for x in demonyms):
            err(file, key, "demonyms must be a list of strings")
            demonyms = []
        if demonyms and kind != "state":
            err(file, key, "demonyms are for states only")

        forms = []
        if name:
            forms.append(("name", name))
        if isinstance(a.get("formal_name"), str):
            forms.append(("formal_name", a["formal_name"]))
        forms += [("alias", x) for x in aliases] + [("demonym", x) for x in demonyms]
        seen_exact: dict[str, set[str]] = {"alias": set(), "demonym": set()}
        seen_norm: set[str] = set()
        for what, form in forms:
            if not form.strip():
                err(file, key, f"empty {what}")
                continue
            if form != form.strip() or "  " in form:
                err(file, key, f"{what} {form!r} has stray whitespace")
            if not any(c.isupper() for c in form):
                err(file, key, f"{what} {form!r} has no capital letter (write it as news does)")
            if what in seen_exact:
                if form in seen_exact[what]:
                    err(file, key, f"{what} {form!r} repeated")
                seen_exact[what].add(form)
            n = norm(form)
            if n in seen_norm:
                continue  # same actor: name == formal_name etc. is fine
            seen_norm.add(n)
            owner = surface_owner.get(n)
            if owner and owner[1] != key:
                err(file, key, f"{what} {form!r} also names {owner[1]} ({owner[0]}: {owner[2]!r})")
            elif not owner:
                surface_owner[n] = (file, key, form)

        affs = a.get("affiliation", [])
        if not isinstance(affs, list):
            err(file, key, "affiliation must be [[actor.affiliation]] tables")
            affs = []
        for i, af in enumerate(affs, 1):
            where = f"affiliation #{i}"
            if not isinstance(af, dict):
                err(file, key, f"{where} is not a table")
                continue
            for field in af:
                if field not in AFF_FIELDS:
                    err(file, key, f"{where}: unknown field {field!r}")
            of = af.get("of")
            if not isinstance(of, str) or not of:
                err(file, key, f"{where}: missing `of`")
            elif of not in key_file:
                err(file, key, f"{where}: `of` = {of!r} names no actor")
            elif of == key:
                err(file, key, f"{where}: `of` names the actor itself")
            role = af.get("role")
            if not isinstance(role, str) or not role.strip():
                err(file, key, f"{where}: missing role")
            dates = {}
            for d in ("from", "to"):
                if d in af:
                    v = parse_date(af[d])
                    if v is None:
                        err(file, key, f"{where}: {d} = {af[d]!r} is not a valid ISO date (YYYY-MM-DD)")
                    else:
                        dates[d] = v
            if "from" in dates and "to" in dates and dates["from"] > dates["to"]:
                err(file, key, f"{where}: from {dates['from']} is after to {dates['to']}")

    for e in errors:
        print(e)
    if stats or not errors:
        per_file = defaultdict(Counter)
        for file, a in actors:
            per_file[file][a.get("kind", "?")] += 1
        total = Counter()
        for file in sorted(per_file):
            c = per_file[file]
            total += c
            print(f"{file}: {sum(c.values())} actors ({', '.join(f'{k} {v}' for k, v in sorted(c.items()))})")
        n_aff = sum(len(a.get("affiliation", [])) for _, a in actors)
        n_alias = sum(len(a.get("aliases", [])) for _, a in actors)
        print(f"total: {sum(total.values())} actors ({', '.join(f'{k} {v}' for k, v in sorted(total.items()))}); "
              f"{n_alias} aliases, {n_aff} affiliations")
    if errors:
        print(f"{len(errors)} violation(s)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
