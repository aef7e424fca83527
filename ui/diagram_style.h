#pragma once
// Colours of the diagrams: the Okabe–Ito palette, safe for the common colour-vision
// deficiencies, and one hue per phase of a connection. Text always carries the meaning too.
#include <QColor>

#include "core/state.h"

namespace tcpviz::ui::style {

inline QColor ink() { return {0x22, 0x22, 0x22}; }
inline QColor muted() { return {0x6B, 0x6B, 0x6B}; }
inline QColor orange() { return {0xE6, 0x9F, 0x00}; }
inline QColor skyBlue() { return {0x56, 0xB4, 0xE9}; }
inline QColor bluishGreen() { return {0x00, 0x9E, 0x73}; }
inline QColor yellow() { return {0xF0, 0xE4, 0x42}; }
inline QColor blue() { return {0x00, 0x72, 0xB2}; }
inline QColor vermillion() { return {0xD5, 0x5E, 0x00}; }
inline QColor reddishPurple() { return {0xCC, 0x79, 0xA7}; }

// The hue of a state: opening orange, established green, closing purple (active) or blue
// (passive), TIME-WAIT yellow, CLOSED grey, LISTEN sky blue.
inline QColor stateColor(core::State s) {
    using core::State;
    switch (s) {
        case State::Closed: return {0x8C, 0x8C, 0x8C};
        case State::Listen: return skyBlue();
        case State::SynSent:
        case State::SynReceived: return orange();
        case State::Established: return bluishGreen();
        case State::FinWait1:
        case State::FinWait2:
        case State::Closing: return reddishPurple();
        case State::CloseWait:
        case State::LastAck: return blue();
        case State::TimeWait: return yellow();
    }
    return muted();
}

// A light fill behind black text, and a border dark enough to see on white.
inline QColor stateFill(core::State s) {
    const QColor c = stateColor(s);
    const double a = s == core::State::TimeWait ? 0.45 : 0.24;
    return QColor::fromRgbF(1 - a + a * c.redF(), 1 - a + a * c.greenF(), 1 - a + a * c.blueF());
}
inline QColor stateBorder(core::State s) {
    return s == core::State::TimeWait ? QColor(0xA8, 0x9B, 0x00) : stateColor(s);
}

}  // namespace tcpviz::ui::style
