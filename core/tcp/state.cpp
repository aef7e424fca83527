#include "core/tcp/state.h"

#include <algorithm>

namespace tcpviz::core {
namespace {

constexpr std::array<std::string_view, kStateCount> kRfcNames = {
    "CLOSED",     "LISTEN",     "SYN-SENT",   "SYN-RECEIVED", "ESTABLISHED", "FIN-WAIT-1",
    "FIN-WAIT-2", "CLOSE-WAIT", "CLOSING",    "LAST-ACK",     "TIME-WAIT"};
constexpr std::array<std::string_view, kStateCount> kTextbookNames = {
    "CLOSED",     "LISTEN",     "SYN_SENT",   "SYN_RCVD", "ESTABLISHED", "FIN_WAIT_1",
    "FIN_WAIT_2", "CLOSE_WAIT", "CLOSING",    "LAST_ACK", "TIME_WAIT"};
constexpr std::array<std::string_view, kCauseCount> kCauseNames = {
    "passive OPEN",     "active OPEN",     "SEND",         "CLOSE",
    "ABORT",            "reboot",          "rcv SYN",      "rcv SYN (two-way handshake)",
    "rcv SYN,ACK",      "rcv ACK of SYN",  "rcv FIN",      "rcv FIN,ACK of FIN",
    "rcv ACK of FIN",   "rcv RST",         "Timeout=2MSL",
    "retransmission limit", "user timeout", "rcv SYN (new ISN)", "tcp_fin_timeout",
    "tw_reuse"};

template <typename Enum, std::size_t N>
std::optional<Enum> lookup(const std::array<std::string_view, N>& names, std::string_view name) {
    auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) return std::nullopt;
    return static_cast<Enum>(it - names.begin());
}

}  // namespace

std::string_view stateName(State s) { return kRfcNames[static_cast<std::size_t>(s)]; }
std::string_view textbookStateName(State s) { return kTextbookNames[static_cast<std::size_t>(s)]; }
std::optional<State> stateFromName(std::string_view name) {
    if (auto s = lookup<State>(kRfcNames, name)) return s;
    return lookup<State>(kTextbookNames, name);
}

std::string_view causeName(Cause c) { return kCauseNames[static_cast<std::size_t>(c)]; }
std::optional<Cause> causeFromName(std::string_view name) {
    return lookup<Cause>(kCauseNames, name);
}

}  // namespace tcpviz::core
