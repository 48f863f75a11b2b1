#!/usr/bin/python3
"""dateline_dask.py: run 'dateline ingest' (or 'dateline code') over many
inputs on a Dask distributed cluster, then 'dateline merge' the shards.

    dateline_dask.py --scheduler tcp://HOST:8786 --out DIR [options] INPUT...

INPUT: JSON Lines (.jsonl, .ndjson; .gz, .zst), WARC (.warc, .warc.gz),
HTML or plain-text files, or directories of them, at paths every worker
can read (a shared file system). DIR must be shared too: the workers write
their shards there and this driver merges them.

Shards: one per input file; an uncompressed JSON Lines file larger than
--shard-mb is cut into ranges of whole lines (a line without an "id" gets
the id a single run would give it: its line number in the file). Each
shard is one task: 'dateline ingest -q --db DIR/shards/NNNNN.db' (with
--code: 'dateline code -o DIR/shards/NNNNN.jsonl'). A shard already
complete in DIR is not redone, so a failed run can be run again. Then
(not with --code) 'dateline merge DIR/dateline.db SHARD...' joins them in
input order and rebuilds the incidents: the result holds the same
articles, events and incidents as one 'dateline ingest' of the inputs.

The dateline binary and its data (build/dateline with build/data beside
it, or an installed dateline) must be on every worker and on the machine
running this driver: --dateline PATH (default: 'dateline' on the PATH).
Runs under Debian's /usr/bin/python3 with python3-distributed.
"""
import argparse
import os
import shutil
import subprocess
import sys
import time

JSONL = (".jsonl", ".ndjson")
MERGE_BATCH = 1000     # shards per 'dateline merge' (each rebuilds incidents)


def list_inputs(paths):
    """Files in command-line order; a directory gives its files, sorted
    (as 'dateline code DIR' reads them)."""
    out = []
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs.sort()
                for f in sorted(files):
                    if not f.startswith("."):
                        out.append(os.path.join(root, f))
        elif os.path.exists(p):
            out.append(p)
        else:
            sys.exit("dateline_dask: %s: no such file" % p)
    return [os.path.abspath(p) for p in out]


def split_jsonl(path, shard_bytes):
    """[(start, end, first_line)] byte ranges of whole lines, about
    shard_bytes each; first_line is the 1-based number of its first line."""
    size = os.path.getsize(path)
    if size <= shard_bytes:
        return [(0, size, 1)]
    cuts = [0]
    with open(path, "rb") as f:
        while cuts[-1] < size:
            f.seek(min(cuts[-1] + shard_bytes, size))
            if f.tell() < size:
                f.readline()                  # to the end of that line
            cuts.append(f.tell())
        # line numbers of the cuts: count the newlines before each
        ranges, line = [], 1
        f.seek(0)
        for a, b in zip(cuts, cuts[1:]):
            ranges.append((a, b, line))
            left = b - a
            while left:
                buf = f.read(min(left, 1 << 24))
                if not buf:
                    break
                line += buf.count(b"\n")
                left -= len(buf)
    return ranges


def make_shards(files, shard_mb):
    shards = []
    for path in files:
        if path.endswith(JSONL):
            for a, b, line in split_jsonl(path, int(shard_mb * 1e6)):
                shards.append({"input": path, "start": a, "end": b, "line": line})
        else:
            shards.append({"input": path, "start": None, "end": None, "line": 1})
    for k, s in enumerate(shards):
        s["n"] = k
    return shards


def with_ids(data, first_line):
    """The lines of data, each JSON object without an "id" given the id a
    single run would give it: its line number in the whole file."""
    import json
    out = []
    for k, line in enumerate(data.split(b"\n")):
        if line.strip() and b'"id"' not in line:
            try:
                obj = json.loads(line)
                if isinstance(obj, dict) and "id" not in obj:
                    obj["id"] = str(first_line + k)
                    line = json.dumps(obj, ensure_ascii=False).encode("utf-8")
            except ValueError:
                pass                          # dateline reports the bad line
        out.append(line)
    return b"\n".join(out)


def run_shard(shard, dateline, outdir, mode, extra):
    """One task, on a worker: code or ingest one shard into
    outdir/shards/NNNNN.{db,jsonl}. Returns a dict: path, status, seconds,
    host, the end of dateline's standard error."""
    import socket
    import tempfile
    try:
        from distributed import get_worker
        where = get_worker().address
    except (ImportError, ValueError):
        where = socket.gethostname()
    ext = "jsonl" if mode == "code" else "db"
    final = os.path.join(outdir, "shards", "%05d.%s" % (shard["n"], ext))
    res = {"n": shard["n"], "path": final, "host": where,
           "status": 0, "seconds": 0.0, "stderr": "", "skipped": False}
    if os.path.exists(final):                 # done by an earlier run
        res["skipped"] = True
        return res
    os.makedirs(os.path.dirname(final), exist_ok=True)
    tmp = "%s.tmp-%s-%d" % (final, socket.gethostname(), os.getpid())
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(tmp + suffix):
            os.remove(tmp + suffix)
    if mode == "code":
        cmd = [dateline, "code", "-o", tmp] + extra
    else:
        cmd = [dateline, "ingest", "-q", "--db", tmp] + extra
    data = None
    if shard["start"] is None:
        cmd.append(shard["input"])
    else:
        with open(shard["input"], "rb") as f:
            f.seek(shard["start"])
            data = with_ids(f.read(shard["end"] - shard["start"]), shard["line"])
        cmd.append("-")
    t0 = time.time()
    with tempfile.TemporaryFile() as err:
        p = subprocess.run(cmd, input=data, stdout=subprocess.DEVNULL,
                           stderr=err, check=False)
        err.seek(0)
        res["stderr"] = err.read()[-2000:].decode("utf-8", "replace")
    res["seconds"] = time.time() - t0
    res["status"] = p.returncode
    if p.returncode in (0, 1):                # 1: some input lines were bad
        os.replace(tmp, final)
    else:
        for suffix in ("", "-wal", "-shm", "-journal"):
            if os.path.exists(tmp + suffix):
                os.remove(tmp + suffix)
    return res


def check_binary(dateline):
    """On a worker: the dateline binary's absolute path, or an error."""
    import socket
    path = shutil.which(dateline)
    if not path:
        return "%s: '%s' not found" % (socket.gethostname(), dateline)
    return None


def main():
    ap = argparse.ArgumentParser(
        description="Code or ingest articles on a Dask cluster, then merge the shards.")
    ap.add_argument("inputs", nargs="+", metavar="INPUT")
    ap.add_argument("--scheduler", required=True,
                    help="address of the Dask scheduler, e.g. tcp://10.0.0.1:8786")
    ap.add_argument("--out", required=True, metavar="DIR",
                    help="output directory, shared by the workers and this driver")
    ap.add_argument("--dateline", default="dateline", metavar="PATH",
                    help="the dateline binary on the workers and here (default: on the PATH)")
    ap.add_argument("--code", action="store_true",
                    help="'dateline code' into JSON Lines shards; no store, no merge")
    ap.add_argument("--db", metavar="FILE",
                    help="the merged store (default DIR/dateline.db)")
    ap.add_argument("--shard-mb", type=float, default=64.0, metavar="MB",
                    help="cut uncompressed JSON Lines files into shards of about MB megabytes (64)")
    ap.add_argument("--date", metavar="YYYY-MM-DD",
                    help="publication date of plain-text articles")
    ap.add_argument("-j", type=int, default=1, metavar="N",
                    help="threads of each dateline process (1; start workers with one "
                         "Dask thread per core instead)")
    ap.add_argument("-q", "--quiet", action="store_true")
    a = ap.parse_args()

    from distributed import Client, as_completed

    say = (lambda *m: None) if a.quiet else (lambda *m: print("dateline_dask:", *m,
                                                                 file=sys.stderr, flush=True))
    outdir = os.path.abspath(a.out)
    os.makedirs(os.path.join(outdir, "shards"), exist_ok=True)
    extra = ["-j", str(a.j)]
    if a.date:
        extra += ["--date", a.date]
    mode = "code" if a.code else "ingest"

    files = list_inputs(a.inputs)
    shards = make_shards(files, a.shard_mb)
    say("%d input files, %d shards" % (len(files), len(shards)))

    client = Client(a.scheduler)
    try:
        missing = [m for m in client.run(check_binary, a.dateline).values() if m]
        if missing:
            sys.exit("dateline_dask: the dateline binary must be on every worker: "
                     + "; ".join(missing))
        t0 = time.time()
        futures = client.map(run_shard, shards, dateline=a.dateline, outdir=outdir,
                             mode=mode, extra=extra, pure=False)
        results, failed = {}, 0
        for fut in as_completed(futures):
            try:
                r = fut.result()
            except Exception as e:            # e.g. an input a worker cannot read
                failed += 1
                print("dateline_dask: a shard failed: %s: %s" % (type(e).__name__, e),
                      file=sys.stderr)
                continue
            results[r["n"]] = r
            if r["status"] not in (0, 1):
                failed += 1
                print("dateline_dask: shard %d (%s) failed on %s, exit %d:\n%s"
                      % (r["n"], shards[r["n"]]["input"], r["host"], r["status"],
                         r["stderr"]), file=sys.stderr)
                continue
            if r["status"] == 1:
                say("shard %d: some input was bad: %s" % (r["n"], r["stderr"].strip()[-300:]))
            say("shard %d (%d of %d) done on %s in %.1f s%s" % (
                r["n"], len(results), len(shards), r["host"], r["seconds"],
                " (already there)" if r["skipped"] else ""))
    finally:
        client.close()
    say("%d shards in %.1f s" % (len(shards), time.time() - t0))
    if failed:
        sys.exit("dateline_dask: %d shards failed; run again to redo them" % failed)
    paths = [results[k]["path"] for k in range(len(shards))]   # input order
    if a.code:
        for p in paths:
            print(p)
        return 0
    db = os.path.abspath(a.db or os.path.join(outdir, "dateline.db"))
    say("merging into", db)
    t0 = time.time()
    for k in range(0, len(paths), MERGE_BATCH):  # argv stays short
        cmd = [a.dateline, "merge"] + (["-q"] if a.quiet else []) + [db] + \
            paths[k:k + MERGE_BATCH]
        rc = subprocess.run(cmd, check=False).returncode
        if rc != 0:
            sys.exit("dateline_dask: 'dateline merge' failed (exit %d)" % rc)
    say("merged in %.1f s" % (time.time() - t0))
    print(db)
    return 1 if any(r["status"] == 1 for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
