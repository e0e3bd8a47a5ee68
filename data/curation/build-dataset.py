#!/usr/bin/env python3
"""Builds a curated Zhibiao dataset (format "zhibiao-dataset", version 1) from curation tables.

    data/curation/build-dataset.py wuhan-2024            # writes data/wuhan-2024.json
    data/curation/build-dataset.py wuhan-2024 --check    # fails when the file is out of date

Inputs, all in data/curation/ (NAME is e.g. wuhan-2024):
  NAME-figures.tsv     every Arabic number of the report, in report order: an observation of an
                       indicator or an exclusion with its reason (see the file's header)
  NAME-indicators.tsv  id, theme, measure and names of every indicator
  NAME-meta.json       report title, place, date; charts and briefings

The report text is data/reports/NAME.txt. Every number is found with the token rule of
app/core/zb-units.h and every unit with the unit table of app/core/zb-units.c (mirrored below), so
the spans, values and units here are the ones the C code computes; the dataset test holds both to
each other. Python 3 standard library only.
"""

import argparse
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.dirname(HERE)

THEMES = ["economy", "consumption", "investment", "industry", "services", "digital",
          "innovation", "opening-up", "transport", "urban", "environment", "agriculture",
          "livelihood", "finance", "governance"]
MEASURES = ["growth_rate", "share", "level", "change", "rank"]
STATUSES = ["actual", "target", "other"]
EXCLUSION_REASONS = ["date", "year", "ordinal", "name", "section-number", "other"]
CHART_TYPES = ["column", "bar", "line", "dumbbell", "small-multiples"]

# The unit table of app/core/zb-units.c: base units, and which of them take 万, 亿, 万亿.
BASE_UNITS = [
    ("%", False), ("‰", False), ("个百分点", False), ("元", True), ("美元", True),
    ("人", True), ("人次", True), ("户", True), ("家", True), ("个", True), ("件", True),
    ("所", True), ("项", True), ("座", True), ("条", True), ("处", True), ("名", True),
    ("位", True), ("只", True), ("场", True), ("场次", True), ("栋", True), ("张", True), ("套", True),
    ("间", True), ("台", True), ("架", True), ("列", True), ("批", True), ("类", True),
    ("种", True), ("部", True), ("株", True), ("棵", True), ("头", True), ("艘", True),
    ("次", True), ("届", False), ("期", False), ("号线", False), ("米", True), ("公里", True),
    ("千米", True), ("平方公里", True), ("平方米", True), ("立方米", True), ("立方米/秒", False),
    ("公顷", True), ("亩", True), ("标箱", True), ("辆", True), ("吨", True), ("吨/日", True),
    ("微克/立方米", False), ("公斤", True), ("斤", True), ("千瓦", True), ("千瓦时", True), ("兆瓦", False),
    ("吉瓦", False), ("倍", False), ("年", False), ("个月", False), ("周年", False),
    ("天", False), ("小时", False), ("分钟", False), ("岁", False),
    ("P", False),
    ("", True),  # a bare multiplier: "观影人次超过2990万"
]
MULTIPLIERS = ["万亿", "亿", "万"]
ALIASES = {"％": "%"}
UNITS = set()
for _base, _multipliable in BASE_UNITS:
    if _base:
        UNITS.add(_base)
    if _multipliable:
        UNITS.update(m + _base for m in MULTIPLIERS)

DIGITS = "0123456789０１２３４５６７８９"
NUMBER_RE = re.compile(
    r"[0-9０-９]+(?:[,，][0-9０-９]{3}(?![0-9０-９]))*(?:[.．][0-9０-９]+)?")

# Words that bound or hedge a figure, written next to it. Before the number (longest first), and
# after its unit. Short forms are recorded as the word they stand for, so charts need to know
# one spelling only.
QUALIFIERS_BEFORE = [("超过", "超过"), ("突破", "突破"), ("达到", "达到"), ("力争", "力争"),
                     ("超", "超过"), ("达", "达到"), ("约", "约"), ("近", "近")]
QUALIFIERS_AFTER = ["以上", "左右", "以内", "以下"]


class CurationError(Exception):
    pass


def fail(where, message):
    raise CurationError(f"{where}: {message}")


def read_tsv(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            rows.append((f"{os.path.relpath(path, DATA)}:{lineno}", line.split("\t")))
    return rows


def scan_numbers(text):
    """Every number of text (a str) as (start_char, end_char)."""
    return [(m.start(), m.end()) for m in NUMBER_RE.finditer(text)]


def number_value(written):
    ascii_ = written.translate(str.maketrans("０１２３４５６７８９．", "0123456789."))
    ascii_ = ascii_.replace(",", "").replace("，", "")
    value = float(ascii_)
    return int(value) if value.is_integer() and "." not in ascii_ else value


def longest_unit_at(text, pos):
    best = ""
    for unit in UNITS:
        if len(unit) > len(best) and text.startswith(unit, pos):
            best = unit
    for written, unit in ALIASES.items():
        if len(written) > len(best) and text.startswith(written, pos):
            best = written
    return best


def unit_after(text, pos):
    """(unit, end) of the unit after a number, as zb_unit_match() finds it; "余"/"多" between a
    multiplier and its base ("53万余户") or before the unit ("2300余场") belong to its span."""
    while pos < len(text) and text[pos] in " \t\u3000\u00a0":
        pos += 1
    found = longest_unit_at(text, pos)
    end = pos + len(found)
    # "2300余场": the report writes the unit after 余; the unit is still 场.
    if not found and text[pos:pos + 1] in ("余", "多"):
        found = longest_unit_at(text, pos + 1)
        end = pos + 1 + len(found)
    for m in MULTIPLIERS:
        if text.startswith(m, pos) and text[pos + len(m):pos + len(m) + 1] in ("余", "多"):
            base = longest_unit_at(text, pos + len(m) + 1)
            if base and (m + base) in UNITS and len(m) + 1 + len(base) > len(found):
                found, end = m + base, pos + len(m) + 1 + len(base)
    return ALIASES.get(found, found), end


def qualifiers_at(text, start, end):
    """The qualifiers written next to the number at [start, end) and after its unit."""
    before = []
    pos = start
    while True:
        for word, canonical in QUALIFIERS_BEFORE:
            if text.endswith(word, 0, pos):
                before.insert(0, canonical)
                pos -= len(word)
                break
        else:
            break
    after = []
    unit, unit_end = unit_after(text, end)
    between = text[end:unit_end]
    if "余" in between or "多" in between:
        after.append("余" if "余" in between else "多")
    elif text.startswith("余", end) or text.startswith("多", end):
        after.append(text[end])
    for word in QUALIFIERS_AFTER:
        if text.startswith(word, unit_end):
            after.append(word)
    return before, after


def sections_of(data):
    """The sections as ZbReport finds them (app/core/zb-report.c): headings 一、 （一） 1. at the
    start of a line; a heading's title runs to the first 。 of its line."""
    numerals = "一二三四五六七八九十百零〇两"
    sections = []
    open_ = []
    pos = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    length = len(data)
    blanks = (b" ", b"\t", b"\r", "\u3000".encode(), "\u00a0".encode())

    def skip_blanks(p, end):
        while p < end:
            for b in blanks:
                if data.startswith(b, p):
                    p += len(b)
                    break
            else:
                break
        return p

    def trim_end(start, end):
        while end > start:
            for b in blanks:
                if data.endswith(b, start, end):
                    end -= len(b)
                    break
            else:
                break
        return end

    def numerals_at(p, end):
        q = p
        while q < end:
            ch = data[q:q + 3].decode("utf-8", "ignore")[:1]
            if ch and ch in numerals:
                q += 3
            else:
                break
        return q - p

    def heading_at(p, end):
        n = numerals_at(p, end)
        if n and data.startswith("、".encode(), p + n):
            return 1, p + n + 3
        for opening, closing in (("（", "）"), ("(", ")")):
            o = opening.encode()
            if data.startswith(o, p):
                n = numerals_at(p + len(o), end)
                c = closing.encode()
                if n and data.startswith(c, p + len(o) + n):
                    return 2, p + len(o) + n + len(c)
        q = p
        while q < end and data[q:q + 1].isdigit() and q - p < 3:
            q += 1
        if p < q < end:
            sep = 1 if data[q:q + 1] == b"." else \
                3 if data.startswith("．".encode(), q) or data.startswith("、".encode(), q) else 0
            if sep and not data[q + sep:q + sep + 1].isdigit():
                return 3, q + sep
        return 0, 0

    while pos < length:
        nl = data.find(b"\n", pos)
        line_end = nl if nl >= 0 else length
        first = skip_blanks(pos, line_end)
        last = trim_end(first, line_end)
        if first < last:
            level, number_end = heading_at(first, last)
            if level and number_end < last:
                title_start = skip_blanks(number_end, last)
                stop = data.find("。".encode(), title_start, last)
                title_end = trim_end(title_start, stop if stop >= 0 else last)
                while open_ and sections[open_[-1]]["level"] >= level:
                    sections[open_.pop()]["end"] = first
                parent = open_[-1] if open_ else -1
                siblings = sum(1 for s in sections if s["parent"] == parent)
                sid = str(siblings + 1) if parent < 0 else f"{sections[parent]['id']}.{siblings + 1}"
                sections.append({"id": sid, "title": data[title_start:title_end].decode(),
                                 "start": first, "end": length, "parent": parent,
                                 "level": level})
                open_.append(len(sections) - 1)
        pos = line_end + 1
    return [{"id": s["id"], "title": s["title"], "start": s["start"], "end": s["end"],
             "parent": sections[s["parent"]]["id"] if s["parent"] >= 0 else None}
            for s in sections]


def split_list(field):
    return [q for q in (field or "").split(",") if q]


def build(name):
    report_path = os.path.join(DATA, "reports", name + ".txt")
    data = open(report_path, "rb").read()
    text = data.decode("utf-8")
    # Byte offsets of every character, for spans.
    byte_at = [0]
    for ch in text:
        byte_at.append(byte_at[-1] + len(ch.encode("utf-8")))

    meta_path = os.path.join(HERE, name + "-meta.json")
    meta = json.load(open(meta_path, encoding="utf-8"))

    indicators = {}
    order = []
    for where, cols in read_tsv(os.path.join(HERE, name + "-indicators.tsv")):
        if len(cols) not in (5, 6):
            fail(where, f"expected 5 or 6 columns (id, theme, measure, zh, en[, unit]), got {len(cols)}")
        iid, theme, measure, zh, en = cols[:5]
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", iid):
            fail(where, f"indicator id “{iid}” is not a lower-case slug")
        if iid in indicators:
            fail(where, f"indicator “{iid}” is defined twice")
        if theme not in THEMES:
            fail(where, f"unknown theme “{theme}”; one of {', '.join(THEMES)}")
        if measure not in MEASURES:
            fail(where, f"unknown measure “{measure}”; one of {', '.join(MEASURES)}")
        if not zh or not en:
            fail(where, "both names (zh and en) are needed")
        indicators[iid] = {"id": iid, "name": {"zh": zh, "en": en}, "theme": theme,
                           "unit": cols[5] if len(cols) == 6 else None, "measure": measure,
                           "observations": [], "where": where}
        order.append(iid)

    numbers = scan_numbers(text)
    rows = read_tsv(os.path.join(HERE, name + "-figures.tsv"))
    if len(rows) != len(numbers):
        print(f"warning: {len(numbers)} numbers in the report, {len(rows)} rows", file=sys.stderr)
    excluded = []
    units_seen = {}
    for i, (where, cols) in enumerate(rows):
        if i >= len(numbers):
            fail(where, "more rows than numbers in the report")
        start, end = numbers[i]
        written = text[start:end]
        snippet = cols[0]
        m = re.fullmatch(r"(.*)\[([^\]]+)\](.*)", snippet)
        if not m:
            fail(where, "the snippet needs the number in [brackets]")
        before, num, after = m.groups()
        if num != written or not text.endswith(before, 0, start) or \
                not text.startswith(after, end):
            context = text[max(0, start - 12):start] + "[" + written + "]" + text[end:end + 5]
            fail(where, f"row does not match number {i + 1} of the report: “{context}”")
        span = {"start": byte_at[start], "end": byte_at[end], "text": written}
        target = cols[1] if len(cols) > 1 else ""
        if target == "-":
            reason = cols[2] if len(cols) > 2 else ""
            if reason not in EXCLUSION_REASONS:
                fail(where, f"unknown exclusion reason “{reason}”")
            excluded.append({**span, "reason": reason})
            continue
        if target not in indicators:
            fail(where, f"unknown indicator “{target}”")
        cols += [""] * (6 - len(cols))
        period, status, quals, flags = cols[2], cols[3], cols[4], cols[5]
        if not re.fullmatch(r"\d{4}(Q[1-4](-Q[1-4])?|H[12])?", period):
            fail(where, f"period “{period}” is not like 2023, 2023Q1, 2023H1, 2023Q1-Q3")
        if not status:
            status = {"2023": "actual", "2024": "target"}.get(period[:4], "other")
        if status not in STATUSES:
            fail(where, f"unknown status “{status}”")
        unknown_flags = set(split_list(flags)) - {"cum"}
        if unknown_flags:
            fail(where, f"unknown flags {sorted(unknown_flags)}")
        unit, _ = unit_after(text, end)
        before_q, after_q = qualifiers_at(text, start, end)
        qualifiers = split_list(quals) + [q for q in before_q if q not in split_list(quals)]
        qualifiers += after_q
        indicator = indicators[target]
        units_seen.setdefault(target, []).append((where, unit))
        indicator["observations"].append({
            "period": period, "cumulative": "cum" in split_list(flags),
            "value": number_value(written), "status": status, "qualifiers": qualifiers,
            "source": span})
    if len(rows) < len(numbers):
        start, end = numbers[len(rows)]
        fail(name + "-figures.tsv", f"no row for number {len(rows) + 1} of the report: "
             f"“{text[max(0, start - 12):end + 5]}”")

    for iid in order:
        indicator = indicators[iid]
        seen = units_seen.get(iid)
        if not seen:
            fail(indicator["where"], f"indicator “{iid}” has no figure")
        found = {u for _, u in seen}
        if indicator["unit"] is None:
            if len(found) > 1:
                fail(seen[0][0], f"the figures of “{iid}” have different units: {sorted(found)}")
            indicator["unit"] = found.pop()
        del indicator["where"]

    periods = {(iid, o["period"], o["status"]) for iid in order
               for o in indicators[iid]["observations"]}

    def check_ref(where, ref):
        iid = ref.get("indicator")
        if iid not in indicators:
            fail(where, f"unknown indicator “{iid}”")
        if "period" in ref and not any(p[0] == iid and p[1] == ref["period"] and
                                       ("status" not in ref or p[2] == ref["status"])
                                       for p in periods):
            fail(where, f"“{iid}” has no observation for {ref['period']} {ref.get('status', '')}")
        if "status" in ref and not any(p[0] == iid and p[2] == ref["status"] for p in periods):
            fail(where, f"“{iid}” has no {ref['status']} observation")

    chart_ids = set()
    for chart in meta["charts"]:
        where = f"{name}-meta.json chart “{chart.get('id')}”"
        if chart["id"] in chart_ids:
            fail(where, "duplicate chart id")
        chart_ids.add(chart["id"])
        if chart["type"] not in CHART_TYPES:
            fail(where, f"unknown type “{chart['type']}”")
        for key in ("title", "subtitle"):
            if set(chart.get(key, {})) != {"zh", "en"}:
                fail(where, f"{key} needs zh and en")
        for ref in chart["series"] + chart.get("references", []):
            check_ref(where, ref)
        chart.setdefault("references", [])
    for briefing in meta.get("briefings", []):
        for cid in briefing["charts"]:
            if cid not in chart_ids:
                fail(f"briefing “{briefing['id']}”", f"unknown chart “{cid}”")

    report = dict(meta["report"])
    report["text"] = "reports/" + name + ".txt"
    report["text_sha256"] = hashlib.sha256(data).hexdigest()
    dataset = {
        "format": "zhibiao-dataset",
        "version": 1,
        "report": report,
        "sections": sections_of(data),
        "indicators": [indicators[iid] for iid in order],
        "charts": [{k: c[k] for k in ("id", "type", "title", "subtitle", "series", "references")}
                   for c in meta["charts"]],
        "briefings": meta.get("briefings", []),
        "excluded": excluded,
    }
    return dataset


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("name", help="dataset name, e.g. wuhan-2024")
    parser.add_argument("--check", action="store_true",
                        help="fail when data/NAME.json differs from what the tables give")
    parser.add_argument("-o", "--output", help="write here instead of data/NAME.json")
    args = parser.parse_args()
    try:
        dataset = build(args.name)
    except CurationError as e:
        print(f"build-dataset: {e}", file=sys.stderr)
        return 1
    out = json.dumps(dataset, ensure_ascii=False, indent=2) + "\n"
    path = args.output or os.path.join(DATA, args.name + ".json")
    if args.check:
        current = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
        if current != out:
            print(f"build-dataset: {path} is out of date; run {sys.argv[0]} {args.name}",
                  file=sys.stderr)
            return 1
        return 0
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(out)
    os.replace(tmp, path)
    n_obs = sum(len(i["observations"]) for i in dataset["indicators"])
    print(f"{path}: {len(dataset['indicators'])} indicators, {n_obs} observations, "
          f"{len(dataset['excluded'])} exclusions, {len(dataset['charts'])} charts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
