#pragma once
// The eleven connection states of RFC 9293 §3.3.2, and the causes of transitions between them.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace tcpviz::core {

enum class State : std::uint8_t {
    Closed,
    Listen,
    SynSent,
    SynReceived,
    Established,
    FinWait1,
    FinWait2,
    CloseWait,
    Closing,
    LastAck,
    TimeWait,
};
inline constexpr std::size_t kStateCount = 11;
inline constexpr std::array<State, kStateCount> kAllStates = {
    State::Closed,   State::Listen,    State::SynSent,   State::SynReceived,
    State::Established, State::FinWait1, State::FinWait2, State::CloseWait,
    State::Closing,  State::LastAck,   State::TimeWait};

// The RFC's spelling ("SYN-RECEIVED"); traces always use this one.
std::string_view stateName(State s);
// The spelling of many textbooks and of netstat ("SYN_RCVD", "FIN_WAIT_1").
std::string_view textbookStateName(State s);
std::optional<State> stateFromName(std::string_view name);

// Synchronized states (RFC 9293 §3.10.7.4): both ISNs known.
constexpr bool isSynchronized(State s) {
    return s != State::Closed && s != State::Listen && s != State::SynSent &&
           s != State::SynReceived;
}

// Why a state changed. Each (from, to, cause) of a trace is one edge of core::StateGraph.
enum class Cause : std::uint8_t {
    PassiveOpen,        // OPEN call, passive (listen)
    ActiveOpen,         // OPEN call, active (connect)
    Send,               // SEND call in LISTEN (RFC 9293 §3.10.2)
    Close,              // CLOSE call
    Abort,              // ABORT call
    Reboot,             // the host crashed and lost its TCB (no segment is sent)
    RcvSyn,             // a SYN arrived (LISTEN; SYN-SENT in a simultaneous open; SYN-RECEIVED)
    RcvSynTwoWay,       // teaching variant: a SYN completes a two-way handshake
    RcvSynAck,          // SYN,ACK acknowledging our SYN arrived in SYN-SENT
    RcvAckOfSyn,        // the ACK of our SYN arrived in SYN-RECEIVED
    RcvFin,             // a FIN arrived
    RcvFinAckOfFin,     // a FIN arrived that also acknowledges our FIN (FIN-WAIT-1 -> TIME-WAIT)
    RcvAckOfFin,        // the ACK of our FIN arrived
    RcvRst,             // an acceptable RST arrived
    Timeout2Msl,        // the TIME-WAIT timer expired
    RetransmitLimit,    // too many retransmissions: the connection is given up
    UserTimeout,        // the user timeout expired (RFC 9293 §3.10.8)
    RcvSynNewIsn,       // TIME-WAIT: a SYN beyond the old sequence space (Linux, RFC 6191)
    // A host's kernel, not RFC 9293 (a simulation of hosts):
    FinTimeout,         // an orphaned FIN-WAIT-2 past net.ipv4.tcp_fin_timeout (Linux) is gone
    TimeWaitReused,     // a new connect() took over the TIME-WAIT 4-tuple (net.ipv4.tcp_tw_reuse)
};
inline constexpr std::size_t kCauseCount = 20;

// A short label in the style of RFC 9293 Figure 5 ("rcv SYN", "CLOSE", "Timeout=2MSL").
std::string_view causeName(Cause c);
std::optional<Cause> causeFromName(std::string_view name);

}  // namespace tcpviz::core
