#include "relay/forced_command.hpp"

#include "util/text.hpp"

#include <algorithm>

namespace relay {

std::optional<std::vector<std::string>> split_command_words(std::string_view command) {
    std::vector<std::string> words;
    std::string word;
    bool in_word = false;
    char quote = 0;
    for (std::size_t i = 0; i < command.size(); ++i) {
        char c = command[i];
        if (quote != 0) {
            if (c == quote) {
                quote = 0;
            } else if (c == '\\' && quote == '"' && i + 1 < command.size()) {
                word += command[++i];
            } else {
                word += c;
            }
        } else if (c == '\'' || c == '"') {
            quote = c;
            in_word = true;
        } else if (c == '\\' && i + 1 < command.size()) {
            word += command[++i];
            in_word = true;
        } else if (c == ' ' || c == '\t' || c == '\n') {
            if (in_word) {
                words.push_back(std::move(word));
                word.clear();
                in_word = false;
            }
        } else {
            word += c;
            in_word = true;
        }
    }
    if (quote != 0) {
        return std::nullopt;
    }
    if (in_word) {
        words.push_back(std::move(word));
    }
    return words;
}

SessionKind classify_session(const std::optional<std::string>& original_command) {
    if (!original_command) {
        return SessionKind::interactive;
    }
    auto words = split_command_words(*original_command);
    if (!words || words->empty()) {
        return words ? SessionKind::interactive : SessionKind::other_command;
    }
    auto base = util::file_name(words->front());
    bool inetd = std::ranges::find(*words, "--inetd") != words->end();
    return base == "distccd" && inetd ? SessionKind::distccd : SessionKind::other_command;
}

} // namespace relay
