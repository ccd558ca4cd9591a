"""A paused or stopped connector stays so across a worker restart (SIGTERM) and a kill -9: the
target state is kept in the state directory (connectors.json, replaced atomically), as Kafka
keeps it in its config topic. A connector restored PAUSED or STOPPED never polls until resumed,
and the output stays exactly-once (each partition gap-free, nothing twice) across all of it.
The connector's active topics (GET /connectors/{name}/topics) survive both as well, though the
restored connector writes nothing: Kafka keeps them in its status topic, one record per topic
and connector (KafkaStatusBackingStore.put(TopicStatus) / sendTopicStatus, key
"status-topic-<topic>:connector-<connector>", read back on start), inlet in connectors.json."""
import time

from restlib import Worker, check, fail, seqcheck, tempdir, write_files


def lines(d):
    try:
        with open(f"{d}/out.txt") as f:
            return sum(1 for _ in f)
    except FileNotFoundError:
        return 0


def state(w):
    return w.get("/connectors/seqs/status")[1]


TOPICS = {"seqs": {"topics": ["secret-topic"]}}  # restlib's topic=${env:INLET_REST_TOPIC}


def topics(w):
    return w.get("/connectors/seqs/topics")[1]


def main():
    with tempdir() as d:
        files = write_files(d, count=0, rate=500)
        w = Worker(d, files)
        w.wait_ready()
        w.wait_for("records", lambda: lines(d) > 100)
        check(w.request("PUT", "/connectors/seqs/pause")[0] == 202, "pause")
        w.wait_for("PAUSED", lambda: state(w)["connector"]["state"] == "PAUSED")
        check(topics(w) == TOPICS, f"active topics: {topics(w)}")
        w.stop()
        paused_at = lines(d)

        w = Worker(d, files)
        w.wait_ready()
        st = state(w)
        check(st["connector"]["state"] == "PAUSED" and all(t["state"] == "PAUSED" for t in st["tasks"]),
              f"the pause did not survive a restart: {st}")
        time.sleep(0.5)
        check(lines(d) == paused_at, f"a connector restored PAUSED wrote records ({paused_at} -> {lines(d)})")
        check(topics(w) == TOPICS, f"the active topics did not survive a restart: {topics(w)}")
        check(w.request("PUT", "/connectors/seqs/resume")[0] == 202, "resume")
        w.wait_for("records after resume", lambda: lines(d) > paused_at + 100)
        check(w.request("PUT", "/connectors/seqs/stop")[0] == 202, "stop")
        w.wait_for("STOPPED", lambda: state(w)["connector"]["state"] == "STOPPED")
        time.sleep(0.3)
        w.kill9()
        stopped_at = lines(d)

        w = Worker(d, files)
        wait_started(w)
        st = state(w)
        check(st["connector"]["state"] == "STOPPED" and st["tasks"] == [], f"the stop did not survive a kill -9: {st}")
        time.sleep(0.5)
        # The kill -9 may have cut output written after the last snapshot: it is rewound, never grown.
        check(lines(d) <= stopped_at, "a connector restored STOPPED wrote records")
        check(topics(w) == TOPICS, f"the active topics did not survive a kill -9: {topics(w)}")
        # A reset is kept too (Kafka writes a tombstone per topic, KafkaStatusBackingStore.deleteTopic):
        # the next start lists none.
        check(w.request("PUT", "/connectors/seqs/topics/reset")[0] == 202, "topics reset")
        w.kill9()
        w = Worker(d, files)
        wait_started(w)
        check(topics(w) == {"seqs": {"topics": []}}, f"the reset did not survive a restart: {topics(w)}")
        check(w.request("PUT", "/connectors/seqs/resume")[0] == 202, "resume after stop")
        w.wait_for("RUNNING", lambda: state(w)["connector"]["state"] == "RUNNING")
        w.wait_for("records after the stop", lambda: lines(d) > stopped_at + 100)
        w.stop()
        parts = seqcheck.partitions(f"{d}/out.txt")
        check(len(parts) == 2, f"{len(parts)} partitions")
        for key, seq in parts.items():
            if seq != list(range(len(seq))):
                fail(f"partition {key}: not gap-free and once ({len(seq)} records, {len(set(seq))} distinct)")
    print("rest persist: ok")


def wait_started(w):
    """Until the restarted job has set its connectors up: before that the API answers, but every
    connector is UNASSIGNED ("the job is still starting", host/rest/README.md), lists no active
    topics yet and refuses control requests; after a kill -9 the start includes the recovery."""
    w.wait_for("the job to start", lambda: _connector_state(w) not in (None, "UNASSIGNED"))


def _connector_state(w):
    """The connector's state, or None while the API does not answer yet."""
    try:
        status, body = w.get("/connectors/seqs/status")
    except OSError:
        return None
    return body["connector"]["state"] if status == 200 else None


main()
