"""dateline on Spark: extract facts from JSON Lines and WARC archives on a cluster.

    spark-submit --files /path/to/dateline deploy/spark/job.py [--partitions N] [--summary]
                 INPUT [INPUT ...] OUTDIR

INPUT: files or directories (read recursively) of `.jsonl`/`.ndjson` articles and `.warc`/
`.warc.gz` archives (Common Crawl CC-NEWS), on any file system Spark reads (local, HDFS, S3 via
s3a://, GCS). OUTDIR gets:

  OUTDIR/records/          the output records, exactly as `dateline extract` prints them
                           (JSON Lines part files)
  OUTDIR/tables/<kind>/    Parquet tables articles, entities, quotes, amounts, events,
                           partitioned by publication date (`published=YYYY-MM-DD`; articles
                           without a date go to `published=__HIVE_DEFAULT_PARTITION__`)
  OUTDIR/summary.json      (with --summary, local OUTDIR only) row counts and keys read back
                           from the Parquet tables, for tests

How it runs: the `dateline` binary travels with the job (`--files`) and runs once per
partition. JSON Lines are piped through `dateline extract -` (stdin JSON Lines, stdout records),
as `rdd.pipe(..., checkCode=True, env=...)` would, but from Python so that the binary's path is
resolved on the executor (`SparkFiles.get`) and exit 1 (skipped records) is told apart from a
crash; lines without an `id` get the line number within
their file, as on one machine. WARC files are binary, so each task copies its WARC files to a
local temporary file and runs `dateline extract FILE` on it. A record that dateline skips (bad
JSON, bad WARC record) is reported on the executor's stderr and the job goes on (dateline exits
1); a crash of the binary (exit >= 2 or a signal) fails the task, which Spark retries.
"""

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time

from pyspark import SparkFiles
from pyspark.sql import SparkSession
from pyspark.sql import types as T

JSONL_EXT = (".jsonl", ".ndjson")
WARC_EXT = (".warc", ".warc.gz")


def binary():
    """The dateline binary shipped with --files (or DATELINE_BIN), made executable."""
    path = os.environ.get("DATELINE_BIN_ON_EXECUTOR") or SparkFiles.get("dateline")
    if not os.access(path, os.X_OK):
        os.chmod(path, 0o755)
    return path


def pipe_env():
    # An explicit, small environment: the binary needs nothing from the executor's.
    return {"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8", "RAYON_NUM_THREADS": "1"}


def list_inputs(spark, paths):
    """Expands directories (recursively, through Hadoop's FileSystem) into JSONL and WARC files."""
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    jsonl, warc = [], []
    for p in paths:
        path = jvm.org.apache.hadoop.fs.Path(p)
        fs = path.getFileSystem(conf)
        if not fs.exists(path):
            raise SystemExit(f"job.py: no such input: {p}")
        it = fs.listFiles(path, True)
        files = []
        while it.hasNext():
            files.append(it.next().getPath().toString())
        for f in sorted(files):
            name = f.rsplit("/", 1)[-1].lower()
            if name.startswith(".") or name.startswith("_"):
                continue
            if name.endswith(JSONL_EXT):
                jsonl.append(f)
            elif name.endswith(WARC_EXT):
                warc.append(f)
            else:
                print(f"job.py: skipping {f} (neither JSON Lines nor WARC)", file=sys.stderr)
    return jsonl, warc


def with_id(pair):
    """Gives a JSON line without an `id` its 1-based line number, as `dateline extract` does."""
    line, index = pair
    if '"id"' in line:
        return line
    try:
        obj = json.loads(line)
    except ValueError:
        return line  # dateline reports it
    if isinstance(obj, dict) and "id" not in obj:
        obj = {"id": str(index + 1), **obj}
        return json.dumps(obj, ensure_ascii=False)
    return line


def run_jsonl(lines):
    """Pipes a partition of JSON lines through `dateline extract -` (like `rdd.pipe` with
    checkCode=True and an explicit environment, but with the binary's path resolved on the
    executor): output records in input order; exit 1 (records skipped, reported on stderr) is
    accepted, anything else fails the task."""
    data = "".join(l + "\n" for l in lines).encode("utf-8")
    if not data:
        return
    proc = subprocess.run([binary(), "extract", "--threads", "1", "-"], input=data, env=pipe_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    err = proc.stderr.decode("utf-8", "replace")
    if err:
        sys.stderr.write(err)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"dateline failed (exit {proc.returncode}): {err[-2000:]}")
    for line in proc.stdout.decode("utf-8").splitlines():
        if line:
            yield line


def run_warc(files):
    """Runs dateline on each WARC file of a partition (copied to a local temporary file)."""
    exe = binary()
    for path, content in files:
        suffix = ".warc.gz" if path.lower().endswith(".gz") else ".warc"
        with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
            tmp.write(content)
            tmp.flush()
            proc = subprocess.run([exe, "extract", "--threads", "1", tmp.name], env=pipe_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        err = proc.stderr.decode("utf-8", "replace").replace(tmp.name, path)
        if err:
            sys.stderr.write(err)
        if proc.returncode not in (0, 1):
            raise RuntimeError(f"dateline failed on {path} (exit {proc.returncode}): {err[-2000:]}")
        for line in proc.stdout.decode("utf-8").splitlines():
            if line:
                yield line


def date_of(s):
    if not s:
        return None
    try:
        return datetime.date.fromisoformat(s[:10])
    except ValueError:
        return None


def span(x, i):
    s = x.get("span") if isinstance(x, dict) else None
    return s[i] if isinstance(s, list) and len(s) == 2 else None


S, I, F, B, D = T.StringType(), T.LongType(), T.DoubleType(), T.BooleanType(), T.DateType()


def schema(cols):
    return T.StructType([T.StructField(n, t, True) for n, t in cols])


# The columns of `dateline export` (crates/store/src/export.rs) that a record alone gives.
SCHEMAS = {
    "articles": schema([("id", S), ("published", D), ("headline", S), ("dateline_place", S), ("agency", S), ("entities", I), ("quotes", I), ("amounts", I), ("events", I), ("tone", F), ("themes", T.ArrayType(S))]),
    "entities": schema([("article_id", S), ("published", D), ("entity", S), ("name", S), ("type", S), ("roles", T.ArrayType(S)), ("credit", B), ("mentions", I), ("lat", F), ("lon", F), ("country", S), ("geonames_id", I)]),
    "quotes": schema([("article_id", S), ("published", D), ("kind", S), ("text", S), ("start", I), ("end", I), ("speaker_entity", S), ("speaker_name", S), ("speaker_start", I), ("speaker_end", I), ("cue", S), ("cue_start", I), ("cue_end", I), ("tone", F)]),
    "amounts": schema([("article_id", S), ("published", D), ("kind", S), ("text", S), ("start", I), ("end", I), ("value", F), ("high", F), ("currency", S), ("unit", S), ("qualifier", S), ("object", S), ("usd", F)]),
    "events": schema([("article_id", S), ("published", D), ("cameo", S), ("plover", S), ("quad_class", I), ("goldstein", F), ("source_entity", S), ("source_code", S), ("target_entity", S), ("target_code", S), ("start", I), ("end", I), ("date", D), ("location", S), ("negated", B)]),
}


def num(v):
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def rows(line):
    """(kind, row) pairs of one output record."""
    r = json.loads(line)
    aid, pub = r.get("id"), date_of(r.get("published"))
    dl = r.get("dateline") or {}
    ents, quotes, amounts, events = r.get("entities") or [], r.get("quotes") or [], r.get("amounts") or [], r.get("events") or []
    tone = (r.get("tone") or {}).get("score")
    yield "articles", (aid, pub, (r.get("headline") or {}).get("text"), dl.get("place"), dl.get("agency"), len(ents), len(quotes), len(amounts), len(events), num(tone), [str(t) for t in r.get("themes") or []])
    for e in ents:
        g = e.get("geo") or {}
        yield "entities", (aid, pub, e.get("id"), e.get("name"), e.get("type"), [str(x) for x in e.get("roles") or []], e.get("credit"), len(e.get("mentions") or []), num(g.get("lat")), num(g.get("lon")), g.get("country"), g.get("geonames_id"))
    for q in quotes:
        sp, cue = q.get("speaker") or {}, q.get("cue") or {}
        yield "quotes", (aid, pub, q.get("kind"), q.get("text"), span(q, 0), span(q, 1), sp.get("entity"), sp.get("name"), span(sp, 0), span(sp, 1), cue.get("text"), span(cue, 0), span(cue, 1), num((q.get("tone") or {}).get("score")))
    for a in amounts:
        yield "amounts", (aid, pub, a.get("kind"), a.get("text"), span(a, 0), span(a, 1), num(a.get("value")), num(a.get("high")), a.get("currency"), a.get("unit"), a.get("qualifier"), None if a.get("object") is None else str(a.get("object")), num(a.get("usd")))
    for ev in events:
        src, tgt = ev.get("source") or {}, ev.get("target") or {}
        yield "events", (aid, pub, ev.get("cameo"), ev.get("plover"), ev.get("quad_class"), num(ev.get("goldstein")), src.get("entity"), src.get("code"), tgt.get("entity"), tgt.get("code"), span(ev, 0), span(ev, 1), date_of(ev.get("date")), ev.get("location"), ev.get("negated"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="+", help="INPUT ... OUTDIR")
    ap.add_argument("--partitions", type=int, default=0, help="JSON Lines partitions (default: 2 per core)")
    ap.add_argument("--summary", action="store_true", help="write OUTDIR/summary.json (local OUTDIR only)")
    args = ap.parse_args()
    if len(args.paths) < 2:
        ap.error("need at least one INPUT and an OUTDIR")
    inputs, outdir = args.paths[:-1], args.paths[-1].rstrip("/")

    spark = SparkSession.builder.appName("dateline-extract").getOrCreate()
    sc = spark.sparkContext
    sc.setLogLevel("WARN")
    jsonl, warc = list_inputs(spark, inputs)
    parallel = args.partitions or max(2, 2 * sc.defaultParallelism)
    print(f"job.py: {len(jsonl)} JSON Lines file(s), {len(warc)} WARC file(s), {parallel} partitions", file=sys.stderr)

    parts = []
    for f in jsonl:
        lines = sc.textFile(f, minPartitions=parallel).zipWithIndex().filter(lambda p: p[0].strip()).map(with_id)
        parts.append(lines)
    records = None
    if parts:
        lines = parts[0] if len(parts) == 1 else sc.union(parts)
        records = lines.mapPartitions(run_jsonl)
    if warc:
        w = sc.binaryFiles(",".join(warc), minPartitions=min(len(warc), parallel)).mapPartitions(run_warc)
        records = w if records is None else records.union(w)
    if records is None:
        raise SystemExit("job.py: no JSON Lines or WARC input")

    records = records.filter(lambda l: l.strip()).cache()
    t0 = time.time()
    records.saveAsTextFile(f"{outdir}/records")
    n = records.count()
    secs = time.time() - t0
    print(f"job.py: extracted {n} records in {secs:.1f} s ({n / max(secs, 1e-9):.0f} articles/s)", file=sys.stderr)

    facts = records.flatMap(rows).cache()
    for kind, sch in SCHEMAS.items():
        df = spark.createDataFrame(facts.filter(lambda kr, k=kind: kr[0] == k).map(lambda kr: kr[1]), sch)
        df.write.mode("overwrite").partitionBy("published").parquet(f"{outdir}/tables/{kind}")

    if args.summary:
        summary = {}
        for kind in SCHEMAS:
            df = spark.read.parquet(f"{outdir}/tables/{kind}")
            summary[kind] = df.count()
        summary["article_ids"] = sorted(r.id for r in spark.read.parquet(f"{outdir}/tables/articles").select("id").collect())
        summary["quote_keys"] = sorted([r.article_id, r.text, r.start, r.end, r.speaker_name or ""] for r in spark.read.parquet(f"{outdir}/tables/quotes").collect())
        summary["entity_keys"] = sorted([r.article_id, r.entity, r.name, r.type] for r in spark.read.parquet(f"{outdir}/tables/entities").collect())
        local = outdir[len("file://"):] if outdir.startswith("file://") else outdir
        with open(os.path.join(local, "summary.json"), "w") as f:
            json.dump(summary, f, ensure_ascii=False)
    print(f"job.py: {n} records written to {outdir}", file=sys.stderr)
    spark.stop()


if __name__ == "__main__":
    main()
