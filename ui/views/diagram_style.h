#pragma once
// Colours of the diagrams: the Okabe–Ito palette, safe for the common colour-vision
// deficiencies, and one hue per phase of a connection. Text always carries the meaning too.
#include <QColor>

#include "core/tcp/state.h"

namespace tcpviz::ui::style {

// The colours that change with the theme (ui/shell/theme.h): the paper, the ink, and how heavy lines
// are. The hues below stay: they carry the same meaning in every theme.
struct DiagramColors {
    QColor paper{0xFF, 0xFF, 0xFF};
    QColor ink{0x22, 0x22, 0x22};
    QColor muted{0x6B, 0x6B, 0x6B};
    QColor faint{0xC8, 0xC8, 0xC8};     // lifelines' dashes, rules, disabled things
    QColor band{0xFF, 0xF4, 0xD6};      // behind the current step
    QColor surface{0xF3, 0xF3, 0xF3};   // notes, lifeline headers
    QColor edge{0x9A, 0x9A, 0x9A};      // the border of a note
    QColor tail{0xB0, 0xB0, 0xB0};      // the dotted lifeline below the last event
    QColor selected{0xFF, 0xEB, 0xC2};  // behind the label of the selected segment
    double line = 1.0;                  // pen widths are multiplied by this
    bool dark = false;
    bool operator==(const DiagramColors&) const = default;
};

inline DiagramColors lightColors() { return {}; }
inline DiagramColors darkColors() {
    return {.paper = {0x1E, 0x1F, 0x22}, .ink = {0xE8, 0xE8, 0xE8}, .muted = {0xA0, 0xA4, 0xAA},
            .faint = {0x5A, 0x5E, 0x64}, .band = {0x3A, 0x34, 0x22}, .surface = {0x2C, 0x2E, 0x33},
            .edge = {0x80, 0x84, 0x8A}, .tail = {0x6A, 0x6E, 0x74}, .selected = {0x5A, 0x4A, 0x20},
            .line = 1.0, .dark = true};
}
// Black on white with heavier lines, for projectors that wash colours out.
inline DiagramColors highContrastColors() {
    return {.paper = {0xFF, 0xFF, 0xFF}, .ink = {0x00, 0x00, 0x00}, .muted = {0x30, 0x30, 0x30},
            .faint = {0x70, 0x70, 0x70}, .band = {0xFF, 0xE8, 0x9A}, .surface = {0xFF, 0xFF, 0xFF},
            .edge = {0x00, 0x00, 0x00}, .tail = {0x50, 0x50, 0x50}, .selected = {0xFF, 0xE0, 0x8A},
            .line = 1.8, .dark = false};
}

namespace detail {
inline DiagramColors& current() {
    static DiagramColors c;
    return c;
}
}  // namespace detail

inline const DiagramColors& colors() { return detail::current(); }
inline void setColors(const DiagramColors& c) { detail::current() = c; }

// Exports are printed and projected on white: the light colours while one is drawn.
class ScopedPrintColors {
public:
    ScopedPrintColors() : m_saved(colors()) { setColors(lightColors()); }
    ~ScopedPrintColors() { setColors(m_saved); }
    ScopedPrintColors(const ScopedPrintColors&) = delete;
    ScopedPrintColors& operator=(const ScopedPrintColors&) = delete;

private:
    DiagramColors m_saved;
};

inline QColor paper() { return colors().paper; }
inline QColor ink() { return colors().ink; }
inline QColor muted() { return colors().muted; }
inline QColor faint() { return colors().faint; }
// The current step's arrow and label: blue, a lighter one on dark paper.
inline QColor current() { return colors().dark ? QColor(0x56, 0xB4, 0xE9) : QColor(0x00, 0x72, 0xB2); }
inline double lineScale() { return colors().line; }
// `hue` thinned with the paper: a tint that reads as `hue` on light and dark paper alike.
inline QColor tint(const QColor& hue, double amount) {
    const QColor p = paper();
    auto mix = [amount](float paper_part, float h) { return (1 - amount) * paper_part + amount * h; };
    return QColor::fromRgbF(mix(p.redF(), hue.redF()), mix(p.greenF(), hue.greenF()), mix(p.blueF(), hue.blueF()));
}
inline QColor orange() { return {0xE6, 0x9F, 0x00}; }
inline QColor skyBlue() { return {0x56, 0xB4, 0xE9}; }
inline QColor bluishGreen() { return {0x00, 0x9E, 0x73}; }
inline QColor yellow() { return {0xF0, 0xE4, 0x42}; }
inline QColor blue() { return {0x00, 0x72, 0xB2}; }
inline QColor vermillion() { return {0xD5, 0x5E, 0x00}; }
inline QColor reddishPurple() { return {0xCC, 0x79, 0xA7}; }

// The tags on arrows, shared by the diagram and the key of exports. What the timer caused is
// warm (orange, like the RTO bracket's vermillion); what ACKs caused is cool: the duplicate ACKs
// sky blue, the fast retransmission they trigger bluish green. Copies the network made, and old
// duplicates injected by the scenario, are purple; the rest (window probe, challenge ACK, ...)
// orange.
inline QColor retransmissionTagColor() { return orange(); }
inline QColor fastRetransmissionTagColor() { return bluishGreen(); }
inline QColor dupAckTagColor() { return skyBlue(); }
inline QColor copyTagColor() { return reddishPurple(); }
// The line where a simulation cut at its horizon stops.
inline QColor horizonColor() { return vermillion(); }

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

// A fill of the state's hue thinned with the paper, behind ink-coloured text, and a border
// that stands out on the paper.
inline QColor stateFill(core::State s) {
    return tint(stateColor(s), colors().dark ? 0.38 : s == core::State::TimeWait ? 0.45 : 0.24);
}
inline QColor stateBorder(core::State s) {
    if (colors().dark) return stateColor(s);
    return s == core::State::TimeWait ? QColor(0xA8, 0x9B, 0x00) : stateColor(s);
}

}  // namespace tcpviz::ui::style
