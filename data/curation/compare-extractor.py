#!/usr/bin/env python3
"""Lists where the extractor's output and a curated dataset disagree, figure by figure.

    zhibiao extract data/reports/wuhan-2024.txt -o /tmp/extracted.json
    data/curation/compare-extractor.py /tmp/extracted.json data/wuhan-2024.json

The dataset tests bind span, value and unit; this also lists the fields that are curation
(period, status, qualifiers, measure, exclusion reasons), so the extractor's guesses can be
improved where the curated dataset is right. Python 3 standard library only.
"""

import json
import sys


def observations(dataset):
    found = {}
    for indicator in dataset["indicators"]:
        for o in indicator["observations"]:
            found[o["source"]["start"]] = (indicator, o)
    return found


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    extracted = json.load(open(sys.argv[1], encoding="utf-8"))
    curated = json.load(open(sys.argv[2], encoding="utf-8"))
    ext = observations(extracted)
    cur = observations(curated)
    ext_excluded = {x["start"]: x for x in extracted["excluded"]}
    cur_excluded = {x["start"]: x for x in curated["excluded"]}
    binding = 0
    lines = []

    for start, (ci, co) in sorted(cur.items()):
        label = f"{ci['id']} “{co['source']['text']}”"
        if start not in ext:
            reason = ext_excluded.get(start, {}).get("reason", "nothing")
            lines.append(f"BINDING {label}: the extractor has {reason} here, not an observation")
            binding += 1
            continue
        ei, eo = ext[start]
        if eo["source"]["end"] != co["source"]["end"] or eo["value"] != co["value"] \
                or ei["unit"] != ci["unit"]:
            lines.append(f"BINDING {label}: extracted {eo['value']} “{ei['unit']}”, "
                         f"curated {co['value']} “{ci['unit']}”")
            binding += 1
        for key in ("period", "status", "qualifiers", "cumulative"):
            if eo[key] != co[key]:
                lines.append(f"{key} {label}: extracted {eo[key]}, curated {co[key]}")
        if ei["measure"] != ci["measure"]:
            lines.append(f"measure {label}: extracted {ei['measure']}, curated {ci['measure']}")

    for start, (ei, eo) in sorted(ext.items()):
        if start not in cur and start not in cur_excluded:
            lines.append(f"BINDING extracted “{eo['source']['text']}” at {start} is neither "
                         "curated observation nor exclusion")
            binding += 1
        elif start in cur_excluded:
            lines.append(f"excluded “{eo['source']['text']}” at {start}: extracted as an "
                         f"observation, curated as {cur_excluded[start]['reason']}")
    for start, x in sorted(cur_excluded.items()):
        if start in ext_excluded and ext_excluded[start]["reason"] != x["reason"]:
            lines.append(f"reason “{x['text']}” at {start}: extracted "
                         f"{ext_excluded[start]['reason']}, curated {x['reason']}")

    print("\n".join(lines))
    print(f"{binding} binding disagreements (span, value, unit), {len(lines) - binding} others")
    return 1 if binding else 0


if __name__ == "__main__":
    sys.exit(main())
