// metrics::render_exposition with hostile label values and help texts: every sample stays on
// one line and its label values read back the same (support/exposition_check.hpp).
// Input: one record per line (see support/records.hpp); its first byte says where the rest
// goes: f new family (help text), s new sample (a label value), l one more label value,
// v the last sample's value.
#include "metrics/exposition.hpp"
#include "support/exposition_check.hpp"
#include "support/records.hpp"
#include "util/number.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>

namespace {

metrics::Family& last_family(std::vector<metrics::Family>& families) {
    if (families.empty()) {
        families.push_back({"fuzz_metric_0", "", "gauge", {}});
    }
    return families.back();
}

metrics::Sample& last_sample(std::vector<metrics::Family>& families) {
    auto& family = last_family(families);
    if (family.samples.empty()) {
        family.samples.emplace_back();
    }
    return family.samples.back();
}

double value_of(const std::string& text) {
    if (text == "nan") {
        return std::nan("");
    }
    if (text == "inf" || text == "-inf") {
        return text == "inf" ? HUGE_VAL : -HUGE_VAL;
    }
    return util::parse_decimal(text).value_or(0);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<metrics::Family> families;
    for (auto& record : fuzz_support::split_records({reinterpret_cast<const char*>(data), size})) {
        if (record.empty()) {
            continue;
        }
        auto value = record.substr(1);
        switch (record.front()) {
        case 'f':
            families.push_back({"fuzz_metric_" + std::to_string(families.size()),
                                value,
                                families.size() % 2 == 0 ? "gauge" : "counter",
                                {}});
            break;
        case 's':
            last_family(families).samples.push_back({{{"label", value}}, 1});
            break;
        case 'l': {
            auto& labels = last_sample(families).labels;
            labels.emplace_back("label_" + std::to_string(labels.size()), value);
            break;
        }
        case 'v':
            last_sample(families).value = value_of(value);
            break;
        default:
            break;
        }
    }
    fuzz_support::check_exposition(families, metrics::render_exposition(families));
    return 0;
}
