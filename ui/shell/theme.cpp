#include "ui/shell/theme.h"

#include <QApplication>
#include <QFont>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

#include "ui/views/diagram_style.h"

namespace tcpviz::ui {

namespace {

struct Saved {
    bool taken = false;
    QPalette palette;
    QString style;
    QFont font;
    Theme theme = Theme::System;
};

Saved& saved() {
    static Saved s;
    return s;
}

QPalette darkPalette() {
    QPalette p;
    const QColor window(0x2B, 0x2D, 0x31), base(0x1E, 0x1F, 0x22), text(0xE8, 0xE8, 0xE8);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, QColor(0x3A, 0x3D, 0x42));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x8A, 0x8E, 0x94));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Light, QColor(0x45, 0x48, 0x4E));
    p.setColor(QPalette::Midlight, QColor(0x3A, 0x3D, 0x42));
    p.setColor(QPalette::Mid, QColor(0x25, 0x27, 0x2A));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1B));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Highlight, QColor(0x35, 0x84, 0xE4));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x56, 0xB4, 0xE9));
    for (QPalette::ColorRole r : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, r, QColor(0x7A, 0x7E, 0x84));
    return p;
}

QPalette highContrastPalette() {
    QPalette p;
    const QColor white(Qt::white), black(Qt::black);
    for (QPalette::ColorRole r : {QPalette::Window, QPalette::Base, QPalette::AlternateBase, QPalette::Button,
                                  QPalette::ToolTipBase, QPalette::Light, QPalette::Midlight})
        p.setColor(r, white);
    for (QPalette::ColorRole r : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText, QPalette::ToolTipText,
                                  QPalette::Dark, QPalette::Shadow, QPalette::Mid})
        p.setColor(r, black);
    p.setColor(QPalette::Highlight, QColor(0x00, 0x00, 0xB0));
    p.setColor(QPalette::HighlightedText, white);
    p.setColor(QPalette::Link, QColor(0x00, 0x00, 0xB0));
    p.setColor(QPalette::PlaceholderText, QColor(0x40, 0x40, 0x40));
    for (QPalette::ColorRole r : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, r, QColor(0x55, 0x55, 0x55));
    return p;
}

bool paletteIsDark(const QPalette& p) { return p.color(QPalette::Window).lightness() < 128; }

}  // namespace

QString themeName(Theme t) {
    switch (t) {
        case Theme::System: return QStringLiteral("system");
        case Theme::Light: return QStringLiteral("light");
        case Theme::Dark: return QStringLiteral("dark");
        case Theme::HighContrast: return QStringLiteral("high-contrast");
    }
    return {};
}

std::optional<Theme> themeFromName(const QString& name) {
    for (Theme t : kAllThemes)
        if (themeName(t) == name) return t;
    return std::nullopt;
}

void Themes::apply(Theme t) {
    Saved& s = saved();
    if (!s.taken) {
        // What the desktop gave us, to go back to when the user follows the system again.
        s.taken = true;
        s.palette = QApplication::palette();
        s.style = QApplication::style()->name();
        s.font = QApplication::font();
    }
    s.theme = t;
    if (t == Theme::System) {
        QApplication::setStyle(QStyleFactory::create(s.style));
        QApplication::setPalette(s.palette);
        QApplication::setFont(s.font);
        style::setColors(paletteIsDark(s.palette) ? style::darkColors() : style::lightColors());
        return;
    }
    // Fusion draws with the palette alone, so the same look on every desktop.
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QFont font = s.font;
    switch (t) {
        case Theme::Light:
            QApplication::setPalette(QApplication::style()->standardPalette());
            style::setColors(style::lightColors());
            break;
        case Theme::Dark:
            QApplication::setPalette(darkPalette());
            style::setColors(style::darkColors());
            break;
        case Theme::HighContrast:
            QApplication::setPalette(highContrastPalette());
            style::setColors(style::highContrastColors());
            // Heavier text for the window too: thin grey strokes vanish on a washed-out screen.
            font.setWeight(QFont::Medium);
            break;
        case Theme::System:
            break;
    }
    QApplication::setFont(font);
}

Theme Themes::current() { return saved().theme; }

bool Themes::isDark() { return style::colors().dark; }

}  // namespace tcpviz::ui
