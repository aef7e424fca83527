#pragma once
// The look of the window: follow the system, light, dark, or high contrast for washed-out
// projectors. The application palette changes, and so do the diagrams' colours
// (style::colors()); exports always use the light look (style::ScopedPrintColors).
#include <QString>
#include <optional>

namespace tcpviz::ui {

enum class Theme { System, Light, Dark, HighContrast };

inline constexpr Theme kAllThemes[] = {Theme::System, Theme::Light, Theme::Dark, Theme::HighContrast};

// "system", "light", "dark", "high-contrast" (settings and --theme).
QString themeName(Theme t);
std::optional<Theme> themeFromName(const QString& name);

class Themes {
public:
    // Sets the application's style and palette and the diagrams' colours. Call with a
    // QApplication running.
    static void apply(Theme t);
    [[nodiscard]] static Theme current();
    // Whether the theme in effect draws light on dark (Dark, or System on a dark desktop).
    [[nodiscard]] static bool isDark();
};

}  // namespace tcpviz::ui
