#!/usr/bin/env python3
# Writes the broken datasets of tests/core/test-dataset-bad.c, each a small change to
# ../good/tiny.json. Run it from this folder after changing tiny.json; the test holds the messages.
import copy
import hashlib
import json

good = json.load(open("../good/tiny.json", encoding="utf-8"))
good["report"]["text"] = "../good/tiny.txt"


def dump(data):
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write(name, data):
    if not isinstance(data, (str, bytes)):
        data = dump(data)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(name, "wb") as f:
        f.write(data)


def mutate(name, change):
    data = copy.deepcopy(good)
    change(data)
    write(name, data)


def obs(d, i=0, j=0):
    return d["indicators"][i]["observations"][j]


def setitem(path, value):
    def change(d):
        *parents, last = path
        for p in parents:
            d = d[p]
        d[last] = value
    return change


def delitem(path):
    def change(d):
        *parents, last = path
        for p in parents:
            d = d[p]
        del d[last]
    return change


text = dump(good)

# Not JSON, or not a dataset at all.
write("empty.json", "")
write("blank.json", "  \n\n")
write("truncated.json", text[: text.index('"indicators"') + 40])
write("trailing-comma.json", text.replace('"reason": "date"\n    }\n  ]', '"reason": "date"\n    },\n  ]', 1))
write("stray-comma.json", text.replace('"source": {', '"source": {,', 1))
write("value-nan.json", text.replace('"value": 5.7', '"value": NaN', 1))
write("invalid-utf8.json", text.encode("utf-8").replace("某市".encode("utf-8"), b"\xe6\x9f\x90\xff"))
write("top-level-array.json", "[1, 2, 3]\n")
write("top-level-string.json", '"zhibiao-dataset"\n')
write("deep-nesting.json", '{"format": "zhibiao-dataset", "version": 1, "x": ' + "[" * 100000 + "]" * 100000 + "}\n")
write("big-integer.json", text.replace('"value": 1200', '"value": 100000000000000000000', 1))
write("duplicate-key.json", text.replace('"value": 5.7,', '"value": 5.7,\n          "value": 6,', 1))
write("octal-escape.json", text.replace('"unit": "%"', '"unit": "\\377%"', 1))
write("nul-escape.json", text.replace('"unit": "万亿元"', '"unit": "万亿\\u0000元"', 1))
write("escaped-key.json", text.replace('"value": 5.7,', '"value": 5.7,\n          "valu\\u0065": 6,', 1))
mutate("unknown-format.json", setitem(["format"], "zhibiao-chart"))
mutate("missing-format.json", delitem(["format"]))
mutate("version-2.json", setitem(["version"], 2))
mutate("version-string.json", setitem(["version"], "1"))

# Wrong types and values, at many paths.
mutate("unknown-key.json", lambda d: obs(d).update(soruce=obs(d).pop("source")))
mutate("indicators-object.json", setitem(["indicators"], {}))
mutate("indicator-string.json", setitem(["indicators", 1], "gdp"))
mutate("missing-unit.json", delitem(["indicators", 0, "unit"]))
mutate("unit-number.json", setitem(["indicators", 0, "unit"], 5))
mutate("name-string.json", setitem(["indicators", 0, "name"], "GDP"))
mutate("name-en-number.json", setitem(["indicators", 1, "name", "en"], 1))
mutate("invalid-theme.json", setitem(["indicators", 2, "theme"], "sports"))
mutate("invalid-measure.json", setitem(["indicators", 0, "measure"], "growth"))
mutate("invalid-status.json", setitem(["indicators", 0, "observations", 1, "status"], "planned"))
mutate("invalid-period.json", setitem(["indicators", 0, "observations", 0, "period"], "2023Q5"))
mutate("period-reversed.json", setitem(["indicators", 0, "observations", 0, "period"], "2023Q3-Q1"))
mutate("period-number.json", setitem(["indicators", 0, "observations", 0, "period"], 2023))
mutate("value-string.json", setitem(["indicators", 0, "observations", 0, "value"], "5.7"))
write("value-infinite.json", text.replace('"value": 5.7', '"value": 1e309', 1))
mutate("value-missing.json", delitem(["indicators", 1, "observations", 0, "value"]))
mutate("cumulative-string.json", setitem(["indicators", 0, "observations", 0, "cumulative"], "yes"))
mutate("qualifiers-number.json", setitem(["indicators", 0, "observations", 1, "qualifiers"], [1]))
mutate("qualifiers-string.json", setitem(["indicators", 0, "observations", 1, "qualifiers"], "左右"))
mutate("source-end-string.json", setitem(["indicators", 3, "observations", 0, "source", "end"], "175"))
mutate("source-start-negative.json", setitem(["indicators", 3, "observations", 0, "source", "start"], -1))
mutate("source-start-float.json", setitem(["indicators", 3, "observations", 0, "source", "start"], 174.5))
mutate("source-missing.json", delitem(["indicators", 2, "observations", 0, "source"]))
mutate("sha-not-hex.json", setitem(["report", "text_sha256"], "not a checksum"))
mutate("report-missing.json", delitem(["report"]))
mutate("delivered-invalid.json", setitem(["report", "delivered"], "2024-13-40"))
mutate("title-array.json", setitem(["report", "title"], ["武汉"]))
mutate("chart-invalid-type.json", setitem(["charts", 0, "type"], "pie"))
mutate("chart-series-object.json", setitem(["charts", 1, "series"], {"indicator": "new-firms"}))
mutate("briefing-slide-number.json", setitem(["briefings", 0, "charts", 0], 3))
mutate("exclusion-missing-reason.json", delitem(["excluded", 1, "reason"]))

# Spans that do not point at the words they claim.
mutate("span-out-of-range.json", lambda d: obs(d)["source"].update(start=100000, end=100003))
mutate("span-reversed.json", lambda d: obs(d)["source"].update(start=78, end=75))
mutate("span-empty.json", lambda d: obs(d)["source"].update(start=75, end=75))
# 75..78 is "5.7"; 72..75 is "长", so 73 falls inside that character.
mutate("span-splits-char.json", lambda d: obs(d)["source"].update(start=73, end=78, text="5.7"))
mutate("source-text-mismatch.json", lambda d: obs(d)["source"].update(text="5.8"))
mutate("exclusion-text-mismatch.json", setitem(["excluded", 0, "text"], "2022"))
mutate("exclusion-out-of-range.json", lambda d: d["excluded"][1].update(start=264, end=300))
mutate("section-out-of-range.json", setitem(["sections"], [{"id": "1", "title": "回顾", "start": 19, "end": 9999, "parent": None}]))
mutate("span-without-report.json", lambda d: [d["report"].pop("text"), d["report"].pop("text_sha256")])

# Ids and references.
mutate("duplicate-indicator.json", setitem(["indicators", 2, "id"], "gdp-growth"))
mutate("duplicate-chart.json", setitem(["charts", 1, "id"], "gdp-growth"))
mutate("duplicate-briefing.json", lambda d: d["briefings"].append(copy.deepcopy(d["briefings"][0])))
mutate("empty-id.json", setitem(["indicators", 1, "id"], ""))
mutate("chart-unknown-indicator.json", setitem(["charts", 0, "series", 0, "indicator"], "gdp-grwth"))
mutate("chart-unknown-period.json", setitem(["charts", 0, "references", 0, "period"], "2022"))
mutate("briefing-unknown-chart.json", setitem(["briefings", 0, "charts", 1, "chart"], "firm"))
mutate("briefing-unknown-chart-id.json", setitem(["briefings", 0, "charts", 0], "gdp"))

# The report text.
mutate("missing-report.json", setitem(["report", "text"], "no-such-report.txt"))
mutate("report-is-folder.json", setitem(["report", "text"], "."))
mutate("checksum-mismatch.json", setitem(["report", "text_sha256"], "0" * 64))
bad_text = open("invalid-utf8-report.txt", "rb").read()
mutate("invalid-utf8-report.json", lambda d: d["report"].update(text="invalid-utf8-report.txt", text_sha256=hashlib.sha256(bad_text).hexdigest()))
