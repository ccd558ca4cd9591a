// PluginRegistry::load_file: permissions, loading, and the descriptor checks.
#include "loader/plugin.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <cstring>

namespace fs = std::filesystem;
using inlet::host::PluginRegistry;
using loader_test::plugin;
using loader_test::ScopedEnv;
using loader_test::TempDir;

namespace {

// The reason load_file gives for `file`, after checking it refused.
std::string refusal(const fs::path &file) {
    std::string why;
    auto p = PluginRegistry::load_file(file, why);
    CHECK(p == nullptr);
    CHECK_FALSE(why.empty());
    return why;
}

bool contains(const std::string &text, const std::string &part) {
    return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("a good plugin loads with its identity and config definition") {
    std::string why;
    auto p = PluginRegistry::load_file(plugin("good"), why);
    REQUIRE_MESSAGE(p != nullptr, why);
    CHECK(why.empty());
    CHECK(p->name() == "good");
    CHECK(std::string(p->descriptor().version) == "0.0.1");
    CHECK(p->abi_minor() == INLET_ABI_MINOR);
    CHECK(p->path() == plugin("good"));
    REQUIRE(p->aliases().size() == 1);
    CHECK(p->aliases()[0] == "com.example.GoodConnector");
    REQUIRE(p->config_keys().size() == 4);
    const inlet_config_key *mode = p->find_key("mode");
    REQUIRE(mode != nullptr);
    CHECK(std::string(mode->default_value) == "fast");
    CHECK(std::string(mode->allowed[1]) == "slow");
    const inlet_config_key *batch = p->find_key("batch.size");
    REQUIRE(batch != nullptr);
    CHECK(batch->has_range);
    CHECK(batch->max == 10000);
    CHECK(p->find_key("secret")->type == INLET_CFG_PASSWORD);
    CHECK(p->find_key("nope") == nullptr);
    // The callbacks are callable: the library is really loaded.
    void *task = &why;
    CHECK(p->descriptor().start(nullptr, nullptr, nullptr, &task, nullptr) == INLET_OK);
    CHECK(task == nullptr);
}

TEST_CASE("a plugin built against ABI 1.1 still loads; the 1.2 fields read as absent") {
    // connector.h's rule: a newer host runs an older plugin, its missing trailing fields NULL.
    std::string why;
    auto p = PluginRegistry::load_file(plugin("abi_1_1"), why);
    REQUIRE_MESSAGE(p != nullptr, why);
    CHECK(p->name() == "old");
    CHECK(p->abi_minor() == 1);
    CHECK(p->descriptor().struct_size == offsetof(inlet_plugin, connector_data));
    CHECK(bool(p->descriptor().connector_data == nullptr));
    CHECK(bool(p->descriptor().exactly_once == nullptr));
    CHECK(bool(p->descriptor().list_connectors == nullptr));
    CHECK(bool(p->descriptor().open_connector == nullptr));
    REQUIRE(p->config_keys().size() == 4);
}

TEST_CASE("a wrong-ABI plugin never runs its constructor in the host") {
    TempDir dir;
    // Control: the same constructor in a plugin that passes the probe does leave its marker, so
    // the absence below means something.
    {
        ScopedEnv marker("INLET_TEST_MARKER", (dir.path() / "control").string());
        std::string why;
        auto p = PluginRegistry::load_file(plugin("ctor_ok"), why);
        CHECK_MESSAGE(p != nullptr, why);
        CHECK(fs::exists(dir.path() / "control"));
    }
    ScopedEnv marker("INLET_TEST_MARKER", (dir.path() / "wrong_abi").string());
    CHECK(refusal(plugin("wrong_abi")) == "built for connector ABI 2.x; this inlet speaks 1.x");
    CHECK_FALSE(fs::exists(dir.path() / "wrong_abi"));
}

TEST_CASE("a plugin without the entry point is refused") {
    CHECK(contains(refusal(plugin("no_entry")), "no entry point inlet_plugin_entry_v1"));
}

TEST_CASE("a bad descriptor is refused with the reason") {
    CHECK(refusal(plugin("null_descriptor")) == "inlet_plugin_entry_v1 returned NULL");
    CHECK(contains(refusal(plugin("small_descriptor")), "descriptor too small (struct_size 16"));
    CHECK(refusal(plugin("descriptor_major")) ==
          "descriptor built for connector ABI 2.x; this inlet speaks 1.x");
    CHECK(contains(refusal(plugin("bad_name")), "plugin name 'Bad Name' must match [a-z0-9_-]+"));
    CHECK(refusal(plugin("null_poll")) == "plugin 'good' has no poll callback");
}

TEST_CASE("a magic whose descriptor_size is wrong is refused") {
    // Too small for any v1 descriptor: refused by the probe, before the file is loaded.
    TempDir dir;
    ScopedEnv marker("INLET_TEST_MARKER", (dir.path() / "small").string());
    const std::string small = refusal(plugin("magic_size_small"));
    CHECK(contains(small, "corrupt magic: descriptor_size 16 is smaller than the connector ABI 1.0 "
                          "descriptor"));
    CHECK_FALSE(fs::exists(dir.path() / "small"));
    // Plausible but not the descriptor's struct_size: refused once the descriptor is read.
    CHECK(refusal(plugin("magic_size_mismatch")) ==
          "the magic's descriptor_size (" + std::to_string(sizeof(inlet_plugin) + 8) +
              ") differs from the descriptor's struct_size (" + std::to_string(sizeof(inlet_plugin)) +
              "); define the magic with INLET_PLUGIN_MAGIC");
}

TEST_CASE("files or folders writable by group or others are refused") {
    TempDir dir;
    const fs::path file = dir.add(plugin("good"), "good.so");
    std::string why;
    REQUIRE_MESSAGE(PluginRegistry::load_file(file, why) != nullptr, why);

    SUBCASE("file mode 0666") {
        fs::permissions(file, fs::perms(0666));
        const std::string reason = refusal(file);
        CHECK(contains(reason, "refusing " + fs::canonical(file).string()));
        CHECK(contains(reason, "writable by group or others (chmod go-w"));
    }
    SUBCASE("file mode 0620 (group only)") {
        fs::permissions(file, fs::perms(0620));
        CHECK(contains(refusal(file), "writable by group or others"));
    }
    SUBCASE("folder mode 0777") {
        fs::permissions(dir.path(), fs::perms(0777));
        const std::string reason = refusal(file);
        CHECK(contains(reason, "its directory " + fs::canonical(dir.path()).string()));
        CHECK(contains(reason, "chmod go-w"));
        fs::permissions(dir.path(), fs::perms(0755));
        CHECK(PluginRegistry::load_file(file, why) != nullptr);
    }
    SUBCASE("a safe symlink in an unsafe folder") {
        TempDir other;
        const fs::path link = other.path() / "link.so";
        fs::create_symlink(file, link);
        fs::permissions(other.path(), fs::perms(0777));
        CHECK(contains(refusal(link), "its directory"));
    }
}
