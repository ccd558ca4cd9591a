#include "sink/format.hpp"

namespace inlet::host {

std::unique_ptr<Format> make_envelope_format();
std::unique_ptr<Format> make_value_format();
std::unique_ptr<Format> make_connect_json_format();

std::unique_ptr<Format> make_format(OutputFormat format) {
    switch (format) {
    case OutputFormat::envelope: return make_envelope_format();
    case OutputFormat::value: return make_value_format();
    case OutputFormat::connect_json: return make_connect_json_format();
    }
    return make_envelope_format();
}

} // namespace inlet::host
