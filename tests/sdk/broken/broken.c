/*
 * A deliberately broken connector for the tests of `inlet check`. Its `bug` key picks one way
 * to break the contract; each must make exactly the matching check fail:
 *   replay          ignores the restored offsets and starts over    -> offsets-roundtrip
 *   slow-poll       its second poll takes 1.8 s whatever the timeout -> poll-timeout
 *   no-wake         waits out every poll's timeout, ignoring wake()  -> wake
 *   leak-fd         opens /dev/null in start() and never closes it   -> leaks-fd
 *   leak-memory     keeps 1 MiB per start() forever                  -> leaks-memory
 *   bad-record      emits an INT8 value of 300 as record 50          -> records
 *   vague-validate  rejects a bad `batch` without naming the key     -> validate-rejects-bad-value
 *   abort-wake      wake() calls abort()                             -> the check dies naming wake()
 *   reuse-borrowed  writes each poll's borrowed keys over the last's  -> borrowed
 *   move-names      rewrites its partition text before a poll returns -> borrowed
 *   none            follows the contract (proves the rest is sound)
 * Every record has a STRING key "k<N>" lent to the host (INLET_RECORD_BORROWED) from one of two
 * key areas used by turns, so a key stays unchanged through the next poll as promised, and
 * promises its partition text stays put for the poll (INLET_RECORD_STABLE_NAMES).
 * Otherwise it counts like c-counter: offset {"n":N}, 10 records per poll, never finishing; so it
 * always has data, unless `idle=true` (what `inlet check --idle-config idle=true` sets for the
 * wake check): then every poll waits out its timeout, or until wake(), and emits nothing.
 */
#define _POSIX_C_SOURCE 200809L

#include <inlet/connector.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

static const char *const bugs[] = {"none", "replay", "slow-poll", "no-wake", "leak-fd",
                                   "leak-memory", "bad-record", "vague-validate", "abort-wake",
                                   "reuse-borrowed", "move-names", NULL};

static const inlet_config_key keys[] = {
    /* First, so that validate-rejects-bad-value picks it for its bad value. */
    {"batch", INLET_CFG_INT, "10", 0, "Records per poll.", NULL, 1, 1, 1000},
    {"bug", INLET_CFG_STRING, "replay", 0, "Which part of the contract to break.", bugs, 0, 0, 0},
    {"idle", INLET_CFG_BOOLEAN, "false", 0, "Emit nothing: every poll waits for its timeout.", NULL,
     0, 0, 0},
};

static const char partition[] = "{\"source\":\"broken\"}";
static const inlet_schema int64_schema = {INLET_TYPE_INT64, 0, NULL, 0, NULL, NULL, NULL, NULL, NULL, 0};
static const inlet_schema string_schema = {INLET_TYPE_STRING, 0, NULL, 0, NULL, NULL, NULL, NULL, NULL, 0};
static const inlet_schema int8_schema = {INLET_TYPE_INT8, 0, NULL, 0, NULL, NULL, NULL, NULL, NULL, 0};

typedef struct broken_task {
    const inlet_host *host;
    char bug[32];
    int64_t batch;
    int64_t next;
    int polls;
    int idle;
    int leaked_fd;
    char *leaked_memory; /* leak-memory: never freed, even by stop() */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int woken;
    char keys[2][1000][24]; /* the borrowed keys: area polls % 2 (reuse-borrowed: always 0) */
    char partition[32];     /* the records' partition text (INLET_RECORD_STABLE_NAMES) */
} broken_task;

static int is_bug(const broken_task *t, const char *name) { return strcmp(t->bug, name) == 0; }

static inlet_status broken_validate(const inlet_host *host, const inlet_config *config,
                                    inlet_error *err) {
    const char *bug = host->config_get(config, "bug");
    const char *batch = host->config_get(config, "batch");
    if (batch == NULL) return INLET_OK;
    char *end = NULL;
    errno = 0;
    long v = strtol(batch, &end, 10);
    if (errno == 0 && end != batch && *end == '\0' && v >= 1) return INLET_OK;
    if (bug != NULL && strcmp(bug, "vague-validate") == 0)
        inlet_error_set(err, "bad number");
    else
        inlet_error_set(err, "batch: '%s' is not a positive integer", batch);
    return INLET_INVALID_CONFIG;
}

static inlet_status broken_start(const inlet_host *host, const inlet_config *config,
                                 const inlet_offsets *restored, void **task_out, inlet_error *err) {
    broken_task *t = calloc(1, sizeof *t);
    if (t == NULL) {
        inlet_error_set(err, "out of memory");
        return INLET_FATAL;
    }
    const char *bug = host->config_get(config, "bug");
    const char *batch = host->config_get(config, "batch");
    t->host = host;
    snprintf(t->bug, sizeof t->bug, "%s", bug != NULL ? bug : "replay");
    t->batch = batch != NULL ? strtol(batch, NULL, 10) : 10;
    t->next = 1;
    const char *idle = host->config_get(config, "idle");
    t->idle = idle != NULL && strcmp(idle, "true") == 0;
    t->leaked_fd = -1;
    const char *offset = restored != NULL ? host->offsets_get(restored, partition) : NULL;
    int64_t last = 0;
    if (!is_bug(t, "replay") && offset != NULL && host->json_i64_field(offset, "n", &last))
        t->next = last + 1;
    if (is_bug(t, "leak-fd")) t->leaked_fd = open("/dev/null", O_RDONLY); /* never closed */
    if (is_bug(t, "leak-memory")) {
        t->leaked_memory = malloc(1 << 20);
        if (t->leaked_memory != NULL) memset(t->leaked_memory, 1, 1 << 20); /* touched: in VmRSS */
    }
    pthread_mutex_init(&t->mu, NULL);
    pthread_cond_init(&t->cv, NULL);
    *task_out = t;
    return INLET_OK;
}

/* Sleeps `ms`, or until wake() when `wakeable`. */
static void pause_ms(broken_task *t, long ms, int wakeable) {
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += ms / 1000;
    until.tv_nsec += (ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec += 1;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&t->mu);
    while (!(wakeable && t->woken))
        if (pthread_cond_timedwait(&t->cv, &t->mu, &until) == ETIMEDOUT) break;
    t->woken = 0;
    pthread_mutex_unlock(&t->mu);
}

static inlet_status broken_poll(void *task, inlet_emitter *emitter, uint32_t timeout_ms,
                                inlet_error *err) {
    broken_task *t = task;
    (void)err;
    ++t->polls;
    if (t->idle) {
        pause_ms(t, (long)timeout_ms, !is_bug(t, "no-wake"));
        return INLET_OK;
    }
    if (is_bug(t, "slow-poll") && t->polls == 2) pause_ms(t, 1800, 1);
    snprintf(t->partition, sizeof t->partition, "%s", partition);
    char offset[48];
    for (int64_t i = 0; i < t->batch; ++i) {
        inlet_value value;
        value.type = INLET_TYPE_INT64;
        value.u.i = t->next;
        const inlet_schema *schema = &int64_schema;
        if (is_bug(t, "bad-record") && t->next == 50) {
            value.type = INLET_TYPE_INT8;
            value.u.i = 300;
            schema = &int8_schema;
        }
        snprintf(offset, sizeof offset, "{\"n\":%lld}", (long long)t->next);
        char *key_text = t->keys[is_bug(t, "reuse-borrowed") ? 0 : t->polls % 2][i];
        inlet_value key;
        key.type = INLET_TYPE_STRING;
        key.u.s.ptr = key_text;
        key.u.s.len = (size_t)snprintf(key_text, 24, "k%lld", (long long)t->next);
        inlet_record rec;
        memset(&rec, 0, sizeof rec);
        rec.flags = INLET_RECORD_BORROWED | INLET_RECORD_STABLE_NAMES;
        rec.key_schema = &string_schema;
        rec.key = &key;
        rec.struct_size = sizeof rec;
        rec.source_partition = t->partition;
        rec.source_offset = offset;
        rec.value_schema = schema;
        rec.value = &value;
        rec.timestamp_ms = INLET_NO_TIMESTAMP;
        /* A rejected record is ignored (a real connector returns INLET_FATAL), so that
         * bad-record breaks only the records check. */
        int rc = t->host->emit(emitter, &rec);
        ++t->next;
        if (rc == INLET_EMIT_FULL) break;
    }
    /* Promised unchanged until this poll returns: the records are right, the promise broken. */
    if (is_bug(t, "move-names")) snprintf(t->partition, sizeof t->partition, "{\"moved\":1}");
    if (is_bug(t, "no-wake")) pause_ms(t, (long)timeout_ms, 0);
    return INLET_OK;
}

static void broken_wake(void *task) {
    broken_task *t = task;
    if (is_bug(t, "abort-wake")) abort();
    pthread_mutex_lock(&t->mu);
    t->woken = 1;
    pthread_cond_signal(&t->cv);
    pthread_mutex_unlock(&t->mu);
}

static void broken_stop(void *task) {
    broken_task *t = task;
    pthread_cond_destroy(&t->cv);
    pthread_mutex_destroy(&t->mu);
    free(t);
}

INLET_PLUGIN_MAGIC;

INLET_EXPORT const inlet_plugin *inlet_plugin_entry_v1(void) {
    static const inlet_plugin plugin = {
        sizeof(inlet_plugin), INLET_ABI_MAJOR, INLET_ABI_MINOR, INLET_PLUGIN_REPLAYABLE,
        "broken", "0.0.1", "Breaks the contract on purpose (tests of inlet check)", NULL,
        keys, sizeof keys / sizeof keys[0], sizeof(inlet_config_key),
        broken_validate, NULL, broken_start, broken_poll, NULL, broken_wake, broken_stop,
    };
    return &plugin;
}
