// What the format tests share: a record rendered in one output format, a base record with a
// topic and source position, and a small Person struct schema.
#pragma once

#include "sink/format.hpp"
#include "sink/format_json.hpp"

#include <inlet/connector.hpp>

#include <string>

namespace inlet::host::test {

inline std::string render(OutputFormat f, const inlet_record &r) {
    OutBuffer out;
    make_format(f)->write(r, out);
    return std::string(out.view());
}

inline inlet::Record base() {
    inlet::Record r;
    r.topic("t").partition(R"({"f":"a"})").offset(R"({"pos":3})");
    return r;
}

inline const inlet_field person_fields[] = {{"id", &inlet::schema::int32},
                                            {"name", &inlet::schema::optional_string}};
inline const inlet_schema person = inlet::schema::structure("Person", person_fields);

} // namespace inlet::host::test
