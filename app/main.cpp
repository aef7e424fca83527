// tcpviz: the GUI, or a headless command-line verb.
#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QMessageBox>
#include <QTextStream>
#include <QTranslator>
#include <cstdio>

#include "app/cli.h"
#include "app/version.h"
#include "ui/main_window.h"
#include "ui/session_model.h"

using namespace tcpviz;

namespace {

// The language to show: the one asked for with --lang, else the system's (any Chinese → zh_CN).
QString chooseLanguage(const QString& requested) {
    if (!requested.isEmpty()) return requested;
    return QLocale::system().language() == QLocale::Chinese ? QStringLiteral("zh_CN") : QStringLiteral("en");
}

// Installs Qt's own translations and tcpviz's (embedded under :/i18n) for `language`, and makes
// it the default locale, which also picks the scenario titles (SessionModel::language()).
// Must run before any widget or scene is created.
void installTranslators(QCoreApplication& application, const QString& language) {
    const QLocale locale = language == QLatin1String("zh_CN") ? QLocale(QLocale::Chinese, QLocale::China)
                                                              : QLocale(QLocale::English, QLocale::UnitedStates);
    QLocale::setDefault(locale);
    auto* qt = new QTranslator(&application);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    auto* own = new QTranslator(&application);
    if (own->load(QStringLiteral(":/i18n/tcpviz_%1").arg(language))) QCoreApplication::installTranslator(own);
}

}  // namespace

int main(int argc, char** argv) {
    QStringList args;
    for (int i = 0; i < argc; ++i) args << QString::fromLocal8Bit(argv[i]);

    QTextStream out(stdout);
    QTextStream err(stderr);
    const app::ParseResult parsed = app::parseCommandLine(args);
    if (!parsed.options) {
        err << "tcpviz: " << parsed.error << "\n"
            << "tcpviz: " << QCoreApplication::translate("tcpviz::app::Cli", "try 'tcpviz --help'") << "\n";
        return app::kExitUsage;
    }
    const app::Options& options = *parsed.options;

    // Headless verbs need no window: without a display, use the offscreen platform.
    if (app::isHeadless(options) && qEnvironmentVariableIsEmpty("DISPLAY") &&
        qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") &&
        qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");

    QCoreApplication::setApplicationName(QStringLiteral("tcpviz"));
    QCoreApplication::setOrganizationName(QStringLiteral("tcpviz"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TCPVIZ_VERSION));
    if (!app::needsGuiApplication(options)) {
        QCoreApplication application(argc, argv);
        installTranslators(application, chooseLanguage(options.lang));
        return app::runHeadless(options, out, err);
    }

    QApplication application(argc, argv);
    installTranslators(application, chooseLanguage(options.lang));
    if (app::isHeadless(options)) return app::runHeadless(options, out, err);

    // The scenario to open: the one named on the command line, or the three-way handshake.
    const QString spec = options.scenario.isEmpty() ? QStringLiteral("handshake") : options.scenario;
    ui::MainWindow window;
    QString error;
    switch (window.session()->load(spec, &error)) {
        case ui::SessionModel::LoadStatus::Loaded:
            break;
        case ui::SessionModel::LoadStatus::Unknown:
            // A usage error, said as the headless verbs say it.
            err << "tcpviz: "
                << QCoreApplication::translate("tcpviz::app::Cli",
                                               "unknown scenario '%1': not a built-in scenario id or a file "
                                               "(tcpviz --list-scenarios lists the built-in ones)")
                       .arg(spec)
                << "\n";
            return app::kExitUsage;
        case ui::SessionModel::LoadStatus::Invalid:
            // A file that is there but wrong: say what and where, then show the default.
            err << "tcpviz: " << error << "\n";
            err.flush();
            QMessageBox::critical(nullptr, ui::MainWindow::tr("Cannot open the scenario"), error);
            window.session()->load(QStringLiteral("handshake"));
            break;
    }
    window.show();
    return QApplication::exec();
}
