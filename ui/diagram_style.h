#pragma once
// Colours of the diagrams: the Okabe–Ito palette, safe for the common colour-vision
// deficiencies, and one hue per phase of a connection. Text always carries the meaning too.
#include <QColor>

#include "core/state.h"

namespace tcpviz::ui::style {

// The colours that change with the theme (ui/theme.h): the paper, the ink, and how heavy lines
// are. The hues below stay: they carry the same meaning in every theme.
struct DiagramColors {
    QColor paper{0xFF, 0xFF, 0xFF};
    QColor ink{0x22, 0x22, 0x22};
    QColor muted{0x6B, 0x6B, 0x6B};
    QColor faint{0xC8, 0xC8, 0xC8};     // lifelines' dashes, rules, disabled things
    QColor band{0xFF, 0xF4, 0xD6};      // behind the current step
    double line = 1.0;                  // pen widths are multiplied by this
    bool dark = false;
    bool operator==(const DiagramColors&) const = default;
};

inline DiagramColors lightColors() { return {}; }
inline DiagramColors darkColors() {
    return {.paper = {0x1E, 0x1F, 0x22}, .ink = {0xE8, 0xE8, 0xE8}, .muted = {0xA0, 0xA4, 0xAA},
            .faint = {0x5A, 0x5E, 0x64}, .band = {0x3A, 0x34, 0x22}, .line = 1.0, .dark = true};
}
// Black on white with heavier lines, for projectors that wash colours out.
inline DiagramColors highContrastColors() {
    return {.paper = {0xFF, 0xFF, 0xFF}, .ink = {0x00, 0x00, 0x00}, .muted = {0x30, 0x30, 0x30},
            .faint = {0x70, 0x70, 0x70}, .band = {0xFF, 0xE8, 0x9A}, .line = 1.8, .dark = false};
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
inline double lineScale() { return colors().line; }
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

// A fill of the state's hue thinned with the paper, behind ink-coloured text, and a border
// that stands out on the paper.
inline QColor stateFill(core::State s) {
    const QColor c = stateColor(s), p = paper();
    const double a = colors().dark ? 0.38 : s == core::State::TimeWait ? 0.45 : 0.24;
    auto mix = [a](float paper_part, float hue) { return (1 - a) * paper_part + a * hue; };
    return QColor::fromRgbF(mix(p.redF(), c.redF()), mix(p.greenF(), c.greenF()), mix(p.blueF(), c.blueF()));
}
inline QColor stateBorder(core::State s) {
    if (colors().dark) return stateColor(s);
    return s == core::State::TimeWait ? QColor(0xA8, 0x9B, 0x00) : stateColor(s);
}

}  // namespace tcpviz::ui::style
