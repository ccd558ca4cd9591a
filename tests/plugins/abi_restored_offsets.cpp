// Issue 12 item 1 across the bundled connectors: a restored offset a task cannot use fails the
// task with one message naming the partition and the offset, never a quiet start from zero
// (Kafka's FileStreamSourceTask.poll: "Offset position is the incorrect type"). The file
// plugin's cases are in abi_file_kafka.cpp; here the other bundled code path, `random`, whose
// offsets go through the SDK's Offsets::get_i64 like the template's and the examples'.
#include "driver.hpp"

using namespace plugin_test;

TEST_CASE("random: a count that is not an integer, missing or negative fails start with the value") {
    Driver drv("random");
    const KeyValues cfg = {{"generator.class", "RandomLong"}, {"topic", "t"}};
    const std::string part = "{\"task\":0}";
    for (const std::string bad : {R"({"count":"12"})", R"({"count":1.5})", R"({"count":true})",
                                  R"({"n":12})", R"({"count":-3})"}) {
        CAPTURE(bad);
        try {
            Driver::Task t(drv, cfg, {{part, bad}});
            FAIL("start should fail");
        } catch (const std::runtime_error &e) {
            const std::string msg = e.what();
            CHECK(msg.find(part) != std::string::npos);
            CHECK(msg.find(bad == R"({"count":-3})" ? "-3" : bad) != std::string::npos);
        }
    }
    // A usable count resumes; a JSON null is "no count": a fresh start.
    for (const std::string ok : {R"({"count":5})", R"({"count":null})", R"( { "count" : 5 } )"}) {
        CAPTURE(ok);
        Driver::Task t(drv, cfg, {{part, ok}});
        Collector c;
        t.poll(c, 100);
        CHECK_FALSE(c.records.empty());
    }
}
