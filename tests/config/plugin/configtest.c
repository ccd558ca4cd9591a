/* A real connector plugin whose config definition has one key of every type, a password, a
 * range, allowed values, a required key and a validate() with a cross-key rule: what the
 * config tests validate against. It never produces records. */
#include <inlet/connector.h>

INLET_PLUGIN_MAGIC;

static const char *const modes[] = {"fast", "safe", NULL};
static const char *const colours[] = {"red", "green", "blue", NULL};
static const char *const aliases[] = {"com.example.config.ConfigTestConnector", NULL};

static const inlet_config_key keys[] = {
    {"file", INLET_CFG_STRING, NULL, 1, "The file to read.", NULL, 0, 0, 0},
    {"batch.size", INLET_CFG_INT, "100", 0, "Records per batch.", NULL, 1, 1, 1000},
    {"max.bytes", INLET_CFG_LONG, "0", 0, "A byte limit.", NULL, 0, 0, 0},
    {"ratio", INLET_CFG_DOUBLE, "0.5", 0, "A fraction.", NULL, 1, 0.0, 1.0},
    {"follow", INLET_CFG_BOOLEAN, "false", 0, "Keep reading at the end.", NULL, 0, 0, 0},
    {"colours", INLET_CFG_LIST, "", 0, "Some colours.", colours, 0, 0, 0},
    {"mode", INLET_CFG_STRING, "safe", 0, "How to go.", modes, 0, 0, 0},
    {"secret", INLET_CFG_PASSWORD, NULL, 0, "A password.", NULL, 0, 0, 0},
    {"topic", INLET_CFG_STRING, "out", 0, "The topic.", NULL, 0, 0, 0},
};

/* Cross-key rule: mode=fast cannot follow. Quotes the secret in its message when the secret is
 * "leak-me…", so the tests can prove the host redacts what a plugin echoes. */
static inlet_status validate(const inlet_host *host, const inlet_config *config, inlet_error *err) {
    const char *mode = host->config_get(config, "mode");
    const char *follow = host->config_get(config, "follow");
    const char *secret = host->config_get(config, "secret");
    if (secret != NULL && strncmp(secret, "leak-me", 7) == 0) {
        inlet_error_set(err, "secret '%s' is not accepted", secret);
        return INLET_INVALID_CONFIG;
    }
    if (mode != NULL && follow != NULL && strcmp(mode, "fast") == 0 && strcmp(follow, "true") == 0) {
        inlet_error_set(err, "key 'follow': cannot follow in mode=fast");
        return INLET_INVALID_CONFIG;
    }
    return INLET_OK;
}

static inlet_status start(const inlet_host *host, const inlet_config *config,
                          const inlet_offsets *restored, void **task_out, inlet_error *err) {
    (void)host, (void)config, (void)restored, (void)err;
    static int task;
    *task_out = &task;
    return INLET_OK;
}

static inlet_status poll(void *task, inlet_emitter *emitter, uint32_t timeout_ms, inlet_error *err) {
    (void)task, (void)emitter, (void)timeout_ms, (void)err;
    return INLET_FINISHED;
}

static void stop(void *task) { (void)task; }

static const inlet_plugin descriptor = {
    sizeof(inlet_plugin), INLET_ABI_MAJOR, INLET_ABI_MINOR, 0,
    "configtest", "1.0.0", "Config validation test connector (emits nothing)", aliases,
    keys, sizeof keys / sizeof keys[0], sizeof(inlet_config_key),
    validate, NULL, start, poll, NULL, NULL, stop};

INLET_EXTERN_C INLET_EXPORT const inlet_plugin *inlet_plugin_entry_v1(void) { return &descriptor; }
