#pragma once

#include <string>
#include <utility>
#include <vector>

namespace metrics {

using Labels = std::vector<std::pair<std::string, std::string>>;

// One time series: its labels and its current value.
struct Sample {
    Labels labels;
    double value = 0;
};

// A metric family as the Prometheus text format (0.0.4) writes it: one HELP and one TYPE
// line, then a line per sample.
struct Family {
    std::string name; // with its unit and, for a counter, "_total" (Prometheus naming)
    std::string help;
    std::string type; // "counter" or "gauge" (an info metric is a gauge of value 1)
    std::vector<Sample> samples;
};

// A family with one unlabelled sample.
Family single(std::string name, std::string help, std::string type, double value);

// The exposition text of `families`, in order. Label values are escaped (\\, \", \n);
// whole numbers are written without a fraction.
std::string render_exposition(const std::vector<Family>& families);

} // namespace metrics
