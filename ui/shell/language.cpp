#include "ui/shell/language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QPointer>
#include <QSettings>
#include <QTranslator>

namespace tcpviz::ui {

namespace {

const QString kSettingsKey = QStringLiteral("ui/language");

struct Installed {
    QString language;
    QPointer<QTranslator> qt, own;
};

Installed& installed() {
    static Installed i;
    return i;
}

QLocale localeOf(const QString& language) {
    return language == QLatin1String("zh_CN") ? QLocale(QLocale::Chinese, QLocale::China)
                                              : QLocale(QLocale::English, QLocale::UnitedStates);
}

}  // namespace

QStringList Language::available() { return {QStringLiteral("en"), QStringLiteral("zh_CN")}; }

QString Language::nativeName(const QString& language) {
    // Each language in its own words, so a user who cannot read the current one finds theirs.
    if (language == QLatin1String("zh_CN")) return QStringLiteral("简体中文");
    return QStringLiteral("English");
}

QString Language::ofLocale(const QLocale& locale) {
    return locale.language() == QLocale::Chinese ? QStringLiteral("zh_CN") : QStringLiteral("en");
}

QString Language::systemDefault() { return ofLocale(QLocale::system()); }

QString Language::startup(const QString& requested) {
    if (!requested.isEmpty()) return requested;
    const QString saved = QSettings().value(kSettingsKey).toString();
    if (available().contains(saved)) return saved;
    return systemDefault();
}

bool Language::setLanguage(const QString& language) {
    if (!available().contains(language)) return false;
    auto* app = QCoreApplication::instance();
    Installed& now = installed();
    // The default locale first: widgets retranslating on the LanguageChange that installing
    // a translator sends already see the new language's scenario titles and number formats.
    const QLocale locale = localeOf(language);
    QLocale::setDefault(locale);
    for (QPointer<QTranslator>* t : {&now.qt, &now.own}) {
        if (*t) {
            QCoreApplication::removeTranslator(*t);
            delete t->data();
        }
    }
    now.language = language;
    auto* qt = new QTranslator(app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    now.qt = qt;
    auto* own = new QTranslator(app);
    if (own->load(QStringLiteral(":/i18n/tcpviz_%1").arg(language))) QCoreApplication::installTranslator(own);
    now.own = own;
    return true;
}

QString Language::current() {
    const QString& l = installed().language;
    return l.isEmpty() ? systemDefault() : l;
}

void Language::save(const QString& language) { QSettings().setValue(kSettingsKey, language); }

}  // namespace tcpviz::ui
