#!/usr/bin/env python3
"""Builds catalog/places/towns.json from the two public files in ../shared/testdata/goshogawara
(Geolonia 住所データ, CC BY 4.0; Japan Post postal codes via kufu/jpostcode-data, MIT).

Usage: python3 scripts/build-places.py ../shared/testdata/goshogawara catalog/places/towns.json
Each 町字 gets its reading and 郵便番号 by the postal 町域 with 字/大字/丁目 stripped, its representative point, the
小字 listed under it, and the area of the city it lies in (the old town centre, the 大字 around it, 金木, 市浦).
"""
import json, re, sys

source, target = sys.argv[1], sys.argv[2]
geo = json.load(open(f"{source}/geolonia_goshogawara_machiaza.json", encoding="utf-8"))
postal = json.load(open(f"{source}/jpostcode_037.json", encoding="utf-8"))
codes = {}
for value in postal.values():
    for r in value if isinstance(value, list) else [value]:
        if r["city"] == "五所川原市" and r["town"] and not r["office_name"]:
            codes[r["town"]] = (r["postcode"], r["town_kana"])

KANJI_NUMBERS = "一二三四五六七八九"
towns = []
for t in (x for x in geo if x["koaza"] == ""):
    name = t["town"]
    base = re.sub(r"^(大字|字)", "", name)
    chome = None
    m = re.match(r"^(.+?)([一二三四五六七八九])丁目$", base)
    if m:
        base, chome = m.group(1), KANJI_NUMBERS.index(m.group(2)) + 1
    postcode, kana = codes[base]
    if chome:
        kana += " " + ["イッ", "ニ", "サン", "ヨン", "ゴ", "ロク", "ナナ", "ハッ", "キュウ"][chome - 1] + "チョウメ"
    area = ("kanagi" if name.startswith("金木町") else
            "shiura" if base in ("相内", "磯松", "太田", "十三", "脇元") else
            "centre" if name.startswith("字") or chome else "rural")
    towns.append({
        "name": name,
        "kana": kana.replace(" ", ""),
        "postalCode": postcode,
        "area": area,
        "lat": t["lat"],
        "lng": t["lng"],
        "koaza": [x["koaza"] for x in geo if x["town"] == name and x["koaza"]],
    })

json.dump({
    "prefecture": "青森県",
    "city": "五所川原市",
    "attribution": "Geolonia 住所データ (CC BY 4.0, https://github.com/geolonia/japanese-addresses), based on 国土交通省 位置参照情報; 郵便番号: 日本郵便 郵便番号データ via kufu/jpostcode-data (MIT)",
    "towns": towns,
}, open(target, "w", encoding="utf-8"), ensure_ascii=False, indent=1)
print(f"{len(towns)} towns")
