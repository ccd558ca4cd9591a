/* One small C connector, compiled once per variant by meson.build: each -D flag below breaks
 * exactly one thing the loader checks, so every rejection in the tests has a real .so behind it.
 *
 *   PLUGIN_NAME, PLUGIN_ALIAS  identity (defaults "good", "com.example.GoodConnector")
 *   MAGIC_MAJOR=N              hand-written magic claiming connector ABI N.x
 *   MAGIC_NONE                 no inlet_plugin section at all
 *   MAGIC_TRUNCATED            a 6-byte inlet_plugin section
 *   MAGIC_CORRUPT              a full-size section with the wrong magic bytes
 *   MAGIC_DESCRIPTOR_SIZE=N    a hand-written magic whose descriptor_size is N
 *   MARKER_CTOR                a constructor that creates the file named by $INLET_TEST_MARKER
 *   NO_ENTRY                   no inlet_plugin_entry_v1
 *   NULL_DESCRIPTOR            the entry point returns NULL
 *   SMALL_DESCRIPTOR           struct_size smaller than ABI 1.0's descriptor
 *   DESCRIPTOR_MAJOR=N         the descriptor (not the magic) claims ABI N.x
 *   BAD_NAME                   a name outside [a-z0-9_-]+
 *   NULL_POLL                  no poll callback
 *   ABI_1_1                    a plugin as built against ABI 1.1's header: minor 1, and a
 *                              descriptor that ends where 1.1's did (before connector_data)
 */
#include <inlet/connector.h>

#include <stdio.h>
#include <stdlib.h>

#ifndef PLUGIN_NAME
#define PLUGIN_NAME "good"
#endif
#ifndef PLUGIN_ALIAS
#define PLUGIN_ALIAS "com.example.GoodConnector"
#endif

#if defined(MAGIC_MAJOR)
__attribute__((section(INLET_MAGIC_SECTION), used)) INLET_EXPORT const inlet_plugin_magic
    inlet_plugin_magic_v1 = {{'I', 'N', 'L', 'E', 'T', 'P', 'L', 'G'}, MAGIC_MAJOR, 0,
                             (uint32_t)sizeof(struct inlet_plugin), 0};
#elif defined(MAGIC_TRUNCATED)
/* Not named inlet_plugin_magic_v1: connector.h declares that name with its real type, so a
 * 6-byte array of that name would not compile. The loader reads the section, not the name. */
__attribute__((section(INLET_MAGIC_SECTION), used)) INLET_EXPORT const char
    truncated_magic[6] = {'I', 'N', 'L', 'E', 'T', 'P'};
#elif defined(MAGIC_DESCRIPTOR_SIZE)
__attribute__((section(INLET_MAGIC_SECTION), used)) INLET_EXPORT const inlet_plugin_magic
    inlet_plugin_magic_v1 = {{'I', 'N', 'L', 'E', 'T', 'P', 'L', 'G'}, INLET_ABI_MAJOR,
                             INLET_ABI_MINOR, MAGIC_DESCRIPTOR_SIZE, 0};
#elif defined(MAGIC_CORRUPT)
__attribute__((section(INLET_MAGIC_SECTION), used)) INLET_EXPORT const inlet_plugin_magic
    inlet_plugin_magic_v1 = {{'N', 'O', 'T', 'I', 'N', 'L', 'E', 'T'}, INLET_ABI_MAJOR, 0,
                             (uint32_t)sizeof(struct inlet_plugin), 0};
#elif defined(ABI_1_1)
/* 1.1 added nothing to inlet_plugin: its descriptor ends where 1.2's fields begin. */
#define DESCRIPTOR_1_1_SIZE ((uint32_t)offsetof(struct inlet_plugin, connector_data))
__attribute__((section(INLET_MAGIC_SECTION), used)) INLET_EXPORT const inlet_plugin_magic
    inlet_plugin_magic_v1 = {{'I', 'N', 'L', 'E', 'T', 'P', 'L', 'G'}, INLET_ABI_MAJOR, 1,
                             DESCRIPTOR_1_1_SIZE, 0};
#elif !defined(MAGIC_NONE)
INLET_PLUGIN_MAGIC;
#endif

#ifdef MARKER_CTOR
/* Proof of "never runs code before the checks pass": if the host dlopens this file, the marker
 * file appears. */
__attribute__((constructor)) static void leave_marker(void) {
    const char *path = getenv("INLET_TEST_MARKER");
    if (path == NULL) return;
    FILE *f = fopen(path, "w");
    if (f != NULL) {
        fputs(PLUGIN_NAME " constructor ran\n", f);
        fclose(f);
    }
}
#endif

static inlet_status start(const inlet_host *host, const inlet_config *config,
                          const inlet_offsets *restored, void **task_out, inlet_error *err) {
    (void)host, (void)config, (void)restored, (void)err;
    *task_out = NULL;
    return INLET_OK;
}

__attribute__((unused)) static inlet_status poll(void *task, inlet_emitter *emitter, uint32_t timeout_ms,
                         inlet_error *err) {
    (void)task, (void)emitter, (void)timeout_ms, (void)err;
    return INLET_FINISHED;
}

static void stop(void *task) { (void)task; }

static const char *const aliases[] = {PLUGIN_ALIAS, NULL};
static const char *const modes[] = {"fast", "slow", NULL};

static const inlet_config_key keys[] = {
    {"path", INLET_CFG_STRING, NULL, 1, "The file to read.", NULL, 0, 0, 0},
    {"mode", INLET_CFG_STRING, "fast", 0, "How to read it.", modes, 0, 0, 0},
    {"batch.size", INLET_CFG_INT, "100", 0, "Records per poll.", NULL, 1, 1, 10000},
    {"secret", INLET_CFG_PASSWORD, "hunter2-default", 0, "Never printed.", NULL, 0, 0, 0},
};

__attribute__((unused)) static const inlet_plugin descriptor = {
#ifdef SMALL_DESCRIPTOR
    16,
#elif defined(ABI_1_1)
    DESCRIPTOR_1_1_SIZE,
#else
    sizeof(inlet_plugin),
#endif
#ifdef DESCRIPTOR_MAJOR
    DESCRIPTOR_MAJOR,
#else
    INLET_ABI_MAJOR,
#endif
#ifdef ABI_1_1
    1,
#else
    INLET_ABI_MINOR,
#endif
    INLET_PLUGIN_BOUNDED,
#ifdef BAD_NAME
    "Bad Name",
#else
    PLUGIN_NAME,
#endif
    "0.0.1",
    "A test connector for the loader's accept/reject matrix",
    aliases,
    keys,
    sizeof keys / sizeof keys[0],
    sizeof(inlet_config_key),
    NULL,
    NULL,
    start,
#ifdef NULL_POLL
    NULL,
#else
    poll,
#endif
    NULL,
    NULL,
    stop,
};

#ifndef NO_ENTRY
INLET_EXPORT const inlet_plugin *inlet_plugin_entry_v1(void) {
#ifdef NULL_DESCRIPTOR
    return NULL;
#else
    return &descriptor;
#endif
}
#else
/* Keep the descriptor referenced so the variant differs only in the missing entry point. */
INLET_EXPORT const inlet_plugin *some_other_name(void) { return &descriptor; }
#endif
