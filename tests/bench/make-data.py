#!/usr/bin/python3
"""Writes the benchmark's inputs into a folder: the same data for every tool.

w1.csv      12 sector growth rates (Chinese names), for Zhibiao's --table and matplotlib
w1-sorted.dat  the same, ranked, for gnuplot (which cannot sort)
w2.dat      GDP growth by quarter 2023 (cumulative) for gnuplot; Zhibiao and matplotlib read the
            Wuhan dataset's numbers (Zhibiao the dataset itself)
w3.csv      a 1,000,000-point random walk, "index,value"
w4/         a copy of the Wuhan dataset whose default briefing shows the GDP chart 99 times:
            with its title page, a 100-page PDF
"""
import json
import os
import random
import sys

out = sys.argv[1]
source = sys.argv[2]  # the repository root
os.makedirs(out, exist_ok=True)

SECTORS = [
    ("接待游客", 62.4), ("新能源汽车产量", 47.0), ("普惠小微贷款余额", 25.8), ("绿色贷款余额", 25.4),
    ("制造业中长期贷款余额", 21.9), ("综合保税区进出口总额", 12.5), ("社会消费品零售总额", 8.6),
    ("一般公共预算收入", 8.1), ("城乡居民人均可支配收入", 6.3), ("地区生产总值", 5.7),
    ("规模以上工业增加值", 4.4), ("固定资产投资", 1.2),
]
random.seed(7)
shuffled = SECTORS[:]
random.shuffle(shuffled)
with open(os.path.join(out, "w1.csv"), "w", encoding="utf-8") as f:
    f.write("2023年主要领域增长速度\n领域,增长（%）\n")
    for name, value in shuffled:
        f.write(f"{name},{value}\n")
with open(os.path.join(out, "w1-sorted.dat"), "w", encoding="utf-8") as f:
    for name, value in sorted(SECTORS, key=lambda s: s[1]):
        f.write(f'"{name}" {value}\n')

with open(os.path.join(out, "w2.dat"), "w", encoding="utf-8") as f:
    for label, value in (("一季度", 4.5), ("上半年", 5.0), ("前三季度", 5.5), ("全年", 5.7)):
        f.write(f'"{label}" {value}\n')

with open(os.path.join(out, "w3.csv"), "w") as f:
    value = 0.0
    lines = ["index,value\n"]
    for i in range(1_000_000):
        value += random.uniform(-1, 1)
        lines.append(f"{i},{value:.3f}\n")
    f.writelines(lines)

w4 = os.path.join(out, "w4")
os.makedirs(w4, exist_ok=True)
with open(os.path.join(source, "data", "wuhan-2024.json"), encoding="utf-8") as f:
    dataset = json.load(f)
gdp = next(c for c in dataset["charts"] if c["id"] == "gdp-growth-quarterly")
charts = []
for i in range(99):
    chart = json.loads(json.dumps(gdp))
    chart["id"] = f"gdp-{i + 1:02d}"
    charts.append(chart)
dataset["charts"] = charts
dataset["briefings"] = [{"id": "w4", "title": {"zh": "基准：100页", "en": "Benchmark: 100 pages"},
                         "charts": [c["id"] for c in charts]}]
with open(os.path.join(w4, "w4.json"), "w", encoding="utf-8") as f:
    json.dump(dataset, f, ensure_ascii=False)
reports = os.path.join(w4, "reports")
if not os.path.exists(reports):
    os.symlink(os.path.join(source, "data", "reports"), reports)
