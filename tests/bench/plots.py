#!/usr/bin/python3
"""The benchmark's charts drawn with matplotlib (Agg for PNG, its PDF backend for PDF).

Usage: plots.py WORKLOAD FORMAT DATA_DIR OUTPUT
"""
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.backends.backend_pdf import PdfPages

workload, fmt, data, output = sys.argv[1:5]
plt.rcParams["font.sans-serif"] = ["Noto Sans CJK JP", "DejaVu Sans"]
plt.rcParams["axes.unicode_minus"] = False
DPI = 100

GDP = [("一季度", 4.5), ("上半年", 5.0), ("前三季度", 5.5), ("全年", 5.7)]


def gdp_chart(fig):
    ax = fig.add_subplot()
    labels = [l for l, _ in GDP]
    values = [v for _, v in GDP]
    bars = ax.bar(labels, values, color="#0072b2", width=0.6)
    ax.bar_label(bars, labels=[f"{v}%" for v in values])
    ax.axhline(6.0, color="#c01c28", linestyle="--")
    ax.text(3.45, 6.05, "2024年目标 6%", color="#c01c28", ha="right")
    ax.set_ylim(0, 7)
    ax.set_ylabel("%")
    ax.set_title("2023年地区生产总值增长")
    fig.text(0.01, 0.01, "来源：武汉市政府工作报告（2024年）", fontsize=8)


if workload == "w1":
    rows = []
    with open(f"{data}/w1.csv", encoding="utf-8") as f:
        next(f)
        next(f)
        for line in f:
            name, value = line.strip().split(",")
            rows.append((name, float(value)))
    rows.sort(key=lambda r: r[1])
    fig = plt.figure(figsize=(16, 9), dpi=DPI)
    ax = fig.add_subplot()
    bars = ax.barh([r[0] for r in rows], [r[1] for r in rows], color="#0072b2")
    ax.bar_label(bars, labels=[f"{r[1]}%" for r in rows])
    ax.set_title("2023年主要领域增长速度")
    ax.set_xlabel("%")
    fig.tight_layout()
    fig.savefig(output)
elif workload == "w2":
    fig = plt.figure(figsize=(16, 9), dpi=DPI)
    gdp_chart(fig)
    fig.savefig(output)
elif workload == "w3":
    values = np.loadtxt(f"{data}/w3.csv", delimiter=",", skiprows=1, usecols=1)
    fig = plt.figure(figsize=(16, 9), dpi=DPI)
    ax = fig.add_subplot()
    ax.plot(values, color="#0072b2", linewidth=0.8)
    ax.set_title("w3.csv")
    fig.savefig(output)
elif workload == "w4":
    with PdfPages(output) as pdf:
        fig = plt.figure(figsize=(8, 4.5))
        fig.text(0.1, 0.5, "基准：100页", fontsize=24)
        pdf.savefig(fig)
        plt.close(fig)
        for i in range(99):
            fig = plt.figure(figsize=(8, 4.5))
            gdp_chart(fig)
            pdf.savefig(fig)
            plt.close(fig)
