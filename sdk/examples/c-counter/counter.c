/*
 * c-counter — an example inlet source connector in plain C99.
 *
 * Emits the numbers 1..count as INT64 values, one record each, then finishes. The offset of
 * record n is {"n":n}, so a restart from a snapshot continues with n+1 (the plugin is
 * REPLAYABLE). With interval.ms > 0 it waits between records, and shows how poll() honours its
 * timeout and how wake() cuts a wait short from another thread.
 */
#define _POSIX_C_SOURCE 200809L

#include <inlet/connector.h>

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

static const char *const no_aliases[] = {NULL};

static const inlet_config_key keys[] = {
    {"count", INLET_CFG_LONG, "1000", 0, "How many records to emit before finishing; 0 never finishes.",
     NULL, 1, 0, 1e15, INLET_IMPORTANCE_MEDIUM},
    {"topic", INLET_CFG_STRING, "counter", 0, "The topic every record is written to.", NULL, 0, 0, 0, INLET_IMPORTANCE_HIGH},
    {"interval.ms", INLET_CFG_LONG, "0", 0, "Milliseconds to wait between records; 0 emits as fast as asked.",
     NULL, 1, 0, 3600000, INLET_IMPORTANCE_MEDIUM},
};

/* The one source partition of this connector. */
static const char partition[] = "{\"source\":\"c-counter\"}";

static const inlet_schema value_schema = {INLET_TYPE_INT64, 0, "counter.Value", 0, NULL, NULL,
                                          NULL, NULL, NULL, 0};

typedef struct counter_task {
    const inlet_host *host;
    char topic[250];
    int64_t count;    /* 0: unbounded */
    int64_t interval_ns;
    int64_t next;     /* the next number to emit */
    int64_t next_due; /* monotonic ns at which `next` may be emitted */
    pthread_mutex_t mu;
    pthread_cond_t cv; /* signalled by wake() */
    int woken;
} counter_task;

/* A LONG config value, or `fallback` when absent. The host has already checked the type. */
static int64_t config_long(const inlet_host *host, const inlet_config *config, const char *key,
                           int64_t fallback) {
    const char *v = host->config_get(config, key);
    return v != NULL && *v != '\0' ? (int64_t)strtoll(v, NULL, 10) : fallback;
}

static inlet_status counter_validate(const inlet_host *host, const inlet_config *config,
                                     inlet_error *err) {
    const char *topic = host->config_get(config, "topic");
    if (topic != NULL && (*topic == '\0' || strlen(topic) > 249)) {
        inlet_error_set(err, "topic: must be 1 to 249 characters");
        return INLET_INVALID_CONFIG;
    }
    const char *count = host->config_get(config, "count");
    if (count != NULL) {
        char *end = NULL;
        errno = 0;
        long long n = strtoll(count, &end, 10);
        if (errno != 0 || end == count || *end != '\0' || n < 0) {
            inlet_error_set(err, "count: '%s' is not a non-negative integer", count);
            return INLET_INVALID_CONFIG;
        }
    }
    return INLET_OK;
}

static inlet_status counter_start(const inlet_host *host, const inlet_config *config,
                                  const inlet_offsets *restored, void **task_out,
                                  inlet_error *err) {
    counter_task *t = calloc(1, sizeof *t);
    if (t == NULL) {
        inlet_error_set(err, "out of memory");
        return INLET_FATAL;
    }
    t->host = host;
    const char *topic = host->config_get(config, "topic");
    snprintf(t->topic, sizeof t->topic, "%s", topic != NULL ? topic : "counter");
    t->count = config_long(host, config, "count", 1000);
    t->interval_ns = config_long(host, config, "interval.ms", 0) * 1000000;
    t->next = 1;
    /* Resume after the last number a snapshot holds. */
    const char *offset = restored != NULL ? host->offsets_get(restored, partition) : NULL;
    int64_t last = 0;
    if (offset != NULL && host->json_i64_field(offset, "n", &last)) t->next = last + 1;
    t->next_due = host->monotonic_ns(host);

    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&t->cv, &attr);
    pthread_condattr_destroy(&attr);
    pthread_mutex_init(&t->mu, NULL);
    *task_out = t;
    return INLET_OK;
}

/* Waits until monotonic time `until_ns` or wake(), whichever comes first. */
static void wait_until(counter_task *t, int64_t until_ns) {
    struct timespec ts;
    ts.tv_sec = (time_t)(until_ns / 1000000000);
    ts.tv_nsec = (long)(until_ns % 1000000000);
    pthread_mutex_lock(&t->mu);
    while (!t->woken)
        if (pthread_cond_timedwait(&t->cv, &t->mu, &ts) == ETIMEDOUT) break;
    t->woken = 0;
    pthread_mutex_unlock(&t->mu);
}

static inlet_status counter_poll(void *task, inlet_emitter *emitter, uint32_t timeout_ms,
                                 inlet_error *err) {
    counter_task *t = task;
    const inlet_host *h = t->host;
    int64_t deadline = h->monotonic_ns(h) + (int64_t)timeout_ms * 1000000;
    char offset[48];
    for (;;) {
        if (t->count > 0 && t->next > t->count) return INLET_FINISHED;
        int64_t now = h->monotonic_ns(h);
        if (now < t->next_due) {
            if (t->next_due > deadline) { /* the next record is not due within this poll */
                wait_until(t, deadline);
                return INLET_OK;
            }
            wait_until(t, t->next_due);
            if (h->monotonic_ns(h) < t->next_due) return INLET_OK; /* woken early */
        }
        inlet_value value;
        value.type = INLET_TYPE_INT64;
        value.u.i = t->next;
        snprintf(offset, sizeof offset, "{\"n\":%lld}", (long long)t->next);
        inlet_record rec;
        memset(&rec, 0, sizeof rec);
        rec.struct_size = sizeof rec;
        rec.topic = t->topic;
        rec.source_partition = partition;
        rec.source_offset = offset;
        rec.value_schema = &value_schema;
        rec.value = &value;
        rec.timestamp_ms = h->now_ms(h);
        int rc = h->emit(emitter, &rec);
        if (rc == INLET_EMIT_REJECTED) {
            inlet_error_set(err, "the host rejected record %lld", (long long)t->next);
            return INLET_FATAL;
        }
        ++t->next;
        t->next_due += t->interval_ns;
        if (rc == INLET_EMIT_FULL) return INLET_OK; /* the batch is full: let the host drain it */
        if (h->monotonic_ns(h) >= deadline) return INLET_OK;
    }
}

/* Nothing upstream to acknowledge: a counter can always recompute its numbers. */
static inlet_status counter_commit(void *task, const inlet_offset_entry *offsets, size_t count,
                                   inlet_error *err) {
    (void)task;
    (void)offsets;
    (void)count;
    (void)err;
    return INLET_OK;
}

static void counter_wake(void *task) {
    counter_task *t = task;
    pthread_mutex_lock(&t->mu);
    t->woken = 1;
    pthread_cond_signal(&t->cv);
    pthread_mutex_unlock(&t->mu);
}

static void counter_stop(void *task) {
    counter_task *t = task;
    pthread_cond_destroy(&t->cv);
    pthread_mutex_destroy(&t->mu);
    free(t);
}

INLET_PLUGIN_MAGIC;

INLET_EXPORT const inlet_plugin *inlet_plugin_entry_v1(void) {
    static const inlet_plugin plugin = {
        sizeof(inlet_plugin),
        INLET_ABI_MAJOR,
        INLET_ABI_MINOR,
        INLET_PLUGIN_REPLAYABLE | INLET_PLUGIN_BOUNDED,
        "c-counter",
        "1.0.0",
        "Counts from 1 to `count` (an example connector in C99)",
        no_aliases,
        keys,
        sizeof keys / sizeof keys[0],
        sizeof(inlet_config_key),
        counter_validate,
        NULL, /* task_configs: one task with the connector config */
        counter_start,
        counter_poll,
        counter_commit,
        counter_wake,
        counter_stop,
    };
    return &plugin;
}
