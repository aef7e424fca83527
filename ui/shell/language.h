#pragma once
// The language of the user interface, switchable while the program runs.
//
// setLanguage() replaces the installed translators (Qt's own and tcpviz's, embedded under
// :/i18n) and the default locale, which also picks the scenario titles
// (SessionModel::language()). Qt then sends QEvent::LanguageChange to every widget; windows
// retranslate themselves when they receive it.
#include <QString>
#include <QStringList>

class QLocale;

namespace tcpviz::ui {

class Language {
public:
    // "en" and "zh_CN", in menu order.
    static QStringList available();
    // The language's own name, for the menu: "English", "简体中文".
    static QString nativeName(const QString& language);
    // The language we have for `locale`: any Chinese → zh_CN, else English.
    static QString ofLocale(const QLocale& locale);
    // The system's language if we have it, else English.
    static QString systemDefault();
    // The language chosen at startup: `requested` (--lang) if not empty, else the one saved
    // in the settings, else the system's.
    static QString startup(const QString& requested);
    // Installs the translators for `language` (one of available()); false for others.
    static bool setLanguage(const QString& language);
    [[nodiscard]] static QString current();
    // The user's choice, kept in QSettings ("ui/language").
    static void save(const QString& language);
};

}  // namespace tcpviz::ui
