#include "sink/format.hpp"

namespace inlet::host {

std::unique_ptr<Format> make_envelope_format();
std::unique_ptr<Format> make_value_format();
std::unique_ptr<Format> make_connect_json_format();
std::unique_ptr<Format> make_json_format();
std::unique_ptr<Format> make_string_format();
std::unique_ptr<Format> make_bytes_format();

std::unique_ptr<Format> make_format(OutputFormat format) {
    switch (format) {
    case OutputFormat::envelope: return make_envelope_format();
    case OutputFormat::value: return make_value_format();
    case OutputFormat::connect_json: return make_connect_json_format();
    case OutputFormat::json: return make_json_format();
    case OutputFormat::string: return make_string_format();
    case OutputFormat::bytes: return make_bytes_format();
    }
    return make_envelope_format();
}

} // namespace inlet::host
