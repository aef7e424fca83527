#pragma once
// The user calls of RFC 9293 §3.10.1-§3.10.6 (OPEN passive or active, SEND, RECEIVE, CLOSE,
// ABORT), and a reboot, which loses the TCB: what a script or a program asks of an endpoint.
#include <cstdint>
#include <optional>
#include <string_view>

namespace tcpviz::core {

enum class CallKind : std::uint8_t { Listen, Connect, Send, Receive, Close, Abort, Reboot };
std::string_view callName(CallKind c);   // "listen", "connect", ...
std::optional<CallKind> callFromName(std::string_view name);

}  // namespace tcpviz::core
