/*
 * inlet/connector.h — the contract between the inlet host and a source connector plugin.
 *
 * Pure C (C99 and C++ compatible). A connector is a shared object that exports exactly two
 * symbols, both declared at the end of this header with their exact types (so a definition of
 * another type does not compile):
 *   1. inlet_plugin_magic_v1, defined by writing INLET_PLUGIN_MAGIC; once at file scope — a
 *      small static struct in the ELF section "inlet_plugin". The host reads it from the file
 *      *without loading it*, so a foreign or mismatched .so never runs its constructors inside
 *      the host.
 *   2. inlet_plugin_entry_v1() — returns the plugin's static descriptor (struct inlet_plugin).
 * Everything the plugin needs from the host comes through the inlet_host function table it is
 * handed; a plugin never resolves host symbols.
 *
 * The full prose of the contract (lifecycle, threading, ownership, versioning) is sdk/README.md.
 *
 * OWNERSHIP, one sentence each:
 *   - Strings and arrays the host passes in (configs, offsets, errors' buffers) are borrowed for
 *     the duration of that call only.
 *   - Records passed to inlet_host.emit() are copied by the host before emit() returns, unless
 *     flagged INLET_RECORD_BORROWED (ABI 1.2): then what the record's top-level key and value
 *     point at (a STRING's or BYTES' bytes; an ARRAY's, MAP's or STRUCT's items and all they
 *     point at, down to the last byte) must stay unchanged until the task's next poll() returns
 *     or its stop() begins, whichever comes first, and the host keeps pointers to them instead
 *     of copying (the two inlet_value structs themselves are copied at emit); a record flagged
 *     INLET_RECORD_STABLE_NAMES (ABI 1.2) keeps its topic and source_partition text unchanged at
 *     its address until the poll() that emits it returns.
 *   - Schemas referenced by records must stay valid until the task's stop() returns.
 *   - The plugin descriptor, its config definition and aliases are static: they live as long as
 *     the library, which the host never unloads.
 *   - The task handle returned by start() is owned by the plugin and released in stop().
 *
 * VERSIONING:
 *   - INLET_ABI_MAJOR must match exactly; the host refuses any other major before loading.
 *   - Within a major, structs only grow at their end, and each carries its own size as its
 *     first member. A reader uses a field only if the struct's size covers it
 *     (INLET_HAS_FIELD); absent trailing fields read as zero/NULL.
 *   - A newer host runs an older plugin (missing callbacks are treated as absent); an older host
 *     runs a newer plugin, ignoring fields it does not know. A plugin that *needs* a newer host
 *     function checks INLET_HAS_FIELD(host, fn) and fails start() with a clear message.
 *   - Each struct marks where ABI 1.0 ends ("ABI 1.0 ends here"); what follows a marker is
 *     tagged with the minor that added it ("ABI 1.1 and later"). Never insert above a marker.
 *     Structs a plugin fills (inlet_plugin, inlet_config_key, inlet_record) grow only when
 *     needed: an added field breaks no binary, but an old source's positional initializer then
 *     draws -Wmissing-field-initializers.
 *     1.1 added inlet_host.count (a task's named counters).
 *     1.2 added runtime plugins (inlet_plugin.connector_data, exactly_once, list_connectors,
 *     open_connector; inlet_host.connector_data), a schema's default value
 *     (inlet_schema.default_value), a record's Kafka partition (inlet_record.kafka_partition),
 *     borrowed records (inlet_record.flags, INLET_RECORD_BORROWED, INLET_RECORD_STABLE_NAMES),
 *     a config key's importance (inlet_config_key.importance), a connector's say on offset
 *     changes (inlet_plugin.alter_offsets) and a task's request for new task configs
 *     (inlet_host.request_task_reconfiguration).
 *   - inlet_schema and inlet_field have no struct_size (they are plain static data): the host
 *     reads a field appended to them only from a plugin whose descriptor's abi_minor covers it.
 *
 * THREADING (sdk/README.md, "Threading rules"): start, poll, commit and stop of one task are
 * serialized. wake() is the one call that may come from another thread, between the return of
 * a successful start() and the beginning of stop(); the host never begins stop() while a
 * wake() is still running and never calls wake() once stop() has begun, so stop() may free
 * everything wake() touches.
 *
 * ERRORS: every call returns an inlet_status. On anything but INLET_OK/INLET_FINISHED the plugin
 * should describe the problem with inlet_error_set(). No C++ exception may cross this boundary
 * (the C++ helper, inlet/connector.hpp, turns them into INLET_FATAL with the message).
 */
#ifndef INLET_CONNECTOR_H
#define INLET_CONNECTOR_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

#define INLET_ABI_MAJOR 1
#define INLET_ABI_MINOR 2 /* 1.1: inlet_host.count; 1.2: runtime plugins, schema defaults,
                            Kafka partition, borrowed records, key importance,
                            alter_offsets, request_task_reconfiguration */

/* True when the struct pointed to by p (which starts with `uint32_t struct_size`) is large
 * enough to contain `field`. */
#define INLET_HAS_FIELD(p, field)                                                                  \
    ((p)->struct_size >= offsetof(__typeof__(*(p)), field) + sizeof((p)->field))

/* ------------------------------------------------------------------------------------------- */
/* Status codes                                                                                 */
/* ------------------------------------------------------------------------------------------- */

typedef enum inlet_status {
    INLET_OK = 0,
    /* poll() only: the source is bounded and has emitted everything (records emitted during this
     * call still count). The host will not poll again. */
    INLET_FINISHED = 1,
    /* A transient problem (network blip, busy upstream): the host retries the same call with
     * exponential backoff, within the job's errors.retry.timeout (0 by default, as in Kafka:
     * no retries, the task fails at once). */
    INLET_RETRIABLE = 2,
    /* The task cannot go on; the host fails it and restarts it in-process from the offsets
     * already written, up to errors.restart.attempts (3) times, after errors.restart.backoff.ms
     * (1000) doubling per restart. */
    INLET_FATAL = 3,
    /* validate()/task_configs()/start(): the configuration is wrong. Not retried. */
    INLET_INVALID_CONFIG = 4
} inlet_status;

/* Where a plugin describes a failure. The host owns the buffer; the plugin writes a
 * NUL-terminated message of at most `capacity` bytes (inlet_error_set does it safely). */
typedef struct inlet_error {
    char *message;
    size_t capacity;
} inlet_error;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static inline void inlet_error_set(inlet_error *err, const char *fmt, ...) {
    if (err == NULL || err->message == NULL || err->capacity == 0) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, err->capacity, fmt, ap);
    va_end(ap);
}

/* ------------------------------------------------------------------------------------------- */
/* Identity: the magic the host reads before loading                                            */
/* ------------------------------------------------------------------------------------------- */

#define INLET_MAGIC_BYTES "INLETPLG" /* 8 bytes, no terminator stored */
#define INLET_MAGIC_SECTION "inlet_plugin"

typedef struct inlet_plugin_magic {
    char magic[8];       /* INLET_MAGIC_BYTES */
    uint32_t abi_major;  /* INLET_ABI_MAJOR the plugin was built against */
    uint32_t abi_minor;  /* INLET_ABI_MINOR the plugin was built against */
    /* sizeof(struct inlet_plugin) at build time. The host checks it twice: before loading (at
     * least the ABI 1.0 descriptor) and after (equal to the descriptor's struct_size); a
     * mismatch means a hand-made magic and the plugin is refused. */
    uint32_t descriptor_size;
    uint32_t reserved;   /* 0 */
} inlet_plugin_magic;

#if defined(_WIN32)
#define INLET_EXPORT __declspec(dllexport)
#else
#define INLET_EXPORT __attribute__((visibility("default")))
#endif

/* Place exactly once in a plugin's sources, at file scope. */
#ifdef __cplusplus
#define INLET_EXTERN_C extern "C"
#else
#define INLET_EXTERN_C
#endif
#define INLET_PLUGIN_MAGIC                                                                         \
    INLET_EXTERN_C INLET_EXPORT __attribute__((section(INLET_MAGIC_SECTION), used))               \
    const inlet_plugin_magic inlet_plugin_magic_v1 = {                                            \
        {'I', 'N', 'L', 'E', 'T', 'P', 'L', 'G'}, INLET_ABI_MAJOR, INLET_ABI_MINOR,               \
        (uint32_t)sizeof(struct inlet_plugin), 0}

/* The entry point's fixed name and type (declared at the end of this header). It must not fail
 * and must not have side effects: it returns a pointer to a static descriptor. */
#define INLET_ENTRY_SYMBOL "inlet_plugin_entry_v1"
#define INLET_MAGIC_SYMBOL "inlet_plugin_magic_v1"
struct inlet_plugin;
typedef const struct inlet_plugin *(*inlet_plugin_entry_fn)(void);

/* ------------------------------------------------------------------------------------------- */
/* Configuration                                                                                */
/* ------------------------------------------------------------------------------------------- */

/* One key=value pair; all values are strings, as in Kafka Connect. */
typedef struct inlet_kv {
    const char *key;
    const char *value;
} inlet_kv;

typedef struct inlet_config {
    const inlet_kv *items;
    size_t count;
} inlet_config;

typedef enum inlet_config_type {
    INLET_CFG_STRING = 0,
    INLET_CFG_INT = 1,     /* 32-bit signed */
    INLET_CFG_LONG = 2,    /* 64-bit signed */
    INLET_CFG_DOUBLE = 3,
    INLET_CFG_BOOLEAN = 4, /* "true" / "false" (case-insensitive) */
    INLET_CFG_LIST = 5,    /* comma-separated */
    INLET_CFG_PASSWORD = 6 /* a string the host never prints: it shows [hidden] */
} inlet_config_type;

/* Kafka's ConfigDef.Importance (ABI 1.2 and later). */
typedef enum inlet_importance {
    INLET_IMPORTANCE_UNSET = 0, /* not given: the host shows none (REST: HIGH when required,
                                   else MEDIUM, as before 1.2) */
    INLET_IMPORTANCE_HIGH = 1,
    INLET_IMPORTANCE_MEDIUM = 2,
    INLET_IMPORTANCE_LOW = 3
} inlet_importance;

/* The definition of one config key (Kafka's ConfigDef.define). Arrays of these are strided by
 * inlet_plugin.config_key_size, so the struct can grow. */
typedef struct inlet_config_key {
    const char *name;
    inlet_config_type type;
    const char *default_value; /* NULL: no default */
    int required;              /* non-zero: must be present (and has no default) */
    const char *doc;           /* one or two sentences; required for `inlet check` */
    const char *const *allowed; /* NULL-terminated list of allowed values, or NULL */
    /* Numeric bounds for INT/LONG/DOUBLE, inclusive; checked only when has_range is non-zero. */
    int has_range;
    double min;
    double max;
    /* ---- ABI 1.0 ends here; append only below. The host reads a field below only from a plugin
     * whose descriptor's abi_minor covers it and whose config_key_size does; an older plugin's
     * keys read as importance 0 (unset). ---- */

    /* ABI 1.2 and later. How much the key matters to a user (Kafka's ConfigDef.Importance):
     * an INLET_IMPORTANCE_* value; 0 (INLET_IMPORTANCE_UNSET) says nothing. Shown by
     * `inlet plugins describe` and GET /connector-plugins/{class}/config. */
    inlet_importance importance;
} inlet_config_key;

/* ------------------------------------------------------------------------------------------- */
/* Data: schemas and values (the Kafka Connect data model)                                      */
/* ------------------------------------------------------------------------------------------- */

typedef enum inlet_type {
    INLET_TYPE_NULL = 0, /* only as a value: the null value (schema must be optional) */
    INLET_TYPE_INT8,
    INLET_TYPE_INT16,
    INLET_TYPE_INT32,
    INLET_TYPE_INT64,
    INLET_TYPE_FLOAT32,
    INLET_TYPE_FLOAT64,
    INLET_TYPE_BOOLEAN,
    INLET_TYPE_STRING,
    INLET_TYPE_BYTES,
    INLET_TYPE_ARRAY,
    INLET_TYPE_MAP,
    INLET_TYPE_STRUCT
} inlet_type;

/* Logical type names, exactly Kafka Connect's. */
#define INLET_LOGICAL_DECIMAL "org.apache.kafka.connect.data.Decimal"     /* BYTES, param scale */
#define INLET_LOGICAL_DATE "org.apache.kafka.connect.data.Date"           /* INT32 days */
#define INLET_LOGICAL_TIME "org.apache.kafka.connect.data.Time"           /* INT32 ms of day */
#define INLET_LOGICAL_TIMESTAMP "org.apache.kafka.connect.data.Timestamp" /* INT64 ms epoch */

struct inlet_schema;

typedef struct inlet_field {
    const char *name;
    const struct inlet_schema *schema;
} inlet_field;

/* A schema is plain static data; the host turns it into JsonConverter's "schema" object. */
typedef struct inlet_schema {
    inlet_type type;
    int optional;
    const char *name;    /* logical or record name, or NULL */
    int32_t version;     /* 0: none */
    const char *doc;     /* or NULL */
    const char *parameters_json; /* e.g. {"scale":"2"} for Decimal, or NULL */
    const struct inlet_schema *key_schema;   /* MAP */
    const struct inlet_schema *value_schema; /* ARRAY elements, MAP values */
    const inlet_field *fields;               /* STRUCT */
    size_t field_count;
    /* ---- ABI 1.0 ends here; append only below. This struct has no struct_size: the host reads
     * what follows only from a plugin whose descriptor says abi_minor >= the field's minor. ---- */

    /* ABI 1.2 and later. The schema's default value (Kafka's Schema.defaultValue()), or NULL:
     * none. A value of this schema's type; `inlet run --format connect-json` writes it as the
     * schema's "default", as JsonConverter does. The host does not substitute it for a null
     * value: a connector sends the value it means (Kafka's Struct.get already returns it). */
    const struct inlet_value *default_value;
} inlet_schema;

/* A value. `type` says which member is set. A null (an optional field of a STRUCT, say) is a
 * value of type INLET_TYPE_NULL whose schema is optional. Composite values point at arrays of values:
 *   ARRAY:  items[count]
 *   MAP:    items[2*count] as key, value, key, value...
 *   STRUCT: items[count] in the order of the schema's fields.
 * STRING and BYTES point at `len` bytes (STRING: UTF-8, no terminator needed).
 *
 * STRING text that is not UTF-8 is not refused: the host replaces each ill-formed sequence
 * with U+FFFD (EF BF BD) exactly as Java's UTF-8 decoder does -- what Kafka's
 * FileStreamSourceTask reads with -- so a connector passing raw bytes through gets what Kafka
 * would have put in the topic. That is Unicode's "maximal subpart" rule (a lead byte and the
 * continuations valid so far are one U+FFFD; any other byte is one U+FFFD each), except that
 * an encoded surrogate (ED A0..BF xx) is one U+FFFD, as in Java. C3 28 FF becomes U+FFFD '('
 * U+FFFD. The same holds for header keys and for STRINGs inside arrays, maps and structs; the
 * run's summary counts the replacements per task. Topic, partition and offset text is never
 * repaired: JSON text that is not UTF-8, or a topic that is not a Kafka topic name, fails the
 * task (a repaired offset would not be the one the connector wrote). BYTES are never touched. */
typedef struct inlet_value {
    inlet_type type;
    union {
        int64_t i;  /* INT8..INT64 */
        double f;   /* FLOAT32, FLOAT64 */
        int b;      /* BOOLEAN */
        struct {
            const char *ptr;
            size_t len;
        } s; /* STRING, BYTES */
        struct {
            const struct inlet_value *items;
            size_t count;
        } seq; /* ARRAY, MAP, STRUCT */
    } u;
} inlet_value;

typedef struct inlet_header {
    const char *key;
    const inlet_schema *schema; /* or NULL */
    inlet_value value;
} inlet_header;

#define INLET_NO_TIMESTAMP INT64_MIN

/* A source record (Kafka Connect's SourceRecord). All pointers are borrowed for emit().
 *
 * topic NULL means the connector's default topic: the value of the task config's "topic" key
 * when set, else the default the plugin declares for a key named "topic", else the connector's
 * `name`.
 *
 * source_partition and source_offset are small JSON objects, e.g. {"filename":"/var/log/a"}
 * and {"position":1234}. The host keeps the latest offset per distinct partition (compared
 * after canonicalising the JSON), snapshots it, and hands it back at restart. */
typedef struct inlet_record {
    uint32_t struct_size; /* sizeof(inlet_record) */
    const char *topic;    /* NUL-terminated; NULL: the connector's default topic (above) */
    const char *source_partition; /* JSON object text, NUL-terminated */
    const char *source_offset;    /* JSON object text, NUL-terminated */
    const inlet_schema *key_schema;   /* NULL: schemaless */
    const inlet_value *key;           /* NULL: no key */
    const inlet_schema *value_schema; /* NULL: schemaless */
    const inlet_value *value;         /* NULL: null value */
    int64_t timestamp_ms;             /* INLET_NO_TIMESTAMP: none */
    const inlet_header *headers;
    size_t header_count;
    /* ---- ABI 1.0 ends here; append only below. A host reads a field below only when
     * INLET_HAS_FIELD(record, field); an older plugin's record reads as kafka_partition NULL
     * and flags 0. ---- */

    /* ABI 1.2 and later. The Kafka partition the connector chose (SourceRecord.kafkaPartition()),
     * or NULL: none (Kafka's null). Borrowed for emit(), like the rest. inlet has no topic
     * partitions: it is carried to the sink, and the envelope format shows it as
     * "kafka_partition". */
    const int32_t *kafka_partition;
    /* ABI 1.2 and later. INLET_RECORD_* bits. */
    uint32_t flags;
} inlet_record;

/* inlet_record.flags (ABI 1.2 and later). */
/* What the record's top-level key and value point at (a STRING's or BYTES' bytes; a composite
 * value's items, recursively, with their bytes) stays unchanged until this task's next poll()
 * returns or its stop() begins, whichever comes first: the host keeps pointers to it instead of
 * copying it (an older host copies it, as for any record). */
#define INLET_RECORD_BORROWED 0x1u
/* The text of the record's topic (when not NULL) and source_partition stays unchanged at its
 * address until the poll() that emits the record returns: the host recognises a topic or
 * partition it saw earlier in that poll by its address instead of comparing the text (an older
 * host compares, as for any record). */
#define INLET_RECORD_STABLE_NAMES 0x2u

/* ------------------------------------------------------------------------------------------- */
/* Host services                                                                                */
/* ------------------------------------------------------------------------------------------- */

typedef enum inlet_log_level {
    INLET_LOG_TRACE = 0,
    INLET_LOG_DEBUG = 1,
    INLET_LOG_INFO = 2,
    INLET_LOG_WARN = 3,
    INLET_LOG_ERROR = 4
} inlet_log_level;

/* Opaque host handles. */
typedef struct inlet_emitter inlet_emitter;         /* valid during one poll() */
typedef struct inlet_offsets inlet_offsets;         /* restored offsets, valid during start() */
typedef struct inlet_task_list inlet_task_list;     /* valid during task_configs() */

/* emit() answers: */
#define INLET_EMIT_OK 0
#define INLET_EMIT_FULL 1 /* accepted; the batch is full: return from poll() now (backpressure) */
#define INLET_EMIT_REJECTED 2 /* malformed record, not accepted: poll() should return INLET_FATAL */

/* One per task (or per connector call), handed to the plugin. Append-only. */
typedef struct inlet_host {
    uint32_t struct_size;
    uint32_t abi_minor;

    /* Logging into the host's log, tagged with the connector and task. */
    void (*log)(const struct inlet_host *host, inlet_log_level level, const char *message);
    /* Milliseconds since the Unix epoch (wall clock) and a monotonic clock in nanoseconds. */
    int64_t (*now_ms)(const struct inlet_host *host);
    int64_t (*monotonic_ns)(const struct inlet_host *host);

    /* Config lookup: the value of `key`, or NULL when absent. Borrowed for the call that got
     * `config`. */
    const char *(*config_get)(const inlet_config *config, const char *key);

    /* task_configs(): add one task's configuration (copied by the host). */
    inlet_status (*task_list_add)(inlet_task_list *list, const inlet_kv *items, size_t count);

    /* start(): the restored offset for a partition (JSON object text), or NULL when none. The
     * returned text is borrowed for the duration of start(). */
    const char *(*offsets_get)(const inlet_offsets *offsets, const char *partition_json);
    /* start(): visit every restored partition/offset (for connectors that discover partitions
     * from the snapshot). Stops early when fn returns non-zero. */
    void (*offsets_each)(const inlet_offsets *offsets, void *ctx,
                         int (*fn)(void *ctx, const char *partition_json,
                                   const char *offset_json));
    /* Small JSON helpers so a plugin needs no JSON parser: read a top-level field of an object.
     * Return 1 when found and of the right type, else 0. str_field copies into buf (NUL
     * terminated, truncated to cap). */
    int (*json_i64_field)(const char *json, const char *field, int64_t *out);
    int (*json_str_field)(const char *json, const char *field, char *buf, size_t cap);

    /* poll(): hand one record to the host (copied before return). Returns INLET_EMIT_*. */
    int (*emit)(inlet_emitter *emitter, const inlet_record *record);
    /* poll(): advance a partition's offset without a record (a heartbeat on a quiet upstream);
     * it becomes durable and is committed like an emitted record's offset. */
    int (*advance_offset)(inlet_emitter *emitter, const char *partition_json,
                          const char *offset_json);
    /* poll(): how many more records the host wants in this poll() before it is full (a hint
     * for push-based sources to throttle). 0: the batch is full; return from poll() now (an
     * emit() would still be accepted, answering INLET_EMIT_FULL). The next poll() comes as
     * soon as the host has room again, so nothing is gained by waiting inside poll(). */
    size_t (*emit_room)(const inlet_emitter *emitter);

    /* Host-private context; plugins must not touch it. */
    void *host_data;

    /* ---- ABI 1.0 ends here; append only below. A plugin checks INLET_HAS_FIELD(host, fn)
     * (and fn != NULL) before calling anything below. ---- */

    /* ABI 1.1 and later. Adds `delta` to the task's counter `name` ([a-z0-9._-]+, at most 64
     * characters, at most 32 distinct names per task; others are ignored with one warning),
     * e.g. "lines.skipped". `inlet run` prints each task's counters in its end summary; counts
     * survive a restart of the task. Call it from start(), poll(), commit() or stop() only (the
     * task's own thread), never from wake(). */
    void (*count)(const struct inlet_host *host, const char *name, uint64_t delta);

    /* ABI 1.2 and later. The `connector_data` of the descriptor this call is made for (see
     * "Runtime plugins" below); NULL for descriptors that do not set it. Lets one set of callbacks serve many
     * connectors found at run time. */
    const void *connector_data;

    /* ABI 1.2 and later. From a task's poll() or commit() (its own thread): ask the host to
     * compute the connector's task configs again (task_configs, on a thread of the host's) and
     * to replace all its tasks by that many new ones, as Kafka's herder does after
     * ConnectorContext.requestTaskReconfiguration() when the number of tasks changes. Returns
     * at once: 1 when the host will do it, 0 when this job cannot (an older host lacks the
     * field; check INLET_HAS_FIELD). The tasks are then stopped like at the end of a job (their
     * records are written first, wake() and stop() are called) and the new ones start from the
     * offsets written so far; other connectors are not touched. */
    int (*request_task_reconfiguration)(const struct inlet_host *host);
} inlet_host;

/* ------------------------------------------------------------------------------------------- */
/* The plugin descriptor                                                                        */
/* ------------------------------------------------------------------------------------------- */

/* An offset the host has made durable: what commit() receives. */
typedef struct inlet_offset_entry {
    const char *partition_json;
    const char *offset_json;
} inlet_offset_entry;

/* Plugin capability flags. */
#define INLET_PLUGIN_REPLAYABLE 0x1u /* restart from a snapshot's offsets re-reads exactly what
                                        follows them: required for exactly-once */
#define INLET_PLUGIN_BOUNDED 0x2u    /* may return INLET_FINISHED (documentation/check only) */

typedef struct inlet_plugin {
    uint32_t struct_size; /* sizeof(inlet_plugin) */
    uint32_t abi_major;   /* INLET_ABI_MAJOR */
    uint32_t abi_minor;   /* INLET_ABI_MINOR */
    uint32_t flags;       /* INLET_PLUGIN_* */

    const char *name;        /* short, unique: [a-z0-9_-]+, e.g. "file" */
    const char *version;     /* the plugin's own version, e.g. "1.2.0" */
    const char *description; /* one line */
    const char *const *aliases; /* NULL-terminated: Java class names this plugin stands in for */

    const inlet_config_key *config_keys;
    size_t config_key_count;
    size_t config_key_size; /* sizeof(inlet_config_key) at build time */

    /* --- Connector level. Both optional (NULL). --------------------------------------------- */
    /* Extra validation beyond the config definition, which the host has already checked (types,
     * ranges, allowed values, required keys). Name the key at fault in the message. */
    inlet_status (*validate)(const inlet_host *host, const inlet_config *config,
                             inlet_error *err);
    /* Split the connector config into at most max_tasks task configs (Kafka's
     * taskConfigs(maxTasks)) via host->task_list_add. NULL: one task with the connector config. */
    inlet_status (*task_configs)(const inlet_host *host, const inlet_config *config,
                                 uint32_t max_tasks, inlet_task_list *out, inlet_error *err);

    /* --- Task level. Calls on one task are serialized, except wake(). ----------------------- */
    /* Start a task from its config and the restored offsets. `host` outlives the task: keep
     * the pointer. On success *task_out is the task handle. The task config is what
     * task_configs() produced (or the connector config), including `name`, `connector.class`
     * and `tasks.max`; unlike the connector config it is not checked against the definition
     * again. `restored` holds every restored partition of the connector, not only this task's:
     * look up the ones the task owns (offsets_get), or discover them (offsets_each). */
    inlet_status (*start)(const inlet_host *host, const inlet_config *task_config,
                          const inlet_offsets *restored, void **task_out, inlet_error *err);
    /* Emit zero or more records through host->emit and return within about timeout_ms (`inlet
     * run` passes the job's poll.timeout.ms, 100 by default). A poll past timeout_ms plus the
     * larger of 1 s and timeout_ms is reported as stuck and woken; an idle source waits at most
     * timeout_ms, then returns INLET_OK with no records. */
    inlet_status (*poll)(void *task, inlet_emitter *emitter, uint32_t timeout_ms,
                         inlet_error *err);
    /* These offsets are durable in a snapshot: the upstream may be acknowledged up to them.
     * Called between polls; may be re-delivered after a restart (must be idempotent). Optional. */
    inlet_status (*commit)(void *task, const inlet_offset_entry *offsets, size_t count,
                           inlet_error *err);
    /* The only call that may come from another thread: make a blocked poll() return soon. It
     * may come at any time after a successful start() returned, while poll() or commit() runs
     * or between calls, until stop() begins; never concurrently with itself, never after stop()
     * began (stop() waits for a running wake() to return). Must be safe against a concurrent
     * poll()/commit(). Optional. */
    void (*wake)(void *task);
    /* Release everything the task holds. Always called once after a successful start(). */
    void (*stop)(void *task);
    /* ---- ABI 1.0 ends here; append only below. ---- */

    /* ABI 1.2 and later (1.1 added nothing here). */
    /* Opaque; handed back as inlet_host.connector_data on every connector- and task-level call
     * made for this descriptor (validate, task_configs, start, exactly_once, alter_offsets). */
    const void *connector_data;

    /* Optional: whether this config can give exactly-once (Kafka's exactlyOnceSupport(config),
     * KIP-618). INLET_OK: yes; anything else: no, with the reason in err. When set, the host
     * asks it instead of reading INLET_PLUGIN_REPLAYABLE. */
    inlet_status (*exactly_once)(const inlet_host *host, const inlet_config *config,
                                 inlet_error *err);

    /* Runtime plugins: a plugin that hosts connectors found at run time (the Java classes on a
     * Kafka Connect plugin.path, later Python modules or WASM files) sets both. `runtime` holds
     * the worker keys the runtime needs (plugin.path is always there: the plugin folders inlet
     * searches, comma-separated). Each connector comes back as a descriptor of its own, laid out
     * like this one, whose name may be a class name ([A-Za-z0-9_.$-]+) and whose aliases are the
     * other names it answers to; the host loads nothing for it and drives it exactly like a
     * native plugin. Returned descriptors live as long as the process, like static ones.
     *
     * list_connectors: calls found() once per connector the runtime can offer. */
    inlet_status (*list_connectors)(const inlet_host *host, const inlet_config *runtime,
                                    void *ctx,
                                    void (*found)(void *ctx, const struct inlet_plugin *connector),
                                    inlet_error *err);
    /* open_connector: the connector a connector.class names (full name or an alias), or NULL
     * with *status INLET_INVALID_CONFIG when the runtime has no such connector, or another
     * status and the reason in err when it has one but cannot open it. */
    const struct inlet_plugin *(*open_connector)(const inlet_host *host,
                                                 const inlet_config *runtime,
                                                 const char *class_name, inlet_status *status,
                                                 inlet_error *err);

    /* Optional, any plugin (NULL: every change is accepted). A user is changing this connector's
     * offsets (KIP-875: REST PATCH or DELETE /connectors/{name}/offsets, `inlet offsets set` or
     * `reset`; the connector is STOPPED, no task runs); Kafka's SourceConnector.alterOffsets.
     * Called on the connector level (like task_configs) before the change takes effect, with
     * the connector's config and the change, one entry per partition: offset_json NULL resets
     * that partition (a reset of all offsets lists every partition the connector has, each
     * with NULL). INLET_OK accepts it; set *applied to non-zero when the plugin has also moved
     * the position in the system it reads from (Kafka's `true`), which changes the answer's
     * message. Anything else refuses it: nothing changes, and the request fails (HTTP 500)
     * with err's message. Called on the host's sink thread: keep it short. */
    inlet_status (*alter_offsets)(const inlet_host *host, const inlet_config *config,
                                  const inlet_offset_entry *offsets, size_t count, int *applied,
                                  inlet_error *err);
} inlet_plugin;

/* ------------------------------------------------------------------------------------------- */
/* What a plugin defines                                                                        */
/* ------------------------------------------------------------------------------------------- */

/* The two symbols every plugin exports, with their exact types: a definition of another type is
 * a compile error. INLET_PLUGIN_MAGIC defines the first; the plugin writes the second:
 *     INLET_EXPORT const inlet_plugin *inlet_plugin_entry_v1(void) { return &my_plugin; }
 * (the C++ helper's INLET_CONNECTOR writes both). The declaration's visibility carries over, so
 * the symbol is exported even from a build with -fvisibility=hidden. */
INLET_EXPORT extern const inlet_plugin_magic inlet_plugin_magic_v1;
INLET_EXPORT const inlet_plugin *inlet_plugin_entry_v1(void);

#ifdef __cplusplus
}
#endif

#endif /* INLET_CONNECTOR_H */
