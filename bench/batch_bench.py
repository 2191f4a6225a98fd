#!/usr/bin/env python3
"""Throughput of ``marsad batch`` with 1 and 2 Dask worker processes on a synthetic archive.

Builds a JSON Lines corpus of --docs articles (default 100,000) from Arabic article templates
written for this bench (shelling, clashes, roadside bombs, air strikes, protests, arrests,
abductions, and news with no event), varied by place, numbers, weekday and publication date,
then runs the real command once per worker count on a fresh output folder::

    python -m marsad.cli batch corpus.jsonl --out OUT --workers N

and prints articles/second, articles/hour, events and the scaling efficiency
(speed-up over 1 worker divided by the number of workers). The per-article coder alone on one
core, in this process, gives the ceiling a worker can reach.

    python bench/batch_bench.py [--docs 100000] [--workers 1 2] [--keep DIR]
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

# (town, the region phrase that places it)
PLACES = [
    ("طفس", "ريف درعا الغربي"), ("نوى", "ريف درعا الغربي"), ("بصرى الشام", "ريف درعا الشرقي"),
    ("جاسم", "ريف درعا الشمالي"), ("سراقب", "ريف إدلب الشرقي"), ("معرة النعمان", "ريف إدلب الجنوبي"),
    ("جسر الشغور", "ريف إدلب الغربي"), ("الباب", "ريف حلب الشرقي"), ("منبج", "ريف حلب الشرقي"),
    ("دوما", "الغوطة الشرقية بريف دمشق"), ("تلبيسة", "ريف حمص الشمالي"), ("اللطامنة", "ريف حماة الشمالي"),
    ("الميادين", "ريف دير الزور الشرقي"), ("كفرنبل", "ريف إدلب الجنوبي"),
]
NUMBERS = ["اثنين", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "2", "3", "4", "6", "8", "11"]
WEEKDAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]  # date.weekday() order
TIMES = ["صباح اليوم", "فجر اليوم", "مساء اليوم", "ظهر اليوم"]
OUTLETS = ["شبكة الجنوب الإخبارية", "مرصد الشمال", "وكالة الأنباء المحلية", "موقع الحدث السوري"]

TEMPLATES = [
    "قصفت قوات النظام السوري بالمدفعية الثقيلة، {time} {weekday}، بلدة {town} في {region}، ما أدى إلى مقتل "
    "{n} مدنيين وإصابة آخرين بجروح، بحسب ما أفاد ناشطون محليون.\nوتشهد المنطقة تصعيداً عسكرياً منذ أيام، "
    "وسط مخاوف من موجة نزوح جديدة.",
    "اندلعت اشتباكات عنيفة، {time} {weekday}، بين فصائل المعارضة وقوات النظام على أطراف مدينة {town} في "
    "{region}، وقُتل خلالها {n} عناصر من قوات النظام، فيما لم تتمكن القوات المهاجمة من التقدم.",
    "انفجرت عبوة ناسفة بسيارة مدنية في مدينة {town} في {region}، {time} {weekday}، ما أسفر عن مقتل {n} "
    "أشخاص وإصابة عدد آخر، ولم تتبنّ أي جهة التفجير حتى الآن.",
    "شنت طائرات حربية روسية غارات جوية على بلدة {town} في {region}، {time} {weekday}، ما أدى إلى مقتل {n} "
    "مدنيين بينهم أطفال، وخروج نقطة طبية عن الخدمة، وفق الدفاع المدني.",
    "خرج مئات المتظاهرين، {time} {weekday}، في مظاهرة سلمية وسط مدينة {town} في {region}، للمطالبة "
    "بالإفراج عن المعتقلين وتحسين الأوضاع المعيشية، ورفعوا لافتات تندد بالغلاء.",
    "اعتقلت قوات الأمن السورية، {time} {weekday}، {n} شبان في مدينة {town} في {region}، خلال حملة مداهمات "
    "طالت عدة منازل، واقتادتهم إلى جهة مجهولة.",
    "اختطف مسلحون مجهولون، {time} {weekday}، مدنياً من أهالي بلدة {town} في {region}، أثناء عودته من عمله، "
    "وطالبوا ذويه بفدية مالية، بحسب مصادر محلية.",
    "افتتحت مديرية التربية، {time} {weekday}، {n} مدارس جديدة في مدينة {town} في {region}، بعد أعمال "
    "ترميم استمرت عدة أشهر، وسط ترحيب الأهالي بعودة الطلاب إلى صفوفهم.",
]


def article(rng: random.Random, number: int) -> dict:
    """One synthetic article: a template with a place, a number, a time of day and a weekday that
    agrees with its publication date."""
    published = date(2019, 1, 1) + timedelta(days=rng.randrange(5 * 365))
    town, region = rng.choice(PLACES)
    text = rng.choice(TEMPLATES).format(time=rng.choice(TIMES), weekday=WEEKDAYS[published.weekday()],
                                        town=town, region=region, n=rng.choice(NUMBERS))
    return {"id": f"synth-{number}", "text": text, "published": published.isoformat(),
            "source": rng.choice(OUTLETS)}


def make_corpus(path: Path, docs: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as f:
        for i in range(docs):
            f.write(json.dumps(article(rng, i), ensure_ascii=False) + "\n")
    return path


def coder_alone(path: Path, docs: int = 3000) -> tuple[float, float]:
    """Articles per second of the per-article coder in this process (one core, no Dask): by the
    clock, and per CPU-second (the same on a busy machine)."""
    from marsad.api import Marsad
    from marsad.ingest import read_jsonl_stream

    with path.open("rb") as f:
        items = [d for _, d in zip(range(docs), read_jsonl_stream(f, str(path), "corpus"))]
    engine = Marsad()
    engine.extract_document(items[0])
    t0, cpu0 = time.perf_counter(), time.process_time()
    for d in items:
        engine.extract_document(d)
    return len(items) / (time.perf_counter() - t0), len(items) / (time.process_time() - cpu0)


def run(corpus: Path, out: Path, workers: int, size: int) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "marsad.cli", "batch", str(corpus), "--out", str(out),
                    "--workers", str(workers), "--partition-size", str(size), "--quiet"],
                   stdout=subprocess.DEVNULL)  # exit 2 (some input skipped) is reported below
    if not (out / "report.json").exists():
        sys.exit(f"marsad batch with {workers} workers wrote no report")
    wall = time.perf_counter() - t0  # with cluster start-up and shutdown
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    report["wall"] = wall
    return report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--partition-size", type=int, default=2000)
    ap.add_argument("--keep", type=Path, help="build the corpus and outputs here (default: a temporary folder)")
    args = ap.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="marsad-batch-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    corpus = make_corpus(folder / "corpus.jsonl", args.docs)
    print(f"corpus: {args.docs} synthetic articles, {corpus.stat().st_size / 1e6:.1f} MB", flush=True)
    wall, cpu = coder_alone(corpus)
    print(f"coder alone, 1 core, no Dask: {wall:.0f} articles/s, {cpu:.0f} per CPU-second", flush=True)
    speeds = {}
    for n in args.workers:
        r = run(corpus, folder / f"out-{n}", n, args.partition_size)
        speeds[n] = r["articles"] / r["wall"]
        print(f"workers={n}: {r['articles']} articles, {r['skipped']} skipped, {r['events']} events, "
              f"{r['merged_events']} merged; {r['wall']:.1f} s wall -> {speeds[n]:.0f} articles/s, "
              f"{speeds[n] * 3600:,.0f} articles/hour; coding {r['coding_seconds']:.0f} s, merge "
              f"{r['merge_seconds']:.0f} s, {r['articles'] / r['cpu_seconds']:.0f} articles per worker "
              f"CPU-second", flush=True)
    if 1 in speeds:
        for n in speeds:
            if n > 1:
                print(f"scaling efficiency {n} workers: {speeds[n] / speeds[1] / n:.0%} "
                      f"(speed-up {speeds[n] / speeds[1]:.2f}x)")
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
