#include "core/tcp/user_call.h"

#include <algorithm>
#include <array>

namespace tcpviz::core {
namespace {
constexpr std::array<std::string_view, 7> kCallNames = {"listen", "connect", "send", "receive",
                                                        "close",  "abort",   "reboot"};
}  // namespace

std::string_view callName(CallKind c) { return kCallNames[static_cast<std::size_t>(c)]; }

std::optional<CallKind> callFromName(std::string_view name) {
    auto it = std::find(kCallNames.begin(), kCallNames.end(), name);
    if (it == kCallNames.end()) return std::nullopt;
    return static_cast<CallKind>(it - kCallNames.begin());
}

}  // namespace tcpviz::core
